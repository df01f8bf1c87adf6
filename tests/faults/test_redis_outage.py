"""Redis, where rate limits are counted, stops (issue #17, item 3): log-in, the code step, a party's
save and submit and a citizen's submission still work, limits fail open with a warning in the log,
and /helse says "degraded" (still 200). When Redis is back, limits count in it again and /helse is ok.

The Redis is the test's own `redis-server` on a free port (tests.faults.redis_helpers); the app runs
in the test, and once as production runs it (gunicorn, HORING_CONFIG=production).
"""

import contextvars
import logging
import re

import pytest

from app import create_app
from app.accounts.models import Role
from app.hearings.models import Hearing
from tests.conftest import CODE_PATH, LOG_IN_PATH, AuthActions, IsolatedClient, _testing_config
from tests.factories import PASSWORD, make_party, make_user, second_step_code
from tests.faults.database_helpers import BackgroundCall, release_test_session, wait_for
from tests.faults.production_server import Browser, production_gunicorn
from tests.faults.redis_helpers import RedisServer
from tests.responses.helpers import form_data

GENERAL = "Rådet ønsker et tydeligere sprog."
CITIZEN_TEXT = "Jeg bruger aflastning til min søn og har brug for flere døgn."
WRONG_PASSWORD = "forkert-gæt-under-nedbrud"


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def limited(app, database_url, redis_server):
    """An app with rate limits on, counting in the test's own Redis."""
    settings = _testing_config(database_url)
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_STORAGE_URI = redis_server.uri
    limited_app = create_app(settings)
    limited_app.test_client_class = IsolatedClient
    return limited_app


@pytest.fixture
def people(db):
    """An administrator (who logs in in two steps), a party with its link, and a public hearing."""
    admin = make_user(Role.ADMIN, email="admin@kommune.example.org")
    party = make_party(db)
    db.session.get(Hearing, party.hearing_id).is_public = True
    db.session.commit()
    return admin, party


def both_log_in_steps_answer(client, admin) -> None:
    """The password step and the code step each answer, and the administrator ends up logged in."""
    client.second_step = False  # the code is typed here, so the test sees both steps answer
    first = AuthActions(client).submit(admin.email)
    assert first.status_code == 302 and first.headers["Location"].endswith(CODE_PATH), first.status_code
    code = client.post(CODE_PATH, data={"code": second_step_code(admin)})
    assert code.status_code == 302 and not code.headers["Location"].endswith(CODE_PATH), code.status_code
    assert client.get("/medarbejder/").status_code == 200, "logged in"


def save_and_submit(client, party) -> None:
    page = client.get(party.url).get_data(as_text=True)
    saved = client.post(party.url, data=form_data(page, general=GENERAL, action="save"))
    assert saved.status_code == 302, saved.status_code
    submit = form_data(client.get(party.url).get_data(as_text=True), action="submit")
    submitted = client.post(party.url, data=submit)
    assert submitted.status_code == 302 and submitted.headers["Location"].endswith("/kvittering")


CITIZEN = {"citizen_name": "Karen Hansen", "citizen_email": "karen@example.org", "publish_name": "no",
           "section-s84-omfang": CITIZEN_TEXT}


def citizen_submits(client, party) -> None:
    sent = client.post(f"/hoeringer/{party.slug}/svar", data=CITIZEN)
    assert sent.status_code == 302, sent.status_code


def health(client) -> tuple[int, dict]:
    answer = client.get("/helse")
    assert answer.headers["Cache-Control"] == "no-store"
    return answer.status_code, answer.get_json()


def wrong_log_in(app, email: str) -> int:
    return app.test_client().post(LOG_IN_PATH, data={"email": email, "password": WRONG_PASSWORD}).status_code


