"""A hearing as the public may see it: loaded, brought up to date by the clock, and only once it was opened."""

from flask import abort
from sqlalchemy import func, select

from app.db_types import utcnow
from app.extensions import db
from app.hearings import operations
from app.hearings.models import Hearing, HearingState, Section
from app.public.caching import valid_until

# Hearings a visitor may see listed on the front page.
LISTED_STATES = (HearingState.OPEN, HearingState.CLOSED, HearingState.REPLYING,
                 HearingState.MEMO, HearingState.SENT, HearingState.DECIDED)


def load_public_hearing(slug: str) -> tuple[Hearing, list[Section]]:
    """A hearing that has been opened, with its state brought up to date, and its sections; else 404."""
    hearing = db.session.scalar(select(Hearing).where(Hearing.slug == slug))
    if hearing is None:
        abort(404)
    if operations.refresh_state(hearing):
        db.session.commit()
    valid_until(_next_change(hearing))  # a cached copy must not outlive the clock's next change
    if hearing.state not in LISTED_STATES:
        abort(404)
    sections = db.session.scalars(
        select(Section).where(Section.version_id == hearing.current_version.id).order_by(Section.position)
    ).all()
    return hearing, sections


def _next_change(hearing: Hearing):
    """When the clock next changes what the hearing's page shows: it opens, or its deadline passes."""
    now = utcnow()
    coming = [moment for moment in (hearing.opens_at, hearing.deadline_at) if moment is not None and moment > now]
    return min(coming, default=None)


def next_change_of_any(now):
    """The soonest moment any hearing opens or closes (the front page lists them by state)."""
    opening = db.session.scalar(select(func.min(Hearing.opens_at)).where(Hearing.opens_at > now))
    closing = db.session.scalar(select(func.min(Hearing.deadline_at)).where(Hearing.deadline_at > now))
    return min((moment for moment in (opening, closing) if moment is not None), default=None)
