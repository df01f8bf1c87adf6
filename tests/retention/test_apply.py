"""Retention removes a decided hearing's personal data once its date has passed, keeps the memo,
and a second run changes nothing."""

from datetime import date, timedelta

from sqlalchemy import func, select

from app.attachments.models import Attachment
from app.audit.models import AuditEvent
from app.extensions import db
from app.hearings.models import Hearing, PartyLink
from app.memos.models import Memo
from app.notifications.models import OutboxMessage
from app.parties.models import ContactPerson
from app.replies.models import Reply
from app.responses.models import Comment, Response, ResponseSubmission
from app.retention.operations import ANONYMISED_CITIZEN, ANONYMISED_NAME, apply_retention
from tests.retention.scenario import (
    CITIZEN_EMAIL,
    CITIZEN_IP,
    CITIZEN_NAME,
    CITIZEN_TEXT,
    CONTACT_NAME,
    MEMO_TEXT,
    PARTY_TEXT,
    REPLY_TEXT,
    attachment_exists,
    citizen_of,
    dump,
    make_expired_hearing,
    make_recent_hearing,
    text_columns_containing,
)

TODAY = date.today()


def _apply(today: date = TODAY):
    report = apply_retention(today)
    db.session.commit()
    return report


def test_the_scenario_holds_the_personal_data_everywhere_before(app):
    """The check below only means something if the data was there to begin with."""
    make_expired_hearing()
    found = set(text_columns_containing(CITIZEN_NAME) + text_columns_containing(CITIZEN_EMAIL))
    assert {"responses.citizen_name", "responses.citizen_email", "response_submissions.content",
            "outbox_messages.recipient", "outbox_messages.body_text", "audit_events.details",
            "audit_events.actor_label", "attachments.filename", "attachments.data",
            "responses.late_accepted_reason"} <= found
    assert "audit_events.details" in text_columns_containing(CITIZEN_IP)


def test_no_name_address_or_ip_of_the_citizen_is_left_in_any_column(app):
    expired = make_expired_hearing()
    report = _apply()

    for needle in (CITIZEN_NAME, CITIZEN_EMAIL, CITIZEN_IP):
        assert text_columns_containing(needle) == [], needle
    assert not attachment_exists(expired.personal_attachment_id)
    [hearing] = report.hearings
    assert hearing.hearing_id == expired.hearing_id
    assert (hearing.citizens_anonymised, hearing.attachments_deleted) == (1, 1)
    assert hearing.ip_addresses_removed >= 2, "the detail and the label"


def test_the_partys_signer_stays_only_in_the_register_of_parties(app):
    make_expired_hearing()
    assert "responses.signed_name" in text_columns_containing(CONTACT_NAME)
    _apply()
    assert text_columns_containing(CONTACT_NAME) == ["contact_persons.name"]
    assert db.session.scalar(select(ContactPerson).where(ContactPerson.name == CONTACT_NAME)).active


def test_the_texts_replies_and_memo_are_kept(app):
    expired = make_expired_hearing()
    memo_before = db.session.get(Memo, expired.memo_id).content
    _apply()
    db.session.expire_all()

    texts = set(db.session.scalars(select(Comment.text)))
    assert {CITIZEN_TEXT, PARTY_TEXT} <= texts
    reply = db.session.get(Reply, expired.reply_id)
    assert reply.text == REPLY_TEXT and [c.text for c in reply.comments] == [CITIZEN_TEXT]
    memo = db.session.get(Memo, expired.memo_id)
    assert memo.content == memo_before and memo.content["introduction"] == MEMO_TEXT
    assert attachment_exists(expired.public_attachment_id)

    citizen = citizen_of(expired.citizen_response_id)
    assert citizen.sender_name == ANONYMISED_CITIZEN
    assert citizen.citizen_organisation is None and not citizen.publish_name and citizen.email_confirmed_at is None
    assert citizen.draft == {}
    assert citizen.late_accepted_reason == "[anonymiseret] ringede og forklarede forsinkelsen."
    [submission] = citizen.submissions
    assert submission.content["sections"][0]["text"] == CITIZEN_TEXT
    assert submission.content["signed_name"] == ANONYMISED_NAME and submission.content["attachments"] == []
    party = db.session.get(Response, expired.party_response_id)
    assert party.signed_name == ANONYMISED_NAME and party.signed_role == "formand"
    assert party.submitted_by_id is None and party.organisation.name == "Handicaprådet"


