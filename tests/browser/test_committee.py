"""To the committee in a real browser: the member's pages and the staff's forms have no axe
violations at 1280 and 320 px, the member's pages have nothing to fill in, and the decision form
shows its errors by the fields."""

import pytest
from playwright.sync_api import expect

from app.demo.load import SLUG
from tests.browser.conftest import MEMBER, OFFICER
from tests.browser.helpers import WIDTHS, assert_fits_width, log_in


def _check(page, assert_no_axe_violations, width) -> None:
    assert_no_axe_violations(page)
    if width == "mobile":
        assert_fits_width(page)


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_a_member_reads_the_memo_and_a_response_on_accessible_pages_with_nothing_to_change(
    page, live_server, sent, assert_no_axe_violations, screenshot, width
):
    page.set_viewport_size(WIDTHS[width])
    log_in(page, live_server, *MEMBER)
    nav = page.get_by_role("navigation", name="Udvalgsmenu")
    nav.get_by_role("link", name="Høringsnotater til udvalget").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Høringsnotater til udvalget")
    _check(page, assert_no_axe_violations, width)

    page.get_by_role("link", name="Kvalitetsstandarder på det specialiserede voksenområde").click()
    expect(page.get_by_role("heading", name="Høringsnotat: Kvalitetsstandarder på det specialiserede voksenområde"))\
        .to_be_visible()
    expect(page.locator("main form")).to_have_count(0)
    expect(page.locator("main input, main textarea, main select")).to_have_count(0)
    _check(page, assert_no_axe_violations, width)
    screenshot(page, f"committee-memo-da-{width}")

    page.locator("main").get_by_role("link", name="Handicaprådet", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Høringssvar fra Handicaprådet")
    expect(page.locator("main form")).to_have_count(0)
    _check(page, assert_no_axe_violations, width)
    screenshot(page, f"committee-response-da-{width}")


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_the_staff_forms_to_send_and_to_record_the_decision_are_accessible(
    page, live_server, sent, assert_no_axe_violations, screenshot, width
):
    page.set_viewport_size(WIDTHS[width])
    log_in(page, live_server, *OFFICER)
    page.goto(f"{live_server}/medarbejder/hoeringer/{SLUG}/udvalg")
    expect(page.get_by_role("checkbox", name=MEMBER[1])).to_be_checked()
    _check(page, assert_no_axe_violations, width)

    page.goto(f"{live_server}/medarbejder/hoeringer/{SLUG}")
    page.get_by_role("link", name="Registrér udvalgets beslutning").click()
    page.get_by_label("Dato for beslutningen").fill("2019-06-20")
    page.get_by_role("button", name="Registrér beslutningen").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#decision_text-error")).to_contain_text("Skriv udvalgets beslutning")
    _check(page, assert_no_axe_violations, width)
    screenshot(page, f"committee-decision-error-da-{width}")

    page.get_by_label("Udvalgets beslutning").fill("Anbefalet")
    page.get_by_role("button", name="Registrér beslutningen").click()
    expect(page.get_by_text("Udvalgets beslutning er registreret.")).to_be_visible()
    # the decision in its own paragraphs, then its date
    expect(page.locator("main dd", has_text="Anbefalet").locator("p")).to_have_text(["Anbefalet", "(20. juni 2019)"])
    _check(page, assert_no_axe_violations, width)
