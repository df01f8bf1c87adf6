"""Every address of responses: `bp` for those who respond (a party by its personal link, a citizen on a public
hearing), `staff_bp` for staff who read them and register letters.
"""

from flask import Blueprint

from app.hearings.loading import load_hearing_from_url
from app.responses import citizen_views, draft_sections, staff_views, views
from app.responses.letters import views as letters_views
from app.responses.letters.mailbox import views as mailbox_views

bp = Blueprint("responses", __name__)
# The response pages' draft, its part for every party from the cache (templates/responses/_macros.html).
bp.add_app_template_global(draft_sections.kept_draft_sections)
bp.add_app_template_filter(draft_sections.toc_counts)

bp.add_url_rule("/svar/<token>", view_func=views.party_start)
bp.add_url_rule("/svar/<token>", view_func=views.party_save, methods=["POST"])
bp.add_url_rule("/svar/<token>/kvittering", view_func=views.receipt)
bp.add_url_rule("/svar/<token>/kvittering.pdf", view_func=views.receipt_download)
bp.add_url_rule("/svar/<token>/traek-tilbage", view_func=views.withdraw, methods=["GET", "POST"])
bp.add_url_rule("/svar/<token>/bilag/<int:attachment_id>", view_func=views.party_attachment)
bp.add_url_rule("/svar/<token>/faelles-svar/<int:response_id>/bekraeft", view_func=views.accept_cosignature,
                methods=["POST"])

bp.add_url_rule("/hoeringer/<slug>/svar", view_func=citizen_views.citizen_respond, methods=["GET", "POST"])
bp.add_url_rule("/hoeringer/<slug>/svar/sendt", view_func=citizen_views.citizen_sent)
bp.add_url_rule("/hoeringer/<slug>/bekraeft/<token>", view_func=citizen_views.citizen_confirm)
bp.add_url_rule("/hoeringer/<slug>/bekraeft/<token>/traek-tilbage", view_func=citizen_views.citizen_withdraw,
                methods=["GET", "POST"])

staff_bp = Blueprint("staff_responses", __name__, url_prefix="/medarbejder/hoeringer/<slug>")
load_hearing_from_url(staff_bp)

staff_bp.add_url_rule("/svar", view_func=staff_views.response_list)
staff_bp.add_url_rule("/svar/<int:response_id>/versioner", view_func=staff_views.response_versions)
staff_bp.add_url_rule("/svar/<int:response_id>/for-sent",
                      view_func=staff_views.response_accept_late, methods=["GET", "POST"])

staff_bp.add_url_rule("/breve/ny", view_func=letters_views.letter_new, methods=["GET", "POST"])
staff_bp.add_url_rule("/svar/<int:response_id>", view_func=letters_views.response_page)
staff_bp.add_url_rule("/svar/<int:response_id>/bilag/<int:attachment_id>", view_func=letters_views.response_attachment)

staff_bp.add_url_rule("/post", view_func=mailbox_views.mail_list)
staff_bp.add_url_rule("/post/<int:mail_id>", view_func=mailbox_views.mail_page)
staff_bp.add_url_rule("/post/<int:mail_id>/filer/<int:file_id>", view_func=mailbox_views.mail_file)
staff_bp.add_url_rule("/post/<int:mail_id>/registrer", view_func=mailbox_views.mail_register, methods=["POST"])
staff_bp.add_url_rule("/post/<int:mail_id>/laeg-til-side", view_func=mailbox_views.mail_set_aside, methods=["POST"])
