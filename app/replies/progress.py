"""How far the answering of a hearing has come: the matrix of sections × senders, and progress."""

from dataclasses import dataclass, field

from markupsafe import Markup, escape
from sqlalchemy import case, func, or_, select

from app.accounts.models import User
from app.extensions import db
from app.hearings.models import DraftVersion, Hearing, Section
from app.hearings.sections import with_depth
from app.paging import Page, paginate
from app.parties.models import Organisation
from app.replies.assignments import assignee_of, assignments
from app.replies.models import Outcome, Reply, ReplyStatus
from app.replies.operations import GENERAL_KEY
from app.responses.models import Comment, CommentStatus, Response, ResponseState


@dataclass
class Filters:
    """What the overview is narrowed to; None means everything."""

    sender: int | None = None  # a response id
    outcome: str | None = None  # an Outcome value
    status: str | None = None  # a ReplyStatus value, or "none" for comments without a reply
    assignee: int | None = None  # a user id


@dataclass
class Row:
    key: str
    label: str
    depth: int
    assignee: User | None = None
    counts: dict[int, int] = field(default_factory=dict)  # response id -> comments, for the page's senders
    cells: list[tuple[Markup, int | str]] = field(default_factory=list)  # (sender, comments) in the page's order
    comments: int = 0
    replied: int = 0
    approved: int = 0


# A national hearing has thousands of senders; a matrix with a column for each would be
# megabytes of HTML (bench/RESULTS.md), so the columns come a page at a time: 25 keep the 201 × 25 cells
# of a 200-section draft a fraction of the page's time (issue 20), and more than a screen shows at once.
SENDERS_PER_PAGE = 25


@dataclass
class Overview:
    rows: list[Row]
    senders: Page[tuple[int, str]]  # (response id, name) of the page's columns, in the order they came
    comments: int
    replied: int
    approved: int

    @property
    def approved_percent(self) -> int:
        return round(100 * self.approved / self.comments) if self.comments else 0


def overview(hearing: Hearing, filters: Filters | None = None, names: dict[int, str] | None = None,
             page: int | None = None) -> Overview:
    """Every section of the current draft (and the general remarks) with its comments, replies and approvals,
    and the comments per sender for one page of senders (`page`, SENDERS_PER_PAGE at a time).

    Counted in the database (GROUP BY): a national hearing has 50,000 comments, and the page needs a few
    hundred numbers. `names` are the senders' names by response id (sender_names), when the caller has them."""
    filters = filters or Filters()
    sections = hearing.current_version.sections
    sections_by_key = {s.key: s for s in sections}
    assigned = assignments(hearing)
    rows = [Row(GENERAL_KEY, "", 0, assigned.get(GENERAL_KEY))] + [
        Row(section.key, section.full_label, depth, assignee_of(section.key, sections_by_key, assigned))
        for section, depth in with_depth(sections)
    ]
    by_key = {row.key: row for row in rows}

    def row_of(key: str | None) -> Row:
        # a section since removed from the draft is counted with the general remarks
        return by_key.get(key or GENERAL_KEY) or by_key[GENERAL_KEY]

    kept = _kept(hearing, filters, rows)
    for key, comments, replied, approved in db.session.execute(
        _counted(select(Section.key, func.count(), func.count(Reply.id),
                        func.count(case((Reply.status == ReplyStatus.APPROVED, 1)))), kept)
        .group_by(Section.key)
    ):
        row = row_of(key)
        row.comments += comments
        row.replied += replied
        row.approved += approved

    names = names if names is not None else sender_names(hearing)
    with_comments = set(db.session.scalars(_counted(select(Comment.response_id), kept).distinct()))
    shown = paginate([(rid, name) for rid, name in names.items() if rid in with_comments], page, SENDERS_PER_PAGE)
    if shown.items:
        for response_id, key, count in db.session.execute(
            _counted(select(Comment.response_id, Section.key, func.count()), kept)
            .where(Comment.response_id.in_([rid for rid, _name in shown.items]))
            .group_by(Comment.response_id, Section.key)
        ):
            counts = row_of(key).counts
            counts[response_id] = counts.get(response_id, 0) + count
    columns = [(response_id, escape(name)) for response_id, name in shown.items]  # escaped once, not per cell
    for row in rows:
        row.cells = [(name, row.counts.get(response_id, "")) for response_id, name in columns]
    return Overview(rows=rows, senders=shown, comments=sum(r.comments for r in rows),
                    replied=sum(r.replied for r in rows), approved=sum(r.approved for r in rows))


def _counted(query, conditions: list):
    """`query` over the hearing's submitted, active comments (with their section and reply), narrowed."""
    return (query.select_from(Comment)
            .join(Response, Comment.response_id == Response.id)
            .outerjoin(Section, Comment.section_id == Section.id)
            .outerjoin(Reply, Comment.reply_id == Reply.id)
            .where(*conditions))


def _kept(hearing: Hearing, filters: Filters, rows: list[Row]) -> list:
    """The filters as SQL conditions on the comments `_counted` joins."""
    kept = [Response.hearing_id == hearing.id, Response.state == ResponseState.SUBMITTED,
            Comment.status == CommentStatus.ACTIVE, Comment.no_remarks.is_(False)]
    if filters.sender is not None:
        kept.append(Comment.response_id == filters.sender)
    if filters.outcome is not None:
        kept.append(Reply.outcome == Outcome(filters.outcome))
    if filters.status == "none":
        kept.append(Comment.reply_id.is_(None))
    elif filters.status is not None:
        kept.append(Reply.status == ReplyStatus(filters.status))
    if filters.assignee is not None:
        theirs = [row.key for row in rows if row.assignee is not None and row.assignee.id == filters.assignee]
        keys = [key for key in theirs if key != GENERAL_KEY]
        if GENERAL_KEY in theirs:  # the general row also holds comments on sections no longer in the draft
            current = [row.key for row in rows if row.key != GENERAL_KEY]
            kept.append(or_(Section.key.is_(None), Section.key.in_(keys), Section.key.not_in(current)))
        else:
            kept.append(Section.key.in_(keys))
    return kept


def sender_names(hearing: Hearing) -> dict[int, str]:
    """Every submitted response's sender name by response id, in the order they came (sender_name, as columns:
    thousands of responses at a national hearing)."""
    return {response_id: organisation or citizen or "" for response_id, organisation, citizen in db.session.execute(
        select(Response.id, Organisation.name, Response.citizen_name)
        .outerjoin(Organisation, Response.organisation_id == Organisation.id)
        .where(Response.hearing_id == hearing.id, Response.state == ResponseState.SUBMITTED)
        .order_by(Response.submitted_at, Response.id)
    )}


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
    # One probe per section (EXISTS on the indexed section_id), as `neighbours`: not a row per comment.
    waiting = (select(Comment.id).join(Response, Comment.response_id == Response.id)
               .where(Response.state == ResponseState.SUBMITTED, Comment.status == CommentStatus.ACTIVE,
                      Comment.reply_id.is_(None), Comment.no_remarks.is_(False)))
    unanswered = set(db.session.scalars(
        select(Section.key).join(DraftVersion)
        .where(DraftVersion.hearing_id == hearing.id, waiting.where(Comment.section_id == Section.id).exists())
    ))
    if db.session.scalar(select(waiting.where(Response.hearing_id == hearing.id, Comment.section_id.is_(None))
                                .exists())):
        unanswered.add(GENERAL_KEY)
    order = [GENERAL_KEY] + [s.key for s in hearing.current_version.sections]
    at = order.index(key) if key in order else 0
    return next((k for k in order[at + 1:] + order[:at] if k in unanswered), None)
