"""The memo's preview page in a real browser: no axe violations, fits a small screen."""

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.demo.load import SLUG
from tests.browser.test_pages import WIDTHS, assert_fits_width
from tests.browser.test_replies import log_in_by_keyboard
from tests.factories import make_user


@pytest.fixture
def demo(app, db):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    officer = make_user(Role.STAFF, name="Søren Sagsbehandler", email="soeren@kommune.example.org")
    db.session.commit()
    return officer.email


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_the_memo_preview_is_accessible_and_says_what_is_missing(
    page, live_server, demo, assert_no_axe_violations, screenshot, width
):
    log_in_by_keyboard(page, live_server, demo)
    page.set_viewport_size(WIDTHS[width])
    page.goto(f"{live_server}/medarbejder/hoeringer/{SLUG}/hoeringsnotat")
    expect(page.get_by_role("heading", name="Høringsnotat: Kvalitetsstandarder på det specialiserede voksenområde"))\
        .to_be_visible()
    expect(page.locator(".alert-warning")).to_contain_text("mangler et godkendt svar")
    assert_no_axe_violations(page)
    if width == "mobile":
        assert_fits_width(page)
    screenshot(page, f"memo-preview-da-{width}")
