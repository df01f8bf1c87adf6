"""Issue #9, item 1: axe-core on every page, for every role, in every state.

Every GET route of `app.url_map` (so a new route is not forgotten) is opened in
Chromium by one representative of each role that may use it (tests/test_route_access.py
says who: ACCESS and LET_IN), at 1280 and at 320 CSS pixels, in Danish and in
English (switched once per person with the header's language buttons). Each
HTML page is checked with axe-core (WCAG 2.0/2.1 A and AA); at 320 px nothing
may be wider than the screen. Routes that answer with something other than
HTML (files, JSON) are skipped; redirects are followed.

Then the error states: every form posted from a page's <main> that has a text
or required field is submitted empty (its text fields cleared) with its first
submit button, and the page that comes back is checked too. Forms that would
destroy what later pages show (log out, deactivate, withdraw, …) are left out.

The pages, roles and data (two hearings, `rich_world`) come from
tests/pages_inventory.py, shared with tests/test_valid_html.py. All problems
are collected and reported at once. The pages this data reaches only as
refusals are checked in their real states by test_every_state.py.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from werkzeug.exceptions import HTTPException

from tests.browser.conftest import _open_page, format_violations, run_axe
from tests.browser.test_pages import LANGUAGE_BUTTON, WIDTHS, assert_fits_width, switch_language
from tests.factories import PASSWORD, second_step_code
from tests.pages_inventory import (  # rich_world is a fixture
    DESTRUCTIVE_POSTS,
    ROLES,
    SKIPPED_ENDPOINTS,
    page_urls,
    rich_world,  # noqa: F401
    roles_for,
)
from tests.test_route_access import world  # noqa: F401 (a fixture rich_world uses)

# The forms of <main> worth posting empty: posted, with a submit button and a field to fill.
# A form's primary submit button (not a hidden default button for the Enter key).
SUBMIT = ":is(button:not([type]), button[type=submit], input[type=submit]):not([aria-hidden=true], .sr-only)"
FORMS_JS = """(SUBMIT) => Array.from(document.querySelectorAll('main form')).map((form, index) => ({
    index,
    method: (form.getAttribute('method') || 'get').toLowerCase(),
    action: new URL(form.getAttribute('action') || location.href, location.href).href,  // a field may be named 'action'
    fillable: form.querySelectorAll(
        'textarea, select[required], input[required], input:is([type=text], [type=email], [type=password],'
        + ' [type=number], [type=date], [type=search], [type=url], [type=tel], :not([type]))'
    ).length,
    submit: form.querySelectorAll(SUBMIT).length,
}))"""

CLEAR_JS = """(form) => {
    for (const el of form.querySelectorAll('textarea, input:is([type=text], [type=email], [type=password],'
            + ' [type=number], [type=date], [type=search], [type=url], [type=tel], :not([type]))')) {
        el.value = '';
    }
}"""


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    checked: int = 0
    skipped: list[str] = field(default_factory=list)

    def add(self, where: str, text: str) -> None:
        self.problems.append(f"{where}\n{text}")


@dataclass
class Visit:
    role: str
    endpoint: str
    url: str


# ---------------------------------------------------------------- the browser


def _log_in(page, base: str, role: str, user) -> None:
    page.goto(base + "/konto/log-ind")
    page.locator("#email").fill(user.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    if urlsplit(page.url).path == "/konto/log-ind/kode":
        page.locator("main input[name=code]").fill(second_step_code(user))
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("load")
    expect(page.locator("header")).to_contain_text(user.name)


def _endpoint_of(app, url: str, method: str) -> str | None:
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _ = adapter.match(urlsplit(url).path, method=method.upper())
    except HTTPException:
        return None
    return endpoint


def _check(page, where: str, width: str, findings: Findings) -> None:
    findings.checked += 1
    violations = run_axe(page)
    if violations:
        findings.add(where, format_violations(violations))
    if width == "mobile":
        try:
            assert_fits_width(page)
        except AssertionError as error:
            findings.add(where, f"- too wide at 320 px: {error}")


def _visit(app, page, base: str, visit: Visit, width: str, findings: Findings, forms: dict,
           accept: Collection[int] = (200,)) -> int:
    """Check the page if it answers with HTML and a status in `accept`; note its forms. Returns the status
    (200 for a download)."""
    where = f"{visit.role} GET {visit.url} ({visit.endpoint})"
    try:
        response = page.goto(base + visit.url)
    except PlaywrightError as error:  # a file download is not a page
        if "Download is starting" not in str(error):
            raise
        findings.skipped.append(f"{where}: a download")
        return 200
    status = response.status if response else 0
    content_type = response.headers.get("content-type", "") if response else ""
    if status >= 500:
        findings.add(where, f"- server error {status}")
        return status
    if status not in accept or not content_type.startswith("text/html"):
        findings.skipped.append(f"{where}: {status} {content_type}")
        return status
    _check(page, where, width, findings)
    for form in page.evaluate(FORMS_JS, SUBMIT):
        if form["method"] != "post" or not form["fillable"] or not form["submit"]:
            continue
        target = _endpoint_of(app, form["action"], "post")
        key = (visit.endpoint, target, form["index"])
        if target in DESTRUCTIVE_POSTS or key in forms:
            continue
        forms[key] = (visit, form["index"], target)
    return status


def _submit_empty(page, base: str, visit: Visit, index: int, target: str, width: str, findings: Findings) -> None:
    where = f"{visit.role} POST empty form #{index} ({target}) of {visit.url}"
    page.goto(base + visit.url)
    form = page.locator("main form").nth(index)
    form.evaluate(CLEAR_JS)
    with page.expect_navigation() as navigation:
        form.locator(SUBMIT).filter(visible=True).first.click()
    page.wait_for_load_state("load")
    response = navigation.value
    if response is not None and response.status >= 500:
        findings.add(where, f"- server error {response.status}")
        return
    _check(page, where + f" -> {page.url.removeprefix(base)}", width, findings)


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_every_page_for_every_role_has_no_axe_violations(app, browser, live_server, rich_world,  # noqa: F811
                                                         width, language):
    started = time.monotonic()
    # Versioned static URLs (?v=…): let the browser keep them instead of asking again for every page.
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    urls = page_urls(app, rich_world["values"])
    users = rich_world["users"]
    findings = Findings()
    forms: dict = {}
    contexts = []
    try:
        for role in ROLES:
            context, page, problems = _open_page(browser)
            contexts.append((context, problems))
            page.set_viewport_size(WIDTHS[width])
            if role not in ("anonymous", "party"):
                _log_in(page, live_server, role, users[role])
            else:
                page.goto(live_server + "/")
            switch_language(page, language)
            for endpoint, url in urls:
                if role in roles_for(endpoint):
                    _visit(app, page, live_server, Visit(role, endpoint, url), width, findings, forms)
        pages_done = findings.checked
        # The error states, last: posting may change what a page shows.
        pages = {role: context.pages[0] for role, (context, _) in zip(ROLES, contexts, strict=True)}
        for visit, index, target in forms.values():
            _submit_empty(pages[visit.role], live_server, visit, index, target, width, findings)
        for _context, problems in contexts:
            findings.problems += [f"in the browser: {problem}" for problem in problems]
    finally:
        for context, _ in contexts:
            context.close()
    print(  # noqa: T201 (shown with -s or on failure: what was covered)
        f"\n{width}/{language}: {pages_done} pages checked, {len(forms)} forms posted empty, "
        f"{len(findings.skipped)} skipped, {time.monotonic() - started:.0f} s"
    )
    for line in findings.skipped:
        print("  skipped:", line)  # noqa: T201
    assert not findings.problems, (
        f"{len(findings.problems)} problem(s) at {width} in {LANGUAGE_BUTTON[language]}:\n\n"
        + "\n\n".join(findings.problems)
    )


def test_every_get_route_is_visited_by_someone(app):
    """A route nobody may open with GET would be missed silently: ACCESS must name it."""
    missing = [r.endpoint for r in app.url_map.iter_rules()
               if "GET" in r.methods and r.endpoint not in SKIPPED_ENDPOINTS and not roles_for(r.endpoint)]
    assert not missing, f"no role opens these pages: {missing}"
