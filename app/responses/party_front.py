"""The party's page answered in front of Flask, from the kept page (kept_party_page.py).

Flask's own handling of a request (its contexts, the session, the log-in, the form) and loading the link,
the hearing and 200 sections cost many times what filling the kept page in does. Here a GET of /svar/<token>
is answered with one query: the link with its party, contact and hearing, and whether the party has a
response or is named in a joint one. The link is checked on every request by the rules `find_link` uses
(revoked, party or contact deactivated, hearing decided, a MitID link expired), the opening is noted as
the view notes it (at most once a minute: `opening_due`), and the CSRF token is made and kept in the
session cookie as Flask-WTF and Flask make them, so the next POST validates. Anything else goes to Flask:
an unknown or dead link (its page says why), a party with a response or named in a joint one, a hearing
whose state the clock is about to change (`refresh_state`) or with a first round, a session holding more
than the CSRF token (a message, a log-in), a remember-me cookie, a query, a page not kept in this process
(the view keeps it), and everything when the cache is away.

A WSGI layer of its own, not part of the public pages' (app/public/kept_pages.py): those are the same for
every visitor and never carry a session; this page is personal, sets the session and writes the opening.
"""

from __future__ import annotations

import logging
import re
import secrets
import weakref

from flask import Flask
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import bindparam, create_engine, exists, select, update
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.http import dump_cookie
from werkzeug.wrappers import Request

from app.db_types import utcnow
from app.extensions import cache, db
from app.hearings.invitations import link_is_live, opening_due
from app.hearings.models import Hearing, HearingState, Invitation, PartyLink
from app.hearings.tokens import token_hash
from app.i18n import LANGUAGE_COOKIE, locale_chosen
from app.parties.models import ContactPerson, Organisation
from app.public.caching import takes_gzip
from app.responses import kept_party_page
from app.responses.models import Response as PartyResponse
from app.responses.models import ResponseKind, ResponseState, response_cosigners
from app.responses.window import window
from app.security import add_security_headers

log = logging.getLogger(__name__)
PATH = re.compile(r"/svar/([A-Za-z0-9_-]{1,100})\Z")

# Plain table columns, not the models': the ORM's handling of a select cost more than the query.
links, invitations, organisations, contacts, hearings, responses = (
    model.__table__ for model in (PartyLink, Invitation, Organisation, ContactPerson, Hearing, PartyResponse))
_answered = exists().where(responses.c.hearing_id == invitations.c.hearing_id,
                           responses.c.organisation_id == invitations.c.organisation_id,
                           responses.c.kind == ResponseKind.PARTY)
# Named in a sent joint response, accepted (its page is the joint response) or not (offered above the form).
_named = exists().where(response_cosigners.c.organisation_id == invitations.c.organisation_id,
                        response_cosigners.c.response_id == responses.c.id,
                        responses.c.hearing_id == invitations.c.hearing_id,
                        responses.c.state == ResponseState.SUBMITTED)
LINK = (
    select(links.c.id, links.c.sent_at, links.c.created_at, links.c.revoked_at, links.c.first_opened_at,
           links.c.last_opened_at, invitations.c.organisation_id, organisations.c.name.label("organisation_name"),
           organisations.c.active.label("organisation_active"), contacts.c.name.label("contact_name"),
           contacts.c.active.label("contact_active"), hearings.c.id.label("hearing_id"), hearings.c.state,
           hearings.c.opens_at, hearings.c.deadline_at, hearings.c.closed_at, hearings.c.previous_round_id,
           _answered.label("answered"), _named.label("named"))
    .select_from(links.join(invitations, links.c.invitation_id == invitations.c.id)
                 .join(organisations, invitations.c.organisation_id == organisations.c.id)
                 .join(hearings, invitations.c.hearing_id == hearings.c.id)
                 .outerjoin(contacts, links.c.contact_id == contacts.c.id))
    .where(links.c.token_hash == bindparam("token_hash"))
)
OPENED = (update(links).where(links.c.id == bindparam("link_id"))
          .values(first_opened_at=bindparam("first"), last_opened_at=bindparam("last")))


