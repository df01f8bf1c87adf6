"""Public pages for visitors who are not logged in, from a shared cache (Flask-Caching, Redis in production).

A hearing in the news is read by thousands in an hour; its page must not be rendered for each of them.
A page is kept with the *generation* it was made in: every commit that changes what a public page can
show (a hearing, its draft, a response, the memo, a decision) moves the generation on, so the next
visitor gets a fresh page at once (the generation and the page are read in one round trip). A page is
kept at most PUBLIC_CACHE_SECONDS, and never past the moment its hearing opens or closes by the clock.
Visitors' browsers get `Cache-Control: public` and an `ETag` (made once, kept with the page), and a page
they already have costs a 304.

The cache is a help, never a need: if Redis is away, pages are rendered as before (and the cache is not
asked again for a while, so no visitor waits for its time-out twice).
"""

from __future__ import annotations

import gzip
import logging
import time
from datetime import datetime
from functools import wraps

from flask import Flask, current_app, g, has_app_context, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session
from werkzeug.http import parse_accept_header

from app.db_types import utcnow
from app.extensions import cache

log = logging.getLogger(__name__)

GENERATION_KEY = "public:generation"
PAUSE_AFTER_FAILURE_SECONDS = 30
# What a kept page is answered with besides the security headers (app/security.py) and the browser's
# (`for_browsers`); the API's views set theirs on the response (app/api/views.py `open_to_everyone`).
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Cache-Control", "ETag", "Access-Control-Allow-Origin")
COMPRESSED_TYPES = frozenset({"text/html", "application/json", "text/csv", "text/plain"})
# Writes that never show on a public page: a change to only these keeps the cached pages.
QUIET_TABLES = frozenset({
    "audit_events", "outbox_messages", "outbox_attachments", "login_sessions", "jobs", "users",
    "password_tokens", "recovery_codes", "failed_logins",
    # A party opening its link notes when (first and last opened): staff see it, no public page does.
    "party_links",
})

_paused_until = 0.0


def register(app: Flask) -> None:
    if "Redis" in app.config["CACHE_TYPE"]:
        # A Redis that hangs must cost a visitor one second, once, not a page that never comes.
        app.config.setdefault("CACHE_OPTIONS", {"socket_connect_timeout": 1, "socket_timeout": 1})
    cache.init_app(app)
    for name, listener in (("after_flush", _note_public_change), ("do_orm_execute", _note_bulk_change),
                           ("after_commit", _after_commit), ("after_rollback", _after_rollback)):
        if not event.contains(Session, name, listener):  # one app per test, one listener per process
            event.listen(Session, name, listener)


def cached_public_page(view):
    """Keep the page this view makes for visitors who are not logged in (GET, answered 200)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        # Only for a visitor without a session: a session may hold a message for that one person (a flash,
        # "Du er logget ud."), and the page that shows it is theirs alone.
        if current_user.is_authenticated or request.method != "GET" or session:
            return view(*args, **kwargs)
        key = page_key(request.host, str(get_locale()), request.full_path)
        # The generation and the page in one round trip; a page kept under an older generation is stale.
        generation, kept = cache_call(cache.get_many, GENERATION_KEY, key) or (None, None)
        generation = generation or 0
        if kept is not None and kept.get("generation") == generation:
            response = kept_response(current_app.response_class, kept, request.environ)
        else:
            response = make_response(view(*args, **kwargs))
            if session.modified or session:  # the page started a session (a form's token): it is theirs
                return response
            response.direct_passthrough = False  # a file (send_file) is read once, to keep it and tag it
            _keep(key, generation, response)
        return _for_browsers(response)

    return wrapped


def page_key(host: str, locale: str, full_path: str) -> str:
    """The key of a kept page; the WSGI layer in front of Flask (app/public/kept_pages.py) reads the same.
    The host is part of it: links in a page are built from it (a forged Host header must not reach the
    next visitor)."""
    return f"page:{host}:{locale}:{full_path}"


def stamp_key(key: str) -> str:
    """The key of a kept page's stamp: its generation and ETag, kept beside it for as long, so a process
    that has a copy of the page can tell that the cache still holds the same one without fetching it
    (app/public/kept_pages.py). A namespace of its own: no page's path can make a page key of it."""
    return f"stamp:{key}"


def valid_until(moment: datetime | None) -> None:
    """The page must not be kept past `moment` (a hearing opens or closes then, by the clock)."""
    if moment is None or moment <= utcnow():
        return
    earliest = g.get("public_valid_until")
    g.public_valid_until = moment if earliest is None else min(earliest, moment)


