"""Security headers on every response, personal links' tokens kept out of the logs, and the keys that sign links."""

import logging
import re

from flask import Flask, current_app, g, request, session

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))


# Personal links carry their key in the path: a party's link, a password link, a citizen's confirmation,
# the personal-data link (whose token holds the address). Logs keep the route, not the key.
TOKEN_IN_PATH = re.compile(r"(/(?:svar|ny-adgangskode|bekraeft|persondata)/)[A-Za-z0-9_.=%-]{16,}")


def redact_tokens(text: str) -> str:
    return TOKEN_IN_PATH.sub(r"\1[token]", text)


class RedactTokens(logging.Filter):
    """On the app's logger: Flask's "Exception on /svar/<token> [POST]" names the path of a failed request."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact_tokens(record.getMessage()), None
        return True


def register(app: Flask) -> None:
    app.logger.addFilter(RedactTokens())

    @app.after_request
    def security_headers(response):
        add_security_headers(response.headers, app.config)
        if "no-store" not in response.headers.get("Cache-Control", "") and _personal():
            response.headers["Cache-Control"] = "no-store"  # nor a shared cache nor the browser keeps it
        return response


def add_security_headers(headers, config) -> None:
    """The headers every response has (also a public page answered before Flask: app/public/kept_pages.py)."""
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")  # personal links must not leak to other sites
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if config.get("SESSION_COOKIE_SECURE"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def signing_keys() -> list[str | bytes]:
    """For the app's own itsdangerous serializers: the keys being rotated out, then the current one.
    itsdangerous signs with the last and accepts all, as Flask does for the session (SECRET_KEY_FALLBACKS)."""
    return [*(current_app.config.get("SECRET_KEY_FALLBACKS") or []), current_app.secret_key]


def _personal() -> bool:
    """A response meant for one person: to someone logged in, to a page reached by a personal link
    (the token is in the URL rule), or the answer to a form sent. Static files and public pages
    seen anonymously keep their caching."""
    if request.endpoint == "static":
        return False
    if request.method not in ("GET", "HEAD"):
        return True
    rule = request.url_rule
    if rule is not None and "token" in rule.arguments:
        return True
    # The user as this request loaded it, never a new query: with the database down that would fail
    # again here, on the way out of the error page. Not loaded: whoever has a log-in in the cookie.
    user = g.get("_login_user")
    if user is not None:
        return bool(user.is_authenticated)
    return bool(session.get("_user_id"))
