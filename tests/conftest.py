"""Fixtures: an app on a real database, a client, an SMTP server.

The database is SQLite in a temporary file, or PostgreSQL when
TEST_DATABASE_URL is set (CI sets it, so every test runs on both).
"""

import contextvars
import os
import re
import uuid
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from app import create_app
from app.extensions import db as _db
from tests.jobs_worker import jobs_worker  # noqa: F401 (a fixture for every test)
from tests.oidc_provider import expired_token_provider, oidc_provider  # noqa: F401 (fixtures for every test)
from tests.pages_inventory import more_states, rich_world, world  # noqa: F401 (fixtures for every test)
from tests.vnu import java  # noqa: F401 (a fixture for every test)

PG_PREFIX = "postgresql"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        # Read from the environment, not xdist's worker_id fixture, so `-p no:xdist` works too.
        return _database_of_worker(url, os.environ.get("PYTEST_XDIST_WORKER", "master"))
    # Each xdist worker has its own temporary directory, so its own file.
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


def _database_of_worker(url: str, worker_id: str) -> str:
    """Parallel workers (pytest-xdist, `-n`) each get a PostgreSQL database of their own,
    test_gw0, test_gw1, …, created next to the configured one; a run without workers uses it as is."""
    if worker_id == "master":
        return url
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    configured = make_url(url)
    own = configured.set(database=f"{configured.database}_{worker_id}")
    engine = create_engine(configured, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                    {"name": own.database}).scalar()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{own.database}"'))
    engine.dispose()
    return own.render_as_string(hide_password=False)


def _storage_of_worker(uri: str, worker_id: str) -> str:
    """Rate-limit counts in Redis: one Redis database per parallel worker, because a test that
    empties the counts (limited_client) must not empty another worker's."""
    if worker_id == "master" or not uri.startswith("redis://"):
        return uri
    base = uri.rsplit("/", 1)[0] if uri.count("/") > 2 else uri
    return f"{base}/{1 + int(worker_id.removeprefix('gw'))}"


@pytest.fixture(scope="session")
def _schema(database_url):
    """Create the tables once per run; each test then starts from empty tables."""
    app = create_app(_testing_config(database_url))
    with app.app_context():
        _db.drop_all()
        _db.create_all()
        _db.engine.dispose()
    yield
    with app.app_context():
        _db.drop_all()
        _db.engine.dispose()


JOBS_QUEUE = f"horingsrunde-test-{uuid.uuid4().hex[:12]}-{os.environ.get('PYTEST_XDIST_WORKER', 'master')}"


def _testing_config(database_url: str):
    import config

    settings = config.TestingConfig()
    settings.SQLALCHEMY_DATABASE_URI = database_url
    settings.RATELIMIT_STORAGE_URI = _storage_of_worker(settings.RATELIMIT_STORAGE_URI,
                                                        os.environ.get("PYTEST_XDIST_WORKER", "master"))
    settings.CELERY_QUEUE = JOBS_QUEUE  # this run's own: parallel runs never take each other's jobs
    return settings


@pytest.fixture
def app(_schema, database_url):
    app = create_app(_testing_config(database_url))
    with app.app_context():
        yield app
        _db.session.remove()
        _empty_all_tables()
        _db.engine.dispose()


def _empty_all_tables() -> None:
    """Every table emptied, children first, and (on PostgreSQL) every sequence back at 1, as a new database
    has them. Not TRUNCATE: for a test's few rows it took 103 ms a test against 7 ms (36 tables), and the
    PostgreSQL run 27:48 against 23:30. Its rows then come back in no set order, as in production: a
    query that needs an order must say it."""
    with _db.engine.begin() as connection:
        for table in reversed(_db.metadata.sorted_tables):
            connection.execute(table.delete())
        if connection.dialect.name.startswith(PG_PREFIX):
            connection.execute(text("SELECT setval(oid, 1, false) FROM pg_class WHERE relkind = 'S'"))


@pytest.fixture
def db(app):
    return _db


