"""Staff sign in with the municipality's login: off to the provider, back with a code, in with the role
their groups give (or a page that says why not)."""

import logging

from authlib.integrations.base_client import OAuthError
from flask import abort, redirect, render_template, request, session, url_for
from flask_login import current_user
from joserfc.errors import JoseError
from requests import RequestException

from app.accounts import sessions
from app.accounts.views import start_page
from app.extensions import db
from app.signin import providers, staff
from app.urls import safe_next_url

NEXT = "signin_next"
log = logging.getLogger(__name__)


def staff_start():
    oauth = providers.client(providers.STAFF)
    if oauth is None:
        abort(404)
    if current_user.is_authenticated:
        return redirect(start_page(current_user))
    session[NEXT] = safe_next_url(request.args.get("next", "")) or ""
    try:
        return oauth.authorize_redirect(url_for("signin.staff_callback", _external=True))
    except (OAuthError, RequestException) as error:
        log.warning("The municipality's login did not answer: %s", type(error).__name__)
        return render_template("signin/failed.html", unavailable=True), 502


def staff_callback():
    oauth = providers.client(providers.STAFF)
    if oauth is None:
        abort(404)
    next_url = session.pop(NEXT, "")
    try:
        token = oauth.authorize_access_token()
    except (OAuthError, RequestException, JoseError, RuntimeError) as error:  # RuntimeError: no jwks_uri
        # Only the kind of error: the answer may hold a code or a token, and those never go to the log.
        log.warning("Log-in with the municipality's login failed: %s", type(error).__name__)
        return render_template("signin/failed.html"), 400
    claims = token.get("userinfo") or {}
    if not claims.get("sub"):  # no ID token, or one that names nobody
        log.warning("Log-in with the municipality's login failed: no subject in the ID token")
        return render_template("signin/failed.html"), 400
    identity = staff.identity_from_claims(claims)
    try:
        user = staff.sign_in(identity)
    except staff.Refused as refusal:
        db.session.commit()  # the refusal is in the audit trail
        log.info("Log-in with the municipality's login refused: %s", refusal.reason)
        return render_template("signin/refused.html", message=refusal.message), 403
    sessions.start(user, provider_id_token=token.get("id_token"))
    db.session.commit()
    return redirect(safe_next_url(next_url) or start_page(user))
