"""Real database faults for tests: a cut network, a restarted server, a lock held by someone else.

Nothing of the app is mocked. On PostgreSQL the app reaches the server through a TCP relay on
loopback that a test cuts and restores (an unreachable server), and a backend of the app is
ended with pg_terminate_backend (what a restart does to it). On SQLite another connection holds
the file's lock, so the app's reads or writes give up after a short busy timeout, as they do
behind a long writer or a backup.
"""

import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

import pytest
from sqlalchemy import NullPool, create_engine, func, select, text
from sqlalchemy.engine import make_url

import config
from app import create_app
from app.extensions import db
from app.responses.models import Comment, Response, ResponseState, ResponseSubmission
from tests.conftest import PG_PREFIX, IsolatedClient

JOIN_SECONDS = 120  # how long threads released together may take, however slow the machine

# A lock or a cut must show within this long even on a busy two-core machine; it is a limit, never a pause.
WAIT_SECONDS = 60
# How long the app's SQLite connection waits for a lock before it gives up (the app's own default is 5 s).
SQLITE_BUSY_SECONDS = 0.3
# The table the submit transaction writes last (the receipts, after the submission, its comments and the
# audit record were flushed): a lock on it stops the transaction in its middle.
LAST_WRITTEN_TABLE = "outbox_messages"
# What the submit transaction has written by then: it is stopped in its middle, not at its start.
SUBMIT_WRITES = frozenset({"responses", "response_submissions", "comments", "audit_events"})


