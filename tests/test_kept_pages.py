"""Kept public pages answered in front of Flask (app/public/kept_pages.py): the same page and headers as
Flask gives, never for a request that may be someone's own, and never a page older than the last change."""

import gzip
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import redis

import config
from app import create_app
from app.extensions import cache, db
from app.hearings.models import HearingState
from app.public.caching import GENERATION_KEY, page_key, stamp_key
from app.public.kept_pages import COPY_MAX_BYTES, Copies
from tests.factories import make_hearing


@pytest.fixture
def hearing(db):
    now = datetime.now(UTC)
    found = make_hearing(state=HearingState.OPEN, title="Kvalitetsstandarder 2019",
                         opens_at=now - timedelta(days=1), deadline_at=now + timedelta(days=9))
    db.session.commit()
    return found


@pytest.fixture
def flask_requests(app):
    """How many requests reached Flask's own handling."""
    seen = []
    app.before_request_funcs.setdefault(None, []).insert(0, lambda: seen.append(1))
    return seen


def test_the_second_reader_gets_flasks_page_and_headers_without_flask(client, hearing, flask_requests):
    url = f"/hoeringer/{hearing.slug}"
    made = client.get(url)
    assert made.status_code == 200 and len(flask_requests) == 1
    kept = client.get(url)
    assert len(flask_requests) == 1, "answered in front of Flask"
    assert kept.data == made.data
    assert sorted(kept.headers.items()) == sorted(made.headers.items())
    assert "Content-Security-Policy" in kept.headers and kept.headers["Cache-Control"].startswith("public")
    unchanged = client.get(url, headers={"If-None-Match": made.headers["ETag"]})
    assert unchanged.status_code == 304 and not unchanged.data and len(flask_requests) == 1


def test_a_change_reaches_the_next_reader_at_once(app, client, hearing, flask_requests):
    url = f"/hoeringer/{hearing.slug}"
    client.get(url)
    hearing.title = "Kvalitetsstandarder 2019, rettet"
    db.session.commit()  # moves the generation on
    page = client.get(url)
    assert len(flask_requests) == 2 and "Kvalitetsstandarder 2019, rettet" in page.get_data(as_text=True)
    with app.app_context():
        cache.cache.inc(GENERATION_KEY)
    client.get(url)
    assert len(flask_requests) == 3


def test_a_request_that_may_be_someones_own_goes_to_flask(client, hearing, flask_requests):
    url = f"/hoeringer/{hearing.slug}"
    client.get(url)
    client.set_cookie("session", "a-session-of-their-own")
    client.get(url)
    client.delete_cookie("session")
    client.set_cookie("remember_token", "a-log-in")
    client.get(url)
    client.delete_cookie("remember_token")
    client.post(url)
    assert len(flask_requests) == 4


def test_each_language_has_its_own_kept_page(client, hearing, flask_requests):
    url = f"/hoeringer/{hearing.slug}"
    danish = client.get(url).get_data(as_text=True)
    client.set_cookie("language", "en")
    english = client.get(url).get_data(as_text=True)
    assert len(flask_requests) == 2 and 'lang="en"' in english and 'lang="da"' in danish
    assert client.get(url).get_data(as_text=True) == english and len(flask_requests) == 2
    client.set_cookie("language", "xx")  # not one of ours: Danish, as Flask would choose
    assert client.get(url).get_data(as_text=True) == danish and len(flask_requests) == 2


