"""Every page of the app, for every role, with real data: what the whole-site checks visit.

Used by tests/browser/test_every_page.py and tests/browser/test_every_state.py
(axe-core in Chromium) and tests/test_valid_html.py (the Nu HTML Checker on the
server's HTML).

Every GET route of `app.url_map` (so a new route is not forgotten) is opened by
one representative of each role that may use it (tests/access_rules.py
says who: ACCESS and LET_IN), once per hearing for routes that name one.

Two hearings (`rich_world`): the `world` of tests/test_route_access.py (open, a party
with a personal link, a response with a comment and a reply), and one being
answered with an approved reply and a finalised, published memo, so the memo
and committee pages show real content.

`more_states` adds the states that crawl reaches only as refusals (403, 404, 409
or a redirect away), because its data lacks them, and the refusal pages
themselves (the visits that are meant to be refused).

The fixtures `world`, `rich_world` and `more_states` are offered to every test by tests/conftest.py.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import current_app, url_for
from itsdangerous import URLSafeTimedSerializer

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.hearings.alternatives.models import Alternative
from app.hearings.models import Hearing, HearingState, Invitation, PartyLink
from app.hearings.tokens import new_token, token_hash
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.models import ResponseState
from tests.access_rules import ACCESS, LET_IN, PARTY_LINK, SIGNED_IN
from tests.factories import (
    make_comment,
    make_finished_job,
    make_hearing,
    make_organisation,
    make_party,
    make_response,
    make_user,
)

# One representative per kind of person; the staff representative is an officer of the hearing.
ROLES = ["anonymous", "party", "committee", "officer", "approver", "admin"]
# Log-out ends the session; the ways to the sign-in providers lead to their pages, not the app's.
SKIPPED_ENDPOINTS = {"static", "accounts.logout", "signin.staff_start", "signin.citizen_start", "signin.party_start"}
NOT_FOUND_URL = "/findes-ikke"
# Pages of a hearing that refuse (or send elsewhere) while it is a draft, and public pages that do while it is open.
NOT_IN_DRAFT = {"replies.assign_sections", "memos.finalise_memo", "memos.send_to_committee",
                "staff_responses.letter_new",
                "hearings.earlier_comments"}  # a second round's only (404 for a first round): visited on one
NOT_WHILE_OPEN = {"public.memo", "public.memo_file", "public.memo_appendix_file", "api.hearing", "api.datapackage"}

# Posting these (even empty) would change what the pages after them show, or end the session.
DESTRUCTIVE_POSTS = {
    "public.set_language", "accounts.logout", "privacy.erase",
    "accounts.two_factor_disable", "accounts.new_recovery_codes",
    "users.change_role", "users.deactivate", "users.reactivate", "users.send_link", "users.reset_two_factor",
    "hearings.perform", "hearings.remove_party", "hearings.resend", "hearings.revoke_link", "hearings.send_reminders",
    "hearings.move_section", "hearings.merge_sections", "hearings.renumber_sections", "hearings.save_draft",
    "replies.revise_draft", "memos.publish_memo", "memos.unpublish_memo", "replies.detach_comment",
    "replies.toggle_not_a_remark", "replies.approve_reply", "replies.reply_ready", "replies.start_reply",
    "memos.send_to_committee", "meetings.new_meeting", "meetings.correct_meeting",
    "parties.deactivate", "parties.reactivate", "parties.deactivate_contact", "parties.reactivate_contact",
    "parties.confirm_import", "responses.withdraw", "responses.citizen_withdraw", "staff_responses.mail_set_aside",
    "accounts.digest_setting", "committee.ask_question", "questions.answer_question", "questions.approve_answer",
    "questions.send_back_answer",
    "responses.accept_cosignature",
}


@pytest.fixture
def world(db, oidc_provider):
    """One hearing with everything a route can name: section, file, party, link, response, contact, import."""
    # Sign-in with the municipality's login and MitID switched on (app/signin), both at the real provider on
    # loopback (tests/oidc_provider.py): the pages show their buttons, and the way out leads to the provider.
    current_app.config.update(**oidc_provider.settings(), **oidc_provider.settings("MITID"))
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
    job = make_finished_job(hearing, officer)
    hearing.committee_members.append(users["committee"])
    mail = _waiting_mail(hearing, party.contacts[0])
    meeting = _meeting(hearing, "Social- og Sundhedsudvalget")
    question = _question(hearing, users["committee"])
    db.session.commit()
    values = {
        "slug": hearing.slug, "key": "s85", "direction": "op", "attachment_id": 1, "action": "open",
        "link_id": invitation.links[0].id, "invitation_id": invitation.id, "response_id": response.id,
        "organisation_id": invitation.organisation_id, "contact_id": invitation.organisation.contacts[0].id,
        "event_id": report.id, "reply_id": reply.id, "comment_id": comment.id,
        "language": "en", "filename": "css/app.css", "token": party.tokens[0],
        "user_id": users["committee"].id, "file_format": "csv", "version": 1, "job_id": job.id,
        "mail_id": mail.id, "file_id": mail.files[0].id, "meeting_id": meeting.id, "question_id": question.id,
    }
    return {"values": values, "users": users, "revoked": revoked}


def _question(hearing, member, answered_by=None):
    """A member's written question on `hearing`; with `answered_by`: answered, waiting for approval."""
    from app.committee.questions import operations as questions

    member.party = member.party or "V"
    question = questions.add_question(hearing, member.name_with_party, "Hvordan bygges der videre på de "
                                      "eksisterende erfaringer i model 2?", asked_by=member)
    if answered_by is not None:
        questions.answer(question, "Erfaringerne videreføres gennem fælles kompetenceudvikling.", answered_by)
    return question


