"""With the Content-Security-Policy enforced (no bypass), pages run without violations."""

import pytest

from app.accounts.models import Role
from tests.factories import PASSWORD, make_hearing, make_user


@pytest.fixture
def strict_page(browser):
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: violations.append(str(error)))
    yield page, violations
    context.close()


def test_the_pages_run_under_the_policy(db, live_server, strict_page):
    page, violations = strict_page
    user = make_user(Role.STAFF)
    hearing = make_hearing(officers=[user])
    db.session.commit()
    for path in ("/", "/tilgaengelighed", "/konto/log-ind"):
        page.goto(live_server + path)
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_load_state()
    for path in ("/medarbejder/", f"/medarbejder/hoeringer/{hearing.slug}", "/medarbejder/hoeringer/ny"):
        page.goto(live_server + path)
    assert violations == []
