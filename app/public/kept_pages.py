"""Kept public pages answered in front of Flask: a hearing in the news is read by thousands in an hour.

`cached_public_page` (app/public/caching.py) keeps what the app made for a visitor who is not logged in.
Reading it back inside Flask still costs Flask's own handling of the request (its contexts, the session,
the locale, the log-in), several times the cost of the page itself. This WSGI layer reads the same kept
page first, by the same key and generation, and answers with the same headers (the security headers,
`Cache-Control: public`, the ETag, a 304 when the browser has the page). Anything else goes to Flask:
another method, a request with a session or log-in cookie (the page may be theirs alone), a page not
kept, or one kept under an older generation. With the cache away, every request goes to Flask.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.wrappers import Request, Response

from app.extensions import cache
from app.i18n import LANGUAGE_COOKIE, locale_chosen
from app.public.caching import GENERATION_KEY, cache_call, for_browsers, kept_response, page_key
from app.security import add_security_headers


class KeptPages:
    def __init__(self, app: Flask):
        self.wsgi_app = app.wsgi_app
        self.config = app.config
        self.backend = app.extensions["cache"][cache]
        self.private_cookies = (app.config["SESSION_COOKIE_NAME"],
                                app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))

    def __call__(self, environ: dict, start_response):
        response = self._kept(environ)
        if response is None:
            return self.wsgi_app(environ, start_response)
        return response(environ, start_response)

    def _kept(self, environ: dict) -> Response | None:
        if environ.get("REQUEST_METHOD") != "GET":
            return None
        request = Request(environ)  # the host, path and cookies read as Flask reads them
        if any(name in request.cookies for name in self.private_cookies):
            return None
        locale = locale_chosen(request.cookies.get(LANGUAGE_COOKIE), self.config)
        key = page_key(request.host, locale, request.full_path)
        generation, kept = cache_call(self.backend.get_many, GENERATION_KEY, key) or (None, None)
        if kept is None or kept.get("generation") != (generation or 0):
            return None
        response = kept_response(Response, kept, environ)
        add_security_headers(response.headers, self.config)
        return for_browsers(response, environ, self.config["PUBLIC_CACHE_SECONDS"])
