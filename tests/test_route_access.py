"""Every route of the app, for every role: who is let in and who is refused.

The routes come from `app.url_map`, so a new route without a line in ACCESS
fails here until someone decides who may use it. "Let in" means neither a
refusal (403) nor a trip to the log-in page; what happens next (200, a
redirect, 404 for a missing object, 400 for an empty form) is the route's
own business and is tested where the route is.
"""

from datetime import UTC, datetime

import pytest
from flask import url_for

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.hearings.models import Hearing, Invitation, PartyLink
from app.hearings.tokens import new_token, token_hash
from app.replies.models import Reply
from app.responses.models import ResponseState
from tests.factories import PASSWORD, make_comment, make_organisation, make_response, make_user

PUBLIC = "public"  # anyone, logged in or not
STAFF = "staff"  # case officers, team leads, administrators
HEARING_EDIT = "hearing_edit"  # the hearing's own officers, team leads, administrators
APPROVE = "approve"  # team leads only
PARTY_LINK = "party_link"  # whoever holds a live personal link; nobody else
SIGNED_IN = "signed_in"  # anyone logged in, whatever the role
ADMIN = "admin"  # administrators only
COMMITTEE_READ = "committee_read"  # the hearing's committee members (world's committee user is one), and staff

ACCESS = {
    "static": PUBLIC,
    "serving.health": PUBLIC,
    "public.index": PUBLIC,
    "public.accessibility": PUBLIC,
    "public.set_language": PUBLIC,
    "public.hearing": PUBLIC,
    "public.memo": PUBLIC,  # 404 until staff publish it
    "public.memo_file": PUBLIC,
    "privacy.notice": PUBLIC,  # the privacy notice, and asking for one's own data by e-mail
    "privacy.sent": PUBLIC,
    "privacy.data": PUBLIC,  # the mailed link opens it; a wrong link gets "Linket virker ikke"
    "privacy.download": PUBLIC,
    "privacy.erase": PUBLIC,
    "api.hearings": PUBLIC,
    "api.hearing": PUBLIC,
    "api.openapi": PUBLIC,
    "accounts.login": PUBLIC,
    "accounts.logout": PUBLIC,
    "accounts.forgot_password": PUBLIC,
    "accounts.reset_password": PUBLIC,  # the link in the mail opens it; a wrong link gets "Linket virker ikke"
    "accounts.login_code": SIGNED_IN,  # half-way through log-in; without the password first, back to log-in
    "accounts.account": SIGNED_IN,
    "accounts.change_password": SIGNED_IN,
    "accounts.two_factor_setup": SIGNED_IN,
    "accounts.new_recovery_codes": SIGNED_IN,
    "accounts.two_factor_disable": SIGNED_IN,
    "accounts.session_status": SIGNED_IN,  # JSON for the time-out warning; 401 to a JSON request when logged out
    "accounts.session_extend": SIGNED_IN,  # "Forbliv logget ind" in that warning
    "users.index": ADMIN,
    "users.new": ADMIN,
    "users.show": ADMIN,
    "users.change_role": ADMIN,
    "users.deactivate": ADMIN,
    "users.reactivate": ADMIN,
    "users.send_link": ADMIN,
    "users.reset_two_factor": ADMIN,
    "responses.citizen_respond": PUBLIC,
    "responses.citizen_sent": PUBLIC,
    "responses.citizen_confirm": PUBLIC,
    "responses.party_start": PARTY_LINK,
    "responses.party_save": PARTY_LINK,
    "responses.party_attachment": PARTY_LINK,
    "responses.receipt": PARTY_LINK,
    "responses.receipt_download": PARTY_LINK,
    "responses.withdraw": PARTY_LINK,
    "hearings.dashboard": STAFF,
    "hearings.new": STAFF,
    "hearings.show": STAFF,
    "hearings.parties": STAFF,
    "hearings.document": STAFF,
    "hearings.response_list": STAFF,
    "hearings.response_page": STAFF,
    "hearings.response_attachment": STAFF,
    "hearings.response_versions": STAFF,
    "hearings.edit": HEARING_EDIT,
    "hearings.sections": HEARING_EDIT,
    "hearings.deadline": HEARING_EDIT,
    "hearings.perform": HEARING_EDIT,
    "hearings.import_draft": HEARING_EDIT,
    "hearings.save_draft": HEARING_EDIT,
    "hearings.edit_section": HEARING_EDIT,
    "hearings.split_section": HEARING_EDIT,
    "hearings.move_section": HEARING_EDIT,
    "hearings.merge_sections": HEARING_EDIT,
    "hearings.renumber_sections": HEARING_EDIT,
    "hearings.add_parties": HEARING_EDIT,
    "hearings.remove_party": HEARING_EDIT,
    "hearings.resend": HEARING_EDIT,
    "hearings.revoke_link": HEARING_EDIT,
    "hearings.response_accept_late": HEARING_EDIT,
    "hearings.letter_new": HEARING_EDIT,
    "hearings.reply_overview": STAFF,
    "hearings.assign_sections": HEARING_EDIT,
    "hearings.search": STAFF,
    "hearings.section_replies": STAFF,
    "hearings.start_reply": HEARING_EDIT,
    "hearings.edit_reply": HEARING_EDIT,
    "hearings.reply_ready": HEARING_EDIT,
    "hearings.detach_comment": HEARING_EDIT,
    "hearings.fix_comment": HEARING_EDIT,
    "hearings.move_comment": HEARING_EDIT,
    "hearings.split_comment": HEARING_EDIT,
    "hearings.toggle_not_a_remark": HEARING_EDIT,
    "hearings.draft_revision": STAFF,
    "hearings.revise_draft": HEARING_EDIT,
    "hearings.compare_drafts": STAFF,
    "hearings.reply_history": STAFF,
    "hearings.memo_preview": STAFF,
    "hearings.memo_download": STAFF,
    "hearings.finalise_memo": HEARING_EDIT,
    "hearings.publish_memo": HEARING_EDIT,
    "hearings.unpublish_memo": HEARING_EDIT,
    "hearings.memo_version_download": STAFF,
    "hearings.comment_history": STAFF,
    "hearings.approve_reply": APPROVE,
    "hearings.send_back_reply": APPROVE,
    "hearings.send_to_committee": HEARING_EDIT,
    "hearings.record_decision": HEARING_EDIT,
    "committee.index": COMMITTEE_READ,
    "committee.hearing_page": COMMITTEE_READ,  # 404 while no memo is finalised
    "committee.memo_download": COMMITTEE_READ,
    "committee.response_page": COMMITTEE_READ,
    "committee.response_attachment": COMMITTEE_READ,
    "parties.index": STAFF,
    "parties.new": STAFF,
    "parties.show": STAFF,
    "parties.edit": STAFF,
    "parties.deactivate": STAFF,
    "parties.reactivate": STAFF,
    "parties.add_contact": STAFF,
    "parties.edit_contact": STAFF,
    "parties.deactivate_contact": STAFF,
    "parties.reactivate_contact": STAFF,
    "parties.import_csv": STAFF,
    "parties.confirm_import": STAFF,
    "parties.import_report": STAFF,
}

