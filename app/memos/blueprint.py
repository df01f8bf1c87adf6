"""Every staff address of the memo: preview, finalise, export, send to the committee, publish.
(The committee's meetings and decision are recorded at app/committee/blueprint.py.)
"""

from flask import Blueprint

from app.hearings.loading import load_hearing_from_url
from app.memos import committee_views, views

bp = Blueprint("memos", __name__, url_prefix="/medarbejder/hoeringer/<slug>")
load_hearing_from_url(bp)

bp.add_url_rule("/hoeringsnotat", view_func=views.memo_preview)
# Its GET is the confirmation page (app/confirmations.py), as finalising's is.
bp.add_url_rule("/hoeringsnotat/offentliggoer", view_func=views.publish_memo, methods=["GET", "POST"])
bp.add_url_rule("/hoeringsnotat/fjern-offentliggoerelse", view_func=views.unpublish_memo, methods=["POST"])
bp.add_url_rule("/hoeringsnotat/faerdiggoer", view_func=views.finalise_memo, methods=["GET", "POST"])
bp.add_url_rule("/hoeringsnotat/version/<int:version>/<file_format>", view_func=views.memo_version_download)
bp.add_url_rule("/hoeringsnotat/version/<int:version>/bilag/<file_format>", view_func=views.memo_version_appendix)
bp.add_url_rule("/hoeringsnotat/<file_format>", view_func=views.memo_download, methods=["GET", "POST"])

bp.add_url_rule("/udvalg", view_func=committee_views.send_to_committee, methods=["GET", "POST"])
