"""Retention: when a hearing's personal data is due for removal, and removing it.

A hearing keeps personal data until its retention date: `Hearing.retention_until`
when staff set one, otherwise a configured number of months
(RETENTION_MONTHS_AFTER_DECISION) after the committee's decision. A hearing
that is never decided gets one a longer while after its deadline
(RETENTION_MONTHS_WITHOUT_DECISION). The data is removed on
the first run *after* that date, once: the hearing is then marked
(`personal_data_removed_at`) and later runs leave it alone.

What goes: citizens' names and addresses (a neutral placeholder where the
database requires a value), confirmations of addresses, signers' names, the
working copies, who among a party's contacts saved or submitted, names and
file names in the frozen submissions, attachments marked personal (their
content lives in the attachments table), the hearing's mails in the outbox,
the personal links, and names, addresses and IP addresses in the hearing's
audit trail. What stays: the comments' and replies' texts, the memo, the list
of parties, and the register of parties and contacts (administered for itself).
Kept texts are never edited; the report points out those that still name a
removed person, for a person to judge.

The public pieces (anonymise_responses, clean_submissions, delete_attachments,
delete_outbox_messages, scrub_audit_events, still_naming) also erase one
person's data on their request (app/privacy).

The caller commits (or rolls back, for a dry run).
"""

import calendar
import json
from datetime import date, datetime

from flask import current_app
from sqlalchemy import delete, false, func, or_, select, update

from app.attachments.models import Attachment
from app.audit.models import AuditEvent
from app.audit.operations import record
from app.db_types import utcnow
from app.extensions import db
from app.hearings.models import DraftVersion, Hearing, HearingState, Invitation, PartyLink
from app.memos.models import Memo
from app.notifications.models import OutboxAttachment, OutboxMessage
from app.parties.models import ContactPerson
from app.records import operations as records
from app.replies.models import Reply
from app.responses.drafts import SIGNED_NAME
from app.responses.letters.mailbox.operations import forget_mails
from app.responses.models import Comment, Response, ResponseKind, ResponseSubmission
from app.retention.report import HearingRetention, Removal, RetentionReport
from app.retention.scrub import IP_KEYS, PersonalText
from app.timezone import to_local

# Where the database needs a value (CHECK citizen_has_email, letter_has_sender) or a page reads better with one.
ANONYMISED_CITIZEN = "Borger (anonymiseret)"
ANONYMISED_EMAIL = "anonymiseret"  # not an address: nothing can be sent to it
ANONYMISED_NAME = "Anonymiseret"
ATTACHMENTS = "attachments"  # the frozen submission's list of files


# ---------------------------------------------------------------- the rule