def _waiting_mail(hearing: Hearing, sender: str):
    """A mail with a PDF that came to the hearing's address (Post der venter), kept as a fetch keeps it."""
    from app.responses.letters.mailbox.content import read_mail
    from app.responses.letters.mailbox.operations import keep_mail
    from tests.factories import a_pdf
    from tests.responses.dovecot import hearing_mail

    message = hearing_mail(hearing.slug, sender=f"Ion Meyer <{sender}>",
                           files=[("Høringssvar fra Handicaprådet.pdf", "application/pdf", a_pdf()),
                                  ("program.exe", "application/octet-stream", b"MZ" + b"\0" * 100)])
    return keep_mail(hearing, read_mail(message.as_bytes()), 1, 1, datetime.now(UTC))


def _meeting(hearing, body: str, corrected: bool = False):
    """A meeting of the committee on `hearing`, as the minutes write it; `corrected`: with an earlier version."""
    from datetime import date

    from flask import current_app

    from app.committee.meetings import operations as meetings
    from app.committee.meetings.models import MeetingOutcome, VoteSide

    data = meetings.MeetingInput(
        body=meetings.body_named(body), held_on=date(2019, 6, 11), outcome=MeetingOutcome.RECOMMENDED,
        decision_text="Anbefalet.\n\nI forhold til høringssvaret henviser udvalget til forvaltningens bemærkninger.",
        votes=((VoteSide.FOR, 6, "3 (C), 2 (A), 1 (V)", ""), (VoteSide.AGAINST, 1, "F", "idet der mangler en plan")),
        absent=("Jørn Moos (V)",),
    )
    with current_app.test_request_context():
        meeting = meetings.record_meeting(hearing, data)
        if corrected:
            meetings.correct_meeting(meeting, data, "Stemmetallet var skrevet forkert.")
    return meeting


