"""What happens to a party's response: saved while typed, submitted, changed, withdrawn.

The working copy (`Response.draft`) is what the party edits; staff see only
what was submitted: the comments, and a frozen copy of every submitted
version. Submitting twice with nothing changed makes no second version, so a
double click, a second tab or a retried request counts once.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, bindparam, func, insert, select
from sqlalchemy import text as sql

from app.attachments.models import Attachment
from app.attachments.operations import safe_filename, store_attachment
from app.attachments.uploads import MAX_FILES
from app.audit.operations import record
from app.db_types import utcnow
from app.extensions import db
from app.hearings.models import Invitation, Section
from app.notifications.operations import RECEIPT_PDF, Later, queue_mail
from app.parties.models import ContactPerson
from app.responses import drafts, preferences
from app.responses.models import Comment, CommentStatus, Response, ResponseKind, ResponseState, ResponseSubmission
from app.responses.receipt_pdf import receipt_filename
from app.responses.window import Window, window

MAX_ATTACHMENTS = MAX_FILES  # what a form reads (app.attachments.uploads) is what a response takes
ATTACHMENTS = "attachments"  # the draft's list of attachment ids


def party_response(invitation: Invitation, *, lock: bool = False, last_try: bool = False) -> Response | None:
    """The party's response; with `lock`, its row is locked until the commit and read afresh, so that a
    colleague's save in between is merged onto, not lost (PostgreSQL: FOR UPDATE). SQLite has no row lock:
    a save tries optimistically, and its `last_try` takes the database's write lock before it reads."""
    if lock and last_try:
        _write_lock_on_sqlite()
    return db.session.scalar(_party_response_query(lock), _party(invitation))


def own_or_joint_response(invitation: Invitation) -> tuple[Response | None, Response | None]:
    """The party's own response and, when it has none, the submitted joint response it signed with another
    party (`preferences.cosigned_response_id`): one query where its page and its first save read them one
    after the other (issue 20)."""
    found = db.session.scalars(_own_or_joint_query(), _party(invitation)).all()
    mine = next((r for r in found if r.kind is ResponseKind.PARTY and r.organisation_id == invitation.organisation_id),
                None)
    return (mine, None) if mine is not None else (None, next(iter(found), None))


# Every party page and save reads the party's response, or its own and the joint one it signed: the statements
# are built once (on first use, when the models are all mapped), with their values as bind parameters. Built
# anew for each request, a statement and its cache key cost twice what running it did (0.45 of 0.65 ms, issue 20).
def _party(invitation: Invitation) -> dict[str, int]:
    return {"hearing_id": invitation.hearing_id, "organisation_id": invitation.organisation_id}


def _own() -> ColumnElement[bool]:
    return (Response.kind == ResponseKind.PARTY) & (Response.organisation_id == bindparam("organisation_id"))


@cache
def _party_response_query(lock: bool) -> Select:
    query = select(Response).where(Response.hearing_id == bindparam("hearing_id"), _own())
    return query.with_for_update().execution_options(populate_existing=True) if lock else query


@cache
def _own_or_joint_query() -> Select:
    joint = preferences.cosigned_response_id(bindparam("hearing_id"), bindparam("organisation_id"))
    return select(Response).where(Response.hearing_id == bindparam("hearing_id"), _own() | (Response.id == joint))