def add_months(day: date, months: int) -> date:
    """`day` moved `months` calendar months on; the 31st becomes the month's last day when it has none."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def retention_date(hearing: Hearing, months: int, undecided_months: int | None = None) -> date | None:
    """The last day the hearing's personal data is kept, or None: kept until a decision gives it a date.

    Staff's own `retention_until` wins; otherwise `months` after `decided_on`, for a decided hearing;
    otherwise, with `undecided_months`, that long after the deadline: a round that is never decided
    (dropped, or forgotten) must not keep people's data for ever.
    """
    if hearing.retention_until is not None:
        return hearing.retention_until
    if hearing.state is HearingState.DECIDED and hearing.decided_on is not None:
        return add_months(hearing.decided_on, months)
    if undecided_months is not None and hearing.deadline_at is not None:
        return add_months(to_local(hearing.deadline_at).date(), undecided_months)
    return None


def is_due(hearing: Hearing, today: date, months: int, undecided_months: int | None = None) -> bool:
    """True when the retention date has passed (today is after it) and the data is not removed yet."""
    until = retention_date(hearing, months, undecided_months)
    return hearing.personal_data_removed_at is None and until is not None and today > until


def due_hearings(today: date, months: int, undecided_months: int | None = None) -> list[Hearing]:
    candidates = db.session.scalars(
        select(Hearing)
        .where(Hearing.personal_data_removed_at.is_(None),
               or_(Hearing.retention_until.is_not(None), Hearing.state == HearingState.DECIDED,
                   Hearing.deadline_at.is_not(None) if undecided_months is not None else false()))
        .order_by(Hearing.id)
    )
    return [hearing for hearing in candidates if is_due(hearing, today, months, undecided_months)]


def local_today() -> date:
    return to_local(utcnow()).date()


# ---------------------------------------------------------------- removing


def apply_retention(today: date, months: int | None = None, after_each=None) -> RetentionReport:
    """Remove the personal data of every hearing that is due. Running it again changes nothing.

    `after_each(done, total)` is called after each hearing (the background job commits and reports there)."""
    if months is None:
        months = current_app.config["RETENTION_MONTHS_AFTER_DECISION"]
    undecided = current_app.config["RETENTION_MONTHS_WITHOUT_DECISION"]
    report = RetentionReport(today=today, months=months)
    due = due_hearings(today, months, undecided)
    for done, hearing in enumerate(due, start=1):
        report.hearings.append(remove_personal_data(hearing, retention_date(hearing, months, undecided), utcnow()))
        if after_each is not None:
            after_each(done, len(due))
    return report


def remove_personal_data(hearing: Hearing, due_after: date, now: datetime) -> HearingRetention:
    result = HearingRetention(hearing_id=hearing.id, slug=hearing.slug, due_after=due_after)
    responses = db.session.scalars(select(Response).where(Response.hearing_id == hearing.id)).all()
    response_ids = [r.id for r in responses]
    submissions = db.session.scalars(
        select(ResponseSubmission).where(ResponseSubmission.response_id.in_(response_ids))
    ).all()
    attachments = db.session.scalars(
        select(Attachment).where(or_(Attachment.hearing_id == hearing.id, Attachment.response_id.in_(response_ids)))
    ).all()
    personal_files = [a for a in attachments if a.is_personal]
    contacts = _contacts(hearing, responses)
    recipients = db.session.scalars(
        select(OutboxMessage.recipient).where(OutboxMessage.hearing_id == hearing.id)
    ).all()

    # Found before anything changes: the names and addresses to look for elsewhere.
    people = PersonalText([
        *(s for r in responses for s in (r.citizen_name, r.citizen_email, r.signed_name)),
        *(s.content.get(SIGNED_NAME) for s in submissions),
        *(s for c in contacts for s in (c.name, c.email)),
        *recipients,
    ])
    in_audit = PersonalText([*people.strings, *(a.filename for a in personal_files)])

    anonymise_responses(responses, people, result)
    clean_submissions(submissions, {a.id for a in personal_files}, result)
    delete_attachments(personal_files, result)
    forget_mails(hearing)  # mails to the hearing's address (Post til høringen)
    _delete_outbox(hearing, result)
    _delete_party_links(hearing, result)
    _scrub_audit(hearing, response_ids, in_audit, result)
    result.filing_records_scrubbed = records.forget_personal([hearing.id], people)
    _count_kept(hearing, response_ids, attachments, personal_files, contacts, people, result)

    hearing.personal_data_removed_at = now
    db.session.flush()
    record("personal_data_removed", hearing, hearing_id=hearing.id, actor_label="system",
           due_after=due_after.isoformat(), **result.removed_counts())
    return result


def _contacts(hearing: Hearing, responses: list[Response]) -> list[ContactPerson]:
    """Everyone of the invited parties: links and receipts went to them, the audit trail names them."""
    linked = select(PartyLink.contact_id).join(Invitation).where(Invitation.hearing_id == hearing.id)
    invited = select(Invitation.organisation_id).where(Invitation.hearing_id == hearing.id)
    acting = {r.submitted_by_id for r in responses} | {r.draft_saved_by_id for r in responses}
    return db.session.scalars(
        select(ContactPerson).where(or_(
            ContactPerson.organisation_id.in_(invited), ContactPerson.id.in_(linked),
            ContactPerson.id.in_([i for i in acting if i is not None]),
        )).order_by(ContactPerson.id)
    ).all()


def anonymise_responses(responses: list[Response], people: PersonalText, result: Removal) -> None:
    """Names, addresses, confirmations, consent, signatures and working copies go; the texts stay."""
    for response in responses:
        reason = people.scrub(response.late_accepted_reason)  # staff's words, but they may name the sender
        if reason.changed:
            response.late_accepted_reason = reason.value
            result.notes_scrubbed += 1
        if response.kind is ResponseKind.CITIZEN or response.citizen_name or response.citizen_email:
            response.citizen_name = ANONYMISED_CITIZEN
            response.citizen_email = ANONYMISED_EMAIL if response.citizen_email is not None else None
            response.citizen_organisation = None  # typed by the citizen about themselves
            response.publish_name = False
            result.citizens_anonymised += 1
        if response.email_confirmed_at is not None:
            response.email_confirmed_at = None
            result.confirmations_removed += 1
        response.mitid_subject = None  # MitID's pseudonymous id; "verificeret med MitID" (the time) stays
        letter = people.scrub(response.full_text)  # a letter's signature names its signer
        if letter.changed:
            response.full_text = letter.value
        if response.signed_name:
            response.signed_name = ANONYMISED_NAME
            result.signatures_removed += 1
        if response.submitted_by_id is not None or response.draft_saved_by_id is not None:
            response.submitted_by_id = response.draft_saved_by_id = None
            result.submitters_removed += 1
        if response.draft or response.draft_saved_at is not None:
            response.draft, response.draft_saved_at = {}, None
            result.drafts_emptied += 1


def clean_submissions(submissions: list[ResponseSubmission], removed_files: set[int], result: Removal) -> None:
    """The texts stay; the signer's name, removed files (their names) and any IP address go."""
    for submission in submissions:
        content = dict(submission.content)
        changed = False
        if content.get(SIGNED_NAME):
            content[SIGNED_NAME] = ANONYMISED_NAME
            changed = True
        files = content.get(ATTACHMENTS) or []
        kept = [f for f in files if f.get("id") not in removed_files]
        if len(kept) != len(files):
            content[ATTACHMENTS] = kept
            changed = True
        for key in [k for k in content if k.lower() in IP_KEYS]:
            del content[key]
            result.ip_addresses_removed += 1
            changed = True
        if changed:
            submission.content = content
            result.submissions_cleaned += 1


