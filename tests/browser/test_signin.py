"""Signing in through a real OpenID Connect provider on loopback (oidc-provider-mock): a case officer with the
municipality's login, a citizen with a MitID-like claim set. The provider's own page is the mock's, where the
test types the subject as a person would choose their account."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from app.hearings.models import Hearing
from tests.factories import make_party

GROUPS = {"hoering-sagsbehandlere": "staff"}
TEXT = "Jeg bruger aflastning til min søn og har brug for flere døgn."


@pytest.fixture
def sso_server(app, oidc_provider, live_server):
    app.config.update(**oidc_provider.settings(), **oidc_provider.settings("MITID"),
                      OIDC_ALLOWED_DOMAINS=["kommune.dk"], OIDC_ROLE_MAP=GROUPS, OIDC_ROLE_CLAIM="groups")
    return oidc_provider, live_server


def at_the_provider(page, provider, sub: str) -> None:
    expect(page).to_have_url(re.compile(re.escape(provider.issuer + "/oauth2/authorize")))
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def test_a_case_officer_signs_in_gets_the_role_loses_it_and_logs_out_of_both(
        page, sso_server, assert_no_axe_violations, screenshot):
    provider, base = sso_server
    sub = f"officer-{uuid.uuid4().hex[:8]}"
    provider.set_claims(sub, {"email": "soeren@kommune.dk", "name": "Søren Sagsbehandler",
                              "groups": ["hoering-sagsbehandlere"]})
    page.goto(base + "/konto/log-ind")
    assert_no_axe_violations(page)
    screenshot(page, "signin-login-page")
    page.get_by_role("link", name="Log ind med kommunens login").click()
    at_the_provider(page, provider, sub)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine opgaver")
    expect(page.locator("header")).to_contain_text("Søren Sagsbehandler")

    # Log-out ends the provider's session too: its end-session page, then back to the app, logged out.
    page.locator("header").get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(re.compile(re.escape(provider.issuer + "/oauth2/end_session") + r"\?.*id_token_hint="))
    page.get_by_role("button", name="End session").click()
    expect(page).to_have_url(base + "/")
    expect(page.locator("main")).to_contain_text("Du er logget ud.")

    # Taken out of the group at the provider: the next log-in gives no access.
    provider.set_claims(sub, {"email": "soeren@kommune.dk", "name": "Søren Sagsbehandler", "groups": ["andet"]})
    page.goto(base + "/konto/log-ind")
    page.get_by_role("link", name="Log ind med kommunens login").click()
    at_the_provider(page, provider, sub)
    expect(page.get_by_role("heading", level=1)).to_have_text("Du har ikke adgang")
    assert_no_axe_violations(page)
    page.goto(base + "/medarbejder/opgaver/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")


def test_a_citizen_confirms_a_response_with_mitid(page, db, sso_server, assert_no_axe_violations, screenshot):
    provider, base = sso_server
    party = make_party(db)
    db.session.get(Hearing, party.hearing_id).is_public = True
    db.session.commit()
    sub = f"pid-{uuid.uuid4().hex[:8]}"
    provider.set_claims(sub, {"name": "Karen Hansen", "https://data.gov.dk/model/core/eid/cprNumber": "0101701234"})

    page.goto(f"{base}/hoeringer/{party.slug}/svar")
    page.get_by_role("link", name="Log ind med MitID").click()
    at_the_provider(page, provider, sub)
    expect(page.locator("main")).to_contain_text("Du er logget ind med MitID som Karen Hansen.")
    expect(page.locator("main")).to_contain_text("Karen Hansen (verificeret med MitID)")
    assert_no_axe_violations(page)
    page.locator('details[data-field="section-s84-omfang"] summary').click()
    page.locator("#section-s84-omfang").fill(TEXT)
    page.locator("#citizen_email").fill("karen@example.org")
    screenshot(page, "signin-citizen-mitid")
    page.get_by_role("button", name="Send høringssvar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dit høringssvar er bekræftet")
    expect(page.locator("main")).to_contain_text("Dit svar er verificeret med MitID.")
    expect(page.locator("main")).to_contain_text(TEXT)
    assert "0101701234" not in page.content()
