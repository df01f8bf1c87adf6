"""Every address of the open-data API."""

from flask import Blueprint

from app.api import views

bp = Blueprint("api", __name__, url_prefix="/api/v1")

bp.after_request(views.open_to_everyone)
bp.add_url_rule("/hoeringer", view_func=views.hearings)
bp.add_url_rule("/hoeringer/<slug>", view_func=views.hearing)
bp.add_url_rule("/openapi.json", view_func=views.openapi)
