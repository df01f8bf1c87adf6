"""What one party submission costs the app, in-process, issue 20 item 5.

    .venv/bin/python -m bench.submit_cpu [--database-url URL] [--count 40] [--profile]

The Flask test client (production settings, CSRF off) posts ``--count`` complete responses (ten section
comments, general remarks, a signature; as bench/submissions.py) to new parties of the generated hearing,
one after the other, and reports per submission: the app's processor time (time.process_time: Python,
templates, the driver, not PostgreSQL's), the wall time, and the SQL statements with their time. On a
machine shared with other work the processor time is the figure to compare; ``--profile`` adds the
cProfile entries of the whole run. Nothing is appended to RESULTS.md.
"""

import argparse
import cProfile
import io
import pstats
import random
import secrets
import time
from collections import Counter

from bench.common import SqlTimer, database_url
from bench.grouping import sentence
from bench.server_times import make_app
from bench.submissions import SECTIONS_PER_RESPONSE, set_up


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    url = database_url(args.database_url)
    tokens, keys = set_up(url, args.count + 1, secrets.token_hex(3))
    rng = random.Random(7)
    bodies = []
    for n in range(args.count + 1):
        fields = {"action": "submit", "general": sentence(rng), "signed_name": f"Formand {n}", "signed_role": "formand"}
        for key in rng.sample(keys, min(SECTIONS_PER_RESPONSE, len(keys))):
            fields[f"section-{key}"] = " ".join(sentence(rng) for _ in range(3))
        bodies.append(fields)
    app = make_app(url)
    client = app.test_client()
    from app.extensions import db

    with app.app_context():
        timer = SqlTimer(db.engine)

    def submit(n: int) -> None:
        # Each party comes with its own session: the client's cookie would otherwise carry every earlier
        # submission's flashed "Tak" (the receipt, which shows them, is not followed): a cookie that grows,
        # read and written each time (300 submissions: 21.1 ms of CPU each with it, 13.1 without).
        client.delete_cookie("session", domain="localhost")
        answer = client.post(f"/svar/{tokens[n]}", data=bodies[n], base_url="https://localhost")
        if answer.status_code != 302 or "kvittering" not in answer.headers.get("Location", ""):
            raise RuntimeError(f"submission {n}: {answer.status_code}")

    submit(0)  # warm-up: templates, the form class, the connection pool
    timer.reset()
    profiler = cProfile.Profile(time.process_time) if args.profile else None  # processor time, not wall
    began, began_cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    for n in range(1, args.count + 1):
        submit(n)
    if profiler:
        profiler.disable()
    wall, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    timer.close()
    count = args.count
    print(f"{count} submissions: {cpu / count * 1000:.1f} ms CPU (app) and {wall / count * 1000:.1f} ms wall each; "
          f"{len(timer.statements) / count:.1f} SQL statements, {timer.total / count * 1000:.1f} ms SQL each")
    kinds = Counter(" ".join(statement.split()[:3])[:60] for _seconds, statement in timer.statements)
    for kind, n in kinds.most_common():
        print(f"  {n / count:4.1f} × {kind}")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
