"""Beyond one machine, issue 20 item 6: two app servers and two Celery workers on one PostgreSQL and one Redis.

    .venv/bin/python -m bench.two_servers [--database-url URL] [--seconds 15] [--concurrency 8] [--smoke]

The recipe of the README ("At 100 times the benchmark size", "Two app servers and two workers"), run on
loopback ports: gunicorn twice (gunicorn.conf.py, each server GUNICORN_WORKERS workers of 2 threads, default
2 × cores + 1) and two Celery workers (`celery -A app.jobs.worker worker -n w1-<run>@…`, `w2-<run>@…`), every
process with the same DATABASE_URL, SECRET_KEY and Redis (the cache of public pages, the broker; a queue
of the run's own). No balancer process: the client spreads its keep-alive connections over the servers
(thread n on server n mod 2), which is what a round-robin balancer does, without a third process taking CPU
from the same cores.

In one run, against the database of bench/generate.py:

1. Across servers: a party's page and CSRF token from server 1 are accepted by server 2 (the servers keep
   nothing of their own), and a public page cached by one is served by the other.
2. The party response page (/svar/<token>, rendered per request) with ``--concurrency`` client threads,
   first on server 1 alone, then spread over both.
3. Party submissions (bench/submissions.py), the same: server 1 alone, then both; every one counted in the
   database afterwards (none lost).
4. Jobs: ``--tasks`` tasks through the broker (Celery's built-in ``celery.accumulate``, which does
   nothing); each worker's own count of the tasks it ran (``inspect().stats()``).

On 2 cores the second server adds processes, not processors: expect no gain there; the figures show
what the second server does on the machine the run had.
"""

import argparse
import os
import secrets
import subprocess
import sys
import time
import urllib.parse
from contextlib import ExitStack, contextmanager

from bench.common import ROOT, database_url, get, gunicorn, record, run_load, server_env, table
from bench.generate import BENCH_SLUG, party_token
from bench.submissions import count_submitted, drive, make_bodies, set_up


@contextmanager
def celery_worker(url: str, name: str, queue: str):
    """One Celery worker (solo pool: one task at a time, as a worker per core would run) on the run's queue."""
    command = [str(ROOT / ".venv" / "bin" / "celery"), "-A", "app.jobs.worker", "worker", "-n", f"{name}@%h",
               "--pool=solo", "--loglevel=WARNING", "-Q", queue]
    process = subprocess.Popen(command, cwd=ROOT, env=server_env(url, CELERY_QUEUE=queue),  # noqa: S603
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _celery(url: str, queue: str):
    """A Celery client on the servers' broker, sending to the run's queue, to send tasks and ask the workers."""
    from celery import Celery

    client = Celery("bench-two-servers", broker=server_env(url)["CELERY_BROKER_URL"])
    client.conf.update(task_default_queue=queue, task_ignore_result=True)
    return client


def run_tasks(client, count: int, names: list[str], timeout: float = 120) -> tuple[dict[str, int], float]:
    """Send ``count`` tasks; wait until the workers have run them all; each worker's count and the time."""
    def done() -> dict[str, int]:
        stats = client.control.inspect(timeout=2).stats() or {}
        # only this run's workers: others may share the broker
        return {host.split("@")[0]: worker.get("total", {}).get("celery.accumulate", 0)
                for host, worker in stats.items() if host.split("@")[0] in names}

    deadline = time.monotonic() + 60
    while len(before := done()) < len(names):  # both workers up and answering
        if time.monotonic() > deadline:
            raise RuntimeError(f"workers not answering: {before}")
        time.sleep(0.5)
    began = time.perf_counter()
    for n in range(count):
        client.send_task("celery.accumulate", args=(n,))
    deadline = time.monotonic() + timeout
    while sum((after := done()).values()) - sum(before.values()) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"tasks not run in {timeout} s: {after}")
        time.sleep(0.2)
    return {name: after.get(name, 0) - before.get(name, 0) for name in names}, time.perf_counter() - began


