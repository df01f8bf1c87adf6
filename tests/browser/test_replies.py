"""A case officer answers a comment with the keyboard alone; the workspace pages are accessible."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.hearings.models import HearingState
from app.responses.models import ResponseState
from tests.browser.test_pages import WIDTHS, assert_fits_width
from tests.browser.test_responding import tab_to
from tests.factories import PASSWORD, make_comment, make_hearing, make_organisation, make_response, make_user

SIXTY = "Aflastning bør kunne gives i mere end 60 døgn om året."


@pytest.fixture
def case(db):
    hearing = make_hearing(state=HearingState.REPLYING, title="Kvalitetsstandarder på voksenområdet")
    section = hearing.current_version.sections[0]
    officer = make_user(Role.STAFF, name="Søren Sagsbehandler", email="soeren@kommune.example.org")
    hearing.officers = [officer]
    for name, text in (("Handicaprådet", SIXTY), ("Seniorrådet", "Vi er enige med Handicaprådet.")):
        response = make_response(hearing, make_organisation(name), state=ResponseState.SUBMITTED,
                                 submitted_at=datetime.now(UTC))
        make_comment(response, section, text)
    db.session.commit()
    return {"slug": hearing.slug, "key": section.key, "email": officer.email}


def log_in_by_keyboard(page, live_server, email):
    page.goto(live_server + "/konto/log-ind")
    tab_to(page, "#email")
    page.keyboard.type(email)
    tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("header")).to_contain_text("Søren Sagsbehandler")


def test_an_officer_replies_to_a_comment_with_the_keyboard_alone(page, live_server, case, screenshot):
    log_in_by_keyboard(page, live_server, case["email"])
    page.goto(f"{live_server}/medarbejder/hoeringer/{case['slug']}/besvarelse/{case['key']}")
    tab_to(page, 'button[name="comment"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Svar på 1 bemærkning")
    expect(page.locator("main")).to_contain_text(SIXTY)

    tab_to(page, "#text")
    page.keyboard.type("Forvaltningen fastholder 60 døgn, som svarer til niveauet i nabokommunerne.")
    tab_to(page, 'input[name="outcome"]')
    page.keyboard.press("ArrowDown")  # a radio group: arrows move, and choose, within it
    page.keyboard.press("ArrowDown")
    expect(page.locator('input[name="outcome"][value="not_accepted"]')).to_be_checked()
    page.keyboard.press("Enter")  # Enter on the chosen outcome saves (not "get the section's text")
    expect(page.get_by_text("Svaret er gemt.")).to_be_visible()

    tab_to(page, 'button[name="ready"]')
    page.keyboard.press("Enter")
    expect(page.get_by_text("Svaret er sendt til godkendelse.")).to_be_visible()
    screenshot(page, "reply-edit-da-desktop")


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_the_workspace_pages_are_accessible(page, live_server, case, assert_no_axe_violations, screenshot, width):
    log_in_by_keyboard(page, live_server, case["email"])
    page.set_viewport_size(WIDTHS[width])
    base = f"{live_server}/medarbejder/hoeringer/{case['slug']}/besvarelse"
    for name, url in (("section", f"{base}/{case['key']}"), ("overview", base)):
        page.goto(url)
        assert_no_axe_violations(page)
        if width == "mobile":
            assert_fits_width(page)
        screenshot(page, f"reply-{name}-da-{width}")
    page.goto(f"{base}/{case['key']}")
    page.get_by_role("button", name="Skriv svar til Handicaprådet").click()
    page.get_by_role("button", name="Gem svaret").click()
    page.get_by_role("radio", name="Ja").check()
    page.get_by_role("button", name="Gem svaret").click()
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(page)
    screenshot(page, f"reply-edit-errors-da-{width}")
