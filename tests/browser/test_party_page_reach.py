"""Issue #18, items 6 and 7: Handicaprådet answers the whole 2019 draft (11 standards, a 57,000 px page) by
keyboard. The general remarks come first; each save is shown next to the field being written in and announced
once; save and submit stay in reach on a wide screen and cover nothing when zoomed."""

import pytest
from playwright.sync_api import expect

from app.demo.practice import practice_token
from tests.browser.helpers import assert_skip_link_first, focus_info, tab_to
from tests.factories import make_party

CHAIR = "formand@handicapraadet.example.org"  # Ion Meyer, invited to the demo's practice hearing (the 2019 draft)
MOST_PRESSES = 15

# Every change of the live region, so a test can count what a screen reader would say.
COUNT_ANNOUNCEMENTS = """() => {
    window.announced = [];
    const status = document.getElementById('autosave-status');
    new MutationObserver(() => window.announced.push(status.textContent))
        .observe(status, {childList: true, characterData: true, subtree: true});
}"""

IN_VIEW = """(selector) => {
    const box = document.querySelector(selector).getBoundingClientRect();
    return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
}"""

# The focused element is what is seen at its centre: nothing (the bar) lies on top of it.
FOCUS_UNCOVERED = """() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    const seen = document.elementFromPoint(box.left + box.width / 2, box.top + Math.min(box.height / 2, 20));
    return el === seen || el.contains(seen);
}"""


@pytest.fixture
def council_page(page, live_server, demo):
    page.goto(f"{live_server}/svar/{practice_token(CHAIR)}")
    return page


def test_the_general_remarks_are_a_few_tab_presses_from_the_skip_link(council_page):
    page = council_page
    contents = page.get_by_role("navigation", name="Indhold")
    expect(contents.get_by_role("link").first).to_have_text("Generelle bemærkninger eller ingen bemærkninger")

    assert_skip_link_first(page)
    presses = 0
    while focus_info(page)["id"] != "general":
        assert presses < MOST_PRESSES, f"the general remarks are not within {MOST_PRESSES} Tab presses"
        page.keyboard.press("Tab")
        presses += 1
    assert presses < MOST_PRESSES
    page.keyboard.type("Handicaprådet takker for et grundigt udkast.")
    tab_to(page, "#no_remarks", limit=2)  # "ingen bemærkninger" comes right after, before the 11 standards


def test_a_save_on_85_is_seen_where_the_council_writes_and_announced_once(council_page):
    page = council_page
    page.evaluate(COUNT_ANNOUNCEMENTS)
    # From the contents to § 85, by keyboard, and into its comment field.
    contents = page.get_by_role("navigation", name="Indhold")
    contents.get_by_role("link", name="§ 85 Socialpædagogisk bistand").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#afsnit-p85")).to_be_focused()
    summary = page.locator('details[data-field="section-p85"] summary')
    tab_to(page, 'details[data-field="section-p85"] summary')
    expect(summary).to_have_accessible_name("Skriv en bemærkning til § 85 Socialpædagogisk bistand")
    page.keyboard.press("Enter")
    tab_to(page, "#section-p85")
    assert page.evaluate(FOCUS_UNCOVERED), "the bar at the bottom covers the field that has focus"
    scrolled = page.evaluate("window.scrollY")
    page.keyboard.type("Rådet ønsker, at støtten også kan gives om aftenen.")

    near = page.locator("#section-p85 ~ #autosave-field-status")
    expect(near).to_contain_text("Gemt kl.", timeout=10_000)
    assert page.evaluate("window.scrollY") == scrolled
    assert page.evaluate(IN_VIEW, "#autosave-field-status"), "the save is not shown next to the field"
    assert page.evaluate(IN_VIEW, "#autosave-status"), "the bar with save and submit is not in view"
    expect(page.locator(".app-action-bar").get_by_role("button", name="Indsend høringssvar")).to_be_in_viewport()
    announced = page.evaluate("window.announced")
    assert len(announced) == 1 and announced[0].startswith("Gemt "), announced  # once, the result

    # Out of the bar with Tab: it holds no one.
    page.locator(".app-action-bar button[value=save]").focus()
    page.keyboard.press("Tab")
    assert not page.evaluate("document.activeElement.closest('.app-action-bar')")


def test_zoomed_or_narrow_the_bar_is_part_of_the_page(page, live_server, db):
    page.goto(live_server + make_party(db).url)
    bar = ".app-action-bar"
    assert page.evaluate(f"getComputedStyle(document.querySelector('{bar}')).position") == "sticky"
    for size in ({"width": 320, "height": 256}, {"width": 375, "height": 800}, {"width": 1280, "height": 500}):
        page.set_viewport_size(size)  # 400 % zoom of 1280 x 1024; a phone; a wide but low window
        assert page.evaluate(f"getComputedStyle(document.querySelector('{bar}')).position") == "static", size


def test_a_later_visit_is_filled_in_front_of_flask_and_read_compressed(page, live_server, demo):
    """The kept page (app/responses/party_front.py) goes to the browser gzip-compressed, put together from
    pieces compressed once (app/gzip_pieces.py): Chromium reads it as the page it is."""
    url = f"{live_server}/svar/{practice_token(CHAIR)}"
    first = page.goto(url)  # keeps the page, rendered by Flask
    assert "content-encoding" not in first.headers
    shown = page.inner_text("body")
    page.context.clear_cookies()
    later = page.goto(url)
    assert later.headers["content-encoding"] == "gzip"
    contents = page.get_by_role("navigation", name="Indhold")
    expect(contents.get_by_role("link").first).to_have_text("Generelle bemærkninger eller ingen bemærkninger")
    assert page.inner_text("body") == shown  # every word of the 57,000 px page, nothing lost on the way
