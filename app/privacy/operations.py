"""A citizen's own personal data, found by e-mail address: shown, exported as a file, erased on request.

Asking names an address. When anything is stored for it (a citizen's response,
a mail) a link goes to that address, signed with the app's secret and a salt of
its own (itsdangerous) and valid for LINK_HOURS: whoever opens it reads that
mailbox. Nothing is stored for a request; the answer on the page is the same
whether the address is known or not.

Erasing reuses the retention code (app/retention) for one person: the same
placeholders, the same scrubbing of the audit trail. Names, the address, the
organisation, the confirmation and the consent go from every response of the
address; an unconfirmed response (which never counted) goes entirely; mails to
the address go. What was submitted to a hearing stays in its case (journaliseringspligt,
arkivloven): the comments' texts, the frozen submissions' texts and the files
sent with them. The audit trail knows the address only by its SHA-256.

The caller commits.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import selectinload

from app.attachments.models import Attachment
from app.audit.models import AuditEvent
from app.audit.operations import record
from app.extensions import db
from app.links import external_url
from app.memos.models import Memo
from app.notifications.models import OutboxMessage
from app.notifications.operations import queue_mail
from app.records import operations as records
from app.refusals import Refused
from app.replies.models import Reply
from app.responses import drafts
from app.responses.models import Comment, Response, ResponseState, ResponseSubmission
from app.retention import operations as retention
from app.retention.report import Removal
from app.retention.scrub import PersonalText
from app.security import signing_keys
from app.subscriptions import operations as subscriptions
from app.subscriptions.models import Subscription

LINK_SALT = "privacy-own-data"
LINK_HOURS = 24


def normalise(email: str) -> str:
    return (email or "").strip().lower()


def address_hash(email: str) -> str:
    """What the audit trail keeps of an address: its SHA-256, lower-cased."""
    return hashlib.sha256(normalise(email).encode()).hexdigest()


@dataclass(frozen=True)
class EmailAddress:
    """The object of a privacy event in the audit trail: an address, known there only by its hash."""

    sha256: str
    id = None  # record() names an object by its id; an address has none


@dataclass
class Stored:
    """Everything kept about one address."""

    email: str
    responses: list[Response]
    messages: list[OutboxMessage]
    subscriptions: list[Subscription]

    @property
    def is_empty(self) -> bool:
        return not self.responses and not self.messages and not self.subscriptions


@dataclass(kw_only=True)
class Erasure(Removal):
    responses_deleted: int = 0  # unconfirmed responses, gone entirely
    subscriptions_deleted: int = 0


class LinkRefused(Refused):
    """The link's page says why in its own words; `expired` tells an old link from a broken one."""

    def __init__(self, expired: bool) -> None:
        super().__init__(_l("Linket er for gammelt. Et link til dine oplysninger virker kun i %(hours)d timer.",
                            hours=LINK_HOURS) if expired
                         else _l("Linket er ikke gyldigt. Måske er det ikke kopieret helt med fra e-mailen."))
        self.expired = expired


# ---------------------------------------------------------------- finding


def find(email: str) -> Stored:
    address = normalise(email)
    responses = db.session.scalars(
        select(Response).where(
            func.lower(Response.citizen_email) == address,
            # A response verified with MitID counted without a confirmed address: the address was only typed,
            # and whoever owns it (a typo's owner) did not send it, so may neither see nor erase it.
            or_(Response.mitid_verified_at.is_(None), Response.email_confirmed_at.is_not(None)),
        )
        .options(selectinload(Response.hearing), selectinload(Response.submissions),
                 selectinload(Response.comments), selectinload(Response.attachments))
        .order_by(Response.created_at, Response.id)
    ).all() if address else []
    messages = db.session.scalars(
        select(OutboxMessage).where(func.lower(OutboxMessage.recipient) == address)
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    ).all() if address else []
    return Stored(address, list(responses), list(messages), subscriptions.of_address(address) if address else [])


