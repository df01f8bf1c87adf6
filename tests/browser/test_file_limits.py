"""Issue #17, item 4, in a real browser: a file over 20 MB is named next to the file field and nothing
typed is lost, with the page's script (nothing is sent) and without it (the server says it).
"""

import pytest
from playwright.sync_api import expect

from app.hearings.models import Hearing
from tests.browser.conftest import DESKTOP
from tests.factories import MB, a_large_pdf, make_party
from tests.responses.helpers import the_response

TEXT = "Jeg har brug for aflastning om aftenen."
TOO_LARGE = "Filen video.pdf er for stor. Den må højst fylde 20 MB."


@pytest.fixture
def public(db):
    party = make_party(db)
    db.session.get(Hearing, party.hearing_id).is_public = True
    db.session.commit()
    return f"/hoeringer/{party.slug}/svar"


@pytest.fixture
def video(tmp_path):
    path = tmp_path / "video.pdf"
    path.write_bytes(a_large_pdf(21 * MB))
    return str(path)


def _fill_in(page) -> None:
    page.locator("#general").fill(TEXT)
    page.locator("#citizen_name").fill("Karen Hansen")
    page.locator("#citizen_email").fill("karen@example.org")


def _typed_is_kept(page) -> None:
    expect(page.locator("#attachments-error")).to_contain_text(TOO_LARGE)
    expect(page.locator("#general")).to_have_value(TEXT)
    expect(page.locator("#citizen_name")).to_have_value("Karen Hansen")
    expect(page.locator("#citizen_email")).to_have_value("karen@example.org")
    assert the_response() is None, "nothing was sent"


def test_a_file_over_20_mb_is_named_before_anything_is_sent(page, live_server, public, video,
                                                             assert_no_axe_violations):
    requests = []
    page.on("request", lambda request: requests.append(request.method))
    page.goto(live_server + public)
    _fill_in(page)
    page.locator("#attachments").set_input_files(video)
    page.get_by_role("button", name="Send høringssvar").click()

    _typed_is_kept(page)
    expect(page.locator("#attachments")).to_be_focused()
    expect(page.locator("#attachments")).to_have_attribute("aria-describedby", "attachments-hint attachments-error")
    assert "POST" not in requests, "the large file was never sent"
    assert_no_axe_violations(page)


def test_without_the_script_the_server_names_the_file_and_keeps_the_text(browser, live_server, public, video):
    context = browser.new_context(locale="da-DK", viewport=DESKTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server + public)
        _fill_in(page)
        page.locator("#attachments").set_input_files(video)
        with page.expect_navigation():
            page.get_by_role("button", name="Send høringssvar").click()
        _typed_is_kept(page)
    finally:
        context.close()


def test_on_the_partys_page_too(page, live_server, db, video):
    party = make_party(db)
    page.goto(live_server + party.url)
    page.locator("#general").fill(TEXT)
    page.locator("#attachments").set_input_files(video)
    page.get_by_role("button", name="Indsend høringssvar").click()

    expect(page.locator("#attachments-error")).to_contain_text(TOO_LARGE)
    expect(page.locator("#general")).to_have_value(TEXT)
    expect(page.locator("#autosave-status")).to_contain_text("Gemt", timeout=10_000)  # the text is saved meanwhile
    assert the_response().state.value == "draft"
