"""Every page of the app, for every role, with real data: what the whole-site checks visit.

Used by tests/browser/test_every_page.py (axe-core in Chromium) and
tests/test_valid_html.py (the Nu HTML Checker on the server's HTML).

Every GET route of `app.url_map` (so a new route is not forgotten) is opened by
one representative of each role that may use it (tests/test_route_access.py
says who: ACCESS and LET_IN), once per hearing for routes that name one.

Two hearings (`rich_world`): the world of test_route_access.py (open, a party
with a personal link, a response with a comment and a reply), and one being
answered with an approved reply and a finalised, published memo, so the memo
and committee pages show real content.

A test module that uses `rich_world` imports it together with `world`:
    from tests.pages_inventory import rich_world  # noqa: F401
    from tests.test_route_access import world  # noqa: F401
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import url_for

from app.hearings.models import Hearing, HearingState, Invitation, PartyLink
from app.hearings.tokens import new_token, token_hash
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.models import ResponseState
from tests.factories import make_comment, make_hearing, make_organisation, make_response
from tests.test_route_access import ACCESS, LET_IN, PARTY_LINK, SIGNED_IN

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


@pytest.fixture
def rich_world(world, db):
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
    # Two paragraphs, so the page that corrects a comment's place offers to split it.
    comment = make_comment(response, section, "Handicaprådet ønsker flere timer til støtte i eget hjem.\n\n"
                                              "Det gælder også om aftenen.")
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


def page_urls(app, values_list: list[dict], only: set[str] | None = None) -> list[tuple[str, str]]:
    """(endpoint, URL) of every GET route, once per hearing for the routes that name one.
    With `only`: just the routes of a hearing (by its slug) that need no other argument than those."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        if only is not None and not ("slug" in rule.arguments and rule.arguments <= only):
            continue
        for i, values in enumerate(values_list):
            if i and not ({"slug", "token"} & set(rule.arguments)):
                continue
            with app.test_request_context():
                found.append((rule.endpoint, url_for(rule.endpoint, **{n: values[n] for n in rule.arguments})))
    return found


def roles_for(endpoint: str) -> list[str]:
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
