"""Shared by the benchmarks: the machine, RESULTS.md, gunicorn, a load driver, SQL timing."""

import datetime
import http.client
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).with_name("RESULTS.md")
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/horing_bench"


def database_url(given: str | None = None) -> str:
    return given or os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_URL


def postgres_version(url: str) -> str:
    try:
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        with engine.connect() as connection:
            version = connection.execute(text("SHOW server_version")).scalar()
        engine.dispose()
        return f"PostgreSQL {version.split()[0]}"
    except Exception as error:  # noqa: BLE001 (the note is informative only)
        return f"PostgreSQL unknown ({type(error).__name__})"


def machine(url: str | None = None) -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "? GiB RAM"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:", 1)[1].split()[0])
        ram = f"{kib / 1024 / 1024:.0f} GiB RAM"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    pg = f", {postgres_version(url)}" if url else ""
    return f"{os.cpu_count()} cores, {cpu}, {ram}, Python {platform.python_version()}{pg}, load average {load}"


def table(rows: list[tuple], header: tuple = ("measure", "value")) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def record(name: str, command: str, url: str | None, body: str) -> None:
    """Append a section to bench/RESULTS.md, as bench/grouping.py does."""
    if not RESULTS.exists():
        RESULTS.write_text("# Benchmark results\n\nAppended by the scripts in bench/; newest last.\n", encoding="utf-8")
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    entry = f"\n## {name}, {when}\n\n`{command}` on {machine(url)}.\n\n{body}"
    with RESULTS.open("a", encoding="utf-8") as file:
        file.write(entry)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# One key for the whole run, so that every server (and what it signed) agrees; production refuses a known one.
BENCH_SECRET_KEY = secrets.token_urlsafe(48)


def server_env(url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "HORING_CONFIG": "production", "SECRET_KEY": BENCH_SECRET_KEY, "DATABASE_URL": url,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/2"),
        "RATELIMIT_ENABLED": "false",
        # As production runs: public pages from the shared cache in Redis, jobs through Redis.
        "CACHE_TYPE": "RedisCache",
        "CACHE_REDIS_URL": os.environ.get("CACHE_REDIS_URL", "redis://127.0.0.1:6379/3"),
        "CACHE_KEY_PREFIX": f"bench-{BENCH_SECRET_KEY[:8]}:",
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/4"),
    })
    env.update(extra)
    return env


@contextmanager
def gunicorn(app_path: str, url: str, *, workers: int | None = None, threads: int | None = None):
    """gunicorn with gunicorn.conf.py on a free loopback port; yields the port. Access log off."""
    port = free_port()
    extra = {"GUNICORN_BIND": f"127.0.0.1:{port}"}
    if workers:
        extra["GUNICORN_WORKERS"] = str(workers)
    if threads:
        extra["GUNICORN_THREADS"] = str(threads)
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"),
               "--access-logfile", "/dev/null", app_path]
    process = subprocess.Popen(command, cwd=ROOT, env=server_env(url, **extra),  # noqa: S603
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError("gunicorn stopped: " + process.stderr.read().decode(errors="replace")[-2000:])
            try:  # answered by a worker: the master listens before it has forked one (and, with
                # preload_app, before gunicorn.conf.py's when_ready has compiled the templates)
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                probe.request("GET", "/")
                probe.getresponse().read()
                probe.close()
                break
            except (OSError, http.client.HTTPException):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@dataclass
class Load:
    seconds: float = 0.0
    ok: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    first_error: str = ""
    warmed: int = 0  # with a limit: the calls that succeeded in the warm-up, made but not timed

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def run_load(port: int | list[int], request: Callable[[http.client.HTTPConnection, int], tuple[bool, str]], *,
             concurrency: int, seconds: float, limit: int | None = None, warmup: float = 1.0,
             retry_reset: bool = True) -> Load:
    """``concurrency`` threads, each on its own keep-alive connection, call ``request(connection, n)``
    (n counts up over all threads) for ``seconds`` after ``warmup`` seconds, or ``limit`` calls in all.
    The calls begun in the warm-up are not timed; with a limit (each call uses something up, as a
    submission does a party's link) they still count: as ``warmed``, or as errors.
    ``request`` returns (ok, note). A connection reset by the server (gunicorn replaces a worker
    after max_requests) is retried once on a new connection when ``retry_reset`` (GET), else an error.
    With a list of ports, thread n uses ``port[n % len(port)]``: the client spreads its connections over
    several servers, as a round-robin balancer would (bench/two_servers.py)."""
    ports = port if isinstance(port, list) else [port]
    result = Load()
    lock = threading.Lock()
    counter = iter(range(limit if limit is not None else sys.maxsize))
    start = time.perf_counter()
    measure_from = start + warmup
    stop_at = measure_from + seconds

    def worker(port: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < stop_at:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            began = time.perf_counter()
            try:
                ok, note = request(connection, n)
            except (ConnectionResetError, http.client.RemoteDisconnected) as error:
                # gunicorn replaces a worker after max_requests and closes its idle keep-alive
                # connections; a browser sends an idempotent request again on a new connection.
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                if retry_reset:
                    try:
                        ok, note = request(connection, n)
                    except (OSError, http.client.HTTPException) as again:
                        ok, note = False, f"{type(again).__name__}: {again}"
                else:
                    ok, note = False, f"{type(error).__name__}: {error}"
            except (OSError, http.client.HTTPException) as error:
                ok, note = False, f"{type(error).__name__}: {error}"
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            ended = time.perf_counter()
            if began < measure_from:
                if limit is not None:
                    with lock:
                        result.warmed += ok
                        result.errors += not ok
                        result.first_error = result.first_error or ("" if ok else note)
                continue
            with lock:
                if ok:
                    result.ok += 1
                    result.latencies.append(ended - began)
                else:
                    result.errors += 1
                    result.first_error = result.first_error or note
        connection.close()

    threads = [threading.Thread(target=worker, args=(ports[n % len(ports)],)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    measured = max(time.perf_counter() - measure_from, 0.0)  # a limit used up in the warm-up: nothing timed
    # Without a limit the threads stop at `seconds`; with one, when it is used up (or at `seconds`).
    result.seconds = measured if limit is not None else min(measured, seconds)
    return result


def get(path: str | list[str], headers: dict | None = None):
    """GET ``path``, or the paths of a list in turn."""
    paths = [path] if isinstance(path, str) else path

    def request(connection: http.client.HTTPConnection, n: int) -> tuple[bool, str]:
        path = paths[n % len(paths)]
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status == 200, f"GET {path}: {response.status}"

    return request


class SqlTimer:
    """Counts and times every statement on an engine (before/after_cursor_execute)."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.engine = engine
        self.statements: list[tuple[float, str]] = []
        self._event = event
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def _after(self, conn, cursor, statement, parameters, context, executemany) -> None:
        began = conn.info["bench_started"].pop()
        self.statements.append((time.perf_counter() - began, statement))

    def reset(self) -> None:
        self.statements = []

    def close(self) -> None:
        self._event.remove(self.engine, "before_cursor_execute", self._before)
        self._event.remove(self.engine, "after_cursor_execute", self._after)

    @property
    def total(self) -> float:
        return sum(seconds for seconds, _ in self.statements)

    def slowest(self, count: int = 3) -> list[tuple[float, str]]:
        return sorted(self.statements, key=lambda item: item[0], reverse=True)[:count]