def _keep(key: str, generation: int, response) -> None:
    if response.status_code != 200 or "Set-Cookie" in response.headers:
        return
    body = response.get_data()
    if len(body) > current_app.config["PUBLIC_CACHE_MAX_BYTES"]:
        return
    seconds = current_app.config["PUBLIC_CACHE_SECONDS"]
    until = g.get("public_valid_until")
    if until is not None:
        seconds = min(seconds, int((until - utcnow()).total_seconds()))
    if seconds < 1:
        return
    response.add_etag()  # once, kept with the page: not a digest of the whole page for every reader
    headers = [(name, value) for name, value in response.headers.items()
               if name in KEPT_HEADERS]
    stamp = f"{generation}:{response.get_etag()[0]}"
    kept = {"generation": generation, "body": body, "headers": headers, "stamp": stamp}
    if response.mimetype in COMPRESSED_TYPES and len(body) > 1024:
        # Compressed once, for every reader whose browser takes it (all do): a 130 KB hearing page is 15 KB
        # on a phone's connection, and the server writes a tenth of the bytes.
        kept["gzip"] = gzip.compress(body, compresslevel=6, mtime=0)
    cache_call(cache.set_many, {key: kept, stamp_key(key): stamp}, timeout=seconds)


def kept_response(response_class, kept: dict, environ: dict):
    """A kept page as the reader's browser takes it: compressed when it says it accepts gzip."""
    response = response_class(kept["body"], status=200, headers=kept["headers"])
    if "gzip" in kept and takes_gzip(environ.get("HTTP_ACCEPT_ENCODING", "")):
        response.set_data(kept["gzip"])
        response.headers["Content-Encoding"] = "gzip"
        etag, weak = response.get_etag()
        response.set_etag(f"{etag}-gzip", weak=weak)  # another representation: another tag
    return response


def _for_browsers(response):
    return for_browsers(response, request.environ, current_app.config["PUBLIC_CACHE_SECONDS"])


def takes_gzip(accept_encoding: str) -> bool:
    """"gzip" (or "*") in Accept-Encoding, and not refused with q=0."""
    accepted = parse_accept_header(accept_encoding)
    return accepted.quality("gzip") > 0


def for_browsers(response, environ: dict, max_age: int):
    """What every reader's browser gets with a public page: `Cache-Control: public`, the ETag, and a 304
    when it already has the page."""
    if not response.headers.get("Cache-Control", "").startswith("public"):  # a view may allow longer (files)
        response.headers["Cache-Control"] = f"public, max-age={max_age}"
    response.vary.add("Cookie")  # the language is chosen in a cookie
    response.vary.add("Accept-Encoding")  # a kept page is sent compressed to a browser that takes it
    response.add_etag()
    return response.make_conditional(environ)


def cache_call(method, *args, **kwargs):
    """A call to the cache that gives None when the cache is away (and skips it for a while after)."""
    global _paused_until  # noqa: PLW0603 (one pause per process, shared by its threads)
    if time.monotonic() < _paused_until:
        return None
    try:
        return method(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 (any failure of the cache: pages work without it)
        _paused_until = time.monotonic() + PAUSE_AFTER_FAILURE_SECONDS
        log.warning("public page cache unavailable for %d s: %s", PAUSE_AFTER_FAILURE_SECONDS,
                    type(error).__name__)
        return None


def _bump_generation() -> None:
    # None back means the cache is away: the pages it holds expire by their time-out.
    cache_call(lambda: cache.cache.inc(GENERATION_KEY))


def _note_public_change(session, _flush_context) -> None:
    for instance in (*session.new, *session.dirty, *session.deleted):
        table = getattr(instance, "__tablename__", None)
        if table is not None and table not in QUIET_TABLES and not _only_quiet_columns(session, instance):
            session.info["public_changed"] = True
            return


def _only_quiet_columns(session, instance) -> bool:
    """A row changed only where no public page looks (`PUBLIC_QUIET_COLUMNS` of its model): a party's working
    copy, saved while it types, every few seconds on a deadline evening, would otherwise empty the cache."""
    quiet = getattr(instance, "PUBLIC_QUIET_COLUMNS", None)
    if not quiet or instance not in session.dirty:
        return False
    state = inspect(instance)
    return all(column.key in quiet for column in state.mapper.column_attrs
               if state.attrs[column.key].history.has_changes())


def _note_bulk_change(state) -> None:
    """An UPDATE or DELETE statement run through the session (no objects to look at): assume it shows."""
    if state.is_update or state.is_delete or (state.is_insert and not state.is_select):
        table = getattr(getattr(state.statement, "table", None), "name", None)
        if table not in QUIET_TABLES:
            state.session.info["public_changed"] = True


def _after_commit(session) -> None:
    if session.info.pop("public_changed", False) and has_app_context():
        _bump_generation()


def _after_rollback(session) -> None:
    session.info.pop("public_changed", None)
