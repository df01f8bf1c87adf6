"""Search across the comments and replies of one hearing, for staff.

`search(hearing, query, kind, page)` is the whole interface. What is searched:
the comments of submitted responses (the party's sub-heading and text; not
drafts, not withdrawn responses, not comments superseded by a staff fix) and
every reply of the hearing (its text and its internal note, which only staff
see). Only the hearing's own rows are ever read.

The query language (words, "phrases", -exclusions, `or`; anything else is
plain words) is parsed in app.replies.search.query, the same for both
databases; only the two small functions below speak to a database.

PostgreSQL: full-text search with the Danish configuration, computed at query
time (`to_tsvector('danish', …) @@ websearch_to_tsquery('danish', …)`), ranked
by ts_rank, with ts_headline snippets. A hearing has hundreds, at most a few
thousand, comments and replies, and the rows are found by the hearing's
indexed foreign keys first, so no stored tsvector or GIN index (and no
migration) is needed.

SQLite: an FTS5 table in the connection's `temp` schema, filled with the
hearing's rows at the start of each search, inside the request's transaction.
This is the robust choice over a persistent table kept in step by triggers:
it can never be stale or show another hearing's rows, it needs no migration
(and no model, so the models-versus-migrations check is untouched), the
tests' `create_all` databases get it too, and writing to `temp` takes no lock
on the main database. Refilling costs milliseconds for a hearing's few
thousand texts. The tokenizer is unicode61 with `remove_diacritics 0`, so
æ, ø and å stay letters of their own ("år" is not "ar"); case is folded.
FTS5 has no Danish stemmer: words are searched as prefixes with the common
Danish endings taken off (see app.replies.search.query), so "aflastningen"
and "aflastning" find each other, and also "aflastningsophold".
"""

import math
import re
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import String, Text, cast, column, func, insert, literal_column, null, select, table, text, union_all
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.hearings.models import Hearing
from app.replies.models import Outcome, Reply, ReplyStatus
from app.replies.search.query import UNWANTED, Query, fts5_excluded, fts5_match, parse_query
from app.responses.models import Comment, CommentStatus, Response, ResponseState

PER_PAGE = 50
EXCERPT_LENGTH = 240
KINDS = ("all", "comments", "replies")
COMMENT, REPLY = "comment", "reply"

# The database marks hits with these (private-use characters); Python escapes
# everything else and turns them into <mark>.
START, STOP = "\ue000", "\ue001"


# -- Results ----------------------------------------------------------------


@dataclass
class SearchHit:
    kind: str  # COMMENT or REPLY
    id: int
    places: list[tuple[str, str | None]]  # (label, section key); key None = general remarks
    parties: list[str]
    snippet: Markup
    note_snippet: Markup | None = None  # the reply's internal note, when the hit is there
    outcome: Outcome | None = None
    reply_status: ReplyStatus | None = None
    comment_status: CommentStatus | None = None

    @property
    def is_set_aside(self) -> bool:
        return self.comment_status is CommentStatus.NOT_A_REMARK


@dataclass
class SearchResults:
    query: str
    kind: str
    page: int
    total: int
    hits: list[SearchHit]
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


@dataclass
class _Row:
    kind: str
    item_id: int
    body: str | None = None  # marked fragments, or None: make an excerpt
    note: str | None = None


def search(hearing: Hearing, query: str, kind: str = "all", page: int = 1) -> SearchResults:
    """One page (PER_PAGE hits, best first) of the hearing's comments and/or replies matching `query`."""
    kind = kind if kind in KINDS else "all"
    parsed = parse_query(query or "")
    if parsed.is_empty:
        return SearchResults(query, kind, 1, 0, [])
    documents = _documents(hearing.id, kind)
    matcher = _postgresql if db.session.get_bind().dialect.name == "postgresql" else _sqlite
    total, fetch = matcher(documents, parsed)
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(max(page, 1), pages)
    rows = fetch(PER_PAGE, (page - 1) * PER_PAGE) if total else []
    return SearchResults(query, kind, page, total, _hits(rows))


def _documents(hearing_id: int, kind: str):
    """What is searched, as (kind, item_id, body, note) rows: the same SELECT on both databases."""
    parts = []
    if kind in ("all", "comments"):
        parts.append(
            select(
                literal_column(f"'{COMMENT}'", String).label("kind"),
                Comment.id.label("item_id"),
                (func.coalesce(Comment.heading + "\n", "") + Comment.text).label("body"),
                cast(null(), Text).label("note"),
            )
            .join(Response, Comment.response_id == Response.id)
            .where(
                Response.hearing_id == hearing_id,
                Response.state == ResponseState.SUBMITTED,
                Comment.status != CommentStatus.SUPERSEDED,
            )
        )
    if kind in ("all", "replies"):
        parts.append(
            select(
                literal_column(f"'{REPLY}'", String).label("kind"),
                Reply.id.label("item_id"),
                Reply.text.label("body"),
                Reply.internal_note.label("note"),
            ).where(Reply.hearing_id == hearing_id)
        )
    return union_all(*parts) if len(parts) > 1 else parts[0]


# -- PostgreSQL --------------------------------------------------------------

DANISH = literal_column("'danish'::regconfig")
HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=12, ShortWord=2, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


