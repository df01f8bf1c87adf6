"""Sustained party submissions with 10 comments each, through gunicorn, issue 10.

    .venv/bin/python -m bench.submissions [--database-url URL] [--count 1500] [--concurrency 8] [--smoke]

Set-up: adds ``--count`` invited organisations to the generated hearing
(bench/generate.py), each with a personal link of a known token (stored
hashed, as the app does). Each client thread opens one party page first (the
session cookie and CSRF token, as a browser has them), then posts complete
responses, one per party, as the form does: POST /svar/<token> with
action=submit, ten section fields, general remarks and the signature. A
submission counts when it answers 302 to the receipt. The rate is the
sustained one: the submissions begun in the first ``--warmup`` seconds are made
and checked but not timed (each gunicorn worker's first requests load
templates and fill caches: the first answer took 0.8 s). Afterwards the
database is counted: every posted response, timed or not, must be submitted
with its 11 comments (none lost). The goal: at least 100 submissions/s on 2
cores, zero errors, zero lost.
"""

import argparse
import re
import secrets
import urllib.parse
from datetime import UTC, datetime

from sqlalchemy import create_engine, func, insert, select, text

from bench.common import database_url, gunicorn, record, run_load, table
from bench.generate import BENCH_SLUG, _sha
from bench.grouping import sentence

GOAL = 100.0
SECTIONS_PER_RESPONSE = 10


def set_up(url: str, count: int, run: str) -> tuple[list[str], list[str]]:
    """``count`` new invited parties with links; returns their tokens and the section keys."""
    from app.hearings.models import Invitation, PartyLink
    from app.parties.models import ContactPerson, Organisation, OrganisationKind

    engine = create_engine(url)
    now = datetime.now(UTC)
    tokens = [f"bench-submit-{run}-{n:05d}" for n in range(count)]
    with engine.begin() as c:
        hearing_id = c.execute(text("SELECT id FROM hearings WHERE slug = :slug"), {"slug": BENCH_SLUG}).scalar_one()
        keys = c.execute(text(
            "SELECT s.key FROM sections s JOIN draft_versions v ON v.id = s.version_id "
            "WHERE v.hearing_id = :h AND NOT v.is_revision ORDER BY s.position"), {"h": hearing_id}).scalars().all()
        org_ids = c.execute(insert(Organisation.__table__).returning(Organisation.__table__.c.id), [
            {"name": f"Benchforening {run} nr. {n}", "kind": OrganisationKind.ASSOCIATION, "active": True,
             "created_at": now} for n in range(count)]).scalars().all()
        contact_ids = c.execute(insert(ContactPerson.__table__).returning(ContactPerson.__table__.c.id), [
            {"organisation_id": org, "name": f"Kontakt {n}", "email": f"bench{run}-{n}@example.org", "active": True,
             "created_at": now} for n, org in enumerate(org_ids)]).scalars().all()
        invitation_ids = c.execute(insert(Invitation.__table__).returning(Invitation.__table__.c.id), [
            {"hearing_id": hearing_id, "organisation_id": org, "created_at": now, "invited_at": now,
             "reminder_count": 0} for org in org_ids]).scalars().all()
        c.execute(insert(PartyLink.__table__), [
            {"invitation_id": inv, "contact_id": contact, "token_hash": _sha(token), "created_at": now}
            for inv, contact, token in zip(invitation_ids, contact_ids, tokens, strict=True)])
    engine.dispose()
    return tokens, keys


def count_submitted(url: str, tokens: list[str]) -> tuple[int, int]:
    from app.hearings.models import PartyLink
    from app.responses.models import Comment, Response

    engine = create_engine(url)
    hashes = [_sha(token) for token in tokens]
    links = PartyLink.__table__
    responses = Response.__table__
    comments = Comment.__table__
    with engine.connect() as c:
        submitted = select(responses.c.id).join(links, links.c.invitation_id == responses.c.invitation_id).where(
            links.c.token_hash.in_(hashes), responses.c.state == "submitted")
        n_responses = c.execute(select(func.count()).select_from(submitted.subquery())).scalar_one()
        n_comments = c.execute(select(func.count()).select_from(comments).where(
            comments.c.response_id.in_(submitted))).scalar_one()
    engine.dispose()
    return n_responses, n_comments


def make_bodies(keys: list[str], count: int) -> list[dict]:
    """``count`` complete responses as the form posts them: ten section comments, general remarks, a signature."""
    import random

    rng = random.Random(7)
    bodies = []
    for n in range(count):
        fields = {"action": "submit", "general": sentence(rng) + " " + sentence(rng),
                  "signed_name": f"Formand {n}", "signed_role": "formand"}
        for key in rng.sample(keys, min(SECTIONS_PER_RESPONSE, len(keys))):
            fields[f"section-{key}"] = " ".join(sentence(rng) for _ in range(rng.randint(1, 6)))
        bodies.append(fields)
    return bodies


