"""Every address of the open-data API."""

from flask import Blueprint

from app.api import views
from app.public.caching import cached_public_page

bp = Blueprint("api", __name__, url_prefix="/api")

bp.after_request(views.open_to_everyone)  # every answer, errors too


def _kept(view):
    return cached_public_page(views.opened(view))


bp.add_url_rule("", view_func=_kept(views.index))
bp.add_url_rule("/v1/hoeringer", view_func=_kept(views.hearings))
bp.add_url_rule("/v1/hoeringer/<slug>", view_func=_kept(views.hearing))
bp.add_url_rule("/v1/hoeringer/<slug>/datapakke.zip", view_func=_kept(views.datapackage))
bp.add_url_rule("/v1/openapi.json", view_func=_kept(views.openapi))
