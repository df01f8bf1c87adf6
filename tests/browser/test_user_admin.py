"""An administrator in a real browser: sets up two-step verification at the first log-in, creates a
case officer and deactivates one. axe-core finds nothing on any page, at 1280 and at 320 px."""

import re

import pyotp
import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.notifications.operations import send_due
from tests.browser.helpers import LOADED, WIDTHS, assert_fits_width, log_in
from tests.factories import make_user

ADMIN_EMAIL = "admin@ltk.example.org"


@pytest.fixture
def people(db):
    make_user(Role.ADMIN, two_factor=False, email=ADMIN_EMAIL, name="Anne Administrator")
    make_user(Role.STAFF, email="soeren@ltk.example.org", name="Søren Sagsbehandler")
    db.session.commit()


def _check_both_widths(page, assert_no_axe_violations, screenshot, name: str) -> None:
    for width in ("desktop", "mobile"):
        page.set_viewport_size(WIDTHS[width])
        assert_no_axe_violations(page)
        if width == "mobile":
            assert_fits_width(page)
        screenshot(page, f"users-{name}-da-{width}")
    page.set_viewport_size(WIDTHS["desktop"])


def test_an_administrator_enrols_creates_and_deactivates(
    live_server, page, people, smtp_server, assert_no_axe_violations, screenshot
):
    check = lambda name: _check_both_widths(page, assert_no_axe_violations, screenshot, name)  # noqa: E731

    # The password is right, and the first stop is the set-up of two-step verification.
    log_in(page, live_server, ADMIN_EMAIL)
    expect(page.locator("h1")).to_have_text("Slå totrinsbekræftelse til")
    qr = page.get_by_role("img", name=re.compile("QR-kode"))
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0
    secret = page.locator("#totp-secret").inner_text()
    check("two-factor-setup")

    # A wrong code first: the error next to the field and in the summary.
    page.locator("#code").fill("000000")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#code-error")).to_contain_text("Koden passer ikke.")
    check("two-factor-setup-error")

    page.locator("#code").fill(pyotp.TOTP(secret.replace(" ", "")).now())
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Dine gendannelseskoder")
    expect(page.locator("ol.app-recovery-codes li")).to_have_count(10)
    check("recovery-codes")

    # The menu now opens: the list of users.
    page.get_by_role("link", name="Jeg har gemt koderne").click()
    expect(page.locator("h1")).to_have_text("Min konto")
    check("my-account")
    page.get_by_role("navigation", name="Medarbejdermenu").get_by_role("link", name="Brugere").click()
    expect(page.locator("h1")).to_have_text("Brugere")
    expect(page.locator("main tbody tr")).to_have_count(2)
    check("list")

    # A new case officer: first with a mistake, then right.
    page.get_by_role("link", name="Opret bruger").click()
    expect(page.locator("h1")).to_have_text("Opret bruger")
    page.locator("#name").fill("Carl Sagsbehandler")
    page.locator("#email").fill("carl@")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary a[href='#role-0']")).to_be_visible()
    check("new-error")
    page.locator("#email").fill("carl@ltk.example.org")
    page.get_by_label(re.compile("^Sagsbehandler:")).check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Carl Sagsbehandler")
    expect(page.locator(".alert-success")).to_contain_text("får en e-mail med et link")
    check("show")
    assert send_due() == (1, 0)
    [mail] = smtp_server.messages
    assert mail["X-Envelope-To"] == "carl@ltk.example.org"

    # Deactivate Søren: he is out at once.
    page.get_by_role("link", name="Brugere", exact=True).first.click()
    page.get_by_role("link", name="Søren Sagsbehandler").click()
    page.get_by_role("button", name="Deaktivér brugeren").click()
    expect(page.locator(".alert-success")).to_contain_text("Søren Sagsbehandler er deaktiveret og logget ud.")
    expect(page.get_by_role("button", name="Aktivér brugeren igen")).to_be_visible()
    check("deactivated")


@pytest.fixture
def strict_page(browser):
    """The Content-Security-Policy enforced, as in a real browser."""
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    yield page, violations
    context.close()


