"""Every address of the register of parties (organisations and their contacts)."""

from flask import Blueprint

from app.parties import views

bp = Blueprint("parties", __name__, url_prefix="/medarbejder/parter")

bp.add_url_rule("/", view_func=views.index)
bp.add_url_rule("/ny", view_func=views.new, methods=["GET", "POST"])
bp.add_url_rule("/<int:organisation_id>", view_func=views.show)
bp.add_url_rule("/<int:organisation_id>/rediger", view_func=views.edit, methods=["GET", "POST"])
bp.add_url_rule("/<int:organisation_id>/deaktiver", view_func=views.deactivate, methods=["POST"])
bp.add_url_rule("/<int:organisation_id>/aktiver", view_func=views.reactivate, methods=["POST"])
bp.add_url_rule("/<int:organisation_id>/kontaktpersoner/ny", view_func=views.add_contact, methods=["GET", "POST"])
bp.add_url_rule("/<int:organisation_id>/kontaktpersoner/<int:contact_id>/rediger",
                view_func=views.edit_contact, methods=["GET", "POST"])
bp.add_url_rule("/<int:organisation_id>/kontaktpersoner/<int:contact_id>/deaktiver",
                view_func=views.deactivate_contact, methods=["POST"])
bp.add_url_rule("/<int:organisation_id>/kontaktpersoner/<int:contact_id>/aktiver",
                view_func=views.reactivate_contact, methods=["POST"])
bp.add_url_rule("/import", view_func=views.import_csv, methods=["GET", "POST"])
bp.add_url_rule("/import/bekraeft", view_func=views.confirm_import, methods=["POST"])
bp.add_url_rule("/import/rapport/<int:event_id>", view_func=views.import_report)