LOG_IN_PATH = "/konto/log-ind"
CODE_PATH = "/konto/log-ind/kode"


class IsolatedClient(FlaskClient):
    """Runs each request in its own app context, as in production.

    The `app` fixture keeps an app context pushed for the test's own code; a
    request made inside it would share its `g` (the logged-in user, the
    locale) and its database session with the test and with every other
    request. A fresh contextvars.Context has no app context, so Flask pushes
    a new one per request, and the request sees only what was committed.

    Administrators and approvers log in in two steps. When a posted log-in
    stops at the second step, this client types the code the user's app
    shows (tests.factories.second_step_code), as the person would, and returns
    what that gives. Set `client.second_step = False` to stop at the step.
    """

    second_step = True

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if self.second_step and _stopped_at_second_step(response):
            response = self._give_app_code(follow_redirects=kwargs.get("follow_redirects", False))
        return response

    def _give_app_code(self, follow_redirects: bool):
        from app.accounts.models import User
        from app.accounts.sessions import PENDING
        from tests.factories import second_step_code

        with self.session_transaction() as session:
            user_id = session[PENDING]["user"]
        data = {"code": second_step_code(_db.session.get(User, user_id))}
        if self.application.config.get("WTF_CSRF_ENABLED"):
            page = self.get(CODE_PATH).get_data(as_text=True)
            data["csrf_token"] = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        return self.post(CODE_PATH, data=data, follow_redirects=follow_redirects)


def _stopped_at_second_step(response) -> bool:
    first = response.history[0] if response.history else response
    if first.request.method != "POST" or first.request.path != LOG_IN_PATH:
        return False
    if response.status_code == 302:
        return urlsplit(response.headers.get("Location", "")).path == CODE_PATH
    return response.request.path == CODE_PATH


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


class AuthActions:
    """Logging in and out through the forms, as a person would (flaskr's AuthActions).

    `log_in(who)` is for tests about something else: `who` is a user, or a role for a new
    user of it (made and committed); whoever was logged in first is logged out, the log-in
    must succeed, and the user is returned. `submit(email, password)` only posts the log-in
    form and returns the response, for tests of log-in itself. Both use the `client`
    fixture unless given another (a second device, a client with rate limits on).
    """

    def __init__(self, client) -> None:
        self.client = client

    def submit(self, email: str, password: str | None = None, *, client=None, **fields):
        from tests.factories import PASSWORD

        data = {"email": email, "password": PASSWORD if password is None else password, **fields}
        return (client or self.client).post(LOG_IN_PATH, data=data)

    def log_in(self, who=None, *, client=None, officer_of: int | None = None, **user_fields):
        from app.accounts.models import Role
        from app.hearings.models import Hearing
        from tests.factories import make_user

        client = client or self.client
        user = make_user(who or Role.STAFF, **user_fields) if who is None or isinstance(who, Role) else who
        if officer_of is not None:
            hearing = _db.session.get(Hearing, officer_of)  # held: a collected parent loses the append
            hearing.officers.append(user)
        _db.session.commit()
        self.log_out(client=client)
        response = self.submit(user.email, client=client)
        assert response.status_code == 302, f"could not log in {user}"
        # Not back at the password, nor stopped at the second step.
        assert not urlsplit(response.headers["Location"]).path.startswith(LOG_IN_PATH), f"could not log in {user}"
        return user

    def log_out(self, *, client=None) -> None:
        """Log out whoever is logged in (nobody is: nothing happens)."""
        from app.accounts.sessions import SESSION_TOKEN

        client = client or self.client
        if client.get_cookie("session") is None:
            return
        with client.session_transaction() as session:
            logged_in = SESSION_TOKEN in session
        if logged_in:
            client.post("/konto/log-ud")


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def demo(app, db):
    """The 2019 demo loaded as `flask demo load` loads it; returns its hearing."""
    from sqlalchemy import select

    from app.demo.load import SLUG
    from app.hearings.models import Hearing

    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return db.session.scalar(select(Hearing).where(Hearing.slug == SLUG))


