"""Fill a PostgreSQL database with one large, realistic hearing, issue 10.

    .venv/bin/python -m bench.generate --sections 200 --responses 5000 --comments 50000 \
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/horing_bench]

The database (default: env DATABASE_URL) must be empty or hold only an earlier
generated hearing (use --reset to drop every table first); the schema is made
with the app's migrations (`flask db upgrade`). Everything is deterministic
for a seed, and inserted in bulk (SQLAlchemy Core, lists of dicts), so the
full size takes well under five minutes.

What it makes: one open, public hearing (slug BENCH_SLUG) with a draft of
``--sections`` sections (20 chapters of sub-sections, body text of varied
length); ``--parties`` invited organisations, each with a contact and a
personal link whose token is ``party_token(n)`` (so benchmarks can open
/svar/<token>); ``--responses`` submitted responses, 300 of them from parties
and the rest from citizens; ``--comments`` comments spread over the sections
(section 1, "s1", gets ``--hot-section`` of them, the others about evenly,
some general), of which 30 % are near-duplicate copies of campaign letters
(bench.grouping's generator); a small real PDF (pypdf) on 5 % of responses;
replies (draft, ready, approved) on about a third of the comments, one reply per
campaign and section for campaign copies; a staff officer (BENCH_EMAIL,
BENCH_PASSWORD) and an approver.
"""

import argparse
import hashlib
import io
import os
import random
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, text

from bench.grouping import CONTENT_WORDS, FIRST, LAST, campaign_copy, layout, sentence, signature

BENCH_SLUG = "bench-hoering"
BENCH_EMAIL = "bench-staff@kommune.example.org"
BENCH_PASSWORD = "bench-korrekt-hest-batteri"  # noqa: S105 (a benchmark database only)
APPROVER_EMAIL = "bench-approver@kommune.example.org"
BATCH = 5_000


def party_token(number: int) -> str:
    """The personal link token of invited party ``number`` (1-based); stored hashed, as the app does."""
    return f"bench-party-{number:05d}-link-token"


