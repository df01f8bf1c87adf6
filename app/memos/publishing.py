"""Publishing a finalised memo on the public hearing page.

What is published is the frozen snapshot: it names parties, citizens only
when they agreed to it (see `compile.sender_labels`), and holds no contact
data at all. Publishing a newer version replaces the older one on the page.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.audit.operations import record
from app.db_types import utcnow
from app.extensions import db
from app.hearings.models import Hearing, HearingState
from app.links import external_url
from app.memos.models import Memo
from app.memos.operations import latest_memo
from app.notifications.operations import queue_mail
from app.refusals import Refused
from app.responses.models import Response, ResponseKind, ResponseState
from app.subscriptions import operations as subscriptions
from app.subscriptions.models import Event

PUBLISHABLE_STATES = (HearingState.MEMO, HearingState.SENT, HearingState.DECIDED)


def published_memo(hearing: Hearing) -> Memo | None:
    """The version on the public page: the latest one published."""
    return db.session.scalar(
        select(Memo).where(Memo.hearing_id == hearing.id, Memo.published_at.is_not(None))
        .order_by(Memo.version.desc()).limit(1)
    )


def publish(hearing: Hearing) -> Memo:
    if hearing.state not in PUBLISHABLE_STATES:
        raise Refused(_("Høringsnotatet kan offentliggøres, når det er færdiggjort."))
    memo = latest_memo(hearing)
    if memo is None:
        raise Refused(_("Færdiggør høringsnotatet, før det offentliggøres."))
    if memo.published_at is None:
        first = _never_published(hearing)
        memo.published_at = utcnow()
        record("memo_published", memo, hearing_id=hearing.id, version=memo.version)
        if first:  # taken off the page and put back, or a corrected version: no second mail
            _mail_memo_published(hearing)
            subscriptions.notify(hearing, Event.MEMO_PUBLISHED)
    return memo


def _never_published(hearing: Hearing) -> bool:
    return db.session.scalar(select(AuditEvent.id).where(
        AuditEvent.hearing_id == hearing.id, AuditEvent.action == "memo_published").limit(1)) is None


def _mail_memo_published(hearing: Hearing) -> None:
    """"Vi spurgte, I svarede, vi besluttede": to every invited party's contacts, and to each citizen who
    confirmed a response and asked to be told."""
    recipients: dict[str, str] = {}
    for invitation in hearing.invitations:
        if invitation.invited_at is not None:
            for contact in invitation.organisation.contacts:
                if contact.active:
                    recipients.setdefault(contact.email.lower(), contact.name)
    citizens = db.session.scalars(select(Response).where(
        Response.hearing_id == hearing.id, Response.kind == ResponseKind.CITIZEN,
        Response.state == ResponseState.SUBMITTED, Response.email_confirmed_at.is_not(None), Response.memo_mail,
    ))
    for response in citizens:
        recipients.setdefault(response.citizen_email.lower(), response.citizen_name)
    link = external_url("public.memo", slug=hearing.slug)
    subject = _("Vi spurgte, I svarede, vi besluttede: %(title)s", title=hearing.title)
    for email, name in recipients.items():
        queue_mail(email, "memo_published", subject=subject, hearing_id=hearing.id, hearing=hearing, name=name,
                   link=link)


def unpublish(hearing: Hearing) -> None:
    """Take the memo off the public page (every version)."""
    for memo in db.session.scalars(select(Memo).where(Memo.hearing_id == hearing.id, Memo.published_at.is_not(None))):
        memo.published_at = None
        record("memo_unpublished", memo, hearing_id=hearing.id, version=memo.version)
