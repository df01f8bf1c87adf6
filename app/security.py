"""Security headers on every response, and the keys that sign links."""

from flask import Flask, current_app

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


def register(app: Flask) -> None:
    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")  # personal links must not leak to other sites
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response


def signing_keys() -> list[str | bytes]:
    """For the app's own itsdangerous serializers: the keys being rotated out, then the current one.
    itsdangerous signs with the last and accepts all, as Flask does for the session (SECRET_KEY_FALLBACKS)."""
    return [*(current_app.config.get("SECRET_KEY_FALLBACKS") or []), current_app.secret_key]
