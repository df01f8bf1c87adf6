"""Browser tests: the test app on a live server, Playwright on Debian's Chromium, axe-core.

Fixtures
  live_server   base URL of the `app` fixture served by Werkzeug in a thread
  browser       one headless Chromium for the whole run (session)
  page          a fresh context and page per test: Danish locale, 1280 x 900
  another_page  another_page() -> one more such page, in its own context (another person)
  axe           axe(page) -> list of violations (WCAG 2.0/2.1 A and AA rules)
  assert_no_axe_violations   assert_no_axe_violations(page) fails listing rule,
                help and the selectors of every failing node
  screenshot    screenshot(page, name) -> Path of tests/screenshots/<name>.png
  sent          the 2019 demo, its memo finalised and sent to the committee member MEMBER
  case          a hearing being answered, with two comments (SIXTY first) for its officer Søren

The database is the `app` fixture's (a file, SQLite or PostgreSQL), so the
server's threads see what a test commits. Commit test data before the browser
asks for it.
"""

import os
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from app.accounts.models import Role
from app.extensions import db
from app.hearings.models import HearingState
from app.memos import committee, operations
from app.responses.models import Response, ResponseState
from tests.factories import make_comment, make_hearing, make_organisation, make_response, make_user

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = REPO_ROOT / "tests" / "screenshots"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING_CHROMIUM = "Chromium is required in CI: apt-get install chromium"

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """Serve `app` on a free port; yield its base URL ("http://127.0.0.1:PORT")."""
    # The testing config turns CSRF off for the test client; a browser posts
    # real forms with real tokens, so here it stays on, as in production.
    app.config["WTF_CSRF_ENABLED"] = True
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(MISSING_CHROMIUM, pytrace=False)
        pytest.skip(f"{MISSING_CHROMIUM} (skipped locally: {CHROMIUM} not found)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(browser) -> tuple:
    """A page in a fresh context (its own cookies: another person), and the problems it will collect."""
    context = browser.new_context(locale="da-DK", viewport=DESKTOP, bypass_csp=True)
    context.set_default_timeout(10_000)
    new_page = context.new_page()
    problems: list[str] = []
    new_page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    new_page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} for {response.url}")
            if "/static/" in response.url and response.status >= 400
            else None
        ),
    )
    new_page.on(
        "requestfailed",
        lambda request: (
            problems.append(f"request failed: {request.url} ({request.failure})")
            if "/static/" in request.url and request.failure != "net::ERR_ABORTED"
            else None
        ),
    )
    return context, new_page, problems


@pytest.fixture
def page(browser):
    """A fresh page in its own context; fails the test on JavaScript errors and missing assets.

    bypass_csp=True: the app sends a Content-Security-Policy without
    'unsafe-inline'. Playwright's add_script_tag(path=...) inlines axe-core's
    source into a <script> element, and add_init_script is subject to the CSP
    too, so with the policy enforced axe could not run. Bypassing it in the
    test browser is the price of running axe on the real pages; that the pages
    themselves need no inline script or style is checked separately on the
    HTML (test_pages.py::test_no_inline_script_or_style).
    """
    context, new_page, problems = open_page(browser)
    yield new_page
    # What the test saw. Requests still in flight when the live server stopped (it may stop
    # first) are reset, and Playwright reports them only now: they are not the page's problems.
    seen = list(problems)
    context.close()
    assert not seen, "The page had problems:\n" + "\n".join(seen)


@pytest.fixture
def another_page(browser) -> Iterator[Callable[[], object]]:
    """another_page() -> one more page like `page`, in a context of its own: a second person at
    their own browser. Each is closed and checked for problems at the end of the test."""
    opened: list[tuple] = []

    def open_one():
        opened.append(open_page(browser))
        return opened[-1][1]

    yield open_one
    problems = [problem for _context, _page, found in opened for problem in found]  # as in `page`
    for context, _page, _found in opened:
        context.close()
    assert not problems, "A page had problems:\n" + "\n".join(problems)


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations;
        }""",
        WCAG_TAGS,
    )


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        lines.append(f"  {violation.get('helpUrl', '')}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", " ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


@pytest.fixture
def axe() -> Callable[..., list[dict]]:
    """axe(page) -> the violations of the WCAG 2.0/2.1 level A and AA rules."""
    return run_axe


@pytest.fixture
def assert_no_axe_violations() -> Callable[..., None]:
    def check(page) -> None:
        violations = run_axe(page)
        assert not violations, f"axe found {len(violations)} problem(s) on {page.url}:\n" + format_violations(
            violations
        )

    return check


@pytest.fixture
def screenshot() -> Callable[..., Path]:
    """screenshot(page, name) saves the whole page as tests/screenshots/<name>.png."""

    def take(page, name: str) -> Path:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


# ---------------------------------------------------------------- data that several browser tests use

MEMBER = ("ulla.udvalg@byraad.example.org", "Ulla Udvalgsmedlem")  # a committee member
OFFICER = ("soeren@kommune.example.org", "Søren Sagsbehandler")


@pytest.fixture
def sent(app, demo):
    """The 2019 round, its memo finalised and sent to Ulla (MEMBER) by Søren (OFFICER)."""
    hearing = demo
    officer = make_user(Role.STAFF, email=OFFICER[0], name=OFFICER[1])
    hearing.officers.append(officer)
    member = make_user(Role.COMMITTEE, email=MEMBER[0], name=MEMBER[1])
    db.session.commit()
    with app.test_request_context():
        operations.finalise(hearing, officer, "Udvalget behandler sagen 20. juni.")
        committee.send_to_committee(hearing, [member], officer)
        db.session.commit()
    response = db.session.scalar(select(Response).where(Response.hearing_id == hearing.id))
    return {"response_id": response.id}


SIXTY = "Aflastning bør kunne gives i mere end 60 døgn om året."


@pytest.fixture
def case(db):
    """A hearing being answered: two councils' comments on its first section, Søren its officer."""
    hearing = make_hearing(state=HearingState.REPLYING, title="Kvalitetsstandarder på voksenområdet")
    section = hearing.current_version.sections[0]
    officer = make_user(Role.STAFF, name="Søren Sagsbehandler", email="soeren@kommune.example.org")
    hearing.officers = [officer]
    for name, text in (("Handicaprådet", SIXTY), ("Seniorrådet", "Vi er enige med Handicaprådet.")):
        response = make_response(hearing, make_organisation(name), state=ResponseState.SUBMITTED,
                                 submitted_at=datetime.now(UTC))
        make_comment(response, section, text)
    db.session.commit()
    return {"slug": hearing.slug, "key": section.key, "email": officer.email}



@pytest.fixture
def officer(db):
    """The case officer of the hearing set-up tests."""
    from tests.browser.hearing_setup import OFFICER_EMAIL  # that module reads this one's DESKTOP

    user = make_user(Role.STAFF, email=OFFICER_EMAIL, name="Søren Sagsbehandler")
    db.session.commit()
    return user
