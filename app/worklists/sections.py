"""Sections named by id, with their full names, loaded a tree level at a time: a list of work
that names sections reads the database once per level of the draft, not once per row."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import load_only

from app.extensions import db
from app.hearings.models import Section
from app.replies.models import Reply
from app.responses.models import Comment


def load_with_ancestors(section_ids: set[int]) -> dict[int, Section]:
    """The sections and every ancestor, by id. `Section.parent` and `full_label` then find the
    parents in the session, without a query each."""
    found: dict[int, Section] = {}
    wanted = {i for i in section_ids if i is not None}
    while wanted:
        rows = db.session.scalars(
            select(Section).where(Section.id.in_(wanted))
            .options(load_only(Section.id, Section.parent_id, Section.key, Section.number, Section.heading,
                               Section.position, Section.version_id))
        ).all()
        found.update({section.id: section for section in rows})
        wanted = {s.parent_id for s in rows if s.parent_id is not None} - found.keys()
    return found


@dataclass
class NamedReply:
    """A reply as a list of work names it: how many comments it answers, and on which section."""

    reply: Reply
    comments: int
    section: str | None  # the full name of the section, None for general remarks


def named(replies: list[Reply]) -> list[NamedReply]:
    sections = reply_sections([reply.id for reply in replies])
    return [NamedReply(reply, *sections.get(reply.id, (0, None))) for reply in replies]


def reply_sections(reply_ids: list[int]) -> dict[int, tuple[int, str | None]]:
    """Reply id -> (how many comments it answers, the full name of their section, None for general)."""
    rows = db.session.execute(
        select(Comment.reply_id, func.count(Comment.id), func.min(Comment.section_id))
        .where(Comment.reply_id.in_(reply_ids)).group_by(Comment.reply_id)
    ).all()
    sections = load_with_ancestors({section_id for _r, _n, section_id in rows if section_id is not None})
    return {reply_id: (count, sections[section_id].full_label if section_id in sections else None)
            for reply_id, count, section_id in rows}
