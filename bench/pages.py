"""Throughput of the public hearing page and the party response page, issue 10.

    .venv/bin/python -m bench.pages [--database-url URL] [--seconds 15] [--concurrency 8] [--smoke]

Runs gunicorn with gunicorn.conf.py (HORING_CONFIG=production, rate limits off) on loopback
against the generated hearing (bench/generate.py), and a hello-world Flask app
(bench/hello_wsgi.py) with the same settings, and drives each with a Python
load script (threads, keep-alive connections) that asks as a browser does (Accept-Encoding). Reports requests/s and the
pages' rate as a share of hello world's; the goals are 50 % (public, from the cache) and 30 % (party). The load
script runs on the same machine, so it takes part of the CPU in every run alike.
"""

import argparse

from bench.common import database_url, get, gunicorn, record, run_load, table
from bench.generate import BENCH_SLUG, party_token

# Shares of hello world's rate (issue #20): the public page from the cache, the party's page rendered.
GOALS = {"public": 0.50, "party": 0.30}
# What every browser says it takes: the kept public page is then sent compressed (hello world ignores it).
BROWSER = {"Accept-Encoding": "gzip, deflate, br"}


def measure(url: str, *, seconds: float, concurrency: int, parties: range = range(301, 401)) -> list[tuple]:
    """``parties``: the invited parties whose links are opened in turn (301–400 have not answered, so
    each opening writes its own link's row, as real openings do, not one row from every thread)."""
    results = {}
    with gunicorn("bench.hello_wsgi:app", url) as port:
        results["hello world (bench/hello_wsgi.py)"] = run_load(port, get("/", BROWSER), concurrency=concurrency,
                                                              seconds=seconds)
    with gunicorn("wsgi:app", url) as port:
        results[f"public hearing page /hoeringer/{BENCH_SLUG}"] = run_load(
            port, get(f"/hoeringer/{BENCH_SLUG}", BROWSER), concurrency=concurrency, seconds=seconds)
        results["party response page /svar/<token>"] = run_load(
            port, get([f"/svar/{party_token(n)}" for n in parties], BROWSER), concurrency=concurrency, seconds=seconds)
    hello = next(iter(results.values())).rate
    rows = []
    for name, load in results.items():
        share = load.rate / hello if hello else 0
        goal = GOALS["public"] if name.startswith("public") else GOALS["party"]
        met = "met" if share >= goal else "MISSED"
        verdict = "" if name.startswith("hello") else f" (goal ≥ {goal:.0%}: {met})"
        rows.append((name, f"{load.rate:,.0f}", f"{share:.0%}{verdict}", f"{load.percentile(0.5):.0f} / "
                     f"{load.percentile(0.95):.0f}", load.errors))
        if load.errors:
            print(f"{name}: {load.errors} errors, first: {load.first_error}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--smoke", action="store_true", help="a few seconds, no record")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)
    url = database_url(args.database_url)
    seconds = 2 if args.smoke else args.seconds
    rows = measure(url, seconds=seconds, concurrency=args.concurrency)
    body = table(rows, ("page", "requests/s", "share of hello world", "p50 / p95 ms", "errors"))
    print(body)
    if not (args.smoke or args.no_record):
        record("pages", f"python -m bench.pages --seconds {seconds:g} --concurrency {args.concurrency}", url,
               f"gunicorn.conf.py defaults (workers 2 × cores + 1, 2 threads), {args.concurrency} client threads, "
               f"{seconds:g} s each.\n\n{body}")
    return 1 if any(row[-1] for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
