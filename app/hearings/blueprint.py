"""Every staff address of a hearing itself: the start page, create and edit, the draft, the sections, the parties
and the lifecycle.
"""

from flask import Blueprint

from app.hearings import draft_views, party_views, section_views, views
from app.hearings.alternatives import views as alternative_views
from app.hearings.loading import load_hearing_from_url
from app.hearings.rounds import views as rounds_views

bp = Blueprint("hearings", __name__, url_prefix="/medarbejder")
load_hearing_from_url(bp)

bp.add_url_rule("/", view_func=views.dashboard)
bp.add_url_rule("/hoeringer/ny", view_func=views.new, methods=["GET", "POST"])
bp.add_url_rule("/hoeringer/<slug>", view_func=views.show)
bp.add_url_rule("/hoeringer/<slug>/rediger", view_func=views.edit, methods=["GET", "POST"])
bp.add_url_rule("/hoeringer/<slug>/handling/<action>", view_func=views.perform, methods=["GET", "POST"])
bp.add_url_rule("/hoeringer/<slug>/frist", view_func=views.deadline, methods=["GET", "POST"])
bp.add_url_rule("/hoeringer/<slug>/dokument/<int:attachment_id>", view_func=views.document)

bp.add_url_rule("/hoeringer/<slug>/udkast/importer", view_func=draft_views.import_draft, methods=["GET", "POST"])
bp.add_url_rule("/hoeringer/<slug>/udkast/importer/<int:job_id>", view_func=draft_views.import_result)
bp.add_url_rule("/hoeringer/<slug>/udkast/gem", view_func=draft_views.save_draft, methods=["POST"])

bp.add_url_rule("/hoeringer/<slug>/parter", view_func=party_views.parties)
bp.add_url_rule("/hoeringer/<slug>/parter", view_func=party_views.add_parties, methods=["POST"])
bp.add_url_rule("/hoeringer/<slug>/parter/<int:invitation_id>/fjern",
                view_func=party_views.remove_party, methods=["POST"])
bp.add_url_rule("/hoeringer/<slug>/parter/paamindelser", view_func=party_views.send_reminders, methods=["POST"])
# The GET of an action that cannot be undone is its confirmation page (app/confirmations.py).
bp.add_url_rule("/hoeringer/<slug>/parter/<int:invitation_id>/send-igen",
                view_func=party_views.resend, methods=["GET", "POST"])
bp.add_url_rule("/hoeringer/<slug>/links/<int:link_id>/tilbagekald",
                view_func=party_views.revoke_link, methods=["GET", "POST"])

bp.add_url_rule("/hoeringer/<slug>/afsnit", view_func=section_views.sections)
bp.add_url_rule("/hoeringer/<slug>/alternativer", view_func=alternative_views.alternatives, methods=["GET", "POST"])
bp.add_url_rule("/hoeringer/<slug>/afsnit/<key>/ret", view_func=section_views.edit_section, methods=["GET", "POST"])
bp.add_url_rule("/hoeringer/<slug>/afsnit/<key>/del", view_func=section_views.split_section, methods=["GET", "POST"])
bp.add_url_rule("/hoeringer/<slug>/afsnit/<key>/flyt/<direction>",
                view_func=section_views.move_section, methods=["POST"])
bp.add_url_rule("/hoeringer/<slug>/afsnit/<key>/slaa-sammen", view_func=section_views.merge_sections, methods=["POST"])
bp.add_url_rule("/hoeringer/<slug>/afsnit/nummerer", view_func=section_views.renumber_sections, methods=["POST"])

# After a postponement: a revised draft for the committee, and a second hearing round (genhøring).
bp.add_url_rule("/hoeringer/<slug>/revideret-udkast/ny", view_func=rounds_views.new_committee_draft,
                methods=["GET", "POST"])
bp.add_url_rule("/hoeringer/<slug>/revideret-udkast/<int:version>", view_func=rounds_views.committee_draft)
bp.add_url_rule("/hoeringer/<slug>/revideret-udkast/<int:version>/afsnit/<key>",
                view_func=rounds_views.edit_committee_section, methods=["GET", "POST"])
bp.add_url_rule("/hoeringer/<slug>/revideret-udkast/<int:version>/importer",
                view_func=rounds_views.import_committee_draft, methods=["GET", "POST"])
bp.add_url_rule("/hoeringer/<slug>/genhoering", view_func=rounds_views.second_round, methods=["GET", "POST"])
bp.add_url_rule("/hoeringer/<slug>/tidligere-bemaerkninger", view_func=rounds_views.earlier_comments)
