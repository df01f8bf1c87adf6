"""Public pages from the shared cache: no session for readers, kept until something they show changes or
the clock opens or closes the hearing, shared by app servers through Redis, and never needed."""

import logging
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import redis
from sqlalchemy import event

import config
from app import create_app
from app.accounts.models import Role
from app.extensions import cache, db
from app.hearings.models import Hearing, HearingState
from app.public import caching
from app.public.caching import GENERATION_KEY
from tests.factories import make_hearing, make_party, make_user
from tests.responses.helpers import form_data

PUBLIC_PAGES = ("/", "/hoeringer/{slug}", "/tilgaengelighed", "/api", "/api/v1/hoeringer")


@pytest.fixture
def hearing(db):
    now = datetime.now(UTC)
    found = make_hearing(state=HearingState.OPEN, title="Kvalitetsstandarder 2019",
                         opens_at=now - timedelta(days=1), deadline_at=now + timedelta(days=9))
    db.session.commit()
    return found


class QueryCounter:
    def __init__(self, engine) -> None:
        self.engine, self.count = engine, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, *args) -> None:
        self.count += 1


def test_a_reader_gets_no_session_a_public_cache_header_and_a_304_for_what_they_have(client, hearing):
    for path in PUBLIC_PAGES:
        url = path.format(slug=hearing.slug)
        first = client.get(url)
        assert first.status_code == 200, url
        assert "Set-Cookie" not in first.headers, url
        assert first.headers["Cache-Control"].startswith("public, max-age="), url
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and not again.data, url


def test_the_second_reader_costs_no_database_query_and_a_change_shows_at_once(client, hearing):
    url = f"/hoeringer/{hearing.slug}"
    assert "Kvalitetsstandarder 2019" in client.get(url).get_data(as_text=True)
    with QueryCounter(db.engine) as queries:
        assert "Kvalitetsstandarder 2019" in client.get(url).get_data(as_text=True)
    assert queries.count == 0
    db.session.get(Hearing, hearing.id).title = "Kvalitetsstandarder 2020"  # staff change it
    db.session.commit()
    assert "Kvalitetsstandarder 2020" in client.get(url).get_data(as_text=True)


def test_a_message_for_one_visitor_is_never_kept_for_the_next(app, auth, client, hearing):
    officer = make_user(Role.STAFF)
    db.session.commit()
    auth.log_in(officer)
    client.post("/konto/log-ud")  # flashes "Du er logget ud." for the front page
    own = client.get("/")
    assert "Du er logget ud." in own.get_data(as_text=True)
    assert "public" not in own.headers.get("Cache-Control", "")
    stranger = app.test_client().get("/")
    assert "Du er logget ud." not in stranger.get_data(as_text=True)


def test_a_forged_host_never_reaches_the_next_visitor(app, client, hearing):
    forged = client.get("/api", headers={"Host": "evil.example"})
    assert "evil.example" in forged.get_data(as_text=True)  # the API builds its links from the host asked for
    assert "evil.example" not in app.test_client().get("/api").get_data(as_text=True)


def test_someone_logged_in_never_gets_the_kept_page(auth, client, hearing):
    url = f"/hoeringer/{hearing.slug}"
    client.get(url)  # kept for readers
    officer = make_user(Role.STAFF, name="Søren Sagsbehandler")
    db.session.commit()
    auth.log_in(officer)
    page = client.get(url)
    assert "Søren Sagsbehandler" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"


def test_a_kept_page_is_not_used_after_the_deadline_passes(client, db):
    soon = datetime.now(UTC) + timedelta(seconds=2)
    hearing = make_hearing(state=HearingState.OPEN, opens_at=datetime.now(UTC) - timedelta(days=1), deadline_at=soon,
                           is_public=True)
    db.session.commit()
    url = f"/hoeringer/{hearing.slug}"
    client.get(url)
    assert "Høringen er lukket for svar." not in client.get(url).get_data(as_text=True)  # the kept copy
    time.sleep(max(0.0, (soon - datetime.now(UTC)).total_seconds()) + 1.1)
    assert "Høringen er lukket for svar." in client.get(url).get_data(as_text=True)


