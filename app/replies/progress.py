"""How far the answering of a hearing has come: the matrix of sections × senders, and progress."""

from dataclasses import dataclass, field

from sqlalchemy import select

from app.extensions import db
from app.hearings.models import DraftVersion, Hearing, Section
from app.hearings.sections import with_depth
from app.replies.models import Reply, ReplyStatus
from app.replies.operations import GENERAL_KEY
from app.responses.models import Comment, CommentStatus, Response, ResponseState


@dataclass
class Row:
    key: str
    label: str
    depth: int
    counts: dict[int, int] = field(default_factory=dict)  # response id -> comments
    comments: int = 0
    replied: int = 0
    approved: int = 0


@dataclass
class Overview:
    rows: list[Row]
    senders: list[tuple[int, str]]  # (response id, name), in the order they came
    comments: int
    replied: int
    approved: int

    @property
    def approved_percent(self) -> int:
        return round(100 * self.approved / self.comments) if self.comments else 0


def overview(hearing: Hearing) -> Overview:
    """Every section of the current draft (and the general remarks) with its comments per sender."""
    rows = [Row(GENERAL_KEY, "", 0)] + [
        Row(section.key, section.label, depth) for section, depth in with_depth(hearing.current_version.sections)
    ]
    by_key = {row.key: row for row in rows}
    found = db.session.execute(
        select(Response.id, Response.submitted_at, Section.key, Reply.status)
        .select_from(Comment)
        .join(Response, Comment.response_id == Response.id)
        .outerjoin(Section, Comment.section_id == Section.id)
        .outerjoin(Reply, Comment.reply_id == Reply.id)
        .where(Response.hearing_id == hearing.id, Response.state == ResponseState.SUBMITTED,
               Comment.status == CommentStatus.ACTIVE)
    ).all()
    names = _sender_names(hearing)
    senders: dict[int, tuple] = {}
    for response_id, submitted_at, key, status in found:
        row = by_key.get(key or GENERAL_KEY)
        if row is None:  # a section since removed from the draft: shown with the general remarks
            row = by_key[GENERAL_KEY]
        senders.setdefault(response_id, (submitted_at, names.get(response_id, "")))
        row.counts[response_id] = row.counts.get(response_id, 0) + 1
        row.comments += 1
        row.replied += status is not None
        row.approved += status is ReplyStatus.APPROVED
    ordered = sorted(senders.items(), key=lambda item: item[1][0])
    return Overview(
        rows=rows, senders=[(response_id, name) for response_id, (_, name) in ordered],
        comments=sum(r.comments for r in rows), replied=sum(r.replied for r in rows),
        approved=sum(r.approved for r in rows),
    )


def _sender_names(hearing: Hearing) -> dict[int, str]:
    responses = db.session.scalars(
        select(Response).where(Response.hearing_id == hearing.id, Response.state == ResponseState.SUBMITTED)
    ).all()
    return {r.id: r.sender_name for r in responses}


def neighbours(hearing: Hearing, key: str) -> tuple[str | None, str | None]:
    """The keys of the sections before and after this one that have comments, to walk from one to the next."""
    keys_with_comments = set(db.session.scalars(
        select(Section.key).join(Comment, Comment.section_id == Section.id).join(DraftVersion)
        .join(Response, Comment.response_id == Response.id)
        .where(DraftVersion.hearing_id == hearing.id, Response.state == ResponseState.SUBMITTED)
    ))
    order = [GENERAL_KEY] + [s.key for s in hearing.current_version.sections]
    walk = [k for k in order if k in keys_with_comments or k in (key, GENERAL_KEY)]
    at = walk.index(key) if key in walk else 0
    return (walk[at - 1] if at > 0 else None), (walk[at + 1] if at + 1 < len(walk) else None)
