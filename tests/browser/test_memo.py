"""The memo's preview page in a real browser: no axe violations, fits a small screen."""

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.demo.load import SLUG
from tests.browser.helpers import WIDTHS, assert_fits_width, log_in
from tests.factories import PASSWORD, make_user


@pytest.fixture
def demo(app, db, demo):  # builds on the `demo` of tests/conftest.py: the officer who logs in
    officer = make_user(Role.STAFF, name="Søren Sagsbehandler", email="soeren@kommune.example.org")
    db.session.commit()
    return officer.email


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_the_memo_preview_is_accessible_and_says_what_is_missing(
    page, live_server, demo, assert_no_axe_violations, screenshot, width
):
    log_in(page, live_server, demo, "Søren Sagsbehandler", keyboard=True)
    page.set_viewport_size(WIDTHS[width])
    page.goto(f"{live_server}/medarbejder/hoeringer/{SLUG}/hoeringsnotat")
    expect(page.get_by_role("heading", name="Høringsnotat: Kvalitetsstandarder på det specialiserede voksenområde"))\
        .to_be_visible()
    expect(page.locator(".alert-warning")).to_contain_text("mangler et godkendt svar")
    assert_no_axe_violations(page)
    if width == "mobile":
        assert_fits_width(page)
    screenshot(page, f"memo-preview-da-{width}")


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_the_published_memo_and_the_finalise_page_are_accessible(
    app, page, live_server, assert_no_axe_violations, screenshot, width
):
    from tests.memos.publication import finalised_hearing

    hearing, officer = finalised_hearing(app, publish=True)
    page.set_viewport_size(WIDTHS[width])
    for name, path in (("public-hearing", f"/hoeringer/{hearing.slug}"),
                       ("public-memo", f"/hoeringer/{hearing.slug}/hoeringsnotat")):
        page.goto(live_server + path)
        assert_no_axe_violations(page)
        if width == "mobile":
            assert_fits_width(page)
        screenshot(page, f"{name}-da-{width}")
    expect(page.get_by_role("link", name="Hent som PDF")).to_be_visible()

    page.goto(f"{live_server}/konto/log-ind")
    page.get_by_label("E-mail").fill(officer.email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.goto(f"{live_server}/medarbejder/hoeringer/{hearing.slug}/hoeringsnotat/faerdiggoer")
    assert_no_axe_violations(page)
    screenshot(page, f"memo-finalise-da-{width}")


def test_asking_for_the_memo_shows_progress_that_moves_and_gives_the_file(
    app, page, live_server, demo, assert_no_axe_violations, screenshot, tmp_path
):
    from celery.contrib.testing.worker import start_worker

    log_in(page, live_server, demo, "Søren Sagsbehandler")
    page.goto(f"{live_server}/medarbejder/hoeringer/{SLUG}/hoeringsnotat")
    page.get_by_role("button", name="PDF").click()
    # No worker yet: the job waits, and says so.
    expect(page.get_by_role("heading", name="Høringsnotat (PDF)")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Venter på at gå i gang.")).to_be_visible()
    expect(page.get_by_label("Fremskridt")).to_have_attribute("value", "0")
    assert_no_axe_violations(page)
    screenshot(page, "job-waiting-da-desktop")
    # Every value the bar and the status line take, as the page's script changes them.
    page.evaluate("""() => {
        window.seen = [];
        const bar = document.getElementById('job-progress');
        const text = document.getElementById('job-status-text');
        new MutationObserver(() => window.seen.push(bar.value + ' ' + text.textContent))
            .observe(bar, {attributes: true});
        new MutationObserver(() => window.seen.push(bar.value + ' ' + text.textContent))
            .observe(text, {childList: true, characterData: true, subtree: true});
    }""")
    with start_worker(app.extensions["celery"], pool="solo", perform_ping_check=False, loglevel="WARNING"):
        seen = []
        page.wait_for_function("() => window.seen && window.seen.some(s => s.includes('Skriver filen'))",
                               timeout=120_000)
        seen = page.evaluate("window.seen")
        # The script reloads the page when the file is ready: "Hent filen" appears without anyone reloading.
        download_link = page.get_by_role("link", name="Hent filen")
        expect(download_link).to_be_visible(timeout=120_000)
    assert any("Skriver filen (trin 2 af 3)." in step for step in seen), seen
    assert_no_axe_violations(page)
    screenshot(page, "job-done-da-desktop")
    with page.expect_download() as info:
        download_link.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name == "hoeringsnotat-kvalitetsstandarder-2019.pdf" and target.read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_a_large_memos_overview_and_tables_on_the_preview_are_accessible(
    app, db, page, live_server, assert_no_axe_violations, screenshot, width
):
    from tests.memos.large import large_hearing

    hearing = large_hearing()
    make_user(Role.STAFF, name="Søren Sagsbehandler", email="soeren@kommune.example.org")
    db.session.commit()
    log_in(page, live_server, "soeren@kommune.example.org", "Søren Sagsbehandler")
    page.set_viewport_size(WIDTHS[width])
    page.goto(f"{live_server}/medarbejder/hoeringer/{hearing.slug}/hoeringsnotat")
    expect(page.get_by_role("heading", name="Overblik over bemærkningerne")).to_be_visible()
    table = page.locator("table[aria-labelledby='afsnit-s1']")
    if width == "desktop":  # on a phone the rows are cards (DKFDS's responsive table), each cell named by its column
        named = page.get_by_role("table", name="§ 1 Aflastning")
        expect(named.get_by_role("columnheader", name="Udfald")).to_have_count(1)
    expect(table.locator("tbody > tr")).to_have_count(201)  # a row a point
    assert_no_axe_violations(page)
    if width == "mobile":
        assert_fits_width(page)
    # § 2 is a page of its own (a part at a time), reached from the overview; its heading comes into view.
    page.get_by_role("link", name="§ 2 Weekender", exact=True).click()
    expect(page.locator("#afsnit-s2")).to_be_in_viewport()
    expect(page.get_by_role("navigation", name="Høringsnotatets dele").get_by_role("link").first).to_have_text(
        "Forrige del: § 1 Aflastning")
    assert_no_axe_violations(page)
    screenshot(page, f"memo-preview-large-da-{width}")
