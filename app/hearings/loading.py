"""The hearing a staff address names, loaded once per request by the blueprint.

Every staff blueprint whose addresses hold a hearing's `<slug>` (hearings,
replies, memos, the staff side of responses) calls `load_hearing_from_url(bp)`:
Flask's URL processors then take the slug out of the view's arguments and load
the hearing into `g` before the view runs (the pattern of the Flask docs' "URL
processors" and Indico's `SpecificEventMixin`). A view asks for it with
`current_hearing()`, which checks the permission: reading for every staff
member of the hearing, `edit=True` for its own officers.
"""

from flask import Blueprint, abort, current_app, g
from flask_login import current_user
from sqlalchemy import select

from app.auth import ensure
from app.extensions import db
from app.hearings import operations
from app.hearings.models import Hearing


def load_hearing_from_url(bp: Blueprint) -> None:
    bp.url_value_preprocessor(_load_hearing)
    bp.url_defaults(_add_slug)


def current_hearing(*, edit: bool = False) -> Hearing:
    """The hearing of this request's address, if the user may read it (or edit it); 403 otherwise."""
    hearing = g.hearing
    ensure(hearing.can_edit(current_user) if edit else hearing.can_view(current_user))
    return hearing


def _load_hearing(endpoint: str | None, values: dict | None) -> None:
    if not values or "slug" not in values:
        return
    g.hearing_slug = values.pop("slug")
    # An anonymous visitor is sent to log in by the view, without learning whether the hearing exists.
    if not current_user.is_authenticated:
        return
    hearing = db.session.scalar(select(Hearing).where(Hearing.slug == g.hearing_slug))
    if hearing is None:
        abort(404)
    if operations.refresh_state(hearing):  # the clock may have opened or closed it
        db.session.commit()
    g.hearing = hearing


def _add_slug(endpoint: str, values: dict) -> None:
    """`url_for` within the same hearing needs no slug (the retry link of an error page relies on it)."""
    if "slug" not in values and "hearing_slug" in g and current_app.url_map.is_endpoint_expecting(endpoint, "slug"):
        values["slug"] = g.hearing_slug
