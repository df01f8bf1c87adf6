"""A hearing as the public may see it: loaded, brought up to date by the clock, and only once it was opened."""

from flask import abort
from sqlalchemy import select

from app.extensions import db
from app.hearings import operations
from app.hearings.models import Hearing, HearingState, Section

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
    if hearing.state not in LISTED_STATES:
        abort(404)
    sections = db.session.scalars(
        select(Section).where(Section.version_id == hearing.current_version.id).order_by(Section.position)
    ).all()
    return hearing, sections
