"""A database connection dropped in the middle of a request (issue #17, item 5): the calm 503 page,
with the security headers, Retry-After and no-store, and never an empty 500; the next request works.

PostgreSQL only: the app's own backend is ended with pg_terminate_backend (what a restart of the
server, or a proxy in between, does to it), right after the request's n-th query, for every n, and
between requests while the connection waits in the pool. Only backends of the app under test, on
the test's own database, are ended.
"""

import secrets
from concurrent.futures import Future, ThreadPoolExecutor

import pytest
from sqlalchemy import NullPool, create_engine, event, text
from sqlalchemy.engine import make_url

from app import create_app
from app.accounts.models import Role
from app.hearings.models import Hearing
from tests.conftest import IsolatedClient, _testing_config
from tests.factories import PASSWORD, make_party, make_user
from tests.faults.database_helpers import UNAVAILABLE, is_postgresql, release_test_session, wait_for
from tests.faults.production_server import Answer, Browser, production_gunicorn

# Requests in all, each with its connection ended at some point, and the same request again after each.
REQUESTS = 200
SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy")


class Terminator:
    """Ends the backend of the app's connection right after the request's `after_query`-th query
    (0: before the request, while the connection waits in the pool). Counts each request's queries."""

    def __init__(self, app, database_url: str) -> None:
        from app.extensions import db

        self.admin = create_engine(database_url, poolclass=NullPool)
        self.after_query: int | None = None
        self.queries = 0
        self.pooled_pid: int | None = None
        with app.app_context():
            event.listen(db.engine, "after_cursor_execute", self._after_cursor_execute)

    def _after_cursor_execute(self, connection, cursor, *args) -> None:
        self.queries += 1
        self.pooled_pid = cursor.connection.info.backend_pid
        if self.queries == self.after_query:
            self.terminate(self.pooled_pid)

    def terminate(self, pid: int) -> None:
        with self.admin.connect() as admin:
            assert admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
        wait_for(lambda: self._gone(pid), "the terminated backend to end")

    def _gone(self, pid: int) -> bool:
        with self.admin.connect() as probe:
            return not probe.execute(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid AND "
                                          "datname = current_database()"), {"pid": pid}).scalar()

    def run(self, request, after_query: int | None):
        """`request()` with the connection ended after its `after_query`-th query (None: not ended)."""
        self.queries, self.after_query = 0, after_query
        if after_query == 0 and self.pooled_pid is not None:
            self.terminate(self.pooled_pid)
        try:
            return request()
        finally:
            self.after_query = None


@pytest.fixture
def faulty(app, database_url):
    if not is_postgresql(database_url):
        pytest.skip("pg_terminate_backend: PostgreSQL only")
    settings = _testing_config(database_url)
    dropped = create_app(settings)
    dropped.config["PROPAGATE_EXCEPTIONS"] = False  # a crash answers as in production: the 500 page
    dropped.test_client_class = IsolatedClient
    terminator = Terminator(dropped, database_url)
    yield dropped, terminator
    terminator.admin.dispose()


def requests_of(app, db):
    """What people do: a party opens and autosaves its response, a citizen sends one, a case officer
    logs in and reads the list, the load balancer asks /helse. Each a function of no arguments that
    returns the answer."""
    party = make_party(db)
    db.session.get(Hearing, party.hearing_id).is_public = True
    staff = make_user(Role.STAFF, email="sagsbehandler@kommune.example.org")
    db.session.commit()
    log_in = {"email": staff.email, "password": PASSWORD}
    officer = app.test_client()
    officer.post("/konto/log-ind", data=log_in)
    visitor = app.test_client()
    autosave = {"general": "Rådet ønsker et tydeligere sprog.", "signed_name": "Ion Meyer", "signed_role": "formand"}
    citizen = {"citizen_name": "Karen Hansen", "citizen_email": "karen@example.org", "publish_name": "no",
               "section-s84-omfang": "Jeg har brug for flere døgn."}
    return {
        "party page": lambda: visitor.get(party.url),
        "autosave": lambda: visitor.post(party.url, data=autosave, headers={"Accept": "application/json"}),
        "citizen sends": lambda: visitor.post(f"/hoeringer/{party.slug}/svar", data=citizen),
        "log-in": lambda: app.test_client().post("/konto/log-ind", data=log_in),
        "staff page": lambda: officer.get("/medarbejder/"),
        "health": lambda: visitor.get("/helse"),
    }


def problem_with(answer) -> str | None:
    """Why `answer` (of the test client, or a Browser's over HTTP) is not acceptable while connections
    drop: anything but a page that worked or the calm 503."""
    if isinstance(answer, BaseException):
        return f"the request raised {answer!r} (an empty 500 from the server)"
    if isinstance(answer, Answer):
        status, body = answer.status, answer.text
    else:
        status, body = answer.status_code, answer.get_data(as_text=True)
    headers = answer.headers
    missing = [name for name in SECURITY_HEADERS if name not in headers]
    if missing:
        return f"{status} without {missing}"
    if status in (200, 302):
        return None
    if status != 503:
        return f"answered {status}"
    if headers.get("Content-Type", "").startswith("application/json") and "database unavailable" in body:
        return None  # /helse's own answer
    if UNAVAILABLE not in body or 'id="main-content"' not in body:
        return "a 503 that is not the calm page"
    if not int(headers.get("Retry-After", "0")) > 0 or headers.get("Cache-Control") != "no-store":
        return "a 503 without Retry-After and no-store"
    return None


