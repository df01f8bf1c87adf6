"""Every address of accounts: `bp` for log-in, two-step verification and one's own account, `users_bp` for the
administrators' user administration.
"""

from flask import Blueprint

from app.accounts import account_views, admin_views, keepalive, two_factor, views

bp = Blueprint("accounts", __name__, url_prefix="/konto")

bp.before_app_request(views.check_session)
bp.add_url_rule("/log-ind", view_func=views.login, methods=["GET", "POST"])
bp.add_url_rule("/log-ind/kode", view_func=views.login_code, methods=["GET", "POST"])
bp.add_url_rule("/log-ud", view_func=views.logout, methods=["POST"])
bp.add_url_rule("/glemt-adgangskode", view_func=views.forgot_password, methods=["GET", "POST"])
bp.add_url_rule("/ny-adgangskode/<token>", view_func=views.reset_password, methods=["GET", "POST"])

bp.add_url_rule("/totrinsbekraeftelse", view_func=two_factor.two_factor_setup, methods=["GET", "POST"])
bp.add_url_rule("/totrinsbekraeftelse/nye-koder", view_func=two_factor.new_recovery_codes, methods=["GET", "POST"])
bp.add_url_rule("/totrinsbekraeftelse/slaa-fra", view_func=two_factor.two_factor_disable, methods=["GET", "POST"])

bp.add_url_rule("/", view_func=account_views.account)
bp.add_url_rule("/daglig-e-mail", view_func=account_views.digest_setting, methods=["POST"])
bp.add_url_rule("/adgangskode", view_func=account_views.change_password, methods=["GET", "POST"])

bp.app_context_processor(keepalive.session_timeout_globals)
bp.add_url_rule("/session", view_func=keepalive.session_status)
bp.add_url_rule("/session/forlaeng", view_func=keepalive.session_extend, methods=["POST"])

users_bp = Blueprint("users", __name__, url_prefix="/administration/brugere")

users_bp.add_url_rule("/", view_func=admin_views.index)
users_bp.add_url_rule("/ny", view_func=admin_views.new, methods=["GET", "POST"])
users_bp.add_url_rule("/<int:user_id>", view_func=admin_views.show)
users_bp.add_url_rule("/<int:user_id>/rolle", view_func=admin_views.change_role, methods=["POST"])
users_bp.add_url_rule("/<int:user_id>/deaktiver", view_func=admin_views.deactivate, methods=["POST"])
users_bp.add_url_rule("/<int:user_id>/aktiver", view_func=admin_views.reactivate, methods=["POST"])
users_bp.add_url_rule("/<int:user_id>/send-link", view_func=admin_views.send_link, methods=["POST"])
users_bp.add_url_rule("/<int:user_id>/nulstil-totrinsbekraeftelse",
                      view_func=admin_views.reset_two_factor, methods=["POST"])
