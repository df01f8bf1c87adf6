"""What a memo is compiled from, read as columns: a national hearing's 50,000 comments and 10,000 replies
come as rows of the few columns the memo needs (loading them as objects took most of the compile), the
5,000 responses as objects of their memo columns, with their parties. The rows are read on the session's
connection (Core), not through the ORM's row loading, which took as long again as the rows themselves, and
come as named tuples, whose fields read 40 times faster than a Row's (the compile reads a million)."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Row, select
from sqlalchemy.orm import aliased, load_only, selectinload

from app.extensions import db
from app.hearings.models import Hearing, Invitation, Section
from app.parties.models import Organisation
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.models import Comment, CommentStatus, Cosignature, Response, ResponseState


class CommentRow(NamedTuple):
    id: int
    response_id: int
    reply_id: int | None
    status: CommentStatus
    no_remarks: bool
    position: int
    heading: str | None
    text: str
    section_key: str | None  # None for a general remark


class ReplyRow(NamedTuple):
    id: int
    text: str | None
    outcome: Outcome | None
    status: ReplyStatus
    financial_consequence: bool
    financial_note: str | None
    general_text: str | None  # the text of the general remark that answers it instead


def _rows(statement):
    """The statement's rows, as the session would read them (after its pending changes, as it autoflushes)."""
    if db.session.autoflush:
        db.session.flush()
    return db.session.connection().execute(statement)


def _as(row_type, result) -> list:
    if tuple(result.keys()) != row_type._fields:
        raise ValueError(f"{row_type.__name__} has fields {row_type._fields}, the query {tuple(result.keys())}")
    return list(map(row_type._make, result))


def submitted_responses(hearing: Hearing) -> list[Response]:
    """In the order they came (the appendix's), with the columns the memo, its appendix and its tally read."""
    query = (
        select(Response)
        .where(Response.hearing_id == hearing.id, Response.state == ResponseState.SUBMITTED)
        .options(
            load_only(Response.kind, Response.organisation_id, Response.citizen_name, Response.publish_name,
                      Response.no_remarks, Response.signed_name, Response.signed_role, Response.received_on,
                      Response.full_text, Response.submitted_at, Response.preference, Response.alternative_id,
                      Response.variant_name, Response.variant_text, Response.preference_reason),
            selectinload(Response.organisation),
            selectinload(Response.cosignatures).selectinload(Cosignature.organisation),
        )
        .order_by(Response.submitted_at, Response.id)
    )
    return list(db.session.scalars(query))


def comment_rows(hearing: Hearing) -> list[CommentRow]:
    """Every comment of the submitted responses, response by response in the order they came and in each in
    its own order (the appendix's): id, response_id, reply_id, status, no_remarks, position, heading, text,
    and section_key (None for a general remark)."""
    return _as(CommentRow, _rows(
        select(Comment.id, Comment.response_id, Comment.reply_id, Comment.status, Comment.no_remarks,
               Comment.position, Comment.heading, Comment.text, Section.key.label("section_key"))
        .join(Response, Comment.response_id == Response.id)
        .outerjoin(Section, Comment.section_id == Section.id)
        .where(Response.hearing_id == hearing.id, Response.state == ResponseState.SUBMITTED)
        .order_by(Response.submitted_at, Response.id, Comment.position, Comment.id)
    ))


def reply_rows(hearing: Hearing) -> dict[int, ReplyRow]:
    """The hearing's replies by id: text, outcome, status, financial_consequence, financial_note, and the
    text of the general remark that answers it instead (general_text)."""
    general = aliased(Reply)
    rows = _as(ReplyRow, _rows(
        select(Reply.id, Reply.text, Reply.outcome, Reply.status, Reply.financial_consequence,
               Reply.financial_note, general.text.label("general_text"))
        .outerjoin(general, Reply.in_general_reply_id == general.id)
        .where(Reply.hearing_id == hearing.id)
    ))
    return {row.id: row for row in rows}


def invitation_rows(hearing: Hearing) -> list[Row]:
    """The list of parties: organisation_id, name, declined_at."""
    return list(_rows(
        select(Invitation.organisation_id, Organisation.name, Invitation.declined_at)
        .join(Organisation, Invitation.organisation_id == Organisation.id)
        .where(Invitation.hearing_id == hearing.id)
        .order_by(Invitation.id)
    ))