def _write_lock_on_sqlite() -> None:
    """SQLite has no row locks and ignores FOR UPDATE: two saves read the same version, and the slower one
    (a 19 MB file) lost every retry to a colleague's quick autosaves. A write that changes nothing starts
    the transaction as a writer, so the next save waits for this one instead (its busy time-out). Only on
    the last try: holding it from the start would also stop the timer closing a hearing meanwhile."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(sql("UPDATE responses SET id = id WHERE id = -1"))


def submitted_count(hearing_id: int) -> int:
    """How many responses count so far: submitted by a party, or sent and confirmed by a citizen."""
    return db.session.scalar(select(func.count()).select_from(Response).where(
        Response.hearing_id == hearing_id, Response.state == ResponseState.SUBMITTED))


def start_party_response(invitation: Invitation, *, lock: bool = False, last_try: bool = False,
                         none_yet: bool = False) -> Response:
    """The party's one response, made at its first save. A new one is inserted by the save's first flush,
    with all the save gave it (not inserted empty, then updated: two statements and a savepoint fewer, issue
    20). Two people starting at once: the second one's flush fails on the party's unique index, and
    `saving.save_texts` tries again, finding the first one's response (the lock waits for its commit).
    `none_yet`: the request found no response a moment ago, so it is not read again; one started meanwhile
    is caught by the same index."""
    existing = None if none_yet else party_response(invitation, lock=lock, last_try=last_try)
    if existing is not None:
        return existing
    # Answering on its own ends any co-signature another party named it in and it has not accepted.
    preferences.end_pending(invitation.hearing_id, invitation.organisation_id)
    # Given as objects, not ids: a response not yet inserted does not load them. It has no submissions,
    # comments or co-signers yet: said here, a first submit does not ask the database for each of them
    # (three round trips and their flushes, issue 20).
    response = Response(
        hearing=invitation.hearing, organisation=invitation.organisation, invitation=invitation,
        kind=ResponseKind.PARTY, draft={}, created_at=utcnow(), submissions=[], comments=[], cosignatures=[],
    )
    db.session.add(response)
    return response


def save_draft(
    response: Response, sent: dict[str, str], sent_bases: dict[str, str], contact: ContactPerson | None,
    now: datetime,
) -> drafts.Merge:
    """Merge the fields that were sent into the working copy (see `drafts.merge`)."""
    merged = drafts.merge(response.draft or {}, sent, sent_bases)
    if merged.changed:
        response.draft = merged.draft
        response.draft_saved_at = now
        response.draft_saved_by = contact
    return merged


def attachment_ids(response: Response) -> list[int]:
    return list((response.draft or {}).get(ATTACHMENTS, []))


def attachments_of(response: Response) -> list[Attachment]:
    ids = attachment_ids(response)
    if not ids:
        return []
    found = {a.id: a for a in db.session.scalars(select(Attachment).where(Attachment.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def add_attachment(response: Response, filename: str, data: bytes, content_type: str) -> Attachment:
    if response.id is None:
        db.session.flush()  # a response started by this save is inserted: the file is stored under its id
    attachment = store_attachment(filename, data, content_type, response_id=response.id, personal=True)
    response.draft = {**(response.draft or {}), ATTACHMENTS: [*attachment_ids(response), attachment.id]}
    return attachment


def add_attachment_if_room(response: Response, filename: str, data: bytes, content_type: str) -> Attachment | None:
    """Attached, unless the response has MAX_ATTACHMENTS already (then None). The same file under the same
    name is attached once: a request sent again (its answer lost) attaches nothing new."""
    same = _same_file(response, safe_filename(filename, content_type), hashlib.sha256(data).hexdigest())
    if same is not None:
        return same
    if len(attachment_ids(response)) >= MAX_ATTACHMENTS:
        return None
    return add_attachment(response, filename, data, content_type)


def _same_file(response: Response, filename: str, sha256: str) -> Attachment | None:
    ids = attachment_ids(response)
    return db.session.scalar(select(Attachment).where(
        Attachment.id.in_(ids), Attachment.filename == filename, Attachment.sha256 == sha256)) if ids else None


def remove_attachment(response: Response, attachment_id: int) -> None:
    """Off the working copy; the file itself stays while a submitted version names it."""
    ids = attachment_ids(response)
    if attachment_id not in ids:
        return
    response.draft = {**response.draft, ATTACHMENTS: [i for i in ids if i != attachment_id]}
    if not _submitted_attachment_ids(response) & {attachment_id}:
        attachment = db.session.get(Attachment, attachment_id)
        if attachment is not None and attachment.response_id == response.id:
            db.session.delete(attachment)


def _submitted_attachment_ids(response: Response) -> set[int]:
    return {a["id"] for s in response.submissions for a in s.content.get(ATTACHMENTS, [])}


@dataclass
class SubmitResult:
    submission: ResponseSubmission
    is_new: bool


def submission_problems(response: Response, sections: list[Section]) -> dict[str, str]:
    """What must be put right before the response can be submitted, by field name."""
    draft = response.draft or {}
    keys = [s.key for s in sections]
    problems = {}
    says_no_remarks = bool(draft.get(drafts.NO_REMARKS))
    has_content = drafts.has_content(draft, keys) or bool(attachment_ids(response))
    if says_no_remarks and drafts.has_content(draft, keys):
        problems[drafts.NO_REMARKS] = _(
            "Du har valgt ”ingen bemærkninger”, men der er skrevet bemærkninger. "
            "Fjern markeringen, eller slet bemærkningerne."
        )
    elif not says_no_remarks and not has_content:
        problems[drafts.GENERAL] = _(
            "Skriv mindst én bemærkning, vedhæft et høringssvar, eller vælg ”ingen bemærkninger”."
        )
    if not (draft.get(drafts.SIGNED_NAME) or "").strip():
        problems[drafts.SIGNED_NAME] = _("Skriv navnet på den, der afgiver svaret.")
    return problems | preferences.draft_problems(response.hearing, draft)


def submit(response: Response, sections: list[Section], contact: ContactPerson | None, now: datetime,
           *, link: str | None = None) -> SubmitResult:
    """Make the working copy the submitted response. Nothing new if it was submitted as it is."""
    content = submission_content(response, sections)
    last = response.submissions[-1] if response.submissions else None
    if response.state is ResponseState.SUBMITTED and last is not None and last.content == content:
        return SubmitResult(last, is_new=False)
    number = (last.number if last is not None else 0) + 1  # in order of number, read under the response's lock
    submission = ResponseSubmission(response=response, number=number, submitted_at=now, content=content)
    db.session.add(submission)
    response.state = ResponseState.SUBMITTED
    response.submitted_at = now
    response.withdrawn_at = None
    response.submitted_by = contact
    response.no_remarks = content[drafts.NO_REMARKS]
    response.signed_name = content[drafts.SIGNED_NAME]
    response.signed_role = content[drafts.SIGNED_ROLE] or None
    response.is_late = window(response.hearing, now, response.created_at) is Window.GRACE
    # A co-signer stood behind the words it read: new words are theirs to accept again (a changed list of
    # co-signers alone is not new words).
    new_words = last is not None and _words(last.content) != _words(content)
    preferences.apply_submitted(response, content, words_changed=new_words)
    # One flush for the response (a new one inserted with all of the above) and its submission: the comments,
    # the audit record and the receipt's PDF are made with their ids.
    db.session.flush()
    _sync_comments(response, sections, content)
    # The receipts before the audit record: they read the party's contacts, and that read would first flush
    # a record added before it, a flush of its own (0.6 ms, issue 20); added after, the record is written
    # in the commit's one flush with the receipts.
    _queue_receipts(response, submission, contact, link)
    record("response_submitted", response, hearing_id=response.hearing_id, actor_label=_actor(contact, response),
           organisation=response.sender_name, number=number, late=response.is_late)
    return SubmitResult(submission, is_new=True)


def _words(content: dict) -> dict:
    return {key: value for key, value in content.items() if key != preferences.COSIGNERS}


def withdraw(response: Response, contact: ContactPerson | None, now: datetime) -> None:
    response.state = ResponseState.WITHDRAWN
    response.withdrawn_at = now
    record("response_withdrawn", response, hearing_id=response.hearing_id, actor_label=_actor(contact, response),
           organisation=response.sender_name)


def accept_late(response: Response, reason: str, now: datetime) -> None:
    response.late_accepted_at = now
    response.late_accepted_reason = reason
    record("late_response_accepted", response, hearing_id=response.hearing_id,
           organisation=response.sender_name, reason=reason)


def _actor(contact: ContactPerson | None, response: Response) -> str:
    who = contact.name if contact else response.sender_name
    return f"{who} ({response.sender_name})"


def submission_content(response: Response, sections: list[Section]) -> dict:
    """The frozen copy of a submission: every text as the party wrote it, with section labels."""
    draft = response.draft or {}
    no_remarks = bool(draft.get(drafts.NO_REMARKS))
    return {
        drafts.GENERAL: "" if no_remarks else draft.get(drafts.GENERAL, "").strip(),
        "sections": [] if no_remarks else [
            {"key": s.key, "label": s.full_label, "text": draft[drafts.section_field(s.key)].strip()}
            for s in sections if (draft.get(drafts.section_field(s.key)) or "").strip()
        ],
        drafts.NO_REMARKS: no_remarks,
        drafts.SIGNED_NAME: (draft.get(drafts.SIGNED_NAME) or "").strip(),
        drafts.SIGNED_ROLE: (draft.get(drafts.SIGNED_ROLE) or "").strip(),
        ATTACHMENTS: [
            {"id": a.id, "filename": a.filename, "size": a.size, "sha256": a.sha256} for a in attachments_of(response)
        ],
    } | preferences.submitted_content(response)


def _sync_comments(response: Response, sections: list[Section], content: dict) -> None:
    """One comment per section written on, and one for general remarks, in the draft's order.

    A comment the party changed before the deadline is changed; one they
    removed is deleted, or, if staff already answered it, kept as superseded.
    """
    by_key = {s.key: s for s in sections}
    wanted: list[tuple[str | None, str]] = []
    if content[drafts.GENERAL]:
        wanted.append((None, content[drafts.GENERAL]))
    wanted += [(item["key"], item["text"]) for item in content["sections"]]
    key_of = {s.id: s.key for s in sections}  # the sections may be rows (`outline`): compared by id
    existing = {
        (None if c.section_id is None else key_of.get(c.section_id) or c.section.key): c
        for c in response.comments if c.status is CommentStatus.ACTIVE and c.original_id is None
    }
    new = []
    for position, (key, text) in enumerate(wanted):
        comment = existing.pop(key, None)
        section = by_key.get(key) if key else None
        if comment is None:
            new.append({"response_id": response.id, "section_id": section.id if section else None, "text": text,
                        "position": position, "status": CommentStatus.ACTIVE})
        else:
            comment.text, comment.section_id, comment.position = text, section.id if section else None, position
    for comment in existing.values():
        if comment.reply_id is None:
            response.comments.remove(comment)
            db.session.delete(comment)
        else:
            comment.status = CommentStatus.SUPERSEDED
    if new:
        # One INSERT for all of them, not eleven objects through the unit of work (which sorts comments one
        # by one, as a comment may point at another: most of a submission's flush, issue 20).
        db.session.execute(insert(Comment.__table__), new)
        db.session.expire(response, ["comments"])  # read again when next asked for, with the new ones


def _queue_receipts(response: Response, submission: ResponseSubmission, contact: ContactPerson | None,
                    link: str | None) -> None:
    """A receipt with the full text: to a citizen, or to every active contact of the party
    (the link back only to the one who sent it: each contact has a link of their own)."""
    hearing = response.hearing
    if response.kind is ResponseKind.CITIZEN:
        recipients = [(response.citizen_email, response.citizen_name, link)]
    elif response.organisation is not None:
        recipients = [
            (person.email, person.name, link if contact is not None and person.id == contact.id else None)
            for person in response.organisation.contacts if person.active
        ]
    else:
        recipients = []
    subject = _("Kvittering for høringssvar: %(title)s", title=hearing.title)
    # By the submission's id (flushed by `submit`): the outbox sender makes the PDF (half a second, not here).
    pdf = [Later(receipt_filename(response, submission), "application/pdf", RECEIPT_PDF, submission.id)]
    for email, name, own_link in recipients:
        queue_mail(
            email, "response_receipt", subject=subject, hearing_id=hearing.id, hearing=hearing, name=name,
            response=response, submission=submission, content=submission.content, submitted_by=contact,
            link=own_link, attachments=pdf,
        )
