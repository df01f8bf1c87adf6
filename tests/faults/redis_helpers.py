"""A real Redis of the test's own, on a free port, that a test stops and starts again.

The shared Redis on 6379 is never touched: each test starts `redis-server` as a subprocess on a
port of its own, without persistence, and stops only that process.
"""

import os
import shutil
import signal
import socket
import subprocess  # nosec B404 (starts redis-server, as in production)
from pathlib import Path

import pytest
import redis

from tests.faults.database_helpers import WAIT_SECONDS, wait_for

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """`redis-server` on loopback; `stop()` ends the process (an outage), `start()` brings it back
    on the same port, empty (as a restarted Redis without persistence is)."""

    def __init__(self, log: Path) -> None:
        if not Path(REDIS_SERVER).exists():
            # .ci/run installs it: in CI a missing server is a failure, not a quiet skip.
            missing = "redis-server is not installed: apt-get install redis-server"
            (pytest.fail if os.environ.get("CI") else pytest.skip)(missing)
        self.port = free_port()
        self.log = log
        self.process: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5, socket_connect_timeout=5)

    def start(self) -> None:
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(  # noqa: S603 (a fixed program and arguments)  # nosec B603
                [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no"],
                stdout=output, stderr=subprocess.STDOUT,
            )
        wait_for(self.answers, "redis-server to answer")

    def answers(self) -> bool:
        assert self.process is not None and self.process.poll() is None, self.log.read_text()
        try:
            return self.client().ping()
        except redis.RedisError:
            return False

    def pause(self) -> None:
        """Redis hangs (as behind a cut network): connections are accepted, nothing is answered."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process is None:
            return
        self.resume()  # a stopped process would not end on SIGTERM
        self.process.terminate()
        try:
            self.process.wait(WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(WAIT_SECONDS)
        self.process = None

    def counts(self, key_part: str) -> bool:
        """Whether a rate-limit counter in this Redis has `key_part` in its key (an address, say)."""
        return any(key_part in key.decode() for key in self.client().keys("LIMITS:*"))
