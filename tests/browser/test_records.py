"""Filing on the case and the committee pack in a real browser: the filing page with filed and failed
documents, its retry button, and the pack's order page have no axe violations at 1280 and 375 px, and
the retry works from the keyboard-reachable button."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from app.demo.load import SLUG
from app.extensions import db
from app.hearings.models import Hearing
from app.records import documents, operations
from app.records.models import FilingRecord, FilingState
from tests.browser.conftest import OFFICER
from tests.browser.helpers import WIDTHS, assert_fits_width, log_in
from tests.records.helpers import settled


@pytest.fixture
def filed(app, sent, tmp_path, jobs_worker):
    """The 2019 round, its documents filed into a folder, the letter's filing failed."""
    app.config.update(RECORDS_ADAPTER="folder", RECORDS_FOLDER=str(tmp_path))
    hearing = db.session.query(Hearing).filter_by(slug=SLUG).one()
    operations.file_on_case(hearing)
    rows = settled(hearing.id, len(documents.documents_of(hearing)))
    db.session.execute(update(FilingRecord).where(FilingRecord.id == rows[0].id)
                       .values(state=FilingState.FAILED, records_id=None, tries=6,
                               last_error="FilingError: HTTP 503 from https://go.example.org"))
    db.session.commit()
    return rows


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_the_filing_page_and_its_retry(page, live_server, filed, assert_no_axe_violations, screenshot, width):
    page.set_viewport_size(WIDTHS[width])
    log_in(page, live_server, *OFFICER)
    page.goto(f"{live_server}/medarbejder/hoeringer/{SLUG}")
    page.get_by_role("link", name="Journalisering på sagen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Journalisering på sagen")
    table = page.get_by_role("table", name="Dokumenter på sagen")
    expect(table.locator("tbody tr")).to_have_count(len(filed))
    expect(table).to_contain_text("Mislykkedes")
    expect(table).to_contain_text(filed[-1].records_id)
    assert_no_axe_violations(page)
    if width == "mobile":
        assert_fits_width(page)
    screenshot(page, f"records-filings-{width}")

    page.get_by_role("button", name="Prøv de mislykkede igen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 dokument bliver forsøgt journaliseret igen.")).to_be_visible()
    assert_no_axe_violations(page)
    rows = settled(filed[0].hearing_id, len(filed))
    assert all(row.state is FilingState.FILED for row in rows)


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_the_committee_pack_is_ordered_from_the_memo_page(page, live_server, sent, assert_no_axe_violations,
                                                          screenshot, width, jobs_worker):
    page.set_viewport_size(WIDTHS[width])
    log_in(page, live_server, *OFFICER)
    page.goto(f"{live_server}/medarbejder/hoeringer/{SLUG}/hoeringsnotat")
    page.get_by_role("link", name="Udvalgspakke (ZIP) version 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Udvalgspakke for version 1 af høringsnotatet")
    assert_no_axe_violations(page)
    if width == "mobile":
        assert_fits_width(page)
    screenshot(page, f"records-pack-order-{width}")
    page.get_by_role("button", name="Lav udvalgspakken").click()
    expect(page.get_by_role("link", name="Hent filen")).to_be_visible(timeout=60_000)
    assert_no_axe_violations(page)
