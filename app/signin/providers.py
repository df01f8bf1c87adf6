"""The two OpenID Connect providers, each off until configured: `staff` (the municipality's login, OIDC_*)
and `mitid` (a MitID broker, MITID_*). Authlib's Flask client does the protocol: discovery, the
authorization code flow with PKCE (S256), state and nonce, and the ID token's signature and claims.

Each app gets its own registry (`init_app`), so apps with different settings never share a client.
"""

import logging
from urllib.parse import urlencode

from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app, url_for
from requests import RequestException

EXTENSION = "signin_oauth"
STAFF = "staff"
MITID = "mitid"
_PREFIX = {STAFF: "OIDC", MITID: "MITID"}
log = logging.getLogger(__name__)


def is_configured(name: str, config=None) -> bool:
    config = config if config is not None else current_app.config
    prefix = _PREFIX[name]
    return all(config.get(f"{prefix}_{key}") for key in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET"))


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = OAuth(app)


def client(name: str):
    """The client of `name` with the app's settings, or None when that sign-in is off. Registered at its
    first use, so the settings are read once the app is fully configured."""
    config = current_app.config
    if not is_configured(name, config):
        return None
    oauth = current_app.extensions[EXTENSION]
    found = oauth.create_client(name)
    if found is None:
        prefix = _PREFIX[name]
        issuer = config[f"{prefix}_ISSUER"].rstrip("/")
        found = oauth.register(
            name,
            client_id=config[f"{prefix}_CLIENT_ID"],
            client_secret=config[f"{prefix}_CLIENT_SECRET"],
            server_metadata_url=f"{issuer}/.well-known/openid-configuration",
            client_kwargs={"scope": config[f"{prefix}_SCOPES"], "code_challenge_method": "S256", "timeout": 10},
        )
    return found


def end_session_url(id_token: str) -> str | None:
    """Where the browser ends the session at the municipality's login (OpenID Connect RP-initiated logout,
    with the ID token as hint) and comes back to the front page; None when the provider offers no such
    endpoint, the sign-in is no longer configured, or the provider does not answer (log-out then ends only
    the session here)."""
    found = client(STAFF)
    if found is None:
        return None
    try:
        endpoint = found.load_server_metadata().get("end_session_endpoint")
    except (OAuthError, RequestException) as error:
        log.warning("The municipality's login did not answer at log-out: %s", type(error).__name__)
        return None
    if not endpoint:
        return None
    query = urlencode({"id_token_hint": id_token, "client_id": current_app.config["OIDC_CLIENT_ID"],
                       "post_logout_redirect_uri": url_for("public.index", _external=True)})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
