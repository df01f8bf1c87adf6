"""Every address of subscriptions to hearings."""

from flask import Blueprint

from app.extensions import csrf
from app.subscriptions import views

bp = Blueprint("subscriptions", __name__, url_prefix="/abonnement")

bp.add_url_rule("", view_func=views.subscribe, methods=["GET", "POST"])
bp.add_url_rule("/hoering/<slug>", view_func=views.subscribe_memo, methods=["GET", "POST"])
bp.add_url_rule("/tjek-din-mail", view_func=views.sent)
bp.add_url_rule("/bekraeft/<token>", view_func=views.confirm, methods=["GET", "POST"])
bp.add_url_rule("/afmeld/<token>", view_func=views.unsubscribe, methods=["GET", "POST"])
# A mail program's one-click POST (RFC 8058) carries no CSRF token and no cookie; the signed link is the proof.
bp.add_url_rule("/afmeld/<token>/et-klik", view_func=csrf.exempt(views.unsubscribe_one_click), methods=["POST"])
