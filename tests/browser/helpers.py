"""What the browser tests share: logging in as a person would, widths, focus, Tab, the language switch.

log_in(page, base, email, name=…)   the log-in form by mouse; keyboard=True: by Tab, typing
                                    and Enter; code=…: the second step's code; timeout=…
tab_to(page, selector)              Tab (or Shift+Tab) until the element has focus
tab_to_id(page, element_id)         Tab until the element with this id has focus; the stops
focus_info, assert_focus_visible, assert_skip_link_first, assert_fits_width, switch_language
"""

import re

from playwright.sync_api import expect

from tests.factories import PASSWORD

LOG_IN_PATH = "/konto/log-ind"
CODE_PAGE_HEADING = "Skriv koden fra din app"
LOADED = 20_000  # ms to wait for a page after a log-in or a save: argon2 and a busy test machine
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 320, "height": 720}}
LANGUAGE_BUTTON = {"da": "Dansk", "en": "English"}  # the header's language links

FOCUS_STYLE_JS = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        text: (el.innerText || el.value || '').trim().slice(0, 60),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth) || 0,
        boxShadow: style.boxShadow,
        width: box.width,
        height: box.height,
        top: box.top,
        left: box.left,
        right: box.right,
    };
}"""

# Visible elements whose right edge is beyond the viewport. DKFDS sets
# body { overflow-x: hidden }, which hides horizontal scrolling: so
# scrollWidth alone would not notice content cut off at the right.
OVERFLOW_JS = """() => {
    const limit = document.documentElement.clientWidth + 1;
    const found = [];
    for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        if (getComputedStyle(el).visibility === 'hidden') continue;
        if (box.right > limit) {
            const classes = typeof el.className === 'string' ? el.className.trim().split(/\\s+/) : [];
            const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                + (classes[0] ? '.' + classes.join('.') : '');
            found.push(name + ' right=' + Math.round(box.right));
        }
    }
    return found;
}"""


def switch_language(page, language: str) -> None:
    """Use the header's language links (they return to the same page)."""
    if page.locator("html").get_attribute("lang") == language:
        return
    path_before = page.url.split("?")[0]
    page.get_by_role("link", name=LANGUAGE_BUTTON[language], exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    # The new page's <html> can be there before its stylesheets are applied.
    page.wait_for_load_state("load")
    assert page.url.split("?")[0] == path_before, "the language switch must return to the same page"
    current = page.get_by_role("link", name=LANGUAGE_BUTTON[language], exact=True)
    expect(current).to_have_attribute("aria-current", "true")


def focus_info(page) -> dict:
    return page.evaluate(FOCUS_STYLE_JS)


def assert_focus_visible(info: dict) -> None:
    has_outline = info["outlineStyle"] not in ("none", "") and info["outlineWidth"] >= 2
    has_shadow = info["boxShadow"] not in ("none", "")
    assert has_outline or has_shadow, f"no visible focus indicator on {info}"
    assert info["width"] > 0 and info["height"] > 0, f"the focused element is invisible: {info}"


def assert_skip_link_first(page) -> None:
    """From a fresh page, Tab reaches the skip link first; Enter moves focus to <main>."""
    page.wait_for_load_state("load")  # the focus styles come with the stylesheet, which a busy machine sends late
    page.keyboard.press("Tab")
    info = focus_info(page)
    assert info["tag"] == "a", f"first Tab stop is not the skip link: {info}"
    skip = page.locator("a.skipnav")
    expect(skip).to_be_focused()
    assert skip.get_attribute("href") == "#main-content"
    assert_focus_visible(info)
    # DKFDS slides the skip link in (a 0.2 s transition): wait until it is on screen.
    page.wait_for_function(
        "() => { const box = document.activeElement.getBoundingClientRect();"
        " return box.top >= 0 && box.left >= 0 && box.right <= window.innerWidth; }",
        timeout=2000,
    )
    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()


def assert_fits_width(page) -> None:
    too_wide = page.evaluate(OVERFLOW_JS)
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, (
        "horizontal scrolling: "
        + str(page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"))
        + f"; too wide: {too_wide}"
    )
    assert too_wide == [], "elements wider than the screen"


def tab_to(page, selector: str, *, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the element matching `selector` has focus, as a keyboard user would."""
    page.wait_for_load_state("load")  # a new page's focus styles come with its stylesheet
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            assert_focus_visible(focus_info(page))
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"Tab never reached {selector}")


def tab_to_id(page, element_id: str, limit: int = 40) -> list[dict]:
    """Press Tab until the element with this id has focus; return the stops passed."""
    page.wait_for_load_state("load")  # a new page's focus styles come with its stylesheet (its h1 may come first)
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = focus_info(page)
        stops.append(info)
        assert_focus_visible(info)
        if info["id"] == element_id:
            return stops
    raise AssertionError(f"#{element_id} not reached with Tab; stops: {stops}")


def log_in(page, base: str, email: str, name: str | None = None, *, password: str = PASSWORD,
           keyboard: bool = False, code=None, timeout: float | None = None) -> None:
    """Log in on the log-in page at `base`, as a person would.

    keyboard: reach the fields with Tab, type, press Enter (no mouse).
    code: a function giving the code of the person's app; the second step must then be asked for.
    name: the header must then show it (leave it out where log-in stops short, at two-step set-up).
    timeout: how long to wait for that, in ms (the default timeout unless given).
    """
    page.goto(base + LOG_IN_PATH)
    if keyboard:
        tab_to(page, "#email")
        page.keyboard.type(email)
        tab_to(page, "#password")
        page.keyboard.type(password)
        page.keyboard.press("Enter")
    else:
        page.locator("#email").fill(email)
        page.locator("#password").fill(password)
        page.locator("main form button[type=submit]").click()
    if code is not None:
        expect(page).to_have_url(re.compile(re.escape(base + LOG_IN_PATH + "/kode")))
        expect(page.get_by_role("heading", level=1)).to_have_text(CODE_PAGE_HEADING)
        page.locator("main input[name=code]").fill(code())
        page.locator("main form button[type=submit]").click()
    if name is not None:
        expect(page.locator("header")).to_contain_text(name, timeout=timeout)