def across(ports: list[int]) -> list[tuple]:
    """A party's form from server 1 posted to server 2 (a draft save); a public page from both."""
    import http.client
    import re

    first = http.client.HTTPConnection("127.0.0.1", ports[0], timeout=60)
    first.request("GET", f"/svar/{party_token(400)}")
    page = first.getresponse()
    html = page.read().decode()
    cookie = page.getheader("Set-Cookie", "").split(";", 1)[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    second = http.client.HTTPConnection("127.0.0.1", ports[1], timeout=60)
    body = urllib.parse.urlencode({"csrf_token": token, "general": "Gemt via server 2.", "action": "save"})
    second.request("POST", f"/svar/{party_token(400)}", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    saved = second.getresponse()
    saved.read()
    statuses = []
    for connection in (first, second):
        connection.request("GET", f"/hoeringer/{BENCH_SLUG}")
        answer = connection.getresponse()
        answer.read()
        statuses.append(answer.status)
    ok = saved.status == 302 and statuses == [200, 200]
    return [("form from server 1, saved on server 2", f"{saved.status} ({'ok' if saved.status == 302 else 'FAILED'})"),
            ("public hearing page from server 1 and 2", f"{statuses[0]}, {statuses[1]}")], ok


def measure(url: str, *, seconds: float, concurrency: int, submissions: int, tasks: int) -> tuple[str, bool]:
    run = secrets.token_hex(3)
    queue = f"bench-two-{run}"
    with ExitStack() as stack:
        ports = [stack.enter_context(gunicorn("wsgi:app", url)) for _ in range(2)]
        names = [f"w1-{run}", f"w2-{run}"]
        for name in names:
            stack.enter_context(celery_worker(url, name, queue))
        across_rows, ok = across(ports)

        page_rows = []
        pages = get([f"/svar/{party_token(n)}" for n in range(301, 400)])
        for label, used in (("server 1 alone", ports[:1]), ("servers 1 and 2", ports)):
            load = run_load(used, pages, concurrency=concurrency, seconds=seconds)
            page_rows.append((label, f"{load.rate:,.1f}", f"{load.percentile(0.5):.0f} / {load.percentile(0.95):.0f}",
                              load.errors))
            ok = ok and load.errors == 0

        submit_rows = []
        for label, used in (("server 1 alone", ports[:1]), ("servers 1 and 2", ports)):
            tokens, keys = set_up(url, submissions, secrets.token_hex(3))
            bodies = make_bodies(keys, submissions)
            load = drive(used, tokens, bodies, concurrency=concurrency, seconds=seconds)
            stored, _comments = count_submitted(url, tokens)
            lost = load.ok - stored
            submit_rows.append((label, f"{load.rate:,.1f}", f"{load.percentile(0.5):.0f} / {load.percentile(0.95):.0f}",
                                load.errors, f"{stored:,} of {load.ok:,} (lost {lost})"))
            ok = ok and load.errors == 0 and lost == 0

        per_worker, took = run_tasks(_celery(url, queue), tasks, names)
        ok = ok and all(per_worker.values())
        per_worker = {name.split("-")[0]: count for name, count in per_worker.items()}

    body = "Across the servers:\n\n" + table(across_rows)
    body += f"\nParty response page, {concurrency} client threads, {seconds:.0f} s each:\n\n"
    body += table(page_rows, ("servers", "requests/s", "p50 / p95 ms", "errors"))
    body += f"\nParty submissions (10 section comments each), {concurrency} client threads:\n\n"
    body += table(submit_rows, ("servers", "submissions/s", "p50 / p95 ms", "errors", "in the database"))
    body += f"\nJobs: {tasks} tasks through Redis in {took:.1f} s; run by "
    body += ", ".join(f"{name}: {count}" for name, count in per_worker.items()) + ".\n"
    return body, ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--submissions", type=int, default=1500, help="parties added per run, one submission each")
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--smoke", action="store_true", help="a few seconds, no record")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)
    url = database_url(args.database_url)
    if args.smoke:
        args.seconds, args.submissions, args.tasks = 2, 40, 20
    body, ok = measure(url, seconds=args.seconds, concurrency=args.concurrency, submissions=args.submissions,
                       tasks=args.tasks)
    print(body)
    if not (args.smoke or args.no_record):
        workers = os.environ.get("GUNICORN_WORKERS", f"{2 * (os.cpu_count() or 1) + 1}")
        record("two servers", f"python -m bench.two_servers --seconds {args.seconds:.0f} --concurrency "
               f"{args.concurrency}", url,
               f"Two gunicorn servers ({workers} workers of 2 threads each) and two Celery workers (solo pool) "
               f"on one PostgreSQL and one Redis, on loopback ports; the client spreads its connections over "
               f"the servers.\n\n{body}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
