"""The staff side of hearings: one blueprint, views split by meaning over a few modules."""

from flask import Blueprint, abort
from flask_login import current_user
from sqlalchemy import select

from app.auth import ensure
from app.extensions import db
from app.hearings import operations
from app.hearings.models import Hearing

bp = Blueprint("hearings", __name__, url_prefix="/medarbejder")


def load_hearing(slug: str, *, edit: bool = False) -> Hearing:
    """The hearing, with its clock-driven state brought up to date; 404 or 403 otherwise."""
    hearing = db.session.scalar(select(Hearing).where(Hearing.slug == slug))
    if hearing is None:
        abort(404)
    ensure(hearing.can_edit(current_user) if edit else hearing.can_view(current_user))
    if operations.refresh_state(hearing):
        db.session.commit()
    return hearing