def texts_of(response: Response) -> list[tuple[str, str]]:
    """What the person wrote, as (where, text): the last submitted version, or the unconfirmed copy."""
    if response.submissions:
        content = response.submissions[-1].content
        texts = [(_("Generelt"), content.get(drafts.GENERAL) or "")]
        texts += [(item.get("label") or "", item.get("text") or "") for item in content.get("sections") or []]
    else:
        draft = response.draft or {}
        labels = {drafts.section_field(s.key): s.label for s in response.hearing.current_version.sections}
        texts = [(_("Generelt"), draft.get(drafts.GENERAL) or "")]
        texts += [(labels[name], draft.get(name) or "") for name in labels]
    return [(where, text) for where, text in texts if text.strip()]


# ---------------------------------------------------------------- the link


def request_link(email: str) -> bool:
    """Mail a link to the address if anything is stored for it. True when a mail was queued."""
    stored = find(email)
    if stored.is_empty:
        return False
    queue_mail(
        stored.email, "privacy_link", subject=_("Dine oplysninger i Høringsrunde"), hours=LINK_HOURS,
        link=external_url("privacy.data", token=_serializer().dumps(stored.email)),
    )
    _record("personal_data_link_sent", stored.email)
    return True


def address_of(token: str) -> str:
    """The address a link was made for; LinkRefused when it is too old or not one of ours."""
    try:
        address = _serializer().loads(token, max_age=LINK_HOURS * 3600)
    except SignatureExpired:
        raise LinkRefused(expired=True) from None
    except BadSignature:
        raise LinkRefused(expired=False) from None
    if not isinstance(address, str) or not address:
        raise LinkRefused(expired=False)
    return address


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(signing_keys(), salt=LINK_SALT)


# ---------------------------------------------------------------- the file


def export(stored: Stored, now: datetime) -> dict[str, Any]:
    """Everything kept about the address, as a structured file (the right of access and to portability)."""
    _record("personal_data_exported", stored.email, responses=len(stored.responses), mails=len(stored.messages),
            subscriptions=len(stored.subscriptions))
    return {
        "email": stored.email,
        "exported_at": now.isoformat(),
        "controller": current_app.config["MUNICIPALITY_NAME"],
        "responses": [_response_data(r) for r in stored.responses],
        "mails": [
            {"subject": m.subject, "created_at": _iso(m.created_at), "sent_at": _iso(m.sent_at),
             "status": m.status.value, "text": m.body_text}
            for m in stored.messages
        ],
        "subscriptions": [
            {"topic": s.topic.value, "description": str(s.description), "created_at": _iso(s.created_at),
             "confirmed_at": _iso(s.confirmed_at)}
            for s in stored.subscriptions
        ],
    }


