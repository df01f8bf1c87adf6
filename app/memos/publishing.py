"""Publishing a finalised memo on the public hearing page.

What is published is the frozen snapshot: it names parties, citizens only
when they agreed to it (see `compile.sender_labels`), and holds no contact
data at all. Publishing a newer version replaces the older one on the page.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.operations import record
from app.db_types import utcnow
from app.extensions import db
from app.hearings.models import Hearing, HearingState
from app.memos.models import Memo
from app.memos.operations import latest_memo
from app.refusals import Refused

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
        memo.published_at = utcnow()
        record("memo_published", memo, hearing_id=hearing.id, version=memo.version)
    return memo


def unpublish(hearing: Hearing) -> None:
    """Take the memo off the public page (every version)."""
    for memo in db.session.scalars(select(Memo).where(Memo.hearing_id == hearing.id, Memo.published_at.is_not(None))):
        memo.published_at = None
        record("memo_unpublished", memo, hearing_id=hearing.id, version=memo.version)
