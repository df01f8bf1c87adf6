"""Processor time of one party page and one public hearing page, in-process, issue 20.

    .venv/bin/python -m bench.page_cpu [--database-url URL] [--repeat 20]

The Flask test client with production settings and the cache in Redis (as bench.pages runs the app), against
the database of bench/generate.py: the median processor time (time.process_time: Python, templates, the
driver; not PostgreSQL's) of a party opening its link (parties 301–400 in turn, each a new visitor) and of a
visitor reading the hearing's page (from the page cache), after one warm-up each. A busy machine stretches
this far less than the wall time bench.pages measures, so two branches compare on it at any load. Prints
only; bench.pages is the record.
"""

import argparse
import os
import secrets
import statistics
import time

from bench.common import database_url, table
from bench.generate import BENCH_SLUG, party_token


def measure(app, paths: list[str], repeat: int) -> tuple[float, int]:
    app.test_client().get(paths[0], base_url="https://localhost")  # warm-up: the kept parts are made
    times, size = [], 0
    for n in range(repeat):
        client = app.test_client()  # a new visitor each time: no cookie
        began = time.process_time()
        answer = client.get(paths[n % len(paths)], base_url="https://localhost")
        times.append((time.process_time() - began) * 1000)
        if answer.status_code != 200:
            raise RuntimeError(f"{paths[n % len(paths)]}: {answer.status_code}")
        size = len(answer.data)
    return statistics.median(times), size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    os.environ.update(CACHE_TYPE="RedisCache", CACHE_KEY_PREFIX=f"bench-cpu-{secrets.token_hex(4)}:",
                      CACHE_REDIS_URL=os.environ.get("CACHE_REDIS_URL", "redis://127.0.0.1:6379/3"))
    from bench.server_times import make_app

    app = make_app(database_url(args.database_url))
    rows = []
    for name, paths in (("party page /svar/<token>", [f"/svar/{party_token(n)}" for n in range(301, 401)]),
                        (f"public hearing page /hoeringer/{BENCH_SLUG}", [f"/hoeringer/{BENCH_SLUG}"])):
        median, size = measure(app, paths, args.repeat)
        rows.append((name, f"{median:.1f}", f"{size / 1024:,.0f} KiB"))
    print(table(rows, ("page", "CPU ms (median)", "size")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
