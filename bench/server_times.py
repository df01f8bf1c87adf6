"""Server time of the staff's heaviest pages on the generated hearing, issue 10.

    .venv/bin/python -m bench.server_times [--database-url URL] [--repeat 5] [--profile] [--smoke]

In-process (the Flask test client, production settings, CSRF off for the log-in)
against the database of bench/generate.py, logged in as its staff officer:
the section view of section s1 (2,000 comments at full size) and the reply
overview (the matrix of sections × responses). Reports the median and worst of
``--repeat`` requests after one warm-up, the SQL statements and their time;
the goal is under 300 ms. "CPU ms (app)" is the median processor time of the app's own process for a
request (time.process_time: Python, templates, the driver; not PostgreSQL's), which a busy machine
stretches less than the wall time. ``--profile`` prints the cProfile top entries of one
request of each page.
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import statistics
import time

from bench.common import SqlTimer, database_url, record, table
from bench.generate import BENCH_EMAIL, BENCH_PASSWORD, BENCH_SLUG

GOAL_MS = 300
PAGES = {
    "section view (s1)": f"/medarbejder/hoeringer/{BENCH_SLUG}/besvarelse/s1",
    "reply overview": f"/medarbejder/hoeringer/{BENCH_SLUG}/besvarelse",
}


def make_app(url: str):
    os.environ.update(HORING_CONFIG="production", SECRET_KEY=os.environ.get("SECRET_KEY", secrets.token_urlsafe(48)),
                      DATABASE_URL=url, RATELIMIT_ENABLED="false")
    import config
    from app import create_app

    settings = config.load("production")  # config may have been imported before the environment was set
    settings.SQLALCHEMY_DATABASE_URI = url
    settings.RATELIMIT_ENABLED = False
    app = create_app(settings)
    app.config.update(WTF_CSRF_ENABLED=False, SESSION_COOKIE_SECURE=False, REMEMBER_COOKIE_SECURE=False)
    return app


def log_in(client) -> None:
    answer = client.post("/konto/log-ind", data={"email": BENCH_EMAIL, "password": BENCH_PASSWORD},
                         base_url="https://localhost")
    if answer.status_code != 302:
        raise RuntimeError(f"log-in failed: {answer.status_code}")


def profile_top(client, path: str, count: int = 15) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(path, base_url="https://localhost")
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(count)
    return out.getvalue()


def measure(url: str, *, repeat: int, profile: bool) -> tuple[list[tuple], list[str], bool]:
    from app.extensions import db

    app = make_app(url)
    client = app.test_client()
    with app.app_context():
        timer = SqlTimer(db.engine)
    log_in(client)
    rows, notes, met = [], [], True
    for name, path in PAGES.items():
        client.get(path, base_url="https://localhost")  # warm-up: templates, caches
        times, cpu, statements, sql, status, size = [], [], 0, 0.0, 0, 0
        slowest: list[tuple[float, str]] = []
        for _ in range(repeat):
            timer.reset()
            began, began_cpu = time.perf_counter(), time.process_time()
            answer = client.get(path, base_url="https://localhost")
            times.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
            status, size = answer.status_code, len(answer.data)
            statements, sql = len(timer.statements), timer.total * 1000
            slowest = timer.slowest(2)
        median = statistics.median(times)
        ok = median < GOAL_MS and status == 200
        met = met and ok
        rows.append((name, path, status, f"{size / 1024:,.0f} KiB", f"{median:,.0f}", f"{max(times):,.0f}",
                     f"{statistics.median(cpu):,.0f}",
                     statements, f"{sql:,.0f}", "met" if ok else "MISSED"))
        for seconds, statement in slowest:
            notes.append(f"- {name}, {seconds * 1000:.1f} ms: `{' '.join(statement.split())[:300]}`")
        if profile or not ok:
            notes.append(f"\ncProfile, {name}:\n\n```\n{profile_top(client, path)}```\n")
    timer.close()
    return rows, notes, met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)
    url = database_url(args.database_url)
    rows, notes, met = measure(url, repeat=2 if args.smoke else args.repeat, profile=args.profile)
    body = table(rows, ("page", "path", "status", "size", "median ms", "worst ms", "CPU ms (app)", "SQL statements",
                        "SQL ms",
                        f"goal < {GOAL_MS} ms"))
    body += "\nSlowest statements:\n\n" + "\n".join(notes) + "\n"
    print(body)
    if not (args.smoke or args.no_record):
        record("server times", f"python -m bench.server_times --repeat {args.repeat}", url,
               f"In-process (Flask test client), production settings, logged in as staff.\n\n{body}")
    return 0 if all(row[2] == 200 for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
