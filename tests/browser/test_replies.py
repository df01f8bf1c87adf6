"""A case officer answers a comment with the keyboard alone; the workspace pages are accessible."""


import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SIXTY
from tests.browser.helpers import WIDTHS, assert_fits_width, log_in, tab_to


def test_an_officer_replies_to_a_comment_with_the_keyboard_alone(page, live_server, case, screenshot):
    log_in(page, live_server, case["email"], "Søren Sagsbehandler", keyboard=True)
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
    log_in(page, live_server, case["email"], "Søren Sagsbehandler", keyboard=True)
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
    with page.expect_navigation():  # the saved reply's page must have come, or "Ja" is checked on the old one
        page.get_by_role("button", name="Gem svaret").click()
    page.get_by_role("radio", name="Ja").check()
    page.get_by_role("button", name="Gem svaret").click()
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(page)
    screenshot(page, f"reply-edit-errors-da-{width}")
