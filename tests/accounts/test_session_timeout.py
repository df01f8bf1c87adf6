"""The time-out warning's routes (issue #9, item 3): every logged-in page says when the log-in
times out; asking how long is left is not activity; "Forbliv logget ind" needs a log-in and a
CSRF token and moves the time-out; a request that is no longer logged in gets 401 as JSON."""

import re
from datetime import timedelta

from sqlalchemy import select, update

from app.accounts.models import LoginSession, Role
from app.db_types import utcnow
from tests.accounts.helpers import page

STATUS = "/konto/session"
EXTEND = "/konto/session/forlaeng"
JSON = {"Accept": "application/json"}


def _seen(db, ago: timedelta) -> None:
    db.session.execute(update(LoginSession).values(last_seen_at=utcnow() - ago))
    db.session.commit()


def _last_seen(db):
    db.session.expire_all()
    return db.session.scalar(select(LoginSession.last_seen_at))


def test_a_logged_in_page_carries_the_time_out_and_an_anonymous_page_does_not(auth, db, client):
    assert 'id="session-timeout"' not in page(client.get("/"))
    auth.log_in(Role.COMMITTEE)
    _seen(db, timedelta(seconds=40))  # last_seen_at is written at most once a minute
    html = page(client.get("/"))
    seconds = int(re.search(r'data-seconds-left="(\d+)"', html).group(1))
    assert 30 * 60 - 45 <= seconds <= 30 * 60 - 35, "30 minutes of inactivity allowed, 40 seconds used"
    assert 'data-warn-seconds="120"' in html
    assert 'src="/static/js/session_timeout.js' in html
    assert 'role="dialog"' in html and "Forbliv logget ind" in html
    _seen(db, timedelta(minutes=10))
    html = page(client.get("/"))
    assert int(re.search(r'data-seconds-left="(\d+)"', html).group(1)) >= 30 * 60 - 5, "a page is activity"


def test_asking_how_long_is_left_does_not_count_as_activity(auth, db, client):
    auth.log_in()
    _seen(db, timedelta(minutes=5))
    before = _last_seen(db)
    answer = client.get(STATUS, headers=JSON)
    assert answer.status_code == 200
    assert answer.json["logged_in"] is True
    assert 24 * 60 <= answer.json["seconds_left"] <= 25 * 60
    assert re.fullmatch(r"\d\d\.\d\d", answer.json["time"]), "Danish clock time: 14.32"
    assert answer.json["csrf_token"]
    assert answer.headers["Cache-Control"] == "no-store"
    assert _last_seen(db) == before


def test_staying_logged_in_moves_the_time_out(auth, db, client):
    auth.log_in()
    _seen(db, timedelta(minutes=28, seconds=30))
    assert client.get(STATUS, headers=JSON).json["seconds_left"] <= 90
    answer = client.post(EXTEND, headers=JSON)
    assert answer.status_code == 200
    assert answer.json["seconds_left"] >= 29 * 60
    assert utcnow() - _last_seen(db) < timedelta(seconds=5)
    assert client.get(STATUS, headers=JSON).json["seconds_left"] >= 29 * 60


def test_staying_logged_in_needs_the_csrf_token(auth, app, db, client):
    auth.log_in()
    _seen(db, timedelta(minutes=20))
    before = _last_seen(db)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(EXTEND, headers=JSON).status_code == 400
    assert _last_seen(db) == before
    token = client.get(STATUS, headers=JSON).json["csrf_token"]
    assert client.post(EXTEND, data={"csrf_token": token}, headers=JSON).status_code == 200
    assert _last_seen(db) > before


def test_after_the_time_out_both_answer_401_and_the_session_stays_ended(auth, db, client):
    auth.log_in()
    _seen(db, timedelta(minutes=31))
    answer = client.post(EXTEND, headers=JSON)
    assert answer.status_code == 401
    assert answer.json == {"logged_in": False}
    assert client.get(STATUS, headers=JSON).status_code == 401
    assert client.get("/medarbejder/").status_code == 302, "extending came too late: log in again"


def test_without_a_log_in_a_page_gets_the_log_in_page_and_a_script_gets_401(client):
    for method, url in (("GET", STATUS), ("POST", EXTEND)):
        answer = client.open(url, method=method)
        assert answer.status_code == 302 and "/konto/log-ind" in answer.headers["Location"]
        assert client.open(url, method=method, headers=JSON).status_code == 401


def test_the_time_out_is_the_maximum_length_when_that_comes_first(auth, db, client):
    auth.log_in()
    db.session.execute(update(LoginSession).values(created_at=utcnow() - timedelta(hours=11, minutes=50)))
    db.session.commit()
    assert client.post(EXTEND, headers=JSON).json["seconds_left"] <= 10 * 60


def test_a_late_extend_with_the_pages_csrf_token_gets_401(auth, app, db, client):
    auth.log_in()
    app.config["WTF_CSRF_ENABLED"] = True
    token = client.get(STATUS, headers=JSON).json["csrf_token"]
    _seen(db, timedelta(minutes=31))
    assert client.post(EXTEND, data={"csrf_token": token}, headers=JSON).status_code == 401


def test_someone_who_must_set_up_two_step_verification_is_warned_too(auth, db, client):
    auth.log_in(Role.ADMIN, two_factor=False)  # without two-step verification: sent to set it up
    assert client.get(STATUS, headers=JSON).status_code == 200
    assert client.post(EXTEND, headers=JSON).status_code == 200
