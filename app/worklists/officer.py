"""What waits for a case officer: comments without a reply on the sections given to them, replies
sent back to them, mails to their hearings' own address waiting to be checked, and their hearings
past the deadline that have not gone to the committee.

Every list is counted in the database (GROUP BY), so the page reads the same few times however
many comments or mails a hearing has.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.extensions import db
from app.hearings.models import REPLYING_STATES, Hearing, HearingState, SectionAssignment, hearing_officers
from app.replies.models import Reply, ReplyStatus
from app.replies.operations import GENERAL_KEY
from app.responses.letters.mailbox.models import IncomingMail, IncomingState
from app.responses.models import Comment, CommentStatus, Response, ResponseState
from app.worklists.sections import NamedReply, load_with_ancestors, named

# Past the deadline and not finished: the memo has not gone to the committee yet.
UNFINISHED_AFTER_DEADLINE = (HearingState.OPEN, HearingState.CLOSED, HearingState.REPLYING, HearingState.MEMO)


@dataclass
class OpenSection:
    hearing: Hearing
    key: str
    label: str  # the section's full name, or "Generelle bemærkninger"
    open_comments: int


@dataclass
class UnassignedComments:
    """Comments without a reply, in one of my hearings, on sections nobody was given."""

    hearing: Hearing
    open_comments: int


@dataclass
class WaitingMail:
    """Mails that came to one of my hearings' own address and wait for a check (Post der venter)."""

    hearing: Hearing
    mails: int
    oldest: datetime  # when the first of them was fetched


@dataclass
class LateHearing:
    hearing: Hearing
    open_comments: int


def my_hearings(user: User):
    """The ids of the hearings `user` runs: as one of its officers, or as its creator."""
    officer_of = select(hearing_officers.c.hearing_id).where(hearing_officers.c.user_id == user.id)
    return select(Hearing.id).where(or_(Hearing.id.in_(officer_of), Hearing.created_by_id == user.id))


def open_comment_counts(hearing_ids) -> dict[tuple[int, int | None], int]:
    """(hearing id, section id or None) -> comments of submitted responses that have no reply yet."""
    rows = db.session.execute(
        select(Response.hearing_id, Comment.section_id, func.count(Comment.id))
        .join(Response, Comment.response_id == Response.id)
        .where(Response.hearing_id.in_(hearing_ids), Response.state == ResponseState.SUBMITTED,
               Comment.status == CommentStatus.ACTIVE, Comment.reply_id.is_(None))
        .group_by(Response.hearing_id, Comment.section_id)
    ).all()
    return {(hearing_id, section_id): count for hearing_id, section_id, count in rows}


def open_sections(user: User) -> tuple[list[OpenSection], list[UnassignedComments]]:
    """The sections given to `user` that have comments without a reply (in draft order), and, for the
    hearings they run, how many such comments are on sections given to nobody."""
    replying = select(Hearing.id).where(Hearing.state.in_(REPLYING_STATES))
    mine = db.session.scalars(
        select(SectionAssignment.hearing_id).where(SectionAssignment.user_id == user.id,
                                                    SectionAssignment.hearing_id.in_(replying))
    ).all()
    run = db.session.scalars(my_hearings(user).where(Hearing.id.in_(replying))).all()
    hearing_ids = set(mine) | set(run)
    if not hearing_ids:
        return [], []
    assigned: dict[int, dict[str, int]] = defaultdict(dict)  # hearing -> key -> user id
    for row in db.session.execute(select(SectionAssignment.hearing_id, SectionAssignment.section_key,
                                         SectionAssignment.user_id)
                                  .where(SectionAssignment.hearing_id.in_(hearing_ids))):
        assigned[row.hearing_id][row.section_key] = row.user_id
    counts = open_comment_counts(hearing_ids)
    sections = load_with_ancestors({section_id for _hearing, section_id in counts if section_id is not None})
    hearings = {h.id: h for h in db.session.scalars(select(Hearing).where(Hearing.id.in_(hearing_ids)))}

    by_section: dict[tuple[int, str], OpenSection] = {}
    nobody: dict[int, int] = defaultdict(int)
    order: dict[tuple[int, str], int] = {}
    for (hearing_id, section_id), count in counts.items():
        section = sections.get(section_id) if section_id is not None else None
        owner_key = _assigned_key(section, assigned[hearing_id])
        if owner_key is None:
            if hearing_id in run:
                nobody[hearing_id] += count
            continue
        if assigned[hearing_id][owner_key] != user.id:
            continue
        place = (hearing_id, owner_key)
        if place not in by_section:
            top = _ancestor_with_key(section, owner_key)
            by_section[place] = OpenSection(hearings[hearing_id], owner_key,
                                            top.full_label if top is not None else _general_label(), 0)
            order[place] = top.position if top is not None else -1
        by_section[place].open_comments += count
    listed = sorted(by_section.values(), key=lambda row: (row.hearing.title, order[(row.hearing.id, row.key)]))
    unassigned = [UnassignedComments(hearings[i], count) for i, count in sorted(nobody.items()) if count]
    return listed, unassigned


