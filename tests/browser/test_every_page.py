"""Issue #9, item 1: axe-core on every page, for every role, in every state.

Every GET route of `app.url_map` (so a new route is not forgotten) is opened in
Chromium by one representative of each role that may use it (tests/access_rules.py
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

import pytest

from tests.browser.crawl import Findings, People, Visit, assert_no_problems, report, visit_page
from tests.pages_inventory import ROLES, SKIPPED_ENDPOINTS, page_urls, roles_for


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_every_page_for_every_role_has_no_axe_violations(app, browser, live_server, rich_world,
                                                         width, language):
    started = time.monotonic()
    # Versioned static URLs (?v=…): let the browser keep them instead of asking again for every page.
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    urls = page_urls(app, rich_world["values"])
    users = rich_world["users"]
    findings = Findings()
    forms: dict = {}
    with People(browser) as people:
        for role in ROLES:
            user = users[role] if role not in ("anonymous", "party") else None
            page = people.open(role, width, language, live_server, user)
            for endpoint, url in urls:
                if role in roles_for(endpoint):
                    visit_page(app, page, live_server, Visit(role, endpoint, url), width, findings, forms)
        pages_done = people.finish(live_server, width, findings, forms)
    report(findings, forms, width, language, pages_done, started)
    assert_no_problems(findings, width, language)


def test_every_get_route_is_visited_by_someone(app):
    """A route nobody may open with GET would be missed silently: ACCESS must name it."""
    missing = [r.endpoint for r in app.url_map.iter_rules()
               if "GET" in r.methods and r.endpoint not in SKIPPED_ENDPOINTS and not roles_for(r.endpoint)]
    assert not missing, f"no role opens these pages: {missing}"
