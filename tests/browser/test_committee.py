"""To the committee in a real browser: the member's pages and the staff's forms have no axe
violations at 1280 and 320 px, the member's pages have nothing to fill in, and the form that records a
meeting shows its errors by the fields, keeps what was typed, and the path shows on the public page."""

import pytest
from playwright.sync_api import expect

from app.demo.load import SLUG
from tests.browser.conftest import MEMBER, OFFICER, SCREENSHOT_DIR
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
def test_the_staff_forms_to_send_and_to_record_a_meeting_are_accessible(
    page, live_server, sent, assert_no_axe_violations, screenshot, width
):
    page.set_viewport_size(WIDTHS[width])
    log_in(page, live_server, *OFFICER)
    page.goto(f"{live_server}/medarbejder/hoeringer/{SLUG}/udvalg")
    expect(page.get_by_role("checkbox", name=MEMBER[1])).to_be_checked()
    _check(page, assert_no_axe_violations, width)

    page.goto(f"{live_server}/medarbejder/hoeringer/{SLUG}")
    page.get_by_role("link", name="Registrér et møde").click()
    page.get_by_label("Mødedato").fill("2019-06-20")
    page.get_by_label("Antal for", exact=True).fill("seks")
    page.get_by_label("Partier for", exact=True).fill("3 (C), 2 (A), 1 (V)")
    page.get_by_role("button", name="Registrér mødet").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#body-error")).to_contain_text("Vælg udvalget eller rådet")
    expect(page.locator("#outcome-error")).to_contain_text("Vælg udfaldet")
    expect(page.locator("#for_count-error")).to_contain_text("helt tal")
    expect(page.get_by_label("Partier for", exact=True)).to_have_value("3 (C), 2 (A), 1 (V)")
    _check(page, assert_no_axe_violations, width)
    _screenshots(page, screenshot, width, "meeting-form-error")

    page.get_by_label("Udvalg eller råd").select_option(label="Social- og Sundhedsudvalget")
    page.get_by_label("Godkendt", exact=True).check()
    page.get_by_label("Antal for", exact=True).fill("6")
    page.get_by_label("Antal imod", exact=True).fill("1")
    page.get_by_label("Partier imod", exact=True).fill("F")
    page.get_by_label("Begrundelse for at stemme imod (valgfri)").fill("idet der mangler en strategi")
    page.get_by_label("Fraværende medlemmer (valgfri)").fill("Jørn Moos (V)")
    page.get_by_label("Beslutningen").fill("Godkendt.\n\nUdvalget henviser til forvaltningens bemærkninger.")
    page.get_by_role("button", name="Registrér mødet").click()
    expect(page.get_by_text("Mødet er registreret.")).to_be_visible()
    path = page.locator("main .app-case-path .app-meeting")
    expect(path).to_have_count(2)  # the demo's meeting of 11 June, then this one
    expect(path.nth(0).locator(".app-meeting-head")).to_have_text(
        "11. juni 2019 – Social- og Sundhedsudvalget: Anbefalet.")
    expect(path.nth(1).locator(".app-meeting-vote")).to_have_text(
        "6 (3 (C), 2 (A), 1 (V)) stemte for.1 (F) stemte imod, idet der mangler en strategi."
        "Jørn Moos (V) var fraværende.")
    expect(path.nth(1).locator(".app-decision p")).to_have_count(2)  # the decision keeps its paragraphs
    _check(page, assert_no_axe_violations, width)
    page.get_by_role("heading", name="Politisk behandling").evaluate("el => el.scrollIntoView({block: 'start'})")
    _screenshots(page, screenshot, width, "staff-path", full_page=False)

    page.goto(f"{live_server}/hoeringer/{SLUG}")  # the public page: the case's path through the bodies
    expect(page.get_by_role("heading", name="Politisk behandling")).to_be_visible()
    expect(page.locator("main .app-meeting")).to_have_count(2)
    _check(page, assert_no_axe_violations, width)
    # The demo's public page holds the whole draft: the shot is of the screen where the path is.
    page.get_by_role("heading", name="Politisk behandling").evaluate("el => el.scrollIntoView({block: 'start'})")
    _screenshots(page, screenshot, width, "public-path", full_page=False)


def _screenshots(page, screenshot, width, name, full_page=True) -> None:
    """At 1280 px; on a phone at 375 px (the checks above ran at 320)."""
    if width == "mobile":
        page.set_viewport_size({"width": 375, "height": 720})
    label = f"committee-{name}-da-{'1280' if width == 'desktop' else '375'}"
    if full_page:
        screenshot(page, label)
    elif width == "mobile":
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.locator("main .app-case-path").screenshot(path=str(SCREENSHOT_DIR / f"{label}.png"))
    else:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT_DIR / f"{label}.png"))
    page.set_viewport_size(WIDTHS[width])