# Who tries, in this order: those who must be refused first, so that nothing a
# permitted actor changes (a party removed, a link revoked) can hide a refusal.
ACTORS = ["anonymous", "committee", "staff", "officer", "approver", "admin"]
LET_IN = {
    PUBLIC: set(ACTORS),
    STAFF: {"staff", "officer", "approver", "admin"},
    HEARING_EDIT: {"officer", "approver", "admin"},
    APPROVE: {"approver"},
    PARTY_LINK: set(),  # nobody by being logged in: only the link opens these
    SIGNED_IN: set(ACTORS) - {"anonymous"},
    ADMIN: {"admin"},
    COMMITTEE_READ: {"committee", "staff", "officer", "approver", "admin"},
}


def _routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_route_has_a_rule_of_access(app):
    missing = sorted({rule.endpoint for rule, _ in _routes(app) if rule.endpoint not in ACCESS})
    assert not missing, f"decide who may use these routes and add them to ACCESS: {missing}"
    stale = sorted(set(ACCESS) - {rule.endpoint for rule, _ in _routes(app)})
    assert not stale, f"these routes no longer exist: {stale}"


@pytest.fixture
def world(db):
    """One hearing with everything a route can name: section, file, party, link, response, contact, import."""
    from tests.responses.conftest import make_party

    party = make_party(db)
    hearing = db.session.get(Hearing, party.hearing_id)
    officer = make_user(Role.STAFF, name="Sagsbehandler")
    hearing.officers.append(officer)
    invitation = db.session.get(Invitation, party.invitation_id)
    response = make_response(hearing, make_organisation("Seniorrådet"), state=ResponseState.SUBMITTED,
                             submitted_at=datetime.now(UTC))
    comment = make_comment(response, hearing.current_version.sections[2], "Mere støtte i eget hjem.")
    reply = Reply(hearing=hearing, text="Forvaltningen er enig.", comments=[comment])
    revoked = new_token()
    db.session.add(PartyLink(invitation=invitation, token_hash=token_hash(revoked), revoked_at=datetime.now(UTC)))
    report = AuditEvent(actor_label="test", action="parties_imported", object_type="Organisation", details={})
    db.session.add_all([report, reply])
    users = {role.value: make_user(role) for role in (Role.STAFF, Role.APPROVER, Role.ADMIN, Role.COMMITTEE)}
    users["officer"] = officer
    hearing.committee_members.append(users["committee"])
    db.session.commit()
    values = {
        "slug": hearing.slug, "key": "s85", "direction": "op", "attachment_id": 1, "action": "close",
        "link_id": invitation.links[0].id, "invitation_id": invitation.id, "response_id": response.id,
        "organisation_id": invitation.organisation_id, "contact_id": invitation.organisation.contacts[0].id,
        "event_id": report.id, "reply_id": reply.id, "comment_id": comment.id,
        "language": "en", "filename": "css/app.css", "token": party.tokens[0],
        "user_id": users["committee"].id, "file_format": "csv", "version": 1,
    }
    return {"values": values, "users": users, "revoked": revoked}


