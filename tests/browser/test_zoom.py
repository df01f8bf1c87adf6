"""Issue #9, item 4: 400 % zoom, the way WCAG 1.4.10 (Reflow) measures it.

A 1280 x 1024 window zoomed to 400 % is 320 x 256 CSS pixels, with four device pixels to each:
a browser context with viewport 320 x 256 and device_scale_factor 4 is that window. There the
party's section-by-section response page, the staff's reply overview (the matrix) and the
section reply pages have no horizontal scrolling, and they can still be used: the party opens a
comment field, writes and saves; the officer opens a comment, writes a reply, chooses an outcome
and saves. At 320 px the matrix stacks its cells; where it is a wide table (200 % zoom: 640 px is
still stacked, so a 1024 px window at 125 % with twenty senders), it scrolls inside its own focusable
region, never the page.
"""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db as _db
from app.hearings.models import Hearing
from app.responses.models import ResponseState
from tests.browser.helpers import LOADED, assert_fits_width, log_in
from tests.factories import make_comment, make_organisation, make_party, make_response

ZOOMED = {"viewport": {"width": 320, "height": 256}, "device_scale_factor": 4}
SIXTY_DAYS = "Rådet foreslår, at aflastning kan gives i mere end 60 døgn om året."
REPLY = "Forvaltningen fastholder 60 døgn, som svarer til niveauet i nabokommunerne."


@pytest.fixture
def zoomed(browser) -> Iterator:
    """A page in a window of 1280 x 1024 at 400 %; fails the test on JavaScript errors."""
    context = browser.new_context(locale="da-DK", bypass_csp=True, **ZOOMED)
    context.set_default_timeout(10_000)
    zoomed_page = context.new_page()
    problems: list[str] = []
    zoomed_page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    yield zoomed_page
    context.close()
    assert not problems, "\n".join(problems)


def assert_reflows(page) -> None:
    page.wait_for_load_state("load")
    assert page.evaluate("[window.innerWidth, window.innerHeight, window.devicePixelRatio]") == [320, 256, 4]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_fits_width(page)


def test_the_party_comments_section_by_section_at_400_percent(live_server, zoomed, db):
    party = make_party(db)
    zoomed.goto(live_server + party.url)
    assert_reflows(zoomed)

    summary = zoomed.locator('details[data-field="section-s84-omfang"] summary')
    summary.scroll_into_view_if_needed()
    summary.click()
    field = zoomed.locator("#section-s84-omfang")
    expect(field).to_be_visible()
    field.fill(SIXTY_DAYS)
    assert_reflows(zoomed)
    save = zoomed.get_by_role("button", name="Gem kladde")
    save.scroll_into_view_if_needed()
    expect(save).to_be_in_viewport()
    save.click()
    expect(zoomed.get_by_text("Kladden er gemt")).to_be_visible(timeout=LOADED)
    expect(zoomed.locator("#section-s84-omfang")).to_have_value(SIXTY_DAYS)
    assert_reflows(zoomed)


def test_the_reply_matrix_and_a_section_reply_at_400_percent(live_server, zoomed, case):  # noqa: F811
    log_in(zoomed, live_server, case["email"], "Søren Sagsbehandler", keyboard=True, timeout=LOADED)
    base = f"{live_server}/medarbejder/hoeringer/{case['slug']}/besvarelse"
    zoomed.goto(base)
    expect(zoomed.get_by_role("heading", level=1)).to_have_text("Besvarelse af bemærkningerne", timeout=LOADED)
    assert_reflows(zoomed)

    # The matrix: a focusable region of its own that scrolls sideways if the table is wider than it.
    region = zoomed.get_by_role("region", name="Bemærkninger pr. afsnit og afsender")
    assert region.evaluate("el => getComputedStyle(el).overflowX") in ("auto", "scroll")
    assert region.evaluate("el => el.getBoundingClientRect().right <= window.innerWidth")
    assert region.get_attribute("tabindex") == "0", "keyboard users can scroll it with the arrow keys"
    # Below 768 px DKFDS stacks the table's cells, one under the other: nothing to scroll sideways.
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth")

    # From the matrix to the section, to the reply form, and saved.
    link = region.get_by_role("link").first
    link.scroll_into_view_if_needed()
    link.click()
    expect(zoomed.get_by_role("button", name="Skriv svar til Handicaprådet")).to_be_attached(timeout=LOADED)
    assert_reflows(zoomed)
    zoomed.get_by_role("button", name="Skriv svar til Handicaprådet").click()
    expect(zoomed.get_by_role("heading", level=1)).to_have_text("Svar på 1 bemærkning", timeout=LOADED)
    assert_reflows(zoomed)
    zoomed.locator("#text").fill(REPLY)
    zoomed.get_by_role("radio", name="Ikke imødekommet").check()
    save = zoomed.get_by_role("button", name="Gem svaret")
    save.scroll_into_view_if_needed()
    expect(save).to_be_in_viewport()
    save.click()
    expect(zoomed.get_by_text("Svaret er gemt.")).to_be_visible(timeout=LOADED)
    assert_reflows(zoomed)


def test_a_wide_matrix_scrolls_in_its_own_region_and_not_the_page(live_server, page, case):  # noqa: F811
    hearing = _db.session.scalar(select(Hearing).where(Hearing.slug == case["slug"]))
    section = hearing.current_version.sections[0]
    for number in range(20):
        response = make_response(hearing, make_organisation(f"Brugerrådet på botilbud nr. {number + 1}"),
                                 state=ResponseState.SUBMITTED, submitted_at=datetime.now(UTC))
        make_comment(response, section, "Vi er enige med Handicaprådet.")
    _db.session.commit()
    page.set_viewport_size({"width": 820, "height": 600})  # a 1024 px window at 125 %: the table is not stacked
    log_in(page, live_server, case["email"], "Søren Sagsbehandler", keyboard=True, timeout=LOADED)
    page.goto(f"{live_server}/medarbejder/hoeringer/{case['slug']}/besvarelse")
    region = page.get_by_role("region", name="Bemærkninger pr. afsnit og afsender")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "twenty senders make a wide table"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
    assert page.evaluate("window.scrollX") == 0, "the region scrolls, not the page"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
