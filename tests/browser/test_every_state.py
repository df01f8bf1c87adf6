"""Issue #9, item 1: axe-core on the pages test_every_page.py reaches only as refusals.

test_every_page.py opens every GET route with the data of `rich_world`; some pages
are there only refused (403, 404, 409) or sent elsewhere, because that data
lacks what they need: a hearing in draft, a public hearing, a late, an
unconfirmed and a party's response, a memo sent to the committee, valid links,
half-way through log-in, two-step verification to set up or turn off.
tests/pages_inventory.py's `more_states` (shared with tests/test_valid_html.py)
makes those states; here each of its pages is checked in Chromium as
test_every_page.py checks its own, with the same helpers: axe-core (WCAG 2.0/2.1
A and AA), at 1280 and 320 CSS pixels (nothing wider than the screen), in
Danish and English, then every form of <main> with a field to fill submitted
empty (the error state). One page of each kind of refusal (not found,
forbidden, a conflict, a link that does not work) is checked too.

One browser context per person (role), language and width. A state that is
meant to be reached but is refused fails the test: the data no longer makes it.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import _open_page
from tests.browser.test_every_page import Findings, Visit, _log_in, _submit_empty, _visit
from tests.browser.test_pages import LANGUAGE_BUTTON, WIDTHS, switch_language
from tests.conftest import CODE_PATH, LOG_IN_PATH
from tests.factories import PASSWORD
from tests.pages_inventory import more_states, rich_world  # noqa: F401 (fixtures)
from tests.test_route_access import world  # noqa: F401 (a fixture rich_world uses)

REFUSED = (403, 404, 409)
# Where the password alone leads these people: the code from the app, or setting the app up.
STOPS_AT = {"halfway": CODE_PATH, "unenrolled": "/konto/totrinsbekraeftelse"}


def _start(page, base: str, role: str, user) -> None:
    """Log this person in (or not), as far as they get."""
    if role in STOPS_AT:
        page.goto(base + LOG_IN_PATH)
        page.locator("#email").fill(user.email)
        page.locator("#password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("load")
        assert urlsplit(page.url).path == STOPS_AT[role], f"{role} did not stop at {STOPS_AT[role]}: {page.url}"
    elif user is not None:
        _log_in(page, base, role, user)
    else:
        page.goto(base + "/")


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_every_state_has_no_axe_violations(app, browser, live_server, rich_world, more_states,  # noqa: F811
                                           width, language):
    started = time.monotonic()
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600  # versioned static URLs: let the browser keep them
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    users = {**rich_world["users"], **more_states["users"]}
    visits = [(Visit(*v), (200,)) for v in more_states["visits"]]
    visits += [(Visit(*v), (200, *REFUSED)) for v in more_states["refusals"]]
    findings = Findings()
    forms: dict = {}
    not_reached = []
    pages = {}
    contexts = []
    try:
        for role in dict.fromkeys(visit.role for visit, _ in visits):
            context, page, problems = _open_page(browser)
            contexts.append((context, problems))
            pages[role] = page
            page.set_viewport_size(WIDTHS[width])
            _start(page, live_server, role, users.get(role) if role not in ("anonymous", "party") else None)
            switch_language(page, language)
        for visit, accept in visits:
            status = _visit(app, pages[visit.role], live_server, visit, width, findings, forms, accept)
            if status not in accept:
                not_reached.append(f"{visit.role} GET {visit.url} ({visit.endpoint}): {status}")
        pages_done = findings.checked
        # The error states, last: posting may change what a page shows.
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
    for visit, index, target in forms.values():
        print(f"  posted empty: form #{index} ({target}) of {visit.url}")  # noqa: T201
    assert not not_reached, "states meant to be reached were not:\n" + "\n".join(not_reached)
    assert not findings.problems, (
        f"{len(findings.problems)} problem(s) at {width} in {LANGUAGE_BUTTON[language]}:\n\n"
        + "\n\n".join(findings.problems)
    )