def _sha(data: str | bytes) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def small_pdf(number: int) -> bytes:
    """A real one-page PDF made with pypdf (passes the app's attachment checks)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": f"Bilag til høringssvar {number}", "/Author": "Høringsrunde bench"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _comment_texts(rng: random.Random, count: int, share: float = 0.3, campaigns: int = 12):
    """``count`` (text, campaign number or None): 30 % copies of a few campaign letters with small edits,
    the rest of varied length (mostly short, a few long)."""
    copies = round(count * share)
    weights = [rng.uniform(0.3, 1.7) for _ in range(campaigns)]
    sizes = [max(2, round(copies * w / sum(weights))) for w in weights]
    out: list[tuple[str, int | None]] = []
    for number, size in enumerate(sizes):
        template = [sentence(rng) for _ in range(rng.randint(3, 8))]
        out += [(campaign_copy(rng, template), number) for _ in range(size)]
    while len(out) < count:
        roll = rng.random()
        length = 1 if roll < 0.25 else rng.randint(2, 5) if roll < 0.85 else rng.randint(6, 20)
        body = layout(rng, [sentence(rng) for _ in range(length)])
        if rng.random() < 0.2:
            body += "\n\n" + signature(rng)
        out.append((body, None))
    out = out[:count]
    rng.shuffle(out)
    return out


def _paragraphs(rng: random.Random, low: int, high: int) -> str:
    return "".join(f"<p>{' '.join(sentence(rng) for _ in range(rng.randint(1, 4)))}</p>"
                   for _ in range(rng.randint(low, high)))


def _insert(connection, table, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        connection.execute(insert(table), rows[start:start + BATCH])


def _empty_schema(url: str, reset: bool) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as connection:
        tables = connection.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars().all()
        if tables and not reset:
            raise SystemExit(f"the database already has tables ({len(tables)}); use --reset to drop them")
        if tables:
            connection.execute(text("DROP TABLE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE"))
    engine.dispose()


def generate(url: str, *, sections: int, responses: int, comments: int, parties: int = 400,
             hot_section: int = 2_000, seed: int = 2019, reset: bool = False, quiet: bool = False) -> dict:
    """Make the schema and the hearing; returns counts and the seconds taken."""
    start = time.perf_counter()
    _empty_schema(url, reset)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("HORING_CONFIG", "development")
    from flask_migrate import upgrade

    import config
    from app import create_app
    from app.accounts.models import Role, User
    from app.accounts.passwords import hash_password
    from app.attachments.models import Attachment
    from app.extensions import db
    from app.hearings.models import (
        DraftVersion,
        Hearing,
        HearingState,
        Invitation,
        PartyLink,
        Section,
        SectionAssignment,
        hearing_officers,
    )
    from app.parties.models import ContactPerson, Organisation, OrganisationKind
    from app.replies.models import Outcome, Reply, ReplyStatus
    from app.responses.models import Comment, CommentStatus, Response, ResponseKind, ResponseState, ResponseSubmission

    settings = config.load("development")
    settings.SQLALCHEMY_DATABASE_URI = url
    app = create_app(settings)
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    with app.app_context():
        upgrade(directory=os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations"))
        schema_seconds = time.perf_counter() - start
        password = hash_password(BENCH_PASSWORD)
        with db.engine.begin() as c:
            _insert(c, User.__table__, [
                {"id": 1, "email": BENCH_EMAIL, "name": "Bente Benchmark", "role": Role.STAFF,
                 "password_hash": password, "active": True, "locale": "da", "created_at": now},
                {"id": 2, "email": APPROVER_EMAIL, "name": "Tove Teamleder", "role": Role.APPROVER,
                 "password_hash": password, "active": True, "locale": "da", "created_at": now},
            ])
            _insert(c, Hearing.__table__, [{
                "id": 1, "slug": BENCH_SLUG, "title": "Kvalitetsstandarder for socialområdet 2026 (benchmark)",
                "case_number": "26/00001", "committee": "Social- og Sundhedsudvalget",
                "summary": " ".join(sentence(rng) for _ in range(4)), "background": _paragraphs(rng, 3, 6),
                "letter": _paragraphs(rng, 2, 4), "is_public": True, "state": HearingState.OPEN,
                "opens_at": now - timedelta(days=20), "deadline_at": now + timedelta(days=30),
                "created_at": now - timedelta(days=30), "updated_at": now, "created_by_id": 1,
            }])
            _insert(c, hearing_officers, [{"hearing_id": 1, "user_id": 1}])
            _insert(c, DraftVersion.__table__, [{"id": 1, "hearing_id": 1, "number": 1, "note": "",
                                                 "is_revision": False, "created_at": now, "created_by_id": 1}])
            section_rows, parent = [], None
            per_chapter = max(1, sections // 20)
            for i in range(1, sections + 1):
                chapter = (i - 1) % per_chapter == 0
                if chapter:
                    parent = i
                section_rows.append({
                    "id": i, "version_id": 1, "parent_id": None if chapter else parent, "key": f"s{i}",
                    "position": i - 1, "number": f"§ {i}",
                    "heading": " ".join(rng.choice(CONTENT_WORDS) for _ in range(rng.randint(1, 4))).capitalize(),
                    "body_html": _paragraphs(rng, 1, 3 if not chapter else 1), "page": 1 + i // 4,
                })
            _insert(c, Section.__table__, section_rows)
            _insert(c, SectionAssignment.__table__, [{"hearing_id": 1, "section_key": "s1", "user_id": 1}])

            kinds = list(OrganisationKind)
            _insert(c, Organisation.__table__, [
                {"id": n, "name": f"{rng.choice(('Bruger- og pårørenderådet', 'Foreningen', 'MED-udvalget'))}"
                 f" {rng.choice(CONTENT_WORDS)} nr. {n}", "kind": kinds[n % len(kinds)], "active": True,
                 "created_at": now} for n in range(1, parties + 1)])
            _insert(c, ContactPerson.__table__, [
                {"id": n, "organisation_id": n, "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                 "email": f"kontakt{n}@forening.example.org", "title": "formand", "active": True,
                 "created_at": now} for n in range(1, parties + 1)])
            _insert(c, Invitation.__table__, [
                {"id": n, "hearing_id": 1, "organisation_id": n, "created_at": now, "invited_at": now,
                 "reminder_count": 0} for n in range(1, parties + 1)])
            _insert(c, PartyLink.__table__, [
                {"id": n, "invitation_id": n, "contact_id": n, "token_hash": _sha(party_token(n)),
                 "created_at": now, "sent_at": now} for n in range(1, parties + 1)])

            party_responses = min(300, parties, responses)
            response_rows, submission_rows = [], []
            for r in range(1, responses + 1):
                submitted = now - timedelta(days=19) + timedelta(seconds=r * 300)
                row = {"id": r, "hearing_id": 1, "state": ResponseState.SUBMITTED, "created_at": submitted,
                       "updated_at": submitted, "submitted_at": submitted, "no_remarks": False, "draft": {},
                       "is_late": False, "lock_version": 1, "publish_name": False,
                       "organisation_id": None, "invitation_id": None, "citizen_name": None, "citizen_email": None,
                       "email_confirmed_at": None, "signed_name": None, "submitted_by_id": None}
                if r <= party_responses:
                    row.update(kind=ResponseKind.PARTY, organisation_id=r, invitation_id=r,
                               signed_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", submitted_by_id=r)
                else:
                    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                    row.update(kind=ResponseKind.CITIZEN, citizen_name=name, citizen_email=f"borger{r}@example.org",
                               email_confirmed_at=submitted, publish_name=rng.random() < 0.4)
                response_rows.append(row)
            _insert(c, Response.__table__, response_rows)

            pdf = small_pdf(0)
            attachment_rows = [
                {"id": n, "response_id": r, "filename": f"hoeringssvar-bilag-{r}.pdf",
                 "content_type": "application/pdf", "size": len(pdf), "sha256": _sha(pdf), "data": pdf,
                 "is_personal": True, "created_at": now}
                for n, r in enumerate(sorted(rng.sample(range(1, responses + 1), max(1, responses // 20))), start=1)]
            _insert(c, Attachment.__table__, attachment_rows)
            attachments_of = {row["response_id"]: row for row in attachment_rows}

            # Comments: each response comments on distinct sections; s1 gets hot_section of them.
            texts = _comment_texts(rng, comments)
            per_response = [1] * responses
            for _ in range(comments - responses):
                per_response[rng.randrange(responses)] += 1
            hot = min(hot_section, comments)
            hot_responses = set(rng.sample(range(responses), min(hot, responses)))
            comment_rows, k = [], 0
            for r in range(responses):
                chosen: list[int | None] = [1] if r in hot_responses else []
                want = per_response[r]
                if rng.random() < 0.1 and len(chosen) < want:
                    chosen.append(None)  # general remarks
                pool = rng.sample(range(2, sections + 1), min(sections - 1, want)) if sections > 1 else []
                chosen += pool[:max(0, want - len(chosen))]
                while len(chosen) < want:
                    chosen.append(None)
                for position, section_id in enumerate(sorted(chosen, key=lambda s: (s is not None, s or 0))):
                    k += 1
                    body, campaign = texts[(k - 1) % len(texts)]
                    comment_rows.append({
                        "id": k, "response_id": r + 1, "section_id": section_id, "position": position,
                        "text": body, "status": CommentStatus.ACTIVE, "created_at": response_rows[r]["submitted_at"],
                        "updated_at": response_rows[r]["submitted_at"], "_campaign": campaign,
                    })

            # Replies: one per campaign and section for its copies; a single reply on 25 % of the rest.
            reply_rows, by_campaign = [], {}
            statuses = [ReplyStatus.DRAFT, ReplyStatus.READY, ReplyStatus.APPROVED]
            outcomes = list(Outcome)

            def new_reply() -> int:
                status = rng.choice(statuses)
                reply_rows.append({
                    "id": len(reply_rows) + 1, "hearing_id": 1, "status": status, "lock_version": 1,
                    "text": " ".join(sentence(rng) for _ in range(rng.randint(1, 5))),
                    "outcome": None if status is ReplyStatus.DRAFT else rng.choice(outcomes),
                    "financial_consequence": False, "created_by_id": 1, "created_at": now, "updated_at": now,
                    "approved_at": now if status is ReplyStatus.APPROVED else None,
                    "approved_by_id": 2 if status is ReplyStatus.APPROVED else None,
                })
                return len(reply_rows)

            for row in comment_rows:
                campaign = row.pop("_campaign")
                if campaign is not None and campaign % 3 != 2:
                    key = (campaign, row["section_id"])
                    if key not in by_campaign:
                        by_campaign[key] = new_reply()
                    row["reply_id"] = by_campaign[key]
                elif campaign is None and rng.random() < 0.25:
                    row["reply_id"] = new_reply()
                else:
                    row["reply_id"] = None
            _insert(c, Reply.__table__, reply_rows)
            _insert(c, Comment.__table__, comment_rows)

            labels = {row["id"]: f"{row['number']} {row['heading']}" for row in section_rows}
            grouped: dict[int, list[dict]] = {}
            for row in comment_rows:
                grouped.setdefault(row["response_id"], []).append(row)
            for row in response_rows:
                own = grouped.get(row["id"], [])
                attachment = attachments_of.get(row["id"])
                submission_rows.append({
                    "response_id": row["id"], "number": 1, "submitted_at": row["submitted_at"], "content": {
                        "general": next((x["text"] for x in own if x["section_id"] is None), ""),
                        "sections": [{"key": f"s{x['section_id']}", "label": labels[x["section_id"]], "text": x["text"]}
                                     for x in own if x["section_id"] is not None],
                        "no_remarks": False, "signed_name": row["signed_name"] or "", "signed_role": "",
                        "attachments": [] if attachment is None else [
                            {"id": attachment["id"], "filename": attachment["filename"], "size": attachment["size"],
                             "sha256": attachment["sha256"]}],
                    }})
            _insert(c, ResponseSubmission.__table__, submission_rows)

            for table in ("users", "hearings", "draft_versions", "sections", "section_assignments", "organisations",
                          "contact_persons", "invitations", "party_links", "responses", "attachments", "replies",
                          "comments", "response_submissions"):
                c.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 (fixed names)
                               f"COALESCE((SELECT MAX(id) FROM {table}), 1))"))
            c.execute(text("ANALYZE"))
        db.engine.dispose()
    seconds = time.perf_counter() - start
    counts = {"sections": len(section_rows), "parties": parties, "responses": len(response_rows),
              "comments": len(comment_rows), "hot section comments": hot,
              "campaign copies": sum(1 for _t, camp in texts if camp is not None),
              "attachments": len(attachment_rows), "replies": len(reply_rows),
              "schema seconds": round(schema_seconds, 1), "seconds": round(seconds, 1)}
    if not quiet:
        for name, value in counts.items():
            print(f"{name:>22}: {value:,}" if isinstance(value, int) else f"{name:>22}: {value}")
        print(f"generated in {seconds:.1f} s")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=200)
    parser.add_argument("--responses", type=int, default=5_000)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--parties", type=int, default=400)
    parser.add_argument("--hot-section", type=int, default=2_000, help="comments on section s1")
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--reset", action="store_true", help="drop every table of the database first")
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgresql"):
        raise SystemExit("give a PostgreSQL --database-url (or DATABASE_URL)")
    generate(args.database_url, sections=args.sections, responses=args.responses, comments=args.comments,
             parties=args.parties, hot_section=args.hot_section, seed=args.seed, reset=args.reset)


if __name__ == "__main__":
    main()
