"""The party's page as every party of a hearing sees it before writing: kept once, filled in per request.

A party that has not written sees the page every other such party of the hearing sees, but for its own
parts: its name, its personal link (the form's address, the language links), the CSRF token, its contact's
name under "Hvem afgiver svaret?", and the co-signers offered (every party on the list but itself). The page
is rendered once for a stand-in party whose parts are marks, cut at the marks, and kept in this process
under the hearing, the language, the host and the window (open, closed, not yet open), with the generation
of the public cache (app/public/caching.py): any commit that changes what a page shows starts afresh, and
no kept page is older than PUBLIC_CACHE_SECONDS. A request puts the party's parts in, escaped as the
template escapes them. Whatever else is a party's own (saved text, a submission, a joint response, its
first round's comments, a message, a log-in) is rendered in full.

Answered before Flask by `party_front.py`; the view (views.party_start) keeps and fills when it could not.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from types import SimpleNamespace

from flask import Flask, current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

from app.db_types import utcnow
from app.gzip_pieces import GzipBody, Piece, keep
from app.hearings.models import PartyLink
from app.i18n import LANGUAGE_COOKIE
from app.public.caching import GENERATION_KEY, cache_call
from app.responses import preferences
from app.responses.window import window

TOKEN, NAME, CONTACT, CSRF, COSIGNERS = range(5)
SIMPLE_SLOTS = {"t": TOKEN, "n": NAME, "c": CONTACT, "x": CSRF}
# Only a token that a URL carries as it is: the kept page's links are the token itself.
PLAIN_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,100}\Z")
MAX_KEPT = 16  # pages per process: a hearing in three windows and two languages is six
OFFERED_RUN = 32  # co-signer checkboxes compressed together: a party's page joins at most 13 runs of 400


@dataclass(frozen=True)
class Options:
    """The co-signer checkboxes, each rendered at its own place and at the place before (after the reader's
    own party, which is left out, every id moves up one)."""

    at_place: tuple[bytes, ...]
    moved_up: tuple[bytes, ...]
    between: bytes
    place: dict[int, int]  # organisation id → its place on the list

    def offered(self, own: int) -> bytes:
        """Every checkbox but the reader's own party's (at place `own`)."""
        return self.between.join(self.at_place[:own] + self.moved_up[own + 1:])

    @cached_property
    def kept_runs(self) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
        """The checkboxes compressed in runs of OFFERED_RUN: at their own places, and moved up one."""
        starts = range(0, len(self.at_place), OFFERED_RUN)
        return (tuple(keep(self.between.join(self.at_place[s:s + OFFERED_RUN])) for s in starts),
                tuple(keep(self.between.join(self.moved_up[s:s + OFFERED_RUN])) for s in starts))

    def add_offered(self, body: GzipBody, own: int) -> None:
        """`offered(own)` into a compressed body: the runs before the own party's at their places, the
        rest of its run as its own bytes, the runs after it moved up one."""
        at_runs, moved_runs = self.kept_runs
        run = own // OFFERED_RUN
        start, end = run * OFFERED_RUN, (run + 1) * OFFERED_RUN
        middle = self.between.join(self.at_place[start:own] + self.moved_up[own + 1:end])
        items = [*at_runs[:run], middle, *moved_runs[run + 1:]]
        for number, item in enumerate(item for item in items if item != b""):
            if number:
                body.add_own(self.between)
            if isinstance(item, Piece):
                body.add_kept(item)
            else:
                body.add_own(item)


@dataclass(frozen=True)
class KeptPage:
    parts: tuple  # bytes, and slot numbers where a party's own part goes
    options: Options | None

    @property
    def has_csrf(self) -> bool:
        return CSRF in self.parts

    @cached_property
    def pieces(self) -> tuple[Piece | None, ...]:
        """Each text part compressed (app/gzip_pieces.py), made when a browser first takes the page so."""
        return tuple(keep(part) if type(part) is bytes else None for part in self.parts)


def fill(kept: KeptPage, *, token: str, name: str, contact: str | None, csrf: str,
         organisation_id: int, gzip: bool = False) -> bytes | None:
    """The page of one party, gzip-compressed if `gzip`; None when its party is not among the co-signers
    offered (render in full)."""
    values = {TOKEN: token.encode(), NAME: str(escape(name)).encode(),
              CONTACT: str(escape(contact or "")).encode(), CSRF: csrf.encode()}
    own = None
    if kept.options is not None:
        own = kept.options.place.get(organisation_id)
        if own is None:
            return None
    if gzip:
        return _gzipped(kept, values, own)
    if own is not None:
        values[COSIGNERS] = kept.options.offered(own)
    return b"".join(part if type(part) is bytes else values[part] for part in kept.parts)


def _gzipped(kept: KeptPage, values: dict, own: int | None) -> bytes:
    body = GzipBody()
    for part, piece in zip(kept.parts, kept.pieces, strict=True):
        if piece is not None:
            body.add_kept(piece)
        elif part == COSIGNERS:
            kept.options.add_offered(body, own)
        else:
            body.add_own(values[part])
    return body.finish()


def page_key(hearing_id: int, locale: str, state, host: str, script_root: str, csrf: bool) -> tuple:
    return (hearing_id, locale, state.value, host, script_root, csrf)


class Store:
    """Kept pages of one app in this process, each with the generation it was made in."""

    def __init__(self) -> None:
        self._pages: OrderedDict[tuple, tuple[int, float, KeptPage]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, generation: int, max_age: float) -> KeptPage | None:
        found = self._pages.get(key)
        if found is None or found[0] != generation or time.monotonic() - found[1] > max_age:
            return None
        with self._lock:  # the least recently read goes first when the store is full
            if key in self._pages:
                self._pages.move_to_end(key)
        return found[2]

    def put(self, key: tuple, generation: int, kept: KeptPage) -> None:
        with self._lock:
            self._pages[key] = (generation, time.monotonic(), kept)
            self._pages.move_to_end(key)
            while len(self._pages) > MAX_KEPT:
                self._pages.popitem(last=False)


def store(app: Flask) -> Store:
    return app.extensions.setdefault("kept_party_pages", Store())


def generation_now(backend) -> int | None:
    """The public cache's generation; None when the cache is away (then nothing kept can be trusted)."""
    return cache_call(lambda: backend.get(GENERATION_KEY) or 0)