def _assigned_key(section, assigned: dict[str, int]) -> str | None:
    """The key under which this section was given to someone (its own, or an ancestor's), as
    `app.replies.assignments.assignee_of` finds it."""
    if section is None:
        return GENERAL_KEY if GENERAL_KEY in assigned else None
    while section is not None:
        if section.key in assigned:
            return section.key
        section = section.parent
    return None


def _ancestor_with_key(section, key: str):
    while section is not None and section.key != key:
        section = section.parent
    return section


def _general_label() -> str:
    return _("Generelle bemærkninger")


def sent_back(user: User) -> list[NamedReply]:
    """Replies a team lead sent back to `user`, oldest first; the reason is on each."""
    return named(db.session.scalars(
        select(Reply).join(Hearing, Reply.hearing_id == Hearing.id)
        .where(Reply.status == ReplyStatus.SENT_BACK, Hearing.state.in_(REPLYING_STATES),
               func.coalesce(Reply.ready_by_id, Reply.created_by_id) == user.id)
        .options(joinedload(Reply.hearing))
        .order_by(Reply.updated_at, Reply.id)
    ).all())


def waiting_mail(user: User) -> list[WaitingMail]:
    """The hearings `user` runs with mails waiting to be checked, counted per hearing, the one whose
    mail has waited longest first."""
    counts = (
        select(IncomingMail.hearing_id, func.count(IncomingMail.id).label("mails"),
               func.min(IncomingMail.fetched_at).label("oldest"))
        .where(IncomingMail.hearing_id.in_(my_hearings(user)), IncomingMail.state == IncomingState.WAITING)
        .group_by(IncomingMail.hearing_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Hearing, counts.c.mails, counts.c.oldest).join(counts, counts.c.hearing_id == Hearing.id)
        .order_by(counts.c.oldest, Hearing.id)
    ).all()
    return [WaitingMail(hearing, mails, oldest) for hearing, mails, oldest in rows]


def late_hearings(user: User, now: datetime) -> list[LateHearing]:
    """The hearings `user` runs whose deadline has passed and whose memo has not gone to the committee."""
    hearings = db.session.scalars(
        select(Hearing).where(Hearing.id.in_(my_hearings(user)), Hearing.deadline_at < now,
                              Hearing.state.in_(UNFINISHED_AFTER_DEADLINE))
        .order_by(Hearing.deadline_at)
    ).all()
    if not hearings:
        return []
    counts: dict[int, int] = defaultdict(int)
    for (hearing_id, _section), count in open_comment_counts([h.id for h in hearings]).items():
        counts[hearing_id] += count
    return [LateHearing(hearing, counts[hearing.id]) for hearing in hearings]
