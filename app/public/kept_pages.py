"""Kept public pages answered in front of Flask: a hearing in the news is read by thousands in an hour.

`cached_public_page` (app/public/caching.py) keeps what the app made for a visitor who is not logged in.
Reading it back inside Flask still costs Flask's own handling of the request (its contexts, the session,
the locale, the log-in), several times the cost of the page itself. This WSGI layer reads the same kept
page first, by the same key and generation, and answers with the same headers (the security headers,
`Cache-Control: public`, the ETag, a 304 when the browser has the page). Anything else goes to Flask:
another method, a request with a session or log-in cookie (the page may be theirs alone), a page not
kept, or one kept under an older generation. With the cache away, every request goes to Flask.

Each process also keeps a copy of the pages it answered (`Copies`). Fetching a hearing's page from Redis
for every reader (130 KB, and its 28 KB compressed) cost more than the rest of the answer: with the copy, a
reader costs one small read, the generation and the page's stamp (`caching.stamp_key`), and the copy is
answered only while the cache holds the very page it was copied from (the same generation and ETag). So a
change, a page's time-out or a flushed cache reach the readers of every process as they did without it.
Issue 20, `bench.pages` on 2 cores, two interleaved pairs: 1,759 and 1,602 hearing pages a second with the
copies, 1,200 and 1,450 without.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from flask import Flask
from werkzeug.wrappers import Request, Response

from app.extensions import cache
from app.i18n import LANGUAGE_COOKIE, locale_chosen
from app.public.caching import GENERATION_KEY, cache_call, for_browsers, kept_response, page_key, stamp_key
from app.security import add_security_headers

COPIES = 32  # pages a process keeps a copy of: a hearing in the news is a few pages in two languages
# A larger page (a published file, up to PUBLIC_CACHE_MAX_BYTES) is not copied: 32 of them would hold every
# process's memory, and for a file the read from the cache is small beside the sending. A hearing page and its
# compressed copy are about 160 KB; so a process holds at most 16 MB of copies.
COPY_MAX_BYTES = 512 * 1024


class Copies:
    """The kept pages this process answered last, at most `size` of at most COPY_MAX_BYTES each, by key."""

    def __init__(self, size: int = COPIES):
        self.size = size
        self._pages: OrderedDict[str, dict] = OrderedDict()
        self._lock = threading.Lock()  # a gthread worker answers on several threads

    def get(self, key: str, generation: int, stamp: str | None) -> dict | None:
        """The copy of `key`, if it is the page the cache holds now: of `generation`, with `stamp`."""
        with self._lock:
            kept = self._pages.get(key)
            if kept is None or stamp is None or kept.get("stamp") != stamp or kept.get("generation") != generation:
                return None
            self._pages.move_to_end(key)
            return kept

    def put(self, key: str, kept: dict) -> None:
        if "stamp" not in kept:  # kept by an older version of the app: it has no stamp to check it by
            return
        if len(kept["body"]) + len(kept.get("gzip", b"")) > COPY_MAX_BYTES:
            return
        with self._lock:
            self._pages[key] = kept
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


class KeptPages:
    def __init__(self, app: Flask):
        self.wsgi_app = app.wsgi_app
        self.config = app.config
        self.backend = app.extensions["cache"][cache]
        self.private_cookies = (app.config["SESSION_COOKIE_NAME"],
                                app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
        self.copies = Copies()

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
        generation, stamp = cache_call(self.backend.get_many, GENERATION_KEY, stamp_key(key)) or (None, None)
        generation = generation or 0
        kept = self.copies.get(key, generation, stamp)
        if kept is None:
            kept = cache_call(self.backend.get, key)
            if kept is None or kept.get("generation") != generation:
                return None
            self.copies.put(key, kept)
        response = kept_response(Response, kept, environ)
        add_security_headers(response.headers, self.config)
        return for_browsers(response, environ, self.config["PUBLIC_CACHE_SECONDS"])