def drive(ports: int | list[int], tokens: list[str], bodies: list[dict], *, concurrency: int, seconds: float,
          warmup: float = 0.0):
    """Post the responses through the servers on ``ports`` (each client thread keeps to one); a Load."""
    import threading

    sessions: dict[int, tuple[str, str]] = {}
    lock = threading.Lock()

    def session_of(connection) -> tuple[str, str]:
        key = id(connection)
        if key not in sessions:
            connection.request("GET", f"/svar/{tokens[-1]}")
            page = connection.getresponse()
            html = page.read().decode()
            cookie = page.getheader("Set-Cookie", "").split(";", 1)[0]
            match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
            with lock:
                sessions[key] = (cookie, match.group(1) if match else "")
        return sessions[key]

    def submit(connection, n: int) -> tuple[bool, str]:
        cookie, csrf = session_of(connection)
        body = urllib.parse.urlencode({**bodies[n], "csrf_token": csrf})
        connection.request("POST", f"/svar/{tokens[n]}", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        response = connection.getresponse()
        response.read()
        location = response.getheader("Location", "")
        return response.status == 302 and "kvittering" in location, f"POST {n}: {response.status} {location}"

    # All but the last token (its page gave the sessions); stops after `seconds` or when used up.
    return run_load(ports, submit, concurrency=concurrency, seconds=seconds, limit=len(tokens) - 1, warmup=warmup,
                    retry_reset=False)


def measure(url: str, *, count: int, concurrency: int, seconds: float, warmup: float) -> tuple[list[tuple], bool]:
    run = secrets.token_hex(3)
    tokens, keys = set_up(url, count, run)
    bodies = make_bodies(keys, count)
    with gunicorn("wsgi:app", url) as port:
        load = drive(port, tokens, bodies, concurrency=concurrency, seconds=seconds, warmup=warmup)
    n_responses, n_comments = count_submitted(url, tokens)
    answered = load.ok + load.warmed
    lost = answered - n_responses
    expected_comments = sum(len([k for k in body if k.startswith("section-") or k == "general"])
                            for body in bodies[:n_responses])
    met = load.rate >= GOAL and load.errors == 0 and lost == 0 and n_comments == expected_comments
    rows = [
        ("submissions answered (302 to receipt)", f"{answered:,}"
         + (f" ({load.warmed:,} in the first {warmup:g} s, not timed)" if warmup else "")),
        ("errors", f"{load.errors:,}" + (f" (first: {load.first_error})" if load.errors else "")),
        ("time" + (" (after the warm-up)" if warmup else ""), f"{load.seconds:.1f} s"),
        ("submissions/s", f"{load.rate:,.1f} (goal ≥ {GOAL:.0f}/s: {'met' if load.rate >= GOAL else 'MISSED'})"),
        ("p50 / p95 latency", f"{load.percentile(0.5):.0f} / {load.percentile(0.95):.0f} ms"),
        ("submitted responses in the database", f"{n_responses:,} (lost: {lost})"),
        ("their comments in the database", f"{n_comments:,} (expected {expected_comments:,})"),
    ]
    return rows, met and load.errors == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--count", type=int, default=1500, help="parties added, at most one submission each")
    parser.add_argument("--seconds", type=float, default=60, help="stop after this long even with parties left")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of submissions made but not timed")
    parser.add_argument("--smoke", action="store_true", help="a few submissions, no record")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)
    url = database_url(args.database_url)
    count = 40 if args.smoke else args.count
    warmup = 0.0 if args.smoke else args.warmup  # a smoke run's 40 would all go in the warm-up
    rows, met = measure(url, count=count, concurrency=args.concurrency, seconds=args.seconds, warmup=warmup)
    body = table(rows)
    print(body)
    if not (args.smoke or args.no_record):
        record("submissions", f"python -m bench.submissions --count {count} --concurrency {args.concurrency} "
               f"--warmup {warmup:g}", url,
               f"gunicorn.conf.py defaults, {args.concurrency} client threads, responses of {SECTIONS_PER_RESPONSE} "
               f"section comments and general remarks; the rate after {warmup:g} s of warm-up.\n\n{body}")
    errors = rows[1][1] != "0"
    lost = "(lost: 0)" not in rows[5][1]
    return 1 if (errors or lost) else 0


if __name__ == "__main__":
    raise SystemExit(main())