def test_the_qr_code_shows_under_the_content_security_policy(live_server, strict_page, people):
    page, violations = strict_page
    log_in(page, live_server, ADMIN_EMAIL)
    qr = page.get_by_role("img", name=re.compile("QR-kode"))
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert violations == []


def test_the_other_account_pages_pass_axe(live_server, page, people, smtp_server, assert_no_axe_violations,
                                          screenshot):
    check = lambda name: _check_both_widths(page, assert_no_axe_violations, screenshot, name)  # noqa: E731
    submit = page.locator("main form button[type=submit]")

    # Forgotten password: the form with an error, the answer, the link from the mail with an error.
    page.goto(live_server + "/konto/log-ind")
    page.get_by_role("link", name="Glemt adgangskode?").click()
    submit.click()
    expect(page.locator("#email-error")).to_be_visible()
    check("forgot-error")
    page.locator("#email").fill("soeren@ltk.example.org")
    submit.click()
    expect(page.locator("h1")).to_have_text("Tjek din e-mail")
    check("forgot-sent")
    send_due()
    [mail] = smtp_server.messages
    link = re.search(r"http://localhost(/konto/ny-adgangskode/[\w-]+)", mail.get_body(("plain",)).get_content())
    page.goto(live_server + link.group(1))
    page.locator("#password").fill("sommer2024")
    page.locator("#confirm").fill("sommer2024")
    submit.click()
    expect(page.locator("#password-error")).to_contain_text("mindst 12 tegn")
    check("reset-error")
    page.locator("#password").fill("grøn kaffe på tirsdage")
    page.locator("#confirm").fill("grøn kaffe på tirsdage")
    submit.click()
    expect(page.locator(".alert-success")).to_contain_text("Din adgangskode er gemt.")
    page.goto(live_server + link.group(1))
    expect(page.locator("h1")).to_have_text("Linket virker ikke")
    check("reset-link-invalid")

    # Søren turns two-step verification on, then logs in with it: the code step with an error.
    page.goto(live_server + "/konto/log-ind")
    page.locator("#email").fill("soeren@ltk.example.org")
    page.locator("#password").fill("grøn kaffe på tirsdage")
    submit.click()
    page.get_by_role("link", name="Min konto").click()
    expect(page.locator("h1")).to_have_text("Min konto")
    page.get_by_role("link", name="Skift adgangskode").click()
    submit.click()
    expect(page.locator("#current-error")).to_be_visible()
    check("change-password-error")
    page.goto(live_server + "/konto/totrinsbekraeftelse")
    totp = pyotp.TOTP(page.locator("#totp-secret").inner_text().replace(" ", ""))
    page.locator("#code").fill(totp.now())
    submit.click()
    expect(page.locator("ol.app-recovery-codes code").first).to_be_visible(timeout=LOADED)  # the page after the code
    codes = page.locator("ol.app-recovery-codes code").all_inner_texts()
    page.get_by_role("button", name="Log ud").click()

    page.goto(live_server + "/konto/log-ind")
    page.locator("#email").fill("soeren@ltk.example.org")
    page.locator("#password").fill("grøn kaffe på tirsdage")
    submit.click()
    expect(page.locator("h1")).to_have_text("Skriv koden fra din app")
    page.locator("#code").fill("000000")
    submit.click()
    expect(page.locator("#code-error")).to_contain_text("Koden er forkert eller brugt.")
    check("login-code-error")
    page.locator("#code").fill(codes[0])
    submit.click()
    expect(page.locator(".alert-warning")).to_contain_text("Du har 9 tilbage.")

    page.goto(live_server + "/konto/totrinsbekraeftelse/nye-koder")
    expect(page.locator("h1")).to_have_text("Lav nye gendannelseskoder")
    check("new-recovery-codes")
    page.goto(live_server + "/konto/totrinsbekraeftelse/slaa-fra")
    submit.click()
    expect(page.locator("#code-error")).to_be_visible()
    check("two-factor-disable-error")
