"""Every address of personal data: the privacy notice and a person's own data by link."""

from flask import Blueprint

from app.privacy import views

bp = Blueprint("privacy", __name__)

bp.add_url_rule("/persondata", view_func=views.notice, methods=["GET", "POST"])
bp.add_url_rule("/persondata/sendt", view_func=views.sent)
bp.add_url_rule("/persondata/<token>", view_func=views.data)
bp.add_url_rule("/persondata/<token>/fil", view_func=views.download)
bp.add_url_rule("/persondata/<token>/slet", view_func=views.erase, methods=["POST"])