def _postgresql(documents, parsed: Query):
    docs = documents.subquery("docs")
    scored = select(
        docs.c.kind, docs.c.item_id, docs.c.body, docs.c.note,
        func.to_tsvector(DANISH, func.concat_ws(literal_column("' '"), docs.c.body, docs.c.note)).label("doc"),
    ).subquery("scored")
    tsquery = func.websearch_to_tsquery(DANISH, parsed.websearch())
    matches = scored.c.doc.op("@@")(tsquery)
    total = db.session.scalar(select(func.count()).select_from(scored).where(matches)) or 0
    highlight = parsed.websearch(positive_only=True)

    def fetch(limit: int, offset: int) -> list[_Row]:
        rank = func.ts_rank(scored.c.doc, tsquery).label("rank")
        page = (
            select(scored.c.kind, scored.c.item_id, scored.c.body, scored.c.note, rank)
            .where(matches)
            .order_by(rank.desc(), scored.c.kind, scored.c.item_id)
            .limit(limit).offset(offset)
            .subquery("page")
        )
        if highlight:
            hl_query = func.websearch_to_tsquery(DANISH, highlight)
            body = func.ts_headline(DANISH, page.c.body, hl_query, HEADLINE_OPTIONS)
            note = func.ts_headline(DANISH, page.c.note, hl_query, HEADLINE_OPTIONS)
        else:
            body = note = null()
        statement = select(page.c.kind, page.c.item_id, body, note).order_by(
            page.c.rank.desc(), page.c.kind, page.c.item_id
        )
        return [_Row(*row) for row in db.session.execute(statement)]

    return total, fetch


# -- SQLite (FTS5) -----------------------------------------------------------

FTS = table("hearing_search", column("kind"), column("item_id"), column("body"), column("note"), schema="temp")
_CREATE_FTS = text(
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.hearing_search USING fts5("
    "kind UNINDEXED, item_id UNINDEXED, body, note, tokenize = 'unicode61 remove_diacritics 0')"
)


def _sqlite(documents, parsed: Query):
    session = db.session
    session.execute(_CREATE_FTS)
    session.execute(FTS.delete())
    session.execute(insert(FTS).from_select(["kind", "item_id", "body", "note"], documents))
    match = fts5_match(parsed)
    if match:
        where = "hearing_search MATCH :match"
        order = "rank, kind, item_id"
        columns = ("kind, item_id, snippet(hearing_search, 2, :start, :stop, '…', 40), "
                   "snippet(hearing_search, 3, :start, :stop, '…', 24)")
    else:  # exclusions only: every row but those
        where = "rowid NOT IN (SELECT rowid FROM temp.hearing_search WHERE hearing_search MATCH :match)"
        match = fts5_excluded(parsed)
        order = "kind, item_id"
        columns = "kind, item_id, NULL, NULL"
    total = session.scalar(text(f"SELECT count(*) FROM temp.hearing_search WHERE {where}"),  # noqa: S608 (fixed SQL, bound values)  # nosec B608
                           {"match": match}) or 0

    def fetch(limit: int, offset: int) -> list[_Row]:
        statement = text(
            f"SELECT {columns} FROM temp.hearing_search WHERE {where} "  # noqa: S608 (fixed SQL, bound values)  # nosec B608
            f"ORDER BY {order} LIMIT :limit OFFSET :offset"
        )
        params = {"match": match, "start": START, "stop": STOP, "limit": limit, "offset": offset}
        return [_Row(*row) for row in session.execute(statement, params)]

    return total, fetch


# -- From rows to hits -------------------------------------------------------


def _marked(fragment: str) -> Markup:
    """Escape the text; only the database's hit markers become <mark>."""
    parts = re.split(f"({START}[^{START}{STOP}]*{STOP})", fragment)
    out = Markup("")
    for part in parts:
        if part.startswith(START) and part.endswith(STOP) and len(part) >= 2:
            out += Markup("<mark>{}</mark>").format(part[1:-1])
        else:
            out += escape(part.replace(START, "").replace(STOP, ""))
    return out


def _excerpt(value: str) -> Markup:
    value = " ".join(UNWANTED.sub(" ", value).split())
    if len(value) > EXCERPT_LENGTH:
        value = value[:EXCERPT_LENGTH].rsplit(" ", 1)[0] + " …"
    return escape(value)


def _place(comment: Comment) -> tuple[str, str | None]:
    return (comment.section.full_label, comment.section.key) if comment.section else ("", None)


def _hits(rows: list[_Row]) -> list[SearchHit]:
    comment_ids = [r.item_id for r in rows if r.kind == COMMENT]
    reply_ids = [r.item_id for r in rows if r.kind == REPLY]
    comments = {c.id: c for c in db.session.scalars(
        select(Comment).where(Comment.id.in_(comment_ids))
        .options(selectinload(Comment.section), selectinload(Comment.response).selectinload(Response.organisation))
    )} if comment_ids else {}
    replies = {r.id: r for r in db.session.scalars(
        select(Reply).where(Reply.id.in_(reply_ids))
        .options(selectinload(Reply.comments).selectinload(Comment.section),
                 selectinload(Reply.comments).selectinload(Comment.response).selectinload(Response.organisation))
    )} if reply_ids else {}
    hits = []
    for row in rows:
        if row.kind == COMMENT:
            comment = comments[row.item_id]
            body = comment.text if not comment.heading else f"{comment.heading}\n{comment.text}"
            hits.append(SearchHit(
                COMMENT, comment.id, [_place(comment)], [comment.response.sender_name],
                _marked(row.body) if row.body else _excerpt(body), comment_status=comment.status,
            ))
        else:
            reply = replies[row.item_id]
            note = None
            if row.note and START in row.note:
                note = _marked(row.note)
            hits.append(SearchHit(
                REPLY, reply.id, list(dict.fromkeys(_place(c) for c in reply.comments)),
                list(dict.fromkeys(c.response.sender_name for c in reply.comments)),
                _marked(row.body) if row.body else _excerpt(reply.text), note, reply.outcome, reply.status,
            ))
    return hits