def test_mails_links_and_the_audit_trail_of_the_hearing_are_cleaned(app):
    expired = make_expired_hearing()
    assert db.session.scalar(select(func.count(OutboxMessage.id))) >= 3  # confirmation, two receipts
    report = _apply()

    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    assert db.session.scalar(select(func.count(PartyLink.id))) == 0
    hearing = db.session.get(Hearing, expired.hearing_id)
    assert hearing.personal_data_removed_at is not None
    assert len(hearing.invitations) == 1, "the list of parties stays"
    [run] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "personal_data_removed")).all()
    assert run.hearing_id == hearing.id and run.actor_label == "system"
    assert run.details["outbox_messages_deleted"] == report.hearings[0].outbox_messages_deleted >= 3
    assert all(isinstance(value, int) for key, value in run.details.items() if key != "due_after")


def test_a_second_run_changes_nothing_and_says_so(app):
    make_expired_hearing()
    _apply()
    before = dump()
    report = _apply()
    assert report.hearings == []
    assert "Intet at gøre" in report.summary()
    assert dump() == before


def test_a_hearing_not_yet_due_is_untouched(app):
    expired = make_expired_hearing()
    recent = make_recent_hearing("Karen Kirstine Kjær", "karen.kjaer@borger.example.net")
    recent_rows = {name: rows for name, rows in dump().items()}
    report = _apply()

    assert [h.hearing_id for h in report.hearings] == [expired.hearing_id]
    assert "responses.citizen_email" in text_columns_containing("karen.kjaer@borger.example.net")
    assert "outbox_messages.recipient" in text_columns_containing("karen.kjaer@borger.example.net")
    response = db.session.scalar(select(Response).where(Response.hearing_id == recent))
    assert response.citizen_name == "Karen Kirstine Kjær" and response.email_confirmed_at is not None
    assert db.session.scalar(select(func.count(Attachment.id)).where(Attachment.response_id == response.id)) == 1
    submissions = [r for r in dump()["response_submissions"] if r[1] == response.id]
    assert submissions == [r for r in recent_rows["response_submissions"] if r[1] == response.id]


def test_the_retention_date_decides_and_a_later_date_catches_up(app):
    expired = make_expired_hearing()
    hearing = db.session.get(Hearing, expired.hearing_id)
    due = date(2022, 1, 15)  # 24 months after the decision, the default
    assert _apply(today=due).hearings == [], "kept on its last day"
    assert _apply(today=due + timedelta(days=1)).hearings[0].due_after == due
    assert hearing.personal_data_removed_at is not None


def test_a_memo_that_names_a_removed_person_is_kept_as_it_is_and_pointed_out(app):
    expired = make_expired_hearing()
    memo = db.session.get(Memo, expired.memo_id)
    memo.content = {**memo.content, "appendix": f"Høringssvar fra {CITIZEN_NAME}"}
    db.session.commit()
    report = _apply()
    assert report.hearings[0].still_naming == {"comments": 0, "replies": 0, "memos": 1}
    assert "OBS" in report.summary() and "høringsnotater: 1" in report.summary()
    db.session.expire_all()
    assert db.session.get(Memo, expired.memo_id).content["appendix"].endswith(CITIZEN_NAME)


def test_submissions_keep_their_texts_when_an_attachment_goes(app):
    expired = make_expired_hearing()
    _apply()
    db.session.expire_all()
    contents = [s.content for s in db.session.scalars(select(ResponseSubmission))]
    assert {c["signed_name"] for c in contents} == {ANONYMISED_NAME}
    assert all(c["attachments"] == [] for c in contents)
    assert db.session.get(Response, expired.party_response_id).comments[0].text == PARTY_TEXT