def _postponed(hearing):
    """The case postponed for the members' questions, as on 21 August 2013."""
    from datetime import date

    from flask import current_app

    from app.committee.meetings import operations as meetings
    from app.committee.meetings.models import MeetingOutcome

    data = meetings.MeetingInput(body=meetings.body_named("Social- og Sundhedsudvalget"), held_on=date(2013, 8, 21),
                                 outcome=MeetingOutcome.POSTPONED, decision_text="Sagen blev udsat.")
    with current_app.test_request_context():
        return meetings.record_meeting(hearing, data)


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
    mail = _waiting_mail(hearing, council.contacts[0].email)
    meeting = _meeting(hearing, "Social- og Sundhedsudvalget", corrected=True)
    question = _question(hearing, users["committee"], answered_by=users["officer"])
    db.session.commit()
    second = {
        **world["values"], "slug": hearing.slug, "key": section.key, "response_id": response.id,
        "reply_id": waiting.id, "comment_id": comment.id, "invitation_id": invitation.id,
        "link_id": invitation.links[0].id, "token": token, "mail_id": mail.id, "file_id": mail.files[0].id,
        "meeting_id": meeting.id, "question_id": question.id,
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


@pytest.fixture
def more_states(app, db, world, rich_world):
    """Pages `rich_world` reaches only as refusals, now in the states a person sees them in:

    - a hearing in draft, with a document: its staff pages (importing the draft, editing and splitting a
      section), by its officer;
    - a public hearing with a document: its pages for a visitor (the citizen's answer form); a late
      citizen's response (the page to accept it); a citizen's unconfirmed response (the link in the
      mail that confirms it); a party's submitted response with an attachment (its receipt, the page to
      withdraw it, the staff's view of it and its versions), naming another party as co-signer (that
      party's page, with the joint response to accept);
    - a hearing whose memo went to the committee: the page to record the committee's meeting, and the
      confirmation page of publishing its memo;
    - the confirmation page of opening the hearing in draft (public, no parties, a planned opening);
    - a valid link to one's own data, a valid link to choose a new password, the second step of log-in,
      the set-up of two-step verification (an administrator without it), and turning it off (a committee
      member with it).

    Returns {"visits": [(role, endpoint, URL)], "refusals": [(role, endpoint, URL)], "users": {role: User}}:
    `visits` are meant to be let in, `refusals` are the pages a refused person sees (not found, forbidden,
    a conflict, a link that does not work), one of each kind. Roles are those of ROLES, plus "halfway"
    (password given, no code yet), "unenrolled" and "verified" (in `users`).
    """
    from app.accounts.models import PasswordPurpose, PasswordToken, Role, User
    from app.attachments.operations import PDF, store_attachment
    from app.memos.operations import finalise
    from app.privacy.operations import LINK_SALT
    from app.responses import operations as responding
    from app.responses.citizens import CONFIRMATION_SALT
    from app.responses.models import Response, ResponseKind, ResponseState
    from app.subscriptions import operations as subscriptions
    from app.subscriptions.models import Topic
    from tests.factories import make_user

    now = datetime.now(UTC)
    officer = db.session.get(User, rich_world["users"]["officer"].id)
    committee = db.session.get(User, rich_world["users"]["committee"].id)
    # Public and without parties, planned to open in a week: its confirmation page of opening warns of both.
    draft = make_hearing(state=HearingState.DRAFT, sections=3, title="Kvalitetsstandarder 2020: udkast",
                         opens_at=now + timedelta(days=7), deadline_at=now + timedelta(days=37), is_public=True)
    draft.officers.append(officer)
    draft_document = store_attachment("Udkast til kvalitetsstandarder.pdf", b"%PDF-1.7 udkast", PDF,
                                      hearing_id=draft.id, personal=False)

    public = make_hearing(state=HearingState.OPEN, sections=3, title="Plan for botilbud: høring", is_public=True)
    public.officers.append(officer)
    # Two models to choose between: the party's and the citizen's forms ask which, the public page lists them.
    public.alternatives = [Alternative(position=0, name="Model A", section_key="s2"),
                           Alternative(position=1, name="Model B", section_key="s3")]
    store_attachment("Høringsbrev.pdf", b"%PDF-1.7 brev", PDF, hearing_id=public.id, personal=False)
    public.current_version.original_attachment_id = store_attachment(  # its public page offers it for download
        "Plan for botilbud.pdf", b"%PDF-1.7 plan", PDF, hearing_id=public.id, personal=False).id
    citizen = "karen.jensen@example.org"
    late = Response(hearing=public, kind=ResponseKind.CITIZEN, citizen_name="Karen Jensen", citizen_email=citizen,
                    state=ResponseState.SUBMITTED, submitted_at=now, is_late=True)
    unconfirmed = Response(hearing=public, kind=ResponseKind.CITIZEN, citizen_name="Jens Hansen",
                           citizen_email="jens.hansen@example.org", state=ResponseState.DRAFT, created_at=now,
                           draft={"section-s1": "Der mangler pladser i Nordbyen.", "signed_name": "Jens Hansen"})
    db.session.add_all([late, unconfirmed])
    # A party that answered, with an attachment: its receipt, and what staff see of it.
    union = make_organisation("Ældre Sagen Vestby")
    invitation = Invitation(hearing=public, organisation=union, invited_at=now - timedelta(days=7))
    party_token = new_token()
    db.session.add(PartyLink(invitation=invitation, contact=union.contacts[0], token_hash=token_hash(party_token),
                             sent_at=now - timedelta(days=7)))
    db.session.add(invitation)
    # Another party on the list, so the party's form offers to answer together (a joint response); named as
    # co-signer, its own link shows the joint response to accept above its own form.
    council = make_organisation("Bruger- og pårørenderådet")
    cosigner = Invitation(hearing=public, organisation=council, invited_at=now - timedelta(days=7))
    cosigner_token = new_token()
    db.session.add_all([cosigner, PartyLink(invitation=cosigner, contact=council.contacts[0],
                                            token_hash=token_hash(cosigner_token), sent_at=now - timedelta(days=7))])
    db.session.flush()
    answered = responding.start_party_response(invitation)
    answered.draft = {"general": "Vi støtter planen.", "section-s2": "Flere pladser tæt på familien.",
                      "signed_name": "Kontakt", "signed_role": "Formand", "cosigners": str(council.id)}
    attachment = responding.add_attachment(answered, "Bilag til høringssvar.pdf", b"%PDF-1.7 bilag", PDF)
    responding.submit(answered, public.current_version.sections, union.contacts[0], now)

    # Sent to the committee: its decision is to be recorded.
    sent = make_hearing(state=HearingState.REPLYING, sections=2, title="Takster 2021: til udvalget",
                        committee="Social- og Sundhedsudvalget", opens_at=now - timedelta(days=40),
                        deadline_at=now - timedelta(days=10))
    sent.officers.append(officer)
    sent.committee_members.append(committee)
    db.session.flush()
    finalise(sent, officer)
    sent.state, sent.sent_to_committee_at = HearingState.SENT, now
    _postponed(sent)  # its members may ask written questions

    # Postponed by the committee: a revised draft being made (its pages), and one sent to a second round, open.
    from tests.hearings.round_helpers import second_round_states

    revising, second, second_token = second_round_states(db, officer, committee)

    users = {"halfway": make_user(Role.APPROVER), "unenrolled": make_user(Role.ADMIN, two_factor=False),
             "verified": make_user(Role.COMMITTEE, two_factor=True)}
    reset = new_token()
    db.session.add(PasswordToken(user=officer, purpose=PasswordPurpose.RESET, token_hash=token_hash(reset),
                                 created_at=now, expires_at=now + timedelta(hours=1)))
    db.session.commit()
    # A subscription to the public hearing's memo, asked for and confirmed: its links' pages.
    with app.test_request_context():
        subscription = subscriptions.subscribe(citizen, Topic.HEARING, hearing=public)
        subscriptions.confirm(subscription)
        subscribe_links = {"confirm": subscriptions.confirm_token(subscription),
                           "unsubscribe": subscriptions.unsubscribe_token(subscription)}
    db.session.commit()
    imported, refused = _draft_imports(draft, officer)
    own_data = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=LINK_SALT).dumps(citizen)
    confirmation = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=CONFIRMATION_SALT).dumps(unconfirmed.id)
    confirmed = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=CONFIRMATION_SALT).dumps(late.id)

    def pages_of(hearing, **values):
        return page_urls(app, [{**rich_world["values"][0], "slug": hearing.slug, "key": "s2", **values}],
                         {"slug", "key", "attachment_id"})

    # The draft hearing's staff pages, by its officer; the public hearing's pages, as a visitor sees them.
    visits = [("officer", endpoint, address)
              for endpoint, address in pages_of(draft, attachment_id=draft_document.id, job_id=imported.id)
              if endpoint.startswith("hearings.") and endpoint not in NOT_IN_DRAFT]
    visits += [("anonymous", endpoint, address) for endpoint, address in pages_of(public)
               if "anonymous" in roles_for(endpoint) and endpoint not in NOT_WHILE_OPEN]

    def at(role: str, endpoint: str, **values) -> tuple[str, str, str]:
        return role, endpoint, url_for(endpoint, **values)

    answer = {"slug": public.slug, "response_id": answered.id}
    with app.test_request_context():
        visits += [
            at("officer", "staff_responses.response_accept_late", slug=public.slug, response_id=late.id),
            at("officer", "staff_responses.response_page", **answer),
            at("officer", "staff_responses.response_versions", **answer),
            at("officer", "staff_responses.response_attachment", **answer, attachment_id=attachment.id),
            at("officer", "meetings.new_meeting", slug=sent.slug),
            at("committee", "committee.ask_question", slug=sent.slug),
            at("officer", "memos.publish_memo", slug=sent.slug),  # asks first: finalised, not published
            at("officer", "hearings.perform", slug=draft.slug, action="open"),  # asks first
            at("officer", "hearings.new_committee_draft", slug=revising.hearing.slug),
            at("officer", "hearings.committee_draft", slug=revising.hearing.slug, version=2),
            at("officer", "hearings.edit_committee_section", slug=revising.hearing.slug, version=2, key="model-2"),
            at("officer", "hearings.import_committee_draft", slug=revising.hearing.slug, version=2),
            at("officer", "hearings.second_round", slug=revising.hearing.slug),
            at("committee", "committee.committee_draft", slug=revising.hearing.slug, version=2),
            at("officer", "hearings.show", slug=revising.hearing.slug),
            at("officer", "hearings.show", slug=second.slug),
            at("officer", "hearings.earlier_comments", slug=second.slug),
            at("party", "responses.party_start", token=second_token),
            at("officer", "hearings.import_draft", slug=draft.slug, job=refused.id),  # a file it could not read
            at("party", "responses.party_start", token=party_token),
            at("party", "responses.party_start", token=cosigner_token),  # a joint response to accept
            at("party", "responses.receipt", token=party_token),
            at("party", "responses.withdraw", token=party_token),
            at("party", "responses.party_attachment", token=party_token, attachment_id=attachment.id),
            at("anonymous", "responses.citizen_confirm", slug=public.slug, token=confirmation),
            at("anonymous", "responses.citizen_withdraw", slug=public.slug, token=confirmed),
            at("anonymous", "privacy.data", token=own_data),
            at("anonymous", "accounts.reset_password", token=reset),
            at("anonymous", "subscriptions.confirm", token=subscribe_links["confirm"]),
            at("anonymous", "subscriptions.unsubscribe", token=subscribe_links["unsubscribe"]),
            at("halfway", "accounts.login_code"),
            at("unenrolled", "accounts.two_factor_setup"),
            at("verified", "accounts.account"),
            at("verified", "accounts.two_factor_disable"),
            # Mine opgaver differs by role: the approval queue, the administrator's lists.
            at("approver", "worklists.index"),
            at("admin", "worklists.index"),
        ]
        refusals = [
            ("anonymous", "page not found", NOT_FOUND_URL),
            at("committee", "hearings.dashboard"),  # forbidden: staff only
            at("officer", "hearings.import_draft", slug=rich_world["values"][0]["slug"]),  # a conflict: not a draft
            at("anonymous", "responses.citizen_confirm", slug=public.slug, token="udloebet"),
            at("anonymous", "privacy.data", token="udloebet"),
            at("anonymous", "accounts.reset_password", token="udloebet"),
            at("anonymous", "subscriptions.unsubscribe", token="udloebet"),
            at("party", "responses.party_start", token=world["revoked"]),
        ]
    return {"visits": visits, "refusals": refusals, "users": users}