def wait_for(condition: Callable[[], object], what: str, timeout: float = WAIT_SECONDS):
    """Poll until `condition()` is true; its value is returned. Fails with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what} after {timeout} s")
        time.sleep(0.02)


def is_postgresql(database_url: str) -> bool:
    return database_url.startswith(PG_PREFIX)


def sqlite_path(database_url: str) -> str:
    return make_url(database_url).database


# ---------------------------------------------------------------- a TCP relay that can be cut


class TcpRelay:
    """Relays TCP connections from a port on loopback to `upstream`. `cut()` closes every
    relayed connection and refuses new ones (a server that went away); `restore()` lets them through."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self._up = True
        self._closed = False
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._thread = threading.Thread(target=self._accept, name="tcp-relay", daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self._up:
                _close(client)  # the client sees its connection closed before the server greets it
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                _close(client)
                continue
            client.settimeout(None)
            server.settimeout(None)
            with self._lock:
                self._open.update((client, server))
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._open.difference_update((source, target))
            _close(source)
            _close(target)

    def cut(self) -> None:
        self._up = False
        with self._lock:
            cut, self._open = list(self._open), set()
        for sock in cut:
            _close(sock)

    def restore(self) -> None:
        self._up = True

    def close(self) -> None:
        self._closed = True
        self.cut()
        self._thread.join(WAIT_SECONDS)
        self._listener.close()


def _close(sock: socket.socket) -> None:
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in recv on it; close alone would not
    sock.close()


# ---------------------------------------------------------------- the app under test and its faults


@dataclass
class Outage:
    """An app (`client`) whose database a test can take away, and the means to do it."""

    database_url: str
    client: IsolatedClient
    relay: TcpRelay | None = None

    @property
    def postgresql(self) -> bool:
        return is_postgresql(self.database_url)

    @contextmanager
    def unreachable(self) -> Iterator[None]:
        """The database cannot be reached at all: PostgreSQL's connections are cut and new ones
        refused; SQLite's file is locked by another writer, so even a read gives up."""
        release_test_session()
        if self.postgresql:
            self.relay.cut()
            try:
                yield
            finally:
                self.relay.restore()
        else:
            with sqlite_lock(self.database_url, "EXCLUSIVE"):
                yield

    def break_submit(self, post: Callable[[], object]):
        """Run `post()` (a submission) and break the database under it in the middle of its transaction.

        PostgreSQL: the submit is held at its last write by a table lock, and its backend is then
        terminated, as a restart of the server does. SQLite: another connection holds the write lock,
        so the submit's first write gives up after the busy timeout. Returns what `post()` returned.
        """
        release_test_session()
        if not self.postgresql:
            with sqlite_lock(self.database_url, "IMMEDIATE"):
                return post()
        with held_table_lock(self.database_url, LAST_WRITTEN_TABLE) as lock:
            request = BackgroundCall(post)
            blocked = lock.wait_for_blocked_write()
            lock.terminate(blocked.pid)
        return request.result()


def outage_app(database_url: str):
    """An app like the test app, reaching PostgreSQL through a relay the test can cut,
    or SQLite with a short busy timeout. Returns (app, relay or None)."""
    settings = config.TestingConfig()
    options = dict(config.Config.SQLALCHEMY_ENGINE_OPTIONS)
    relay = None
    if is_postgresql(database_url):
        real = make_url(database_url)
        relay = TcpRelay((real.host or "127.0.0.1", real.port or 5432))
        settings.SQLALCHEMY_DATABASE_URI = real.set(host="127.0.0.1", port=relay.port).render_as_string(
            hide_password=False)
        options["connect_args"] = {"connect_timeout": 5}
    else:
        settings.SQLALCHEMY_DATABASE_URI = database_url
        options["connect_args"] = {"timeout": SQLITE_BUSY_SECONDS}
    settings.SQLALCHEMY_ENGINE_OPTIONS = options
    app = create_app(settings)
    app.test_client_class = IsolatedClient
    return app, relay


@contextmanager
def make_outage(database_url: str) -> Iterator[Outage]:
    """For a fixture that also depends on `app`: its schema, its emptied tables afterwards,
    and its session, with which the test checks what was stored."""
    faulty, relay = outage_app(database_url)
    try:
        yield Outage(database_url, faulty.test_client(), relay)
    finally:
        if relay is not None:
            relay.close()
        with faulty.app_context():
            db.engine.dispose()


def release_test_session() -> None:
    """End the test's own transaction, so that it holds no lock while a fault is made."""
    db.session.rollback()


# ---------------------------------------------------------------- locks held by another connection


@contextmanager
def sqlite_lock(database_url: str, mode: str) -> Iterator[sqlite3.Connection]:
    """Hold SQLite's lock from another connection: `BEGIN EXCLUSIVE` stops readers and writers,
    `BEGIN IMMEDIATE` writers only; `BEGIN` followed by a read (mode "SHARED") lets a writer write
    but not commit."""
    connection = sqlite3.connect(sqlite_path(database_url), timeout=WAIT_SECONDS, isolation_level=None)
    try:
        if mode == "SHARED":
            connection.execute("BEGIN")
            connection.execute("SELECT count(*) FROM responses").fetchone()
        else:
            connection.execute(f"BEGIN {mode}")
        yield connection
    finally:
        connection.rollback()
        connection.close()


@dataclass
class Blocked:
    pid: int
    query: str


class HeldTableLock:
    """An ACCESS EXCLUSIVE lock on a table, held by a connection of the test's own."""

    def __init__(self, database_url: str, table: str) -> None:
        self.table = table
        self.engine = create_engine(database_url, poolclass=NullPool)
        self.connection = self.engine.connect()
        self.own_pid = self.connection.execute(text("SELECT pg_backend_pid()")).scalar()
        self.connection.execute(text(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))

    def _waiting(self) -> Blocked | None:
        with self.engine.connect() as probe:
            row = probe.execute(text(
                "SELECT pid, query FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> :own AND pid <> pg_backend_pid()"
            ), {"own": self.own_pid}).first()
        return Blocked(row.pid, row.query) if row else None

    def wait_for_blocked(self) -> Blocked:
        return wait_for(self._waiting, f"a query on {self.table} to wait for the lock")

    def wait_for_blocked_write(self, wrote: frozenset[str] = SUBMIT_WRITES) -> Blocked:
        """The backend that waits for the lock: it must be writing to the table, so the rest of its
        transaction (by default the submission, the comments: `wrote`) has been written already and is
        not committed."""
        blocked = self.wait_for_blocked()
        assert blocked.query.lstrip().upper().startswith(f"INSERT INTO {self.table.upper()}"), blocked.query
        written = self.tables_written(blocked.pid)
        assert written >= wrote, f"the transaction had written only {sorted(written)} when it was stopped"
        return blocked

    def tables_written(self, pid: int) -> set[str]:
        """The tables the backend's open transaction has inserted into, updated or deleted from
        (a write takes ROW EXCLUSIVE on its table until the transaction ends)."""
        with self.engine.connect() as probe:
            return set(probe.scalars(text(
                "SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE l.pid = :pid AND l.mode = 'RowExclusiveLock' AND l.granted AND c.relkind = 'r'"
            ), {"pid": pid}))

    def terminate(self, pid: int) -> None:
        with self.engine.connect() as admin:
            assert admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()

    def backend_gone(self, pid: int) -> bool:
        with self.engine.connect() as probe:
            return probe.execute(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"),
                                 {"pid": pid}).scalar() == 0

    def release(self) -> None:
        if self.connection is not None:
            self.connection.rollback()
            self.connection.close()
            self.connection = None


@contextmanager
def held_table_lock(database_url: str, table: str) -> Iterator[HeldTableLock]:
    lock = HeldTableLock(database_url, table)
    try:
        yield lock
    finally:
        lock.release()
        lock.engine.dispose()


class BackgroundCall:
    """Runs `call()` in a thread (a request that will block); `result()` waits for it."""

    def __init__(self, call: Callable[[], object]) -> None:
        self._value: object = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(call,), daemon=True)
        self._thread.start()

    def _run(self, call) -> None:
        try:
            self._value = call()
        except BaseException as error:  # noqa: BLE001 (handed to the test by result())
            self._error = error

    def done(self) -> bool:
        return not self._thread.is_alive()

    def result(self, timeout: float = WAIT_SECONDS):
        self._thread.join(timeout)
        assert not self._thread.is_alive(), f"the call did not end within {timeout} s"
        if self._error is not None:
            raise self._error
        return self._value


# ---------------------------------------------------------------- what is in the database


@dataclass
class Stored:
    state: ResponseState
    draft: dict
    submissions: int
    comments: list[tuple[str | None, str]]


def stored_response() -> Stored:
    """The party's response as committed, read by the test's own session."""
    db.session.rollback()
    response = db.session.scalar(select(Response))
    stored = Stored(
        state=response.state,
        draft=dict(response.draft or {}),
        submissions=db.session.scalar(select(func.count(ResponseSubmission.id))),
        comments=[(c.section.key if c.section else None, c.text) for c in
                  db.session.scalars(select(Comment).order_by(Comment.position))],
    )
    db.session.rollback()
    return stored


def at_once(app, requests: list) -> list:
    """Run each `request(client)` in a thread of its own, with a client of its own, all released together.
    Returns what each returned, in order; an exception in any thread fails the test."""
    app.test_client_class = IsolatedClient
    clients = [app.test_client() for _ in requests]
    barrier = threading.Barrier(len(requests))
    results: list = [None] * len(requests)
    errors: list = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=JOIN_SECONDS)
            results[index] = requests[index](clients[index])
        except BaseException as error:  # reported below, with the thread it happened in
            errors.append((index, error))

    threads = [threading.Thread(target=run, args=(i,), name=f"person-{i}") for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    assert errors == [], errors[:3]
    return results


UNAVAILABLE = "Vi kan ikke hente eller gemme data lige nu"
