"""Staff put a comment where it belongs: on another section, in two, or aside as no remark.

The party's words are never changed nor deleted. A moved or split comment is
kept as it was, marked superseded, and the new comments point back to it
(`original_id`); their texts together are the original's, to the letter.
Every fix is in the audit trail.
"""

import re

from flask_babel import gettext as _

from app.audit.operations import record
from app.extensions import db
from app.hearings.models import Section
from app.refusals import Refused
from app.responses.models import Comment, CommentStatus

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[str]:
    """The comment's paragraphs, where it may be split."""
    return [p for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def move(comment: Comment, section: Section | None) -> Comment:
    """The comment, on `section` (None: the general remarks). Its reply goes with it."""
    _must_be_active(comment)
    if comment.section_id == (section.id if section else None):
        raise Refused([_("Bemærkningen står allerede der.")])
    moved = _successor(comment, comment.text, section)
    moved.reply_id = comment.reply_id
    comment.reply_id = None
    record("comment_moved", comment, hearing_id=comment.response.hearing_id, new_comment=moved.id,
           **{"from": _where(comment.section), "to": _where(section)})
    return moved


def split(comment: Comment, before_paragraph: int, second_section: Section | None) -> tuple[Comment, Comment]:
    """Two comments: the paragraphs before `before_paragraph` stay where the comment was,
    the rest go to `second_section`. The cut is at a paragraph break, so no word is changed."""
    _must_be_active(comment)
    breaks = list(_PARAGRAPH_BREAK.finditer(comment.text.strip()))
    if not 1 <= before_paragraph <= len(breaks):
        raise Refused([_("Vælg, hvor bemærkningen skal deles: mellem to afsnit af teksten.")])
    text = comment.text.strip()
    cut = breaks[before_paragraph - 1]
    first = _successor(comment, text[:cut.start()], comment.section)
    second = _successor(comment, text[cut.end():], second_section, position_offset=1)
    first.reply_id = comment.reply_id
    comment.reply_id = None
    record("comment_split", comment, hearing_id=comment.response.hearing_id, new_comments=[first.id, second.id],
           second_to=_where(second_section))
    return first, second


def set_not_a_remark(comment: Comment, not_a_remark: bool) -> None:
    """Aside (a greeting, a question about something else) or back as a remark; reversible."""
    wanted = CommentStatus.NOT_A_REMARK if not_a_remark else CommentStatus.ACTIVE
    if comment.status is CommentStatus.SUPERSEDED or comment.status is wanted:
        raise Refused([_("Bemærkningen kan ikke ændres sådan.")])
    if not_a_remark and comment.reply_id is not None:
        raise Refused([_("Bemærkningen har et svar. Løsriv den fra svaret først.")])
    comment.status = wanted
    record("comment_not_a_remark" if not_a_remark else "comment_is_a_remark", comment,
           hearing_id=comment.response.hearing_id)


def _must_be_active(comment: Comment) -> None:
    if comment.status is not CommentStatus.ACTIVE:
        raise Refused([_("Kun en aktiv bemærkning kan flyttes eller deles.")])


def _successor(comment: Comment, text: str, section: Section | None, position_offset: int = 0) -> Comment:
    new = Comment(
        response_id=comment.response_id, section=section, text=text, heading=comment.heading,
        position=comment.position + position_offset, original_id=comment.id,
        source_attachment_id=comment.source_attachment_id,
    )
    comment.status = CommentStatus.SUPERSEDED
    db.session.add(new)
    db.session.flush()
    return new


def _where(section: Section | None) -> str:
    return section.label if section else "Generelt"
