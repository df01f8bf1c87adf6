"""How far the answering of a hearing has come: the matrix of sections × senders, and progress."""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import load_only, selectinload

from app.accounts.models import User
from app.extensions import db
from app.hearings.models import DraftVersion, Hearing, Section
from app.hearings.sections import with_depth
from app.paging import Page, paginate
from app.parties.models import Organisation
from app.replies.assignments import assignee_of, assignments
from app.replies.models import Reply, ReplyStatus
from app.replies.operations import GENERAL_KEY
from app.responses.models import Comment, CommentStatus, Response, ResponseState


@dataclass
class Filters:
    """What the overview is narrowed to; None means everything."""

    sender: int | None = None  # a response id
    outcome: str | None = None  # an Outcome value
    status: str | None = None  # a ReplyStatus value, or "none" for comments without a reply
    assignee: int | None = None  # a user id

    def keep(self, response_id: int, outcome, status, assignee_id: int | None) -> bool:
        if self.sender is not None and response_id != self.sender:
            return False
        if self.outcome is not None and (outcome is None or outcome.value != self.outcome):
            return False
        if self.status == "none" and status is not None:
            return False
        if self.status not in (None, "none") and (status is None or status.value != self.status):
            return False
        return self.assignee is None or assignee_id == self.assignee


@dataclass
class Row:
    key: str
    label: str
    depth: int
    assignee: User | None = None
    counts: dict[int, int] = field(default_factory=dict)  # response id -> comments
    comments: int = 0
    replied: int = 0
    approved: int = 0


# A national hearing has thousands of senders; a matrix with a column for each would be
# megabytes of HTML (bench/RESULTS.md), so the columns come a page at a time.
SENDERS_PER_PAGE = 50


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

    def sender_page(self, number: int | None) -> Page[tuple[int, str]]:
        """The senders whose columns one page of the matrix shows."""
        return paginate(self.senders, number, SENDERS_PER_PAGE)


def overview(hearing: Hearing, filters: Filters | None = None, names: dict[int, str] | None = None) -> Overview:
    """Every section of the current draft (and the general remarks) with its comments per sender.

    `names` are the senders' names by response id (sender_names), when the caller has them already."""
    filters = filters or Filters()
    sections = hearing.current_version.sections
    sections_by_key = {s.key: s for s in sections}
    assigned = assignments(hearing)
    rows = [Row(GENERAL_KEY, "", 0, assigned.get(GENERAL_KEY))] + [
        Row(section.key, section.full_label, depth, assignee_of(section.key, sections_by_key, assigned))
        for section, depth in with_depth(sections)
    ]
    by_key = {row.key: row for row in rows}
    found = db.session.execute(
        select(Response.id, Section.key, Reply.status, Reply.outcome)
        .select_from(Comment)
        .join(Response, Comment.response_id == Response.id)
        .outerjoin(Section, Comment.section_id == Section.id)
        .outerjoin(Reply, Comment.reply_id == Reply.id)
        .where(Response.hearing_id == hearing.id, Response.state == ResponseState.SUBMITTED,
               Comment.status == CommentStatus.ACTIVE, Comment.no_remarks.is_(False))
    ).all()
    names = names if names is not None else sender_names(hearing)
    senders: set[int] = set()
    for response_id, key, status, outcome in found:
        row = by_key.get(key or GENERAL_KEY)
        if row is None:  # a section since removed from the draft: shown with the general remarks
            row = by_key[GENERAL_KEY]
        if not filters.keep(response_id, outcome, status, row.assignee.id if row.assignee else None):
            continue
        senders.add(response_id)
        row.counts[response_id] = row.counts.get(response_id, 0) + 1
        row.comments += 1
        row.replied += status is not None
        row.approved += status is ReplyStatus.APPROVED
    return Overview(
        rows=rows, senders=[(response_id, name) for response_id, name in names.items() if response_id in senders],
        comments=sum(r.comments for r in rows), replied=sum(r.replied for r in rows),
        approved=sum(r.approved for r in rows),
    )


def sender_names(hearing: Hearing) -> dict[int, str]:
    """Every submitted response's sender name by response id, in the order they came."""
    responses = db.session.scalars(
        select(Response).where(Response.hearing_id == hearing.id, Response.state == ResponseState.SUBMITTED)
        .order_by(Response.submitted_at, Response.id)
        # only what sender_name reads: thousands of responses at a national hearing
        .options(load_only(Response.id, Response.organisation_id, Response.citizen_name),
                 selectinload(Response.organisation).load_only(Organisation.id, Organisation.name))
    ).all()
    return {r.id: r.sender_name for r in responses}


def neighbours(hearing: Hearing, key: str) -> tuple[str | None, str | None]:
    """The keys of the sections before and after this one that have comments, to walk from one to the next.
    A section with only "ingen bemærkninger" is passed by: its page has nothing to answer."""
    # One probe per section (EXISTS on the indexed section_id), not a row per comment of the hearing.
    has_comments = (select(Comment.id).join(Response, Comment.response_id == Response.id)
                    .where(Comment.section_id == Section.id, Response.state == ResponseState.SUBMITTED,
                           Comment.no_remarks.is_(False)).exists())
    keys_with_comments = set(db.session.scalars(
        select(Section.key).join(DraftVersion).where(DraftVersion.hearing_id == hearing.id, has_comments)
    ))
    order = [GENERAL_KEY] + [s.key for s in hearing.current_version.sections]
    walk = [k for k in order if k in keys_with_comments or k in (key, GENERAL_KEY)]
    at = walk.index(key) if key in walk else 0
    return (walk[at - 1] if at > 0 else None), (walk[at + 1] if at + 1 < len(walk) else None)


def next_unanswered(hearing: Hearing, key: str) -> str | None:
    """The key of the next section, in the draft's order and round to the start, with a comment without a reply;
    None when no other section has one."""
    unanswered = set(db.session.scalars(
        select(Section.key).select_from(Comment)
        .join(Response, Comment.response_id == Response.id)
        .outerjoin(Section, Comment.section_id == Section.id)
        .where(Response.hearing_id == hearing.id, Response.state == ResponseState.SUBMITTED,
               Comment.status == CommentStatus.ACTIVE, Comment.reply_id.is_(None), Comment.no_remarks.is_(False))
        .distinct()
    ))
    unanswered = {k or GENERAL_KEY for k in unanswered}
    order = [GENERAL_KEY] + [s.key for s in hearing.current_version.sections]
    at = order.index(key) if key in order else 0
    return next((k for k in order[at + 1:] + order[:at] if k in unanswered), None)
