"""gunicorn as production runs it (gunicorn.conf.py, wsgi:app) on a free port, for the fault tests."""

import http.client
import os
import re
import signal
import subprocess  # nosec B404 (starts gunicorn, as in production)
import sys
from pathlib import Path
from urllib.parse import urlencode

from tests.faults.database_helpers import (
    SUBMIT_WRITES,
    WAIT_SECONDS,
    BackgroundCall,
    held_table_lock,
    is_postgresql,
    sqlite_lock,
    sqlite_path,
    wait_for,
)

REPOSITORY = Path(__file__).resolve().parents[2]


LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


# gunicorn imports the whole app before it listens: on a loaded machine that alone can take a minute.
START_SECONDS = WAIT_SECONDS * 3


class Gunicorn:
    """gunicorn with one worker on a free port, started with the production settings file."""

    def __init__(self, database_url: str, log: Path, **settings: str) -> None:
        """`settings`: environment variables on top of the test's (HORING_CONFIG=production, say)."""
        if not is_postgresql(database_url):
            # The worker must still be waiting for the lock when it is killed, however slow the machine.
            database_url += f"?timeout={START_SECONDS}"
        env = {
            **os.environ, "HORING_CONFIG": "testing", "TEST_DATABASE_URL": database_url,
            "GUNICORN_BIND": "127.0.0.1:0", "GUNICORN_WORKERS": "1", "GUNICORN_THREADS": "2",
            "GUNICORN_TIMEOUT": str(START_SECONDS), **settings,
        }
        self.log = log
        with log.open("wb") as output:
            self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)  # nosec B603
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket", "wsgi:app"],
                cwd=REPOSITORY, env=env, stdout=output, stderr=subprocess.STDOUT,
            )
        try:
            self.port = int(wait_for(self._port, "gunicorn to listen", START_SECONDS))
            wait_for(self.ready, "gunicorn's worker to answer", START_SECONDS)
        except BaseException:
            self.stop()  # the fixture never gets to stop what did not start in time
            raise

    def _port(self) -> str | None:
        assert self.process.poll() is None, f"gunicorn stopped:\n{self.log.read_text()}"
        found = LISTENING.search(self.log.read_text(errors="replace"))
        return found and found.group(1)

    def request(self, method: str, path: str, data: dict | None = None) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT_SECONDS * 2)
        body = urlencode(data) if data is not None else None
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if data is not None else {}
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        answer.read()
        connection.close()
        return answer

    def ready(self) -> bool:
        try:
            return self.request("GET", "/helse").status == 200
        except OSError:
            return False

    def workers(self) -> list[int]:
        """The worker processes: the children of gunicorn's master."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid and fields[0] != "Z":
                children.append(int(stat.parent.name))
        return children

    def kill_worker(self) -> int:
        [worker] = wait_for(self.workers, "gunicorn's worker")
        os.kill(worker, signal.SIGKILL)
        wait_for(lambda: not Path(f"/proc/{worker}").exists(), "the killed worker to be gone")
        return worker

    def stop(self) -> None:
        workers = self.workers()
        self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown: the master stops its workers
        try:
            self.process.wait(WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            for worker in workers:
                os.kill(worker, signal.SIGKILL)
            self.process.kill()
            self.process.wait(WAIT_SECONDS)


def killed_mid_transaction(server, database_url: str, post, *, table: str, wrote=SUBMIT_WRITES,
                           what: str = "the request") -> BackgroundCall:
    """Send `post()` in the background, hold it inside its transaction and SIGKILL `server`'s worker there:
    on PostgreSQL a lock on `table` stops it at its write to that table, with `wrote` already written; on
    SQLite a reader's lock stops it at its commit, its changes in the journal. Returns the call."""
    if is_postgresql(database_url):
        with held_table_lock(database_url, table) as lock:
            request = BackgroundCall(post)
            blocked = lock.wait_for_blocked_write(wrote)
            server.kill_worker()
            lock.release()
            wait_for(lambda: lock.backend_gone(blocked.pid), "the killed worker's backend to end")
    else:
        journal = Path(sqlite_path(database_url) + "-journal")
        with sqlite_lock(database_url, "SHARED"):
            request = BackgroundCall(post)
            wait_for(journal.exists, f"{what} to write its changes to the journal")
            server.kill_worker()
        assert journal.exists(), "the killed worker left its transaction unfinished"
    return request
