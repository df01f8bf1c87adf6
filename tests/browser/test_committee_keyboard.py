"""Issue #9, item 2: a committee member reads the memo with the keyboard alone.

Only Tab, Shift+Tab, Enter, Space and the arrow keys: Ulla logs in (a failed try first, which puts
focus on the error summary), goes from her start page to the memo, reads it, downloads it, opens a
response in full and gets back. At every Tab stop the focused element is on screen with a visible
focus indicator, and Tab never stops twice on the same element (no trap). After each navigation
the page starts from the top as the app's other pages do: focus on the document, the first Tab
on the skip link, which leads to <main>, whose first heading is the page's one <h1>.
"""

from playwright.sync_api import expect

from app.demo.load import SLUG
from tests.browser.conftest import MEMBER
from tests.browser.helpers import FOCUS_STYLE_JS, assert_focus_visible, assert_skip_link_first, focus_info
from tests.factories import PASSWORD

TITLE = "Kvalitetsstandarder på det specialiserede voksenområde"

ON_SCREEN_JS = """() => {
    const box = document.activeElement.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth;
}"""

# One round trip per Tab stop: where focus is, whether it moved, how it looks.
STOP_JS = """(selector) => {
    const el = document.activeElement;
    const moved = window.__lastFocus !== el;
    window.__lastFocus = el;
    return {
        matches: el.matches(selector),
        moved: moved,
        plain: el === document.body || el.classList.contains('skipnav'),
        onScreen: (""" + ON_SCREEN_JS + """)(),
        info: (""" + FOCUS_STYLE_JS + """)(),
    };
}"""


def tab_to(page, selector: str, *, backwards: bool = False, limit: int = 400) -> int:
    """Tab (or Shift+Tab) to `selector`, checking every stop on the way; the number of presses.

    At each stop the focused element has a visible focus indicator and is on screen (the browser
    scrolls it into view; the skip link slides in by itself), and focus moved (no trap).
    """
    page.wait_for_load_state("load")
    page.evaluate("window.__lastFocus = document.activeElement")
    for presses in range(limit):
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return presses
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        stop = page.evaluate(STOP_JS, selector)
        assert stop["moved"], f"focus is stuck on {stop['info']}"
        if not stop["plain"]:
            assert_focus_visible(stop["info"])
            if not stop["onScreen"]:
                page.wait_for_function(ON_SCREEN_JS, timeout=5000)
    raise AssertionError(f"Tab never reached {selector}")


def arrived(page, heading: str) -> None:
    """A new page: it starts at the top; the skip link comes first and leads to <main> and its <h1>."""
    expect(page.locator("h1")).to_have_text(heading, timeout=20_000)
    expect(page.locator("h1")).to_have_count(1)
    assert page.evaluate("document.activeElement === document.body"), "focus starts at the top of the page"
    first_heading = page.evaluate("document.querySelector('main').querySelector('h1, h2, h3').tagName")
    assert first_heading == "H1", "the first heading in <main> is the page's <h1>"
    assert_skip_link_first(page)


def test_a_member_reads_the_memo_and_a_response_and_downloads_the_memo_with_the_keyboard_alone(
    live_server, page, sent  # noqa: F811  (the server stops after the page)
):
    email, name = MEMBER

    # Log in; a first try without the password lands on the error summary.
    page.goto(live_server + "/konto/log-ind")
    arrived(page, "Log ind")
    tab_to(page, "#email")
    page.keyboard.type(email)
    page.keyboard.press("Enter")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused(timeout=20_000)
    assert_focus_visible(focus_info(page))
    expect(summary).to_contain_text("adgangskode")
    tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("header")).to_contain_text(name, timeout=20_000)

    # From the start page through the committee menu to the list of memos.
    assert page.evaluate("document.activeElement === document.body")
    tab_to(page, "nav a[href$='/udvalg/']")
    page.keyboard.press("Enter")
    arrived(page, "Høringsnotater til udvalget")

    # The memo: read it with Space and the arrow keys, and download it.
    tab_to(page, f"main a[href$='/hoeringer/{SLUG}']")
    page.keyboard.press("Enter")
    arrived(page, TITLE)
    expect(page.locator("main#main-content")).to_be_focused()  # after the skip link
    for key in ("Space", "ArrowDown", "ArrowDown"):
        before = page.evaluate("window.scrollY")
        page.keyboard.press(key)
        page.wait_for_function("(y) => window.scrollY > y", arg=before, timeout=5000)
    page.keyboard.press("Shift+Space")  # back up again
    tab_to(page, "main a[href$='/hoeringsnotat/docx']")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".docx")
    assert download.value.path().stat().st_size > 1000
    expect(page.locator("main a[href$='/hoeringsnotat/docx']")).to_be_focused()  # no navigation: focus stays

    # A response in full, and back with the link at its end; Shift+Tab reaches the way back at the top too.
    tab_to(page, "main a[href*='/svar/']")
    page.keyboard.press("Enter")
    arrived(page, "Høringssvar fra Handicaprådet")
    back = f"main p:not(.font-lead) > a[href$='/hoeringer/{SLUG}']"
    tab_to(page, back)
    expect(page.locator(back)).to_have_text("Tilbage til høringsnotatet")
    tab_to(page, "main p.font-lead a", backwards=True)
    tab_to(page, back)
    page.keyboard.press("Enter")
    arrived(page, TITLE)

    # Nothing on the memo page holds on to focus: Tab goes all the way through it to the footer.
    tab_to(page, "footer a[href$='/persondata']")
