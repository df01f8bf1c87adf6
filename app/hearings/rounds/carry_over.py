"""The earlier round's comments carried onto the sections of a second round's draft.

Each comment of the round before (submitted responses, the points staff kept)
is carried onto the new version of its section: by the section's stable key
first; where the key is gone (a section renamed, split or imported anew), to
the new section whose text is most like the old one (rapidfuzz's ratio, at
least SIMILARITY); else it is listed as on a section that is no longer there.
Computed when read, so staff may still change the second round's draft (edit,
import, merge) before it opens, and the carry-over follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from markupsafe import Markup
from rapidfuzz import fuzz, process, utils
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.hearings.comparison import compare_text, paragraphs
from app.hearings.models import Hearing, Section
from app.replies.models import Reply, ReplyStatus
from app.responses.models import Comment, CommentStatus, Cosignature, Response, ResponseState

SIMILARITY = 70  # rapidfuzz ratio, 0–100: a section's label and text against each new section's


class Carry(Enum):
    KEY = "key"  # the section is still there, by its key
    TEXT = "text"  # found by its text
    GONE = "gone"  # afsnittet findes ikke længere
    GENERAL = "general"  # a general remark, on no section


@dataclass
class EarlierComment:
    comment: Comment
    sender: str
    reply: Reply | None  # the approved reply, if the point was answered

    @property
    def general_reply(self) -> Reply | None:
        """The general reply this point's reply refers to ("indgår i forvaltningens generelle bemærkninger"), once
        it is approved: until then its text is the administration's own."""
        general = self.reply.in_general_reply if self.reply is not None else None
        return general if general is not None and general.status is ReplyStatus.APPROVED else None


@dataclass
class CarriedSection:
    """The comments on one section of the earlier round, and where that section is now."""

    old: Section | None
    new: Section | None
    carry: Carry
    score: float | None = None
    comments: list[EarlierComment] = field(default_factory=list)
    marked: Markup = Markup("")
    inserted_words: int = 0
    deleted_words: int = 0

    @property
    def changed(self) -> bool:
        return self.carry is Carry.GONE or bool(self.inserted_words or self.deleted_words) or (
            self.old is not None and self.new is not None and self.old.label != self.new.label)

    @property
    def key(self) -> str:
        return self.old.key if self.old is not None else "generelt"


def section_text(section: Section) -> str:
    return " ".join([section.label, *paragraphs(section.body_html)])


def match_section(old: Section, new_sections: list[Section]) -> tuple[Section | None, Carry, float | None]:
    """Where `old` is in the new draft: by key, else by text above SIMILARITY, else gone."""
    by_key = {section.key: section for section in new_sections}
    if old.key in by_key:
        return by_key[old.key], Carry.KEY, None
    choices = {section.id: section_text(section) for section in new_sections}
    found = process.extractOne(section_text(old), choices, scorer=fuzz.ratio, processor=utils.default_process,
                               score_cutoff=SIMILARITY)
    if found is None:
        return None, Carry.GONE, None
    _text, score, section_id = found
    return next(s for s in new_sections if s.id == section_id), Carry.TEXT, score


def carried_comments(hearing: Hearing, organisation_id: int | None = None) -> list[CarriedSection]:
    """The earlier round's comments (with `organisation_id`, one party's: its own and those of the joint
    responses it accepted to stand behind), general remarks first, then by the old draft's order, each
    section with its new place and what changed in it."""
    earlier = hearing.previous_round
    if earlier is None or hearing.current_version is None:
        return []
    new_sections = list(hearing.current_version.sections)
    groups: dict[str | None, CarriedSection] = {}
    for comment in _earlier_comments(earlier, organisation_id):
        old = comment.section
        key = old.key if old is not None else None
        if key not in groups:
            groups[key] = _carried_section(old, new_sections)
        reply = comment.reply if comment.reply is not None and comment.reply.status is ReplyStatus.APPROVED else None
        groups[key].comments.append(EarlierComment(comment, comment.response.sender_name, reply))
    return sorted(groups.values(), key=lambda g: (g.old is not None, g.old.position if g.old else -1))


def _carried_section(old: Section | None, new_sections: list[Section]) -> CarriedSection:
    if old is None:
        return CarriedSection(None, None, Carry.GENERAL)
    new, carry, score = match_section(old, new_sections)
    marked, inserted, deleted = compare_text(old.body_html, new.body_html if new is not None else "",
                                             only_changed=True)
    return CarriedSection(old, new, carry, score, marked=marked, inserted_words=inserted, deleted_words=deleted)


def _earlier_comments(earlier: Hearing, organisation_id: int | None) -> list[Comment]:
    query = (
        select(Comment).join(Response)
        .where(Response.hearing_id == earlier.id, Response.state == ResponseState.SUBMITTED,
               Comment.status == CommentStatus.ACTIVE, Comment.no_remarks.is_(False))
        .options(selectinload(Comment.section), selectinload(Comment.reply), selectinload(Comment.response))
        .order_by(Response.submitted_at, Response.id, Comment.position, Comment.id)
    )
    if organisation_id is not None:  # its own responses, and the joint ones it accepted: it stands behind them
        cosigned = exists().where(Cosignature.response_id == Response.id,
                                  Cosignature.organisation_id == organisation_id, Cosignature.accepted_at.is_not(None))
        query = query.where(or_(Response.organisation_id == organisation_id, cosigned))
    return list(db.session.scalars(query))