@pytest.fixture
def csrf_app(app):
    """Most tests post forms without a token; this one keeps CSRF on."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


class _Inbox:
    """What a real SMTP server on loopback received."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        from email import message_from_bytes
        from email.policy import default

        message = message_from_bytes(envelope.content, policy=default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"


class SmtpServer:
    """Can be stopped and started again on the same port, as a real outage."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = _Inbox()
        self._controller = None

    @property
    def messages(self) -> list:
        return self.inbox.messages

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        # A stopped controller's event loop is closed, so each start needs a new one.
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(app):
    """A real SMTP server (aiosmtpd) on loopback, and the app pointed at it."""
    server = SmtpServer(_free_port())
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=5)
    app.extensions["mail"].server = "127.0.0.1"
    app.extensions["mail"].port = server.port
    server.start()
    yield server
    server.stop()


# Tests that take several seconds each (measured with --durations), besides those that load the
# demo: left out of the everyday loop. A module, or a module::test (every parameter of it).
SLOW = {
    "tests/demo/test_demo_load.py",
    "tests/faults/test_concurrent_saves.py",
    "tests/faults/test_export_disk_full.py",
    "tests/faults/test_deadline_during_upload.py",
    "tests/faults/test_killed_worker.py",
    "tests/faults/test_killed_job_worker.py",
    "tests/faults/test_killed_import_worker.py",
    "tests/faults/test_redis_outage.py",
    "tests/faults/test_smtp_outage.py",
    "tests/faults/test_uploads_gunicorn.py",
    "tests/security/test_access_log.py",
    "tests/responses/test_enter_key.py::test_in_every_form_with_several_buttons_enter_presses_the_safe_one",
    "tests/test_page_texts.py",
    "tests/test_two_servers.py",
    "tests/privacy/test_own_data.py::test_the_whole_journey_ask_see_download_erase",
    "tests/test_database.py::test_migrations_build_the_schema_the_models_describe",
    "tests/test_query_counts.py::test_pages_read_the_database_a_constant_number_of_times",
    "tests/test_route_access.py::test_each_actor_is_let_in_or_refused_on_every_route",
    "tests/test_valid_html.py::test_every_page_is_valid_html",
}


def pytest_addoption(parser):
    parser.addoption("--database-tests-only", action="store_true",
                     help="only the tests that use the test database (database_url): the suite's second pass, on "
                          "PostgreSQL (make test); a test without it would run as it did in the first")


def pytest_collection_modifyitems(config, items):
    """Mark tests by where they live (browser, faults) and by what they cost (slow: the 2019 demo
    loaded, or listed in SLOW). With --database-tests-only, leave out those that use no database."""
    if config.getoption("--database-tests-only"):
        config.hook.pytest_deselected(items=[item for item in items if "database_url" not in item.fixturenames])
        items[:] = [item for item in items if "database_url" in item.fixturenames]
    for item in items:
        parts = item.path.relative_to(config.rootpath).parts
        if "browser" in parts:
            item.add_marker(pytest.mark.browser)
        if "faults" in parts:
            item.add_marker(pytest.mark.faults)
        module = "/".join(parts)
        if "demo" in item.fixturenames or module in SLOW or f"{module}::{item.originalname}" in SLOW:
            item.add_marker(pytest.mark.slow)


def pytest_report_header(config):
    url = os.environ.get("TEST_DATABASE_URL")
    return f"database: {'PostgreSQL ' + url if url else 'SQLite (temporary file)'}"


@pytest.fixture
def limited_client(database_url):
    """A client of an app with rate limits on, counting in the configured storage (Redis in CI),
    emptied first so that no earlier test or run has used up a limit."""
    from app.extensions import limiter

    settings = _testing_config(database_url)
    settings.RATELIMIT_ENABLED = True
    limited_app = create_app(settings)
    with limited_app.app_context():
        limiter.reset()
    return limited_app.test_client()
