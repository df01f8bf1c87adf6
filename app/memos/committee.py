"""The memo goes to the committee (its meetings and decision: app/committee/meetings/).

Sending replaces the hearing's committee members with those chosen (they, and
staff, may read the committee's pages), moves a hearing whose memo is being
written to SENT, and mails each member the latest finalised version as Word
and PDF with a link to read it with the responses behind it. The mails are
queued in the transaction, so they leave only if the change is committed.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import Role, User
from app.audit.operations import record
from app.db_types import utcnow
from app.extensions import db
from app.hearings import lifecycle
from app.hearings import operations as hearing_operations
from app.hearings.models import Hearing, HearingState
from app.links import external_url
from app.memos.jobs import version_file
from app.memos.models import Memo
from app.memos.operations import latest_memo
from app.notifications.operations import queue_mail
from app.refusals import Refused

MAIL_FORMATS = ("docx", "pdf")


def committee_users() -> list[User]:
    """Everyone who may be chosen: active users with the committee role, by name."""
    return list(db.session.scalars(
        select(User).where(User.active, User.role == Role.COMMITTEE).order_by(User.name, User.id)
    ))


def send_to_committee(hearing: Hearing, members: list[User], user: User, now: datetime | None = None) -> Memo:
    """Send the latest finalised memo to `members`; raise Refused with the reasons if it cannot go."""
    now = now or utcnow()
    memo = latest_memo(hearing)
    if memo is None:
        raise Refused([_("Høringsnotatet skal være færdiggjort, før det sendes til udvalget.")])
    if not members:
        raise Refused([_("Vælg mindst ét udvalgsmedlem.")])
    if any(member.role is not Role.COMMITTEE or not member.active for member in members):
        raise ValueError("only active committee members receive the memo")
    if hearing.state is HearingState.MEMO:
        hearing_operations.perform(hearing, "send_to_committee", now)
    elif hearing.state is not HearingState.SENT:
        raise Refused(lifecycle.problems(hearing, "send_to_committee", now))
    hearing.committee_members = list(members)
    hearing.sent_to_committee_at = now
    files = [version_file(memo, file_format) for file_format in MAIL_FORMATS]
    attachments = [(file.filename, file.mimetype, file.content) for file in files]
    link = external_url("committee.hearing_page", slug=hearing.slug)
    for member in members:
        with force_locale(member.locale):
            subject = _subject(hearing)
        queue_mail(
            member.email, "memo_to_committee", subject=subject, locale=member.locale, hearing_id=hearing.id,
            attachments=attachments, hearing=hearing, memo=memo, member=member, link=link,
        )
    db.session.flush()
    record("memo_sent_to_committee", memo, hearing_id=hearing.id, version=memo.version, sha256=memo.sha256,
           members=[member.id for member in members], actor_label=user.name)
    return memo


def _subject(hearing: Hearing) -> str:
    if hearing.committee:
        return _("Høringsnotat til %(committee)s: %(title)s", committee=hearing.committee, title=hearing.title)
    return _("Høringsnotat til udvalget: %(title)s", title=hearing.title)
