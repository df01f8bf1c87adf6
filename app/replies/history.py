"""The audit trail of one reply or one comment, told as a person reads it: who, when, what changed.

The trail is written by the operations (`app.audit.operations.record`); this
module only reads it. A comment's story includes the comments it became when
moved or split (linked by `original_id`), the response it came with, and the
reply that answers it now.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import and_, or_, select

from app.audit.models import AuditEvent
from app.extensions import db
from app.hearings.comparison import compare_text
from app.replies.models import Outcome, Reply
from app.responses.models import Comment
from app.templating import text_to_html

ACTIONS = {
    "reply_started": _l("Svaret er påbegyndt"),
    "reply_saved": _l("Svaret er gemt"),
    "reply_reopened": _l("Det godkendte svar er ændret og er igen en kladde"),
    "reply_ready": _l("Svaret er sendt til godkendelse"),
    "reply_approved": _l("Svaret er godkendt"),
    "reply_sent_back": _l("Svaret er sendt tilbage"),
    "reply_removed": _l("Svaret er fjernet, da det ikke længere svarer på nogen bemærkning"),
    "comment_detached": _l("En bemærkning er løsrevet fra svaret"),
    "comment_moved": _l("Bemærkningen er flyttet til et andet afsnit"),
    "comment_split": _l("Bemærkningen er delt i to"),
    "comment_not_a_remark": _l("Bemærkningen er sat til side som ikke en bemærkning"),
    "comment_is_a_remark": _l("Bemærkningen er taget med igen"),
    "response_submitted": _l("Høringssvaret er indsendt"),
    "letter_registered": _l("Brevet er registreret som høringssvar"),
    "late_response_accepted": _l("Det sene høringssvar er taget med"),
    "response_withdrawn": _l("Høringssvaret er trukket tilbage"),
    "cosignature_accepted": _l("En medunderskriver har bekræftet det fælles høringssvar"),
}
FIELDS = {
    "text": _l("Svar"),
    "outcome": _l("Udfald"),
    "financial_consequence": _l("Økonomiske konsekvenser"),
    "financial_note": _l("Økonomiske konsekvenser, beskrivelse"),
    "draft_change_key": _l("Afsnit, der får ny ordlyd"),
    "draft_change": _l("Ny ordlyd"),
    "internal_note": _l("Intern note"),
}
LONG_TEXT_FIELDS = ("text", "financial_note", "draft_change", "internal_note")


@dataclass
class FieldChange:
    label: str
    before: str = ""
    after: str = ""
    marked: Markup | None = None  # for long texts: the new text with changed words marked


@dataclass
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    note: str = ""  # a reason, a place
    changes: list[FieldChange] = field(default_factory=list)


def reply_history(reply: Reply) -> list[HistoryEntry]:
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.object_type == "Reply", AuditEvent.object_id == reply.id)
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return [_entry(event) for event in events]


def comment_history(comment: Comment) -> list[HistoryEntry]:
    lineage = _lineage(comment)
    conditions = [and_(AuditEvent.object_type == "Comment", AuditEvent.object_id.in_(lineage)),
                  and_(AuditEvent.object_type == "Response", AuditEvent.object_id == comment.response_id)]
    if comment.reply_id is not None:
        conditions.append(and_(AuditEvent.object_type == "Reply", AuditEvent.object_id == comment.reply_id))
    events = db.session.scalars(select(AuditEvent).where(or_(*conditions)).order_by(AuditEvent.at, AuditEvent.id))
    return [_entry(event) for event in events]


def _lineage(comment: Comment) -> set[int]:
    """The comment, the ones it was made from and the ones made from it."""
    ids = {comment.id}
    older = comment.original
    while older is not None and older.id not in ids:
        ids.add(older.id)
        older = older.original
    frontier = set(ids)
    while frontier:
        newer = set(db.session.scalars(select(Comment.id).where(Comment.original_id.in_(frontier)))) - ids
        ids |= newer
        frontier = newer
    return ids


def _entry(event: AuditEvent) -> HistoryEntry:
    details = event.details or {}
    note = details.get("reason") or ""
    if event.action == "comment_moved":
        note = f"{details.get('from', '')} → {details.get('to', '')}"
    elif event.action == "comment_split":
        note = str(details.get("second_to", ""))
    return HistoryEntry(
        at=event.at, actor=event.actor_label, action=str(ACTIONS.get(event.action, event.action)), note=note,
        changes=_changes(details) if event.action == "reply_saved" else [],
    )


def _changes(details: dict) -> list[FieldChange]:
    before, after = details.get("before") or {}, details.get("after") or {}
    changes = []
    for name in details.get("changed", []):
        label = str(FIELDS.get(name, name))
        if "after" not in details:  # written before the trail kept the values
            changes.append(FieldChange(label))
        elif name in LONG_TEXT_FIELDS:
            old, new = before.get(name) or "", after.get(name) or ""
            marked = compare_text(text_to_html(old) if old else "", text_to_html(new) if new else "")[0]
            changes.append(FieldChange(label, marked=marked))
        else:
            changes.append(FieldChange(label, _value(name, before.get(name)), _value(name, after.get(name))))
    return changes


def _value(name: str, value) -> str:
    if value is None or value == "":
        return str(_l("(tom)"))
    if name == "outcome":
        return str(Outcome(value).label)
    if isinstance(value, bool):
        return str(_l("Ja") if value else _l("Nej"))
    return str(value)
