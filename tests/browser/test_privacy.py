"""The privacy pages in a real browser: the notice and its form, the answer, the link page and erasure,
without axe violations, at 1280 and 320 px."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.hearings.models import Hearing
from app.privacy.operations import _serializer
from tests.browser.helpers import WIDTHS, assert_fits_width
from tests.factories import make_party
from tests.retention.scenario import citizen_response

NAME = "Bjørk Ærø Nørgaard"
EMAIL = "bjoerk.noergaard.med.en.lang.adresse@borger.example.net"
TEXT = "Aflastningen bør kunne bruges i weekenderne, også med kort varsel."


@pytest.fixture
def token(app):
    party = make_party(db)
    hearing = db.session.get(Hearing, party.hearing_id)
    hearing.is_public = True
    citizen_response(hearing, NAME, EMAIL, TEXT, datetime.now(UTC))
    db.session.commit()
    return _serializer().dumps(EMAIL)


def _check(page, assert_no_axe_violations, screenshot, name: str, width: str) -> None:
    assert_no_axe_violations(page)
    if width == "mobile":
        assert_fits_width(page)
    screenshot(page, f"{name}-da-{width}")


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_the_notice_the_answer_the_link_page_and_erasure_are_accessible(
    page, live_server, token, assert_no_axe_violations, screenshot, width
):
    page.set_viewport_size(WIDTHS[width])
    page.goto(f"{live_server}/")
    page.get_by_role("link", name="Dine personoplysninger").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sådan bruger vi dine oplysninger")
    _check(page, assert_no_axe_violations, screenshot, "privacy-notice", width)

    page.get_by_role("button", name="Send mig et link").click()  # empty: the error summary
    expect(page.locator("#error-summary")).to_contain_text("Skriv din e-mailadresse.")
    _check(page, assert_no_axe_violations, screenshot, "privacy-notice-error", width)

    page.get_by_label("Din e-mailadresse").fill(EMAIL)
    page.get_by_role("button", name="Send mig et link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjek din e-mail")
    expect(page.locator("main")).to_contain_text("Hvis vi har oplysninger om adressen, har vi sendt et link")
    _check(page, assert_no_axe_violations, screenshot, "privacy-sent", width)

    page.goto(f"{live_server}/persondata/{token}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dine oplysninger")
    expect(page.locator("main")).to_contain_text(TEXT)
    _check(page, assert_no_axe_violations, screenshot, "privacy-data", width)

    page.get_by_role("button", name="Slet mine oplysninger").click()  # not ticked: asked to confirm
    expect(page.locator("#error-summary")).to_contain_text("Sæt kryds")
    _check(page, assert_no_axe_violations, screenshot, "privacy-data-error", width)

    page.get_by_label("Ja, slet mit navn").check()
    page.get_by_role("button", name="Slet mine oplysninger").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Der er ingen oplysninger om adressen")
    expect(page.locator(".alert-success")).to_contain_text("Dine oplysninger er slettet.")
    _check(page, assert_no_axe_violations, screenshot, "privacy-erased", width)

    page.goto(f"{live_server}/persondata/{token[:-3]}abc")
    expect(page.get_by_role("heading", level=1)).to_have_text("Linket virker ikke")
    _check(page, assert_no_axe_violations, screenshot, "privacy-link-invalid", width)