def test_a_page_one_server_kept_in_redis_is_answered_by_the_other_before_flask(database_url, hearing):
    settings = config.TestingConfig()
    settings.SQLALCHEMY_DATABASE_URI = database_url
    settings.CACHE_TYPE, settings.CACHE_REDIS_URL = "RedisCache", "redis://127.0.0.1:6379/14"
    settings.CACHE_KEY_PREFIX = f"test-{uuid.uuid4().hex}:"
    first, second = create_app(settings), create_app(settings)
    seen = []
    second.before_request_funcs.setdefault(None, []).insert(0, lambda: seen.append(1))
    url = f"/hoeringer/{hearing.slug}"
    made = first.test_client().get(url)
    kept = second.test_client().get(url)
    shared = redis.Redis.from_url(settings.CACHE_REDIS_URL)
    shared.delete(*shared.keys(f"{settings.CACHE_KEY_PREFIX}*"))
    assert seen == [] and kept.data == made.data and kept.headers["ETag"] == made.headers["ETag"]


def test_a_browser_that_takes_gzip_gets_the_kept_page_compressed_with_a_tag_of_its_own(client, hearing):
    url = f"/hoeringer/{hearing.slug}"
    plain = client.get(url)
    packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data and len(packed.data) < len(plain.data) / 2
    assert packed.headers["ETag"] != plain.headers["ETag"]
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304
    assert "Content-Encoding" not in client.get(url).headers  # nor to one that does not say so


def test_a_kept_api_answer_is_open_to_every_site_as_the_first_was(client, hearing, flask_requests):
    made = client.get("/api/v1/hoeringer")
    kept = client.get("/api/v1/hoeringer")
    assert len(flask_requests) == 1
    assert made.headers["Access-Control-Allow-Origin"] == kept.headers["Access-Control-Allow-Origin"] == "*"


def test_a_browser_that_refuses_gzip_gets_the_page_as_it_is(client, hearing):
    url = f"/hoeringer/{hearing.slug}"
    client.get(url)
    assert "Content-Encoding" not in client.get(url, headers={"Accept-Encoding": "gzip;q=0, identity"}).headers


def test_a_process_answers_from_its_copy_only_while_the_cache_holds_the_page_it_copied(app, client, hearing,
                                                                                       flask_requests):
    """Each process keeps a copy of the pages it answered and reads only their stamp from the cache, never the
    page itself again: the copy is answered while the cache holds the page it was made from, and not once
    another page is kept in its place or the cache has lost it (a Redis restarted)."""
    url = f"/hoeringer/{hearing.slug}"
    key = page_key("localhost", "da", f"{url}?")
    made = client.get(url)  # Flask makes the page and keeps it
    client.get(url)  # read from the cache, and copied
    with app.app_context():
        kept = cache.get(key)
        kept["body"] = b"another page, kept under the same stamp"
        cache.set(key, kept)
    assert client.get(url).data == made.data, "the copy, without reading the page from the cache"
    with app.app_context():
        cache.set(stamp_key(key), "0:another")  # as another page kept in its place
    assert client.get(url).data == b"another page, kept under the same stamp"
    with app.app_context():
        cache.delete_many(key, stamp_key(key))
    again = client.get(url)
    assert again.data == made.data and len(flask_requests) == 2, "made by Flask again"


def test_a_process_keeps_copies_of_the_pages_read_last_and_only_of_small_pages_with_a_stamp():
    copies = Copies(size=2)
    for name in ("a", "b"):
        copies.put(name, {"generation": 1, "stamp": f"1:{name}", "body": b""})
    assert copies.get("a", 1, "1:a") is not None  # read last now: "b" goes first
    copies.put("c", {"generation": 1, "stamp": "1:c", "body": b""})
    assert [copies.get(name, 1, f"1:{name}") is not None for name in ("a", "b", "c")] == [True, False, True]
    assert copies.get("a", 2, "1:a") is None and copies.get("a", 1, None) is None
    copies.put("d", {"generation": 1, "body": b""})  # kept by an older version of the app
    assert copies.get("d", 1, None) is None and copies.get("a", 1, "1:a") is not None
    copies.put("e", {"generation": 1, "stamp": "1:e", "body": b"x" * (COPY_MAX_BYTES + 1)})  # a large file
    assert copies.get("e", 1, "1:e") is None and copies.get("a", 1, "1:a") is not None