# ---------------------------------------------------------------- in the view


def page(link: PartyLink, sections: list, make_form, render, generation: int | None) -> bytes | None:
    """The page of a party without a response, from the kept page (made first if need be); None when it
    must be rendered in full. `make_form(link, sections, formdata=None)` and `render(link, response, sections,
    form)` are the view's own; `generation` is the public cache's, read before the link and sections were
    loaded (`generation_now`), so a page made from them is never kept as newer than they are."""
    hearing = link.invitation.hearing
    token = request.view_args["token"]
    if (current_app.config["FRAGMENT_CACHE_SECONDS"] <= 0 or current_user.is_authenticated
            or session.get("_flashes") or request.query_string or not PLAIN_TOKEN.match(token)
            or hearing.previous_round_id is not None
            or preferences.pending_cosignatures(hearing, link.invitation.organisation_id)):
        return None
    if generation is None:
        return None
    state = window(hearing, utcnow(), None)
    key = page_key(hearing.id, _locale(), state, request.host, request.script_root, _csrf_on())
    kept_pages = store(current_app)
    kept = kept_pages.get(key, generation, current_app.config["PUBLIC_CACHE_SECONDS"])
    if kept is None:
        kept = _make(link, sections, token, make_form, render)
        if kept is None or window(hearing, utcnow(), None) is not state:
            return None
        kept_pages.put(key, generation, kept)
    return fill(kept, token=token, name=link.invitation.organisation.name,
                contact=link.contact.name if link.contact is not None else None,
                csrf=generate_csrf() if kept.has_csrf else "", organisation_id=link.invitation.organisation_id)


def _locale() -> str:
    from flask_babel import get_locale

    return str(get_locale())


def _csrf_on() -> bool:
    return bool(current_app.config.get("WTF_CSRF_ENABLED", True))


class _Marks:
    """Stand-ins for a party's parts: a random word no draft holds, and its endings (letters and digits,
    so escaping and URLs leave them as they are)."""

    def __init__(self) -> None:
        self.base = "k" + secrets.token_hex(10)
        self.pattern = re.compile(re.escape(self.base) + r"([tncx]|[ie]\d+z)")

    def __getattr__(self, slot: str) -> str:
        # The letters that end each mark (its slot's name), not secrets.
        return self.base + {"token": "t", "name": "n", "contact": "c", "csrf": "x"}[slot]  # nosec B105

    def option(self, place: int) -> str:
        return f"{self.base}i{place}z"

    def end(self, place: int) -> str:
        return f"{self.base}e{place}z"