def test_a_party_opening_its_link_keeps_the_public_pages(app, client, db):
    party = make_party(db)
    url = f"/hoeringer/{party.slug}"
    client.get(url)
    app.test_client().get(party.url)  # notes when the link was opened: staff see it, no public page does
    with QueryCounter(db.engine) as queries:
        client.get(url)
    assert queries.count == 0


def test_the_hearing_page_with_its_draft_kept_is_the_page_rendered_anew(app, client, hearing):
    url = f"/hoeringer/{hearing.slug}"
    pages = []
    for seconds in (0, 3600, 3600):  # rendered anew; the draft made and kept; the draft from the cache
        app.config["FRAGMENT_CACHE_SECONDS"] = seconds
        cache.cache.inc(GENERATION_KEY)  # as any commit does: the page is made again
        pages.append(client.get(url).get_data(as_text=True))
    assert pages[0] == pages[1] == pages[2]
    assert '<h3 id="afsnit-s1">Afsnit 1</h3>' in pages[2] and "<p>Tekst</p>" in pages[2]


@pytest.fixture
def redis_settings(database_url):
    def settings(url: str = "redis://127.0.0.1:6379/14"):
        made = config.TestingConfig()
        made.SQLALCHEMY_DATABASE_URI = database_url
        made.CACHE_TYPE = "RedisCache"
        made.CACHE_REDIS_URL = url
        made.CACHE_KEY_PREFIX = f"test-{uuid.uuid4().hex}:"
        return made

    return settings


def test_two_app_servers_share_the_kept_pages_in_redis_and_a_change_on_one_shows_on_both(redis_settings, hearing):
    shared = redis_settings()
    first, second = create_app(shared), create_app(shared)
    url = f"/hoeringer/{hearing.slug}"
    assert "Kvalitetsstandarder 2019" in first.test_client().get(url).get_data(as_text=True)
    kept = redis.Redis.from_url(shared.CACHE_REDIS_URL).keys(f"{shared.CACHE_KEY_PREFIX}page:*")
    assert len(kept) == 1
    with second.app_context():
        db.session.get(Hearing, hearing.id).title = "Kvalitetsstandarder 2020"
        db.session.commit()
    assert "Kvalitetsstandarder 2020" in first.test_client().get(url).get_data(as_text=True)
    redis.Redis.from_url(shared.CACHE_REDIS_URL).delete(*redis.Redis.from_url(shared.CACHE_REDIS_URL).keys(
        f"{shared.CACHE_KEY_PREFIX}*"))


def test_with_redis_away_pages_are_served_and_only_the_first_waits(redis_settings, hearing, caplog, monkeypatch):
    # The pause after a failure is the process's; put back after, or the next tests here run without a cache.
    monkeypatch.setattr(caching, "_paused_until", 0.0)
    away = create_app(redis_settings("redis://127.0.0.1:9/0"))  # nothing listens on port 9
    client = away.test_client()
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            page = client.get(f"/hoeringer/{hearing.slug}")
            assert page.status_code == 200 and "Kvalitetsstandarder 2019" in page.get_data(as_text=True)
    assert caplog.text.count("public page cache unavailable") == 1


def test_a_party_saving_its_working_copy_keeps_the_public_pages_and_submitting_does_not(app, client, db):
    """A party saves while it types; no public page shows the working copy, so the kept pages stay. What it
    submits may show (the hearing's responses), so a submission moves the generation on."""
    party = make_party(db)
    url, writer = f"/hoeringer/{party.slug}", app.test_client()
    client.get(url)
    page = writer.get(party.url).get_data(as_text=True)
    writer.post(party.url, data=form_data(page, **{"section-s85": "Første udkast.", "action": "save"}))
    generation = cache.get(GENERATION_KEY)
    page = writer.get(party.url).get_data(as_text=True)
    saved = writer.post(party.url, data=form_data(page, **{"section-s85": "Andet udkast.", "action": "save"}))
    assert saved.status_code == 302 and cache.get(GENERATION_KEY) == generation, "a save of the working copy"
    page = writer.get(party.url).get_data(as_text=True)
    writer.post(party.url, data=form_data(page, **{"section-s85": "Indsendt.", "action": "submit"}))
    assert cache.get(GENERATION_KEY) != generation, "a submission"
