"""Every address of the reply workspace: staff answer each comment, a team lead approves; the overview, the
history, the revised draft and the search.
"""

from flask import Blueprint

from app.hearings.loading import load_hearing_from_url
from app.replies import comment_views, history_views, overview_views, revision_views, views
from app.replies.search import views as search_views

bp = Blueprint("replies", __name__, url_prefix="/medarbejder/hoeringer/<slug>")
load_hearing_from_url(bp)

bp.add_url_rule("/besvarelse/<key>", view_func=views.section_replies)
bp.add_url_rule("/besvarelse/<key>/ens", view_func=views.find_alike, methods=["POST"])
bp.add_url_rule("/besvarelse/<key>/nyt-svar", view_func=views.start_reply, methods=["POST"])
bp.add_url_rule("/svar-paa-bemaerkninger/<int:reply_id>", view_func=views.edit_reply, methods=["GET", "POST"])
bp.add_url_rule("/svar-paa-bemaerkninger/<int:reply_id>/til-godkendelse", view_func=views.reply_ready, methods=["POST"])
bp.add_url_rule("/svar-paa-bemaerkninger/<int:reply_id>/godkend", view_func=views.approve_reply, methods=["POST"])
bp.add_url_rule("/svar-paa-bemaerkninger/<int:reply_id>/send-tilbage",
                view_func=views.send_back_reply, methods=["GET", "POST"])
bp.add_url_rule("/bemaerkninger/<int:comment_id>/loesriv", view_func=views.detach_comment, methods=["POST"])

bp.add_url_rule("/bemaerkninger/<int:comment_id>/placering", view_func=comment_views.fix_comment)
bp.add_url_rule("/bemaerkninger/<int:comment_id>/flyt", view_func=comment_views.move_comment, methods=["POST"])
bp.add_url_rule("/bemaerkninger/<int:comment_id>/del", view_func=comment_views.split_comment, methods=["POST"])
bp.add_url_rule("/bemaerkninger/<int:comment_id>/ikke-en-bemaerkning",
                view_func=comment_views.toggle_not_a_remark, methods=["POST"])

bp.add_url_rule("/besvarelse", view_func=overview_views.reply_overview)
bp.add_url_rule("/besvarelse/fordeling", view_func=overview_views.assign_sections, methods=["GET", "POST"])

bp.add_url_rule("/svar-paa-bemaerkninger/<int:reply_id>/historik", view_func=history_views.reply_history)
bp.add_url_rule("/bemaerkninger/<int:comment_id>/historik", view_func=history_views.comment_history)

bp.add_url_rule("/udkast/revision", view_func=revision_views.draft_revision)
bp.add_url_rule("/udkast/revision", view_func=revision_views.revise_draft, methods=["POST"])
bp.add_url_rule("/udkast/sammenligning", view_func=revision_views.compare_drafts)

bp.add_url_rule("/soeg", view_func=search_views.search)
