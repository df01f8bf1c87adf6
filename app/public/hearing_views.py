"""A hearing as anyone may read it: the letter, the draft, and how to respond."""

from flask import abort, render_template
from sqlalchemy import select

from app.db_types import utcnow
from app.extensions import db
from app.hearings import operations
from app.hearings.models import Hearing, Section
from app.memos.publishing import published_memo
from app.public.views import LISTED_STATES, bp
from app.responses.window import Window, window


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


@bp.get("/hoeringer/<slug>")
def hearing(slug: str):
    hearing, sections = load_public_hearing(slug)
    return render_template(
        "public/hearing.html", hearing=hearing, sections=sections,
        citizens_may_answer=hearing.is_public and window(hearing, utcnow(), None) is Window.OPEN,
        published_memo=published_memo(hearing),
    )
