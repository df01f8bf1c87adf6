"""The crawl of tests/browser/test_every_page.py and test_every_state.py: each person's pages
checked with axe-core (and at 320 px for width), their forms noted, then posted empty.

    findings, forms = Findings(), {}
    with People(browser) as people:
        page = people.open(role, width, language, base, user)   # logged in (or not), language chosen
        visit_page(app, page, base, Visit(role, endpoint, url), width, findings, forms)
        pages_done = people.finish(base, width, findings, forms)  # forms posted empty, browser problems
    report(findings, forms, width, language, pages_done, started)  # prints what was covered
    assert_no_problems(findings, width, language)
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from werkzeug.exceptions import HTTPException

from tests.browser.conftest import format_violations, open_page, run_axe
from tests.browser.helpers import LANGUAGE_BUTTON, WIDTHS, assert_fits_width, log_in, switch_language
from tests.factories import second_step_code
from tests.pages_inventory import DESTRUCTIVE_POSTS

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


def visit_page(app, page, base: str, visit: Visit, width: str, findings: Findings, forms: dict,
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


def submit_empty(page, base: str, visit: Visit, index: int, target: str, width: str, findings: Findings) -> None:
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


class People:
    """One browser context per person, closed at the end however the crawl ends."""

    def __init__(self, browser) -> None:
        self.browser = browser
        self.pages: dict = {}
        self.contexts: list = []

    def __enter__(self) -> People:
        return self

    def __exit__(self, *exc) -> None:
        for context, _ in self.contexts:
            context.close()

    def open(self, role: str, width: str, language: str, base: str, user=None, *, log_in_as=None):
        """A page for this person at this width: logged in if `user` is given (or by `log_in_as(page)`),
        on the front page otherwise, in `language`."""
        context, page, problems = open_page(self.browser)
        self.contexts.append((context, problems))
        self.pages[role] = page
        page.set_viewport_size(WIDTHS[width])
        if log_in_as is not None:
            log_in_as(page)
        elif user is not None:
            code = (lambda: second_step_code(user)) if user.two_factor_enabled else None
            log_in(page, base, user.email, user.name, code=code)
        else:
            page.goto(base + "/")
        switch_language(page, language)
        return page

    def finish(self, base: str, width: str, findings: Findings, forms: dict) -> int:
        """Post every noted form empty, last, as posting may change what a page shows; add what the
        browser saw. Returns the number of pages checked before the posts."""
        pages_done = findings.checked
        for visit, index, target in forms.values():
            submit_empty(self.pages[visit.role], base, visit, index, target, width, findings)
        for _context, problems in self.contexts:
            findings.problems += [f"in the browser: {problem}" for problem in problems]
        return pages_done


def report(findings: Findings, forms: dict, width: str, language: str, pages_done: int, started: float) -> None:
    """Print what was covered (shown with -s or on failure)."""
    print(  # noqa: T201
        f"\n{width}/{language}: {pages_done} pages checked, {len(forms)} forms posted empty, "
        f"{len(findings.skipped)} skipped, {time.monotonic() - started:.0f} s"
    )
    for line in findings.skipped:
        print("  skipped:", line)  # noqa: T201
    for visit, index, target in forms.values():
        print(f"  posted empty: form #{index} ({target}) of {visit.url}")  # noqa: T201


def assert_no_problems(findings: Findings, width: str, language: str) -> None:
    assert not findings.problems, (
        f"{len(findings.problems)} problem(s) at {width} in {LANGUAGE_BUTTON[language]}:\n\n"
        + "\n\n".join(findings.problems)
    )