def call(request, *args):
    try:
        return request(*args)
    except Exception as error:  # noqa: BLE001 (what escapes the app is what the test looks for)
        return error


def test_a_connection_dropped_at_any_point_of_a_request_gives_the_calm_503_and_the_next_works(db, faulty):
    app, terminator = faulty
    requests = requests_of(app, db)
    queries = {}
    for name, request in requests.items():
        assert problem_with(call(request)) is None, name
        terminator.run(request, None)
        queries[name] = terminator.queries
        assert queries[name] > 0, name
    # Every point of every request, round after round, until REQUESTS requests have been made.
    plan = [(name, n) for name in requests for n in range(queries[name] + 1)]
    problems, made = [], 0
    while made < REQUESTS:
        for name, after_query in plan:
            answer = call(lambda request=requests[name], n=after_query: terminator.run(request, n))
            if (problem := problem_with(answer)) is not None:
                problems.append(f"{name}, connection ended after query {after_query}: {problem}")
            again = call(requests[name])
            if isinstance(again, BaseException) or again.status_code not in (200, 302):
                problems.append(f"{name} after a dropped connection: {again!r}")
            made += 2
    assert problems == [], "\n".join(sorted(set(problems)))


def test_a_crash_after_the_connection_dropped_is_the_500_page_and_not_an_empty_answer(db, faulty):
    """The 500 page rolls back first; on a connection that is gone that must not escape either."""
    app, terminator = faulty

    @app.get("/crash-after-drop-test")
    def crash_after_drop():
        db.session.execute(text("SELECT 1"))
        terminator.terminate(terminator.pooled_pid)
        raise RuntimeError("a mistake in a view")

    answer = call(app.test_client().get, "/crash-after-drop-test")
    assert not isinstance(answer, BaseException), answer
    assert answer.status_code == 500 and "Der skete en fejl" in answer.get_data(as_text=True)
    assert all(name in answer.headers for name in SECURITY_HEADERS)
    assert app.test_client().get("/helse").status_code == 200, "the next request works"


class BackendEnder:
    """Ends the backends of one application (by its application_name) on the test's own database."""

    def __init__(self, database_url: str, application_name: str) -> None:
        self.admin = create_engine(database_url, poolclass=NullPool)
        self.name = application_name
        self.ended_in_requests = 0

    def _end(self, states: tuple[str, ...]) -> int:
        with self.admin.connect() as admin:
            return len(admin.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                "AND application_name = :name AND state = ANY(:states)"
            ), {"name": self.name, "states": list(states)}).all())

    def end_pooled(self) -> None:
        """The connections waiting in the pool between requests."""
        self._end(("idle",))

    def end_during(self, answer: Future) -> None:
        """The connection of the request under way, at whatever point it has reached, unless it ends first."""
        while not answer.done():
            if self._end(("active", "idle in transaction")):
                self.ended_in_requests += 1
                return


@pytest.fixture
def production(app, database_url, tmp_path):
    if not is_postgresql(database_url):
        pytest.skip("pg_terminate_backend: PostgreSQL only")
    name = f"dropped-{secrets.token_hex(4)}"
    own = make_url(database_url).update_query_dict({"application_name": name}).render_as_string(hide_password=False)
    server = production_gunicorn(own, tmp_path / "gunicorn.log")
    ender = BackendEnder(database_url, name)
    yield server, ender
    server.stop()
    ender.admin.dispose()


def test_under_gunicorn_in_production_dropped_connections_never_give_an_empty_500(db, production):
    server, ender = production
    party = make_party(db)
    staff = make_user(Role.STAFF, email="sagsbehandler@kommune.example.org")
    db.session.commit()
    release_test_session()
    officer, visitor = Browser(server.port), Browser(server.port)
    assert officer.post("/konto/log-ind", {"email": staff.email, "password": PASSWORD}).status == 302
    requests = [lambda: visitor.get(party.url), lambda: officer.get("/medarbejder/"), lambda: visitor.get("/"),
                lambda: visitor.get("/helse")]
    problems = []
    with ThreadPoolExecutor(max_workers=1) as background:
        for number in range(REQUESTS):
            request = requests[number % len(requests)]
            if number % 2:
                answer = background.submit(call, request)
                ender.end_during(answer)
                answer = answer.result()
            else:
                ender.end_pooled()
                answer = call(request)
            if (problem := problem_with(answer)) is not None:
                problems.append(f"request {number}: {problem}")
    assert problems == [], "\n".join(problems)
    assert ender.ended_in_requests > 0, "connections were ended in the middle of requests"
    assert " 500 " not in server.log.read_text(errors="replace")
    assert visitor.get(party.url).status == 200 and officer.get("/medarbejder/").status == 200