def _response_data(response: Response) -> dict[str, Any]:
    hearing = response.hearing
    return {
        "hearing": {"title": hearing.title, "slug": hearing.slug, "state": hearing.state.value},
        "state": response.state.value,
        "created_at": _iso(response.created_at),
        "submitted_at": _iso(response.submitted_at),
        "email_confirmed_at": _iso(response.email_confirmed_at),
        "verified_with_mitid_at": _iso(response.mitid_verified_at),
        "mitid_pseudonymous_id": response.mitid_subject,
        "name": response.citizen_name,
        "email": response.citizen_email,
        "organisation": response.citizen_organisation,
        "publish_name": response.publish_name,
        "texts": [{"where": where, "text": text} for where, text in texts_of(response)],
        "comments": [
            {"section": c.section.label if c.section else None, "heading": c.heading, "text": c.text,
             "status": c.status.value}
            for c in response.comments
        ],
        "submissions": [
            {"number": s.number, "submitted_at": _iso(s.submitted_at), "content": s.content}
            for s in response.submissions
        ],
        "attachments": [
            {"filename": a.filename, "content_type": a.content_type, "size": a.size} for a in response.attachments
        ],
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


# ---------------------------------------------------------------- erasing


def erase(stored: Stored) -> Erasure:
    """Remove the address, and the name and contact details given with it, from everything but the texts."""
    result = Erasure()
    responses = stored.responses
    unconfirmed = [r for r in responses if r.state is ResponseState.DRAFT]
    counted = [r for r in responses if r.state is not ResponseState.DRAFT]
    hearing_ids = sorted({r.hearing_id for r in responses})
    response_ids = [r.id for r in responses]
    files = db.session.scalars(select(Attachment).where(Attachment.response_id.in_(response_ids))).all()
    submissions = db.session.scalars(
        select(ResponseSubmission).where(ResponseSubmission.response_id.in_([r.id for r in counted]))
    ).all()

    # Found before anything changes: what to look for in the audit trail and the kept texts.
    people = PersonalText([
        stored.email,
        *(s for r in responses for s in (r.citizen_name, r.citizen_email, r.signed_name)),
        *(s.content.get(drafts.SIGNED_NAME) for s in submissions),
    ])
    _scrub_audit(hearing_ids, response_ids, [a.id for a in files], people, result)

    retention.anonymise_responses(counted, people, result)
    retention.clean_submissions(submissions, set(), result)  # the files sent with a response stay with it
    _delete_unconfirmed(unconfirmed, [a for a in files if a.response_id in {r.id for r in unconfirmed}], result)
    retention.delete_outbox_messages([m.id for m in stored.messages], result)
    result.subscriptions_deleted = subscriptions.erase_address(stored.email)
    result.filing_records_scrubbed = records.forget_personal(hearing_ids, people)
    db.session.flush()

    still = _still_naming(hearing_ids, [r.id for r in counted], people)
    _record("personal_data_erased", stored.email, responses_anonymised=len(counted),
            responses_deleted=result.responses_deleted, subscriptions_deleted=result.subscriptions_deleted,
            **result.removed_counts(),
            still_naming={kind: count for kind, count in still.items() if count})
    return result


def _scrub_audit(hearing_ids: list[int], response_ids: list[int], file_ids: list[int], people: PersonalText,
                 result: Removal) -> None:
    """The events about the person's responses and files, and those of their hearings that name them."""
    own = or_(
        (AuditEvent.object_type == "Response") & AuditEvent.object_id.in_(response_ids),
        (AuditEvent.object_type == "Attachment") & AuditEvent.object_id.in_(file_ids),
    )
    events = db.session.scalars(
        select(AuditEvent).where(or_(own, AuditEvent.hearing_id.in_(hearing_ids))).order_by(AuditEvent.id)
    ).all()
    mine = {("Response", i) for i in response_ids} | {("Attachment", i) for i in file_ids}
    retention.scrub_audit_events([
        e for e in events
        if (e.object_type, e.object_id) in mine
        or people.mentioned_in(e.actor_label, json.dumps(e.details or {}, ensure_ascii=False))
    ], people, result)


def _delete_unconfirmed(responses: list[Response], files: list[Attachment], result: Erasure) -> None:
    """A response whose address was never confirmed never counted: it goes with its files."""
    if not responses:
        return
    retention.delete_attachments(files, result)
    ids = [r.id for r in responses]
    for response in responses:
        db.session.expire(response, ["attachments", "comments", "submissions"])  # some are gone already
    db.session.execute(delete(Comment).where(Comment.response_id.in_(ids)))
    db.session.execute(delete(ResponseSubmission).where(ResponseSubmission.response_id.in_(ids)))
    for response in responses:
        db.session.delete(response)
    result.responses_deleted = len(ids)


def _still_naming(hearing_ids: list[int], response_ids: list[int], people: PersonalText) -> dict[str, int]:
    comments = db.session.scalars(select(Comment).where(Comment.response_id.in_(response_ids))).all()
    replies = db.session.scalars(select(Reply).where(Reply.hearing_id.in_(hearing_ids))).all()
    memos = db.session.scalars(select(Memo).where(Memo.hearing_id.in_(hearing_ids))).all()
    return retention.still_naming(comments, replies, memos, people)


def _record(action: str, email: str, **details: Any) -> None:
    digest = address_hash(email)
    record(action, EmailAddress(digest), actor_label=_("Borger (link til egne oplysninger)"), email_sha256=digest,
           **details)