def _make(link: PartyLink, sections: list, token: str, make_form, render) -> KeptPage | None:
    """The page rendered for a stand-in party, in a request of its own for the stand-in's address, cut at
    the marks."""
    marks = _Marks()
    stand_in = SimpleNamespace(
        invitation=SimpleNamespace(hearing=link.invitation.hearing, organisation_id=None,
                                   organisation=SimpleNamespace(id=None, name=marks.name)))
    field_name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    own_token = g.pop(field_name, None)  # the request's own token, if made: the stand-in's is a mark
    try:
        with current_app.request_context(_stand_in_environ(token, marks.token)):
            setattr(g, field_name, marks.csrf)  # Flask-WTF gives what g holds: the session is not touched
            form = make_form(stand_in, sections, formdata=None)
            form.fill_from({})
            form.signed_name.data = marks.contact  # as the view fills it: the contact signs
            offered = _mark_options(form, marks)
            if offered is None:
                return None
            html = render(stand_in, None, sections, form)
    finally:
        g.pop(field_name, None)
        if own_token is not None:
            setattr(g, field_name, own_token)
    return _cut(html, marks, *offered)


def _stand_in_environ(token: str, stand_in_token: str) -> dict:
    """This request as the stand-in's: its address, no query, no cookie but the language."""
    environ = {name: value for name, value in request.environ.items() if not name.startswith("werkzeug.")}
    environ["PATH_INFO"] = environ["PATH_INFO"][: -len(token)] + stand_in_token
    environ["QUERY_STRING"] = ""
    environ.pop("HTTP_COOKIE", None)
    language = request.cookies.get(LANGUAGE_COOKIE)
    if language in current_app.config["LANGUAGES"]:
        environ["HTTP_COOKIE"] = f"{LANGUAGE_COOKIE}={language}"
    return environ


def _mark_options(form, marks: _Marks) -> tuple[str, list[int]] | None:
    """The co-signer checkboxes with marks for their ids and ends; (field id, organisation ids in their
    order), or None when they are not written the plain way (or a party alone has none to offer)."""
    field = form._fields.get("cosigners")
    if field is None:
        return "", []
    plain = field.plain_options()
    if plain is None or len(plain) < 2 or any(checked for *_rest, checked in plain):
        return None
    if [option_id for option_id, *_rest in plain] != [f"{field.id}-{place}" for place in range(len(plain))]:
        return None
    marked = [(marks.option(place), value, f"{label}{marks.end(place)}", False)
              for place, (_id, value, label, _checked) in enumerate(plain)]
    field.plain_options = lambda: marked
    return field.id, [int(value) for _id, value, _label, _checked in plain]


def _cut(html: str, marks: _Marks, field_id: str, organisations: list[int]) -> KeptPage | None:
    """Texts and slots; the co-signer checkboxes, when shown, one slot."""
    pieces = marks.pattern.split(html)  # text, mark, text, mark, …, text
    texts, tags = pieces[0::2], pieces[1::2]
    parts: list = [texts[0]]
    options = None
    at = 0
    while at < len(tags):
        tag = tags[at]
        if tag in SIMPLE_SLOTS:
            parts += [SIMPLE_SLOTS[tag], texts[at + 1]]
            at += 1
            continue
        if tag != "i0z" or options is not None:
            return None
        options, at = _options(tags, texts, at, field_id, organisations)
        if options is None:
            return None
        parts += [COSIGNERS, texts[at]]
    joined = []
    for part in parts:  # neighbouring texts as one
        if isinstance(part, str) and joined and isinstance(joined[-1], str):
            joined[-1] += part
        else:
            joined.append(part)
    return KeptPage(tuple(p.encode() if isinstance(p, str) else p for p in joined), options)


def _options(tags: list[str], texts: list[str], at: int, field_id: str, organisations: list[int]):
    """From the first checkbox's mark: (Options, the index of the text after the last checkbox)."""
    inside, between = [], set()
    for place in range(len(organisations)):
        expected = [f"i{place}z", f"i{place}z", f"e{place}z"]
        if tags[at:at + 3] != expected:
            return None, at
        inside.append((texts[at + 1], texts[at + 2]))
        at += 3
        if place < len(organisations) - 1:
            between.add(texts[at])
    if len(between) > 1:
        return None, at

    def checkbox(place: int, shown_at: int) -> bytes:
        option_id = f"{field_id}-{shown_at}"
        return (option_id + inside[place][0] + option_id + inside[place][1]).encode()

    options = Options(
        at_place=tuple(checkbox(place, place) for place in range(len(organisations))),
        moved_up=tuple(checkbox(place, place - 1) for place in range(len(organisations))),
        between=between.pop().encode(), place={organisation: place for place, organisation in enumerate(organisations)})
    return options, at
