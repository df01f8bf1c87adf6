"""Every address of the committee's reading pages."""

from flask import Blueprint

from app.committee import views

bp = Blueprint("committee", __name__, url_prefix="/udvalg")

bp.add_url_rule("/", view_func=views.index)
bp.add_url_rule("/hoeringer/<slug>", view_func=views.hearing_page)
bp.add_url_rule("/hoeringer/<slug>/hoeringsnotat/<file_format>", view_func=views.memo_download)
bp.add_url_rule("/hoeringer/<slug>/svar/<int:response_id>", view_func=views.response_page)
bp.add_url_rule("/hoeringer/<slug>/svar/<int:response_id>/bilag/<int:attachment_id>",
                view_func=views.response_attachment)