class KeptPartyPages:
    def __init__(self, app: Flask):
        self.app = app
        self.wsgi_app = app.wsgi_app
        self.config = app.config
        self.backend = app.extensions["cache"][cache]
        self.pages = kept_party_page.store(app)
        self.sessions = app.session_interface
        self._signers: tuple | None = None
        with app.app_context():
            # The app's engine pings each connection it hands out; here a dead one only sends the request on
            # to Flask (and is dropped by the pool), so a pool of its own that does not ping: a round trip less.
            # Otherwise the app's own options (connect arguments, pool sizes, time-outs) hold here too.
            options = {**app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}), "pool_pre_ping": False}
            self.engine = create_engine(db.engine.url, **options)
        weakref.finalize(app, self.engine.dispose)  # an app made and dropped (tests) closes its connections

    def __call__(self, environ: dict, start_response):
        if environ.get("REQUEST_METHOD") == "GET" and not environ.get("QUERY_STRING"):
            match = PATH.match(environ.get("PATH_INFO", ""))
            if match is not None:
                try:
                    answer = self._answer(Request(environ), match.group(1))
                except SQLAlchemyError:  # the database away or a dropped connection: Flask says what to
                    answer = None
                except Exception:  # anything unforeseen: Flask's own path answers (and logs) as it would
                    log.exception("party page front failed; Flask answers")
                    answer = None
                if answer is not None:
                    headers, body = answer
                    start_response("200 OK", headers)
                    return [body]
        return self.wsgi_app(environ, start_response)

    def _answer(self, request: Request, token: str) -> tuple[list, bytes] | None:
        if self.config["FRAGMENT_CACHE_SECONDS"] <= 0:
            return None
        if self.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies:
            return None
        session = self._session(request)
        field = self.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        if session is None or set(session) - {field}:
            return None
        generation = kept_party_page.generation_now(self.backend)
        if generation is None:
            return None
        now = utcnow()
        # Without a transaction (one statement each): no BEGIN and ROLLBACK round trips.
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            link = connection.execute(LINK, {"token_hash": token_hash(token)}).first()
            if link is None or not self._blank(link, now):
                return None
            csrf_on = bool(self.config.get("WTF_CSRF_ENABLED", True))
            locale = locale_chosen(request.cookies.get(LANGUAGE_COOKIE), self.config)
            key = kept_party_page.page_key(link.hearing_id, locale, window(link, now, None), request.host,
                                           request.script_root, csrf_on)
            kept = self.pages.get(key, generation, self.config["PUBLIC_CACHE_SECONDS"])
            if kept is None:
                return None
            raw = session.get(field)
            new_session = kept.has_csrf and not isinstance(raw, str)
            if new_session:
                raw = secrets.token_hex(20)  # 40 hex digits of randomness, the form of Flask-WTF's raw token
            # Compressed for a browser that takes it (every browser does): 470 KB of a national hearing's
            # draft become a tenth, from pieces compressed once (kept_party_page.fill).
            compressed = takes_gzip(request.headers.get("Accept-Encoding", ""))
            body = kept_party_page.fill(kept, token=token, name=link.organisation_name, contact=link.contact_name,
                                        csrf=self._signed(raw) if kept.has_csrf else "",
                                        organisation_id=link.organisation_id, gzip=compressed)
            if body is None:
                return None
            if opening_due(link, now):
                connection.execute(OPENED, {"link_id": link.id, "first": link.first_opened_at or now, "last": now})
        headers = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body))}
        add_security_headers(headers, self.config)
        headers["Cache-Control"] = "no-store"  # personal, as app/security.py marks it
        headers["Vary"] = "Cookie"
        if compressed:
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Cookie, Accept-Encoding"
        listed = list(headers.items())
        if new_session:
            listed.append(("Set-Cookie", self._session_cookie({field: raw})))
        return listed, body

    def _blank(self, link, now) -> bool:
        """A live link of a party with nothing of its own on the page, on a hearing the clock leaves as it is."""
        if not link_is_live(link, link.organisation_active, link.contact_active, link.state,
                            self.config["MITID_LINK_HOURS"]):
            return False
        if link.answered or link.named or link.previous_round_id is not None:
            return False
        # What refresh_state (app/hearings/operations.py) would act on: the view opens or closes it.
        due_to_open = link.state is HearingState.SCHEDULED and link.opens_at is not None and link.opens_at <= now
        due_to_close = link.state is HearingState.OPEN and link.deadline_at is not None and link.deadline_at <= now
        return not (due_to_open or due_to_close)

    def _session(self, request: Request) -> dict | None:
        """The session as Flask opens it; None when it cannot be read here (Flask decides)."""
        value = request.cookies.get(self.sessions.get_cookie_name(self.app))
        if not value:
            return {}
        try:
            data = self._serializers()[0].loads(value, max_age=int(self.app.permanent_session_lifetime.total_seconds()))
        except Exception:  # noqa: BLE001 (a bad or old cookie: Flask starts a new session, as it does)
            return None
        return data if isinstance(data, dict) else None

    def _serializers(self) -> tuple:
        """Flask's session serializer and Flask-WTF's token serializer, made once (the keys are read at start)."""
        if self._signers is None:
            secret = self.config.get("WTF_CSRF_SECRET_KEY", self.app.secret_key)
            self._signers = (self.sessions.get_signing_serializer(self.app),
                             URLSafeTimedSerializer(secret, salt="wtf-csrf-token"))
        return self._signers

    def _signed(self, raw: str) -> str:
        """The token the form carries, as Flask-WTF's generate_csrf signs it."""
        return self._serializers()[1].dumps(raw)

    def _session_cookie(self, data: dict) -> str:
        """The session cookie as Flask's session interface sets it for a new session."""
        app, sessions = self.app, self.sessions
        session = sessions.session_class(data)
        return dump_cookie(
            sessions.get_cookie_name(app), self._serializers()[0].dumps(dict(session)),
            expires=sessions.get_expiration_time(app, session), httponly=sessions.get_cookie_httponly(app),
            domain=sessions.get_cookie_domain(app), path=sessions.get_cookie_path(app),
            secure=sessions.get_cookie_secure(app), partitioned=sessions.get_cookie_partitioned(app),
            samesite=sessions.get_cookie_samesite(app), max_size=app.config["MAX_COOKIE_SIZE"])