def delete_attachments(files: list[Attachment], result: Removal) -> None:
    ids = [a.id for a in files]
    if not ids:
        return
    result.attachments_deleted += len(ids)
    result.attachment_bytes_deleted += sum(a.size for a in files)
    db.session.execute(update(Comment).where(Comment.source_attachment_id.in_(ids)).values(source_attachment_id=None))
    db.session.execute(
        update(DraftVersion).where(DraftVersion.original_attachment_id.in_(ids)).values(original_attachment_id=None)
    )
    for attachment in files:
        db.session.delete(attachment)
    db.session.flush()


def _delete_outbox(hearing: Hearing, result: HearingRetention) -> None:
    """Every mail of the hearing goes, sent or not: recipient, text and attached receipts."""
    delete_outbox_messages(
        db.session.scalars(select(OutboxMessage.id).where(OutboxMessage.hearing_id == hearing.id)).all(), result
    )


def delete_outbox_messages(ids: list[int], result: Removal) -> None:
    """These mails go, sent or not, with their attached files."""
    if not ids:
        return
    result.outbox_attachments_deleted += db.session.scalar(
        select(func.count(OutboxAttachment.id)).where(OutboxAttachment.message_id.in_(ids))
    )
    db.session.execute(delete(OutboxAttachment).where(OutboxAttachment.message_id.in_(ids)))
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(ids)))
    result.outbox_messages_deleted += len(ids)


def _delete_party_links(hearing: Hearing, result: HearingRetention) -> None:
    """The links tie a named contact to the hearing; the invitations (the list of parties) stay."""
    invitations = select(Invitation.id).where(Invitation.hearing_id == hearing.id)
    ids = db.session.scalars(select(PartyLink.id).where(PartyLink.invitation_id.in_(invitations))).all()
    if ids:
        db.session.execute(delete(PartyLink).where(PartyLink.id.in_(ids)))
    result.party_links_deleted = len(ids)


def _scrub_audit(hearing: Hearing, response_ids: list[int], personal: PersonalText,
                 result: HearingRetention) -> None:
    events = db.session.scalars(
        select(AuditEvent).where(or_(
            AuditEvent.hearing_id == hearing.id,
            (AuditEvent.object_type == "Response") & AuditEvent.object_id.in_(response_ids),
        )).order_by(AuditEvent.id)
    ).all()
    scrub_audit_events(events, personal, result)


def scrub_audit_events(events: list[AuditEvent], personal: PersonalText, result: Removal) -> None:
    """The known names and addresses, and any IP address, replaced in each event's label and details."""
    for event in events:
        label, details = personal.scrub(event.actor_label), personal.scrub(event.details or {})
        if label.changed or details.changed:
            event.actor_label, event.details = label.value, details.value
            result.audit_events_scrubbed += 1
            result.ip_addresses_removed += label.ips + details.ips


def _count_kept(hearing: Hearing, response_ids: list[int], attachments: list[Attachment],
                personal_files: list[Attachment], contacts: list[ContactPerson], people: PersonalText,
                result: HearingRetention) -> None:
    comments = db.session.scalars(select(Comment).where(Comment.response_id.in_(response_ids))).all()
    replies = db.session.scalars(select(Reply).where(Reply.hearing_id == hearing.id)).all()
    memos = db.session.scalars(select(Memo).where(Memo.hearing_id == hearing.id)).all()
    result.comments_kept, result.replies_kept, result.memos_kept = len(comments), len(replies), len(memos)
    result.attachments_kept = len(attachments) - len(personal_files)
    result.register_contacts_kept = len(contacts)
    result.still_naming = still_naming(comments, replies, memos, people)


def still_naming(comments: list[Comment], replies: list[Reply], memos: list[Memo], people: PersonalText
                 ) -> dict[str, int]:
    """How many of the kept texts still name a removed person: for a person to judge, never edited here."""
    return {
        "comments": sum(people.mentioned_in(c.heading, c.text) for c in comments),
        "replies": sum(
            people.mentioned_in(r.text, r.financial_note, r.draft_change, r.internal_note, r.sent_back_reason)
            for r in replies
        ),
        "memos": sum(
            people.mentioned_in(json.dumps(m.content, ensure_ascii=False), m.changes, m.override_reason)
            for m in memos
        ),
    }
