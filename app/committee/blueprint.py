"""Every address of the committee: the members' reading pages, and staff's record of its meetings."""

from flask import Blueprint

from app.committee import views
from app.committee.meetings import views as meeting_views
from app.hearings.loading import load_hearing_from_url

bp = Blueprint("committee", __name__, url_prefix="/udvalg")

bp.add_url_rule("/", view_func=views.index)
bp.add_url_rule("/hoeringer/<slug>", view_func=views.hearing_page)
bp.add_url_rule("/hoeringer/<slug>/revideret-udkast/<int:version>", view_func=views.committee_draft)
bp.add_url_rule("/hoeringer/<slug>/hoeringsnotat/<file_format>", view_func=views.memo_download)
bp.add_url_rule("/hoeringer/<slug>/svar/<int:response_id>", view_func=views.response_page)
bp.add_url_rule("/hoeringer/<slug>/svar/<int:response_id>/bilag/<int:attachment_id>",
                view_func=views.response_attachment)

# Staff record the case's treatment in the political bodies (udvalg, økonomiudvalg, kommunalbestyrelse).
meetings_bp = Blueprint("meetings", __name__, url_prefix="/medarbejder/hoeringer/<slug>/moeder")
load_hearing_from_url(meetings_bp)

meetings_bp.add_url_rule("/nyt", view_func=meeting_views.new_meeting, methods=["GET", "POST"])
meetings_bp.add_url_rule("/<int:meeting_id>/ret", view_func=meeting_views.correct_meeting, methods=["GET", "POST"])
