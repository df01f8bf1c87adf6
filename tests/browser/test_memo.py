"""The memo's preview page in a real browser: no axe violations, fits a small screen."""

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.demo.load import SLUG
from tests.browser.helpers import WIDTHS, assert_fits_width, log_in
from tests.factories import PASSWORD, make_user


@pytest.fixture
def demo(app, db, demo):  # builds on the `demo` of tests/conftest.py: the officer who logs in
    officer = make_user(Role.STAFF, name="Søren Sagsbehandler", email="soeren@kommune.example.org")
    db.session.commit()
    return officer.email


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_the_memo_preview_is_accessible_and_says_what_is_missing(
    page, live_server, demo, assert_no_axe_violations, screenshot, width
):
    log_in(page, live_server, demo, "Søren Sagsbehandler", keyboard=True)
    page.set_viewport_size(WIDTHS[width])
    page.goto(f"{live_server}/medarbejder/hoeringer/{SLUG}/hoeringsnotat")
    expect(page.get_by_role("heading", name="Høringsnotat: Kvalitetsstandarder på det specialiserede voksenområde"))\
        .to_be_visible()
    expect(page.locator(".alert-warning")).to_contain_text("mangler et godkendt svar")
    assert_no_axe_violations(page)
    if width == "mobile":
        assert_fits_width(page)
    screenshot(page, f"memo-preview-da-{width}")


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_the_published_memo_and_the_finalise_page_are_accessible(
    app, page, live_server, assert_no_axe_violations, screenshot, width
):
    from tests.memos.publication import finalised_hearing

    hearing, officer = finalised_hearing(app, publish=True)
    page.set_viewport_size(WIDTHS[width])
    for name, path in (("public-hearing", f"/hoeringer/{hearing.slug}"),
                       ("public-memo", f"/hoeringer/{hearing.slug}/hoeringsnotat")):
        page.goto(live_server + path)
        assert_no_axe_violations(page)
        if width == "mobile":
            assert_fits_width(page)
        screenshot(page, f"{name}-da-{width}")
    expect(page.get_by_role("link", name="Hent som PDF")).to_be_visible()

    page.goto(f"{live_server}/konto/log-ind")
    page.get_by_label("E-mail").fill(officer.email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.goto(f"{live_server}/medarbejder/hoeringer/{hearing.slug}/hoeringsnotat/faerdiggoer")
    assert_no_axe_violations(page)
    screenshot(page, f"memo-finalise-da-{width}")
