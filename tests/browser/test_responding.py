"""Handicaprådet answers in a real browser: with the keyboard alone, saved while typing, accessible."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import WIDTHS, assert_fits_width, tab_to
from tests.factories import make_party

SIXTY_DAYS = "Rådet foreslår, at aflastning kan gives i mere end 60 døgn om året."
GENERAL = "Handicaprådet takker for et grundigt udkast."


@pytest.fixture
def party(db):
    return make_party(db)


def test_handicapraadet_answers_with_the_keyboard_alone_and_the_draft_survives_a_reload(
    page, live_server, party, screenshot
):
    page.goto(live_server + party.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kvalitetsstandarder på det specialiserede voksenområde")

    # Open the comment field of "Omfang/varighed" and write in it.
    tab_to(page, 'details[data-field="section-s84-omfang"] summary')
    page.keyboard.press("Enter")
    tab_to(page, "#section-s84-omfang")
    page.keyboard.type(SIXTY_DAYS)
    expect(page.locator("#autosave-status")).to_contain_text("Gemt", timeout=10_000)

    page.reload()
    expect(page.locator("#section-s84-omfang")).to_have_value(SIXTY_DAYS)
    expect(page.locator('details[data-field="section-s84-omfang"]')).to_have_attribute("open", "")

    # The general remarks, then submit, all by keyboard.
    page.locator("main").focus()
    tab_to(page, "#general")
    page.keyboard.type(GENERAL)
    tab_to(page, "#signed_role")
    page.keyboard.type("formand")
    tab_to(page, 'button[value="submit"]')
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Kvittering for jeres høringssvar")
    expect(page.locator(".app-submission")).to_contain_text(SIXTY_DAYS)
    expect(page.locator(".app-submission")).to_contain_text(GENERAL)
    expect(page.locator(".app-submission")).to_contain_text("Ion Meyer, formand")
    screenshot(page, "response-receipt-da-desktop")


def test_a_failed_submit_puts_focus_on_the_error_summary(page, live_server, party):
    page.goto(live_server + party.url)
    page.locator('button[value="submit"]').focus()
    page.keyboard.press("Enter")
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Skriv mindst én bemærkning")


@pytest.mark.parametrize("width", ["desktop", "mobile"])
@pytest.mark.parametrize("state", ["fresh", "unfolded", "errors", "submitted"])
def test_the_response_page_is_accessible(page, live_server, party, assert_no_axe_violations, screenshot,
                                         width, state):
    page.set_viewport_size(WIDTHS[width])
    page.goto(live_server + party.url)
    if state == "unfolded":
        for summary in page.locator("details.app-comment summary").all():
            summary.click()
        page.locator("#section-s84").fill(SIXTY_DAYS)
        expect(page.locator("#autosave-status")).to_contain_text("Gemt", timeout=10_000)
    elif state == "errors":
        page.locator("#signed_name").fill("")
        page.locator('button[value="submit"]').click()
        expect(page.locator("#error-summary")).to_be_visible()
    elif state == "submitted":
        page.locator("#general").fill(SIXTY_DAYS)
        page.locator('button[value="submit"]').click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Kvittering for jeres høringssvar")
        assert_no_axe_violations(page)
        page.goto(live_server + party.url)
        expect(page.get_by_text("Jeres høringssvar er indsendt")).to_be_visible()
    page.wait_for_load_state("load")
    assert_no_axe_violations(page)
    if width == "mobile":
        assert_fits_width(page)
    screenshot(page, f"response-{state}-da-{width}")


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_a_citizen_answers_a_public_hearing_on_accessible_pages(page, live_server, db, assert_no_axe_violations,
                                                                screenshot, width):
    from app.hearings.models import Hearing

    party = make_party(db)
    db.session.get(Hearing, party.hearing_id).is_public = True
    db.session.commit()
    page.set_viewport_size(WIDTHS[width])

    page.goto(f"{live_server}/hoeringer/{party.slug}")
    assert_no_axe_violations(page)
    screenshot(page, f"public-hearing-da-{width}")
    page.get_by_role("link", name="Afgiv høringssvar").click()

    page.locator('details[data-field="section-s85"] summary').click()
    page.locator("#section-s85").fill(GENERAL)
    page.get_by_role("button", name="Send høringssvar").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#section-s85")).to_have_value(GENERAL)
    assert_no_axe_violations(page)
    if width == "mobile":
        assert_fits_width(page)
    screenshot(page, f"citizen-errors-da-{width}")

    page.get_by_label("Dit navn").fill("Karen Hansen")
    page.get_by_label("Din e-mailadresse").fill("karen@example.org")
    page.get_by_role("button", name="Send høringssvar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjek din e-mail")
    assert_no_axe_violations(page)
