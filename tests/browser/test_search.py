"""Searching a hearing's comments and replies in a real browser: keyboard only, axe-core, 1280 and 320 px."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.responses.models import ResponseState
from tests.browser.helpers import WIDTHS, assert_fits_width, log_in, tab_to_id
from tests.factories import make_comment, make_organisation, make_response, make_user
from tests.replies.helpers import build_hearing

OFFICER_EMAIL = "sagsbehandler@ltk.example.org"
URL = "/medarbejder/hoeringer/kvalitetsstandarder-2019/soeg"


@pytest.fixture
def hearing(db):
    officer = make_user(Role.STAFF, email=OFFICER_EMAIL, name="Mette Medarbejder")
    hearing = build_hearing(db, officers=[officer])
    db.session.commit()
    return hearing


def test_a_case_officer_types_a_query_and_presses_enter(page, live_server, hearing, screenshot):
    log_in(page, live_server, OFFICER_EMAIL, "Mette Medarbejder")
    page.goto(live_server + URL)
    tab_to_id(page, "q")
    page.keyboard.type("aflastningen")
    page.keyboard.press("Enter")

    status = page.locator("#search-status")
    expect(status).to_have_text("3 resultater for »aflastningen«.")
    expect(page.locator("#q")).to_have_value("aflastningen")
    results = page.get_by_role("list", name="Resultater")
    expect(results.get_by_role("heading", level=3)).to_have_count(3)
    expect(results.locator("mark").first).to_be_visible()
    expect(results.get_by_role("link", name="§ 84 Aflastning – Omfang/varighed")).to_be_visible()

    # Only the replies, chosen with the keyboard: the internal note is found.
    page.locator("#q").fill("afløsning")
    tab_to_id(page, "kind-0")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#kind-2")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Søg", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(status).to_have_text("1 resultat for »afløsning«.")
    expect(page.get_by_role("heading", level=3)).to_have_text("Forvaltningens svar til Handicaprådet")
    expect(page.get_by_text("Intern note:")).to_be_visible()
    screenshot(page, "search-replies-da-desktop")


def _many_hits(db, hearing) -> None:
    response = make_response(hearing, make_organisation("Seniorrådet"), state=ResponseState.SUBMITTED,
                             submitted_at=datetime.now(UTC))
    for n in range(60):
        make_comment(response, None, f"Bemærkning nummer {n}: kørsel til aflastning skal være gratis.")
    db.session.commit()


@pytest.mark.parametrize("width", ["desktop", "mobile"])
@pytest.mark.parametrize("state", ["empty", "results", "pages", "none", "error"])
def test_the_search_page_is_accessible(page, live_server, db, hearing, assert_no_axe_violations, screenshot,
                                       width, state):
    if state == "pages":
        _many_hits(db, hearing)
    page.set_viewport_size(WIDTHS[width])
    log_in(page, live_server, OFFICER_EMAIL, "Mette Medarbejder")
    query = {"empty": None, "results": "døgn", "pages": "kørsel", "none": "tandpleje", "error": "x" * 600}[state]
    page.goto(live_server + URL + (f"?q={query}&kind=all" if query else ""))
    if state == "pages":
        expect(page.locator("#search-status")).to_contain_text("60 resultater")
        page.get_by_role("navigation", name="Sider med resultater").get_by_role("link", name="Næste side").click()
        expect(page.locator("#search-status")).to_contain_text("Du ser side 2 af 2.")
    elif state == "none":
        expect(page.locator("#search-status")).to_have_text("Ingen resultater for »tandpleje«.")
    elif state == "error":
        expect(page.locator("#error-summary")).to_be_focused()
    page.wait_for_load_state("load")
    assert_no_axe_violations(page)
    if width == "mobile":
        assert_fits_width(page)
    screenshot(page, f"search-{state}-da-{width}")
