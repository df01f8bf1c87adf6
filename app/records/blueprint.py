"""Every address of filing on the case, and the committee pack of a finalised memo."""

from flask import Blueprint

from app.hearings.loading import load_hearing_from_url
from app.records import views

bp = Blueprint("records", __name__, url_prefix="/medarbejder/hoeringer/<slug>")
load_hearing_from_url(bp)

bp.add_url_rule("/journalisering", view_func=views.filings)
bp.add_url_rule("/journalisering/proev-igen", view_func=views.retry_filings, methods=["POST"])
# GET: the button that asks for it; POST: a background job (app/jobs).
bp.add_url_rule("/hoeringsnotat/version/<int:version>/udvalgspakke", view_func=views.committee_pack,
                methods=["GET", "POST"])
