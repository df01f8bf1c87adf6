"""Every address of the committee: the members' reading pages, and staff's record of its meetings."""

from flask import Blueprint

from app.committee import views
from app.committee.meetings import views as meeting_views
from app.committee.questions import views as question_views
from app.hearings.loading import load_hearing_from_url

bp = Blueprint("committee", __name__, url_prefix="/udvalg")

bp.add_url_rule("/", view_func=views.index)
bp.add_url_rule("/hoeringer/<slug>", view_func=views.hearing_page)
bp.add_url_rule("/hoeringer/<slug>/revideret-udkast/<int:version>", view_func=views.committee_draft)
bp.add_url_rule("/hoeringer/<slug>/hoeringsnotat/<file_format>", view_func=views.memo_download)
bp.add_url_rule("/hoeringer/<slug>/hoeringsnotat/bilag/<file_format>", view_func=views.appendix_download)
bp.add_url_rule("/hoeringer/<slug>/svar/<int:response_id>", view_func=views.response_page)
bp.add_url_rule("/hoeringer/<slug>/svar/<int:response_id>/bilag/<int:attachment_id>",
                view_func=views.response_attachment)
# The members' written questions on a postponed case, and the administration's approved answers.
bp.add_url_rule("/hoeringer/<slug>/spoergsmaal", view_func=question_views.questions)
bp.add_url_rule("/hoeringer/<slug>/spoergsmaal/nyt", view_func=question_views.ask_question, methods=["GET", "POST"])
bp.add_url_rule("/hoeringer/<slug>/spoergsmaal/fil/<file_format>", view_func=question_views.questions_download)

# Staff record the case's treatment in the political bodies (udvalg, økonomiudvalg, kommunalbestyrelse).
meetings_bp = Blueprint("meetings", __name__, url_prefix="/medarbejder/hoeringer/<slug>/moeder")
load_hearing_from_url(meetings_bp)

meetings_bp.add_url_rule("/nyt", view_func=meeting_views.new_meeting, methods=["GET", "POST"])
meetings_bp.add_url_rule("/<int:meeting_id>/ret", view_func=meeting_views.correct_meeting, methods=["GET", "POST"])

# Staff answer the members' questions; a team lead approves each answer.
questions_bp = Blueprint("questions", __name__, url_prefix="/medarbejder/hoeringer/<slug>/spoergsmaal")
load_hearing_from_url(questions_bp)

questions_bp.add_url_rule("/", view_func=question_views.index)
questions_bp.add_url_rule("/<int:question_id>/svar", view_func=question_views.answer_question,
                          methods=["GET", "POST"])
questions_bp.add_url_rule("/<int:question_id>/godkend", view_func=question_views.approve_answer, methods=["POST"])
questions_bp.add_url_rule("/<int:question_id>/send-tilbage", view_func=question_views.send_back_answer,
                          methods=["GET", "POST"])