def _draft_imports(draft: Hearing, officer):
    """Two imports of a file into the draft, run as a worker runs them: one read (its preview), one refused."""
    from pathlib import Path

    from app.extensions import db
    from app.hearings.draft_jobs import order_draft_import
    from app.jobs.operations import run

    corpus = Path(__file__).resolve().parent / "fixtures" / "corpus"
    imported = order_draft_import(draft, officer, (corpus / "plan-2013.docx").read_bytes(), "plan-2013.docx")
    refused = order_draft_import(draft, officer, b"MZ\x90\x00program", "udkast.docx", "# Forord\n\nVores tekst.")
    db.session.commit()
    run(imported.id)
    run(refused.id)
    return imported, refused


def client_of(app, role: str, users: dict, language: str):
    """A test client logged in as `role` (or half-way, or as nobody), with `language` chosen."""
    from tests.conftest import CODE_PATH, AuthActions  # conftest imports this module for its fixtures

    client = app.test_client()
    if role == "halfway":  # the password given, the code from the app not yet
        client.second_step = False
        response = AuthActions(client).submit(users[role].email)
        assert response.headers.get("Location") == CODE_PATH, f"{role} did not stop at the second step"
    elif role not in ("anonymous", "party"):
        AuthActions(client).log_in(users[role])
    response = client.get(f"/sprog/{language}")
    assert response.status_code == 302, f"{role} could not choose {language}: {response.status_code}"
    return client


def every_visit(app, rich_world, more_states) -> list[tuple[str, str, str]]:
    """(role, endpoint, URL) of every page to check, in the order they are opened."""
    urls = page_urls(app, rich_world["values"])
    visits = [(role, endpoint, url) for role in ROLES for endpoint, url in urls if role in roles_for(endpoint)]
    return visits + more_states["visits"] + more_states["refusals"]
