"""Every public address: the front page, a hearing's page, its published memo, the accessibility statement and
the language choice.
"""

from flask import Blueprint

from app.public import hearing_views, memo_views, views

bp = Blueprint("public", __name__)

bp.add_url_rule("/", view_func=views.index)
bp.add_url_rule("/tilgaengelighed", view_func=views.accessibility)
bp.add_url_rule("/sprog/<language>", view_func=views.set_language, methods=["POST"])

bp.add_url_rule("/hoeringer/<slug>", view_func=hearing_views.hearing)
bp.add_url_rule("/hoeringer/<slug>/udkast", view_func=hearing_views.draft_document)

bp.add_url_rule("/hoeringer/<slug>/hoeringsnotat", view_func=memo_views.memo)
bp.add_url_rule("/hoeringer/<slug>/hoeringsnotat/<file_format>", view_func=memo_views.memo_file)
