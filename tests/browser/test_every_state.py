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

from tests.browser.crawl import Findings, People, Visit, assert_no_problems, report, visit_page
from tests.browser.helpers import log_in
from tests.conftest import CODE_PATH

REFUSED = (403, 404, 409)
# Where the password alone leads these people: the code from the app, or setting the app up.
STOPS_AT = {"halfway": CODE_PATH, "unenrolled": "/konto/totrinsbekraeftelse"}


def _stop_short(page, base: str, role: str, user) -> None:
    """The password given, and no further: where it leads must be where the person stops."""
    log_in(page, base, user.email)
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path == STOPS_AT[role], f"{role} did not stop at {STOPS_AT[role]}: {page.url}"


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_every_state_has_no_axe_violations(app, browser, live_server, rich_world, more_states,
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
    with People(browser) as people:
        for role in dict.fromkeys(visit.role for visit, _ in visits):
            user = users.get(role) if role not in ("anonymous", "party") else None
            stop_short = (lambda page, role=role, user=user: _stop_short(page, live_server, role, user)) \
                if role in STOPS_AT else None
            people.open(role, width, language, live_server, user, log_in_as=stop_short)
        for visit, accept in visits:
            status = visit_page(app, people.pages[visit.role], live_server, visit, width, findings, forms, accept)
            if status not in accept:
                not_reached.append(f"{visit.role} GET {visit.url} ({visit.endpoint}): {status}")
        pages_done = people.finish(live_server, width, findings, forms)
    report(findings, forms, width, language, pages_done, started)
    assert not not_reached, "states meant to be reached were not:\n" + "\n".join(not_reached)
    assert_no_problems(findings, width, language)
