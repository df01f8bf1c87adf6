"""Language and time zone: Danish by default, English on request."""

from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale

from app.extensions import babel

LANGUAGE_COOKIE = "language"


def select_locale() -> str:
    # A cookie of its own, not the session: a visitor who only reads gets no session, so public pages
    # can be cached (app/public/caching.py varies them on the cookie).
    chosen = request.cookies.get(LANGUAGE_COOKIE) if has_request_context() else None
    return locale_chosen(chosen, current_app.config)


def locale_chosen(cookie: str | None, config) -> str:
    """The language in the cookie if it is one of ours; else Danish: the municipality's language, not the
    browser's guess (a Danish citizen may run an English browser)."""
    return cookie if cookie in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]


def register(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def language_context():
        return {"current_language": str(get_locale() or "da"), "request": request}
