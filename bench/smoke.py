"""Every benchmark at smoke size (seconds, not minutes), against a throwaway PostgreSQL database.

    .venv/bin/python -m bench.smoke [--admin-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

Creates a database with a random name, fills it with bench/generate.py at a
tiny size, runs bench.pages, bench.submissions, bench.server_times, bench.memo,
bench.grouping and bench.two_servers with --smoke (nothing is appended to RESULTS.md), drops the
database, and exits non-zero when a benchmark failed (an error, a lost
submission, a page that did not answer 200). Goals are not checked at this size.
"""

import argparse
import os
import secrets
import sys
import time
import traceback

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _admin(url: str, statement: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--admin-url", default=os.environ.get("BENCH_ADMIN_URL", DEFAULT_ADMIN_URL),
                        help="a PostgreSQL database to connect to for CREATE/DROP DATABASE")
    args = parser.parse_args(argv)
    name = f"horing_bench_smoke_{secrets.token_hex(4)}"
    url = make_url(args.admin_url).set(database=name).render_as_string(hide_password=False)
    _admin(args.admin_url, f'CREATE DATABASE "{name}"')
    failures: list[str] = []
    try:
        from bench import generate, grouping, memo, pages, server_times, submissions, two_servers

        generate.generate(url, sections=20, responses=30, comments=150, parties=400, hot_section=20, quiet=True)
        runs = [
            ("pages", lambda: pages.main(["--smoke", "--database-url", url, "--concurrency", "4"])),
            ("submissions", lambda: submissions.main(["--smoke", "--database-url", url, "--concurrency", "4"])),
            ("server_times", lambda: server_times.main(["--smoke", "--database-url", url])),
            ("memo", lambda: memo.main(["--smoke", "--database-url", url])),
            ("grouping", lambda: grouping.main(["--smoke"]) or 0),
            ("two_servers", lambda: two_servers.main(["--smoke", "--database-url", url])),
        ]
        for label, run in runs:
            began = time.perf_counter()
            try:
                code = run()
            except Exception:  # noqa: BLE001 (reported, and the run fails)
                traceback.print_exc()
                code = 1
            print(f"bench.{label}: {'ok' if code == 0 else 'FAILED'} in {time.perf_counter() - began:.0f} s\n",
                  flush=True)
            if code != 0:
                failures.append(label)
    finally:
        _admin(args.admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if failures:
        print("failed: " + ", ".join(failures), file=sys.stderr)
        return 1
    print("all benchmarks ran at smoke size")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