def test_with_redis_stopped_everything_still_works_and_health_says_degraded(
    limited, redis_server, people, caplog
):
    admin, party = people
    caplog.set_level(logging.INFO)
    both_log_in_steps_answer(limited.test_client(), admin)
    # A right password counts nothing (only failures do); the code step counts every try.
    assert redis_server.counts(f"code:{admin.id}"), "counted in Redis"
    assert health(limited.test_client()) == (200, {"status": "ok"})

    redis_server.stop()
    client = limited.test_client()
    assert health(client) == (200, {"status": "degraded", "redis": "unreachable"})
    both_log_in_steps_answer(client, admin)
    save_and_submit(client, party)
    citizen_submits(client, party)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING and "storage" in r.getMessage()]
    assert warnings, "the fall-back is in the log"
    logged = caplog.text
    for secret in (PASSWORD, *party.tokens, WRONG_PASSWORD):
        assert secret not in logged, "no password or personal link in the log"

    redis_server.start()
    assert health(client) == (200, {"status": "ok"})
    # Flask-Limiter asks Redis again at growing intervals (seconds, at most half a minute apart).
    wait_for(lambda: wrong_log_in(limited, "probe@kommune.example.org") and redis_server.counts(
        "probe@kommune.example.org"), "limits to count in Redis again")
    email = "gaetter@kommune.example.org"
    assert [wrong_log_in(limited, email) for _ in range(11)] == [200] * 10 + [429], "limits count again"
    assert redis_server.counts(email)


def bounded(call):
    """`call()` in a thread that sees the test's app context; a call that hangs fails the test (WAIT_SECONDS)."""
    context = contextvars.copy_context()
    return BackgroundCall(lambda: context.run(call)).result()


def test_a_redis_that_hangs_does_not_hang_log_in_or_health(limited, redis_server, people):
    """No answer at all (a cut network) is worse than a refusal: the storage's socket time-outs end the wait."""
    admin, party = people
    both_log_in_steps_answer(limited.test_client(), admin)
    redis_server.pause()
    try:
        client = limited.test_client()
        assert bounded(lambda: health(client)) == (200, {"status": "degraded", "redis": "unreachable"})
        bounded(lambda: both_log_in_steps_answer(client, admin))
        bounded(lambda: save_and_submit(client, party))
    finally:
        redis_server.resume()
    assert health(client) == (200, {"status": "ok"})


@pytest.fixture
def production(app, database_url, redis_server, tmp_path):
    server = production_gunicorn(database_url, tmp_path / "gunicorn.log", RATELIMIT_STORAGE_URI=redis_server.uri)
    yield server
    server.stop()


def test_under_gunicorn_in_production_redis_stopped_is_degraded_and_nothing_answers_500(
    production, redis_server, people
):
    admin, party = people
    release_test_session()
    redis_server.stop()
    browser = Browser(production.port)
    health = browser.get("/helse")
    assert health.status == 200 and '"status":"degraded"' in health.text.replace(" ", "")

    first = browser.post(LOG_IN_PATH, {"email": admin.email, "password": PASSWORD})
    assert first.status == 302 and first.location == CODE_PATH, first.status
    code = browser.post(CODE_PATH, {"code": second_step_code(admin)})
    assert code.status == 302 and code.location != CODE_PATH, code.status
    assert browser.get("/medarbejder/").status == 200, "logged in"

    page = browser.get(party.url)
    saved = browser.post(party.url, form_data(page.text, general=GENERAL, action="save"), page)
    assert saved.status == 302, saved.status
    page = browser.get(party.url)
    submitted = browser.post(party.url, form_data(page.text, action="submit"), page)
    assert submitted.status == 302 and submitted.location.endswith("/kvittering"), submitted.status
    citizen = browser.post(f"/hoeringer/{party.slug}/svar", CITIZEN)
    assert citizen.status == 302, citizen.status

    log = production.log.read_text(errors="replace")
    assert "Rate limit storage unreachable" in log, "the warning reaches gunicorn's log"
    assert " 500 " not in log
    assert PASSWORD not in log and "csrf" not in log.lower()
    # gunicorn's access log names each path (a party's link too); every other line must not.
    for line in log.splitlines():
        if not re.search(r'"(GET|POST) /', line):
            assert not any(token in line for token in party.tokens), line

    redis_server.start()
    assert browser.get("/helse").text.replace(" ", "").strip() == '{"status":"ok"}'