def _log_in(client, user) -> None:
    response = client.post("/konto/log-ind", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, f"could not log in {user}"


def _request(app, client, rule, method, values):
    with app.test_request_context():
        url = url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})
    return client.open(url, method=method, data={})


@pytest.mark.parametrize("actor", ACTORS)
def test_each_actor_is_let_in_or_refused_on_every_route(app, client, world, actor):
    if actor != "anonymous":
        user = world["users"]["staff" if actor == "staff" else actor]
        _log_in(client, user)
    wrong = []
    for rule, method in _routes(app):
        access = ACCESS[rule.endpoint]
        if rule.endpoint == "accounts.logout":
            continue  # would end this actor's session for the routes after it
        response = _request(app, client, rule, method, world["values"])
        sent_to_log_in = response.status_code == 302 and "/konto/log-ind" in response.headers.get("Location", "")
        refused = response.status_code in (401, 403) or sent_to_log_in
        if access == PARTY_LINK:
            if response.status_code in (401, 403, 500) or sent_to_log_in:
                wrong.append(f"{method} {rule.rule}: the link holder got {response.status_code}")
            continue
        expected_in = actor in LET_IN[access]
        if expected_in and refused:
            wrong.append(f"{method} {rule.rule}: {actor} was refused ({response.status_code})")
        if not expected_in and not refused:
            wrong.append(f"{method} {rule.rule}: {actor} was let in ({response.status_code})")
        if actor == "anonymous" and not expected_in and not sent_to_log_in:
            wrong.append(f"{method} {rule.rule}: anonymous got {response.status_code}, not the log-in page")
    assert not wrong, "\n".join(wrong)


def test_a_revoked_or_unknown_link_opens_nothing(app, client, world):
    for token in (world["revoked"], "not-a-token", "x" * 500):
        for rule, method in _routes(app):
            if ACCESS[rule.endpoint] != PARTY_LINK:
                continue
            response = _request(app, client, rule, method, {**world["values"], "token": token})
            assert response.status_code == 404, f"{method} {rule.rule} with a bad link: {response.status_code}"
