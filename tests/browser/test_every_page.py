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

Two hearings: the world of test_route_access.py (open, a party with a personal
link, a response with a comment and a reply), and one being answered with an
approved reply and a finalised, published memo, so the memo and committee pages
show real content. All problems are collected and reported at once.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from flask import url_for
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from werkzeug.exceptions import HTTPException

from app.hearings.models import Hearing, HearingState, Invitation, PartyLink
from app.hearings.tokens import new_token, token_hash
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.models import ResponseState
from tests.browser.conftest import _open_page, format_violations, run_axe
from tests.browser.test_pages import LANGUAGE_BUTTON, WIDTHS, assert_fits_width, switch_language
from tests.factories import PASSWORD, make_comment, make_hearing, make_organisation, make_response, second_step_code
from tests.test_route_access import ACCESS, LET_IN, PARTY_LINK, SIGNED_IN, world  # noqa: F401, F811 (world is a fixture)

# One representative per kind of person; the staff representative is an officer of the hearing.
ROLES = ["anonymous", "party", "committee", "officer", "approver", "admin"]
SKIPPED_ENDPOINTS = {"static", "accounts.logout"}

# Posting these (even empty) would change what the pages after them show, or end the session.
DESTRUCTIVE_POSTS = {
    "public.set_language", "accounts.logout", "privacy.erase",
    "accounts.two_factor_disable", "accounts.new_recovery_codes",
    "users.change_role", "users.deactivate", "users.reactivate", "users.send_link", "users.reset_two_factor",
    "hearings.perform", "hearings.remove_party", "hearings.resend", "hearings.revoke_link",
    "hearings.move_section", "hearings.merge_sections", "hearings.renumber_sections", "hearings.save_draft",
    "hearings.revise_draft", "hearings.publish_memo", "hearings.unpublish_memo", "hearings.detach_comment",
    "hearings.toggle_not_a_remark", "hearings.approve_reply", "hearings.reply_ready", "hearings.start_reply",
    "hearings.send_to_committee", "hearings.record_decision",
    "parties.deactivate", "parties.reactivate", "parties.deactivate_contact", "parties.reactivate_contact",
    "parties.confirm_import", "responses.withdraw",
}

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


# ---------------------------------------------------------------- the data


@pytest.fixture
def rich_world(world, db):  # noqa: F811 (the fixture imported above)
    """The route-access world, plus a hearing being answered with an approved reply and a published memo."""
    from app.accounts.models import User
    from app.memos.operations import finalise
    from app.memos.publishing import publish

    users = {name: db.session.get(User, user.id) for name, user in world["users"].items()}
    first = db.session.scalar(db.select(Hearing).where(Hearing.slug == world["values"]["slug"]))
    first.approver = users["approver"]

    now = datetime.now(UTC)
    hearing = make_hearing(state=HearingState.REPLYING, sections=3, title="Kvalitetsstandarder 2019: besvarelse",
                           committee="Social- og Sundhedsudvalget", opens_at=now - timedelta(days=30),
                           deadline_at=now - timedelta(days=3))
    hearing.officers.append(users["officer"])
    hearing.approver = users["approver"]
    hearing.committee_members.append(users["committee"])
    council = make_organisation("Ældrerådet")
    invitation = Invitation(hearing=hearing, organisation=council, invited_at=now - timedelta(days=30))
    token = new_token()
    db.session.add(PartyLink(invitation=invitation, contact=council.contacts[0], token_hash=token_hash(token),
                             sent_at=now - timedelta(days=30)))
    db.session.add(invitation)
    response = make_response(hearing, council, state=ResponseState.SUBMITTED,
                             submitted_at=datetime.now(UTC) - timedelta(days=5))
    section = hearing.current_version.sections[2]
    comment = make_comment(response, section, "Handicaprådet ønsker flere timer til støtte i eget hjem.")
    other = make_comment(response, hearing.current_version.sections[0], "Aflastning bør kunne gives i hjemmet.")
    approved = Reply(hearing=hearing, text="Forvaltningen er enig.", comments=[comment], status=ReplyStatus.APPROVED,
                     outcome=Outcome.ACCEPTED, approved_at=datetime.now(UTC), approved_by=users["approver"])
    waiting = Reply(hearing=hearing, text="Aflastning gives på et botilbud.", comments=[other],
                    status=ReplyStatus.READY, outcome=Outcome.NOTED)
    db.session.add_all([approved, waiting])
    db.session.flush()
    finalise(hearing, users["officer"], override_reason="Et svar venter på godkendelse.")
    publish(hearing)
    db.session.commit()
    second = {
        **world["values"], "slug": hearing.slug, "key": section.key, "response_id": response.id,
        "reply_id": waiting.id, "comment_id": comment.id, "invitation_id": invitation.id,
        "link_id": invitation.links[0].id, "token": token,
    }
    return {"values": [world["values"], second], "users": users}


def _urls(app, values_list: list[dict]) -> list[tuple[str, str]]:
    """(endpoint, URL) of every GET route, once per hearing for the routes that name one."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        for i, values in enumerate(values_list):
            if i and not ({"slug", "token"} & set(rule.arguments)):
                continue
            with app.test_request_context():
                found.append((rule.endpoint, url_for(rule.endpoint, **{n: values[n] for n in rule.arguments})))
    return found


def _roles_for(endpoint: str) -> list[str]:
    """The one representative who opens this page: the least privileged person let in.
    Public pages are opened a second time by the officer, whose header has a menu and log-out."""
    access = ACCESS[endpoint]
    if access == PARTY_LINK:
        return ["party"]
    allowed = [role for role in ROLES if role != "party" and role in LET_IN[access]]
    if "anonymous" in allowed:
        return ["anonymous", "officer"]
    if access == SIGNED_IN:  # the account pages differ with two-step verification
        return ["committee", "admin"]
    return allowed[:1]


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


def _visit(app, page, base: str, visit: Visit, width: str, findings: Findings, forms: dict) -> None:
    where = f"{visit.role} GET {visit.url} ({visit.endpoint})"
    try:
        response = page.goto(base + visit.url)
    except PlaywrightError as error:  # a file download is not a page
        if "Download is starting" not in str(error):
            raise
        findings.skipped.append(f"{where}: a download")
        return
    status = response.status if response else 0
    content_type = response.headers.get("content-type", "") if response else ""
    if status >= 500:
        findings.add(where, f"- server error {status}")
        return
    if status != 200 or not content_type.startswith("text/html"):
        findings.skipped.append(f"{where}: {status} {content_type}")
        return
    _check(page, where, width, findings)
    for form in page.evaluate(FORMS_JS, SUBMIT):
        if form["method"] != "post" or not form["fillable"] or not form["submit"]:
            continue
        target = _endpoint_of(app, form["action"], "post")
        key = (visit.endpoint, target, form["index"])
        if target in DESTRUCTIVE_POSTS or key in forms:
            continue
        forms[key] = (visit, form["index"], target)


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
def test_every_page_for_every_role_has_no_axe_violations(app, browser, live_server, rich_world, width, language):
    started = time.monotonic()
    # Versioned static URLs (?v=…): let the browser keep them instead of asking again for every page.
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    urls = _urls(app, rich_world["values"])
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
                if role in _roles_for(endpoint):
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
               if "GET" in r.methods and r.endpoint not in SKIPPED_ENDPOINTS and not _roles_for(r.endpoint)]
    assert not missing, f"no role opens these pages: {missing}"
