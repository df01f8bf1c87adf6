"""What a memo is compiled from, read as columns: a national hearing's 50,000 comments and 10,000 replies
come as rows of the few columns the memo needs (loading them as objects took most of the compile), the
5,000 responses as objects of their memo columns, with their parties."""

from __future__ import annotations

from sqlalchemy import Row, select
from sqlalchemy.orm import aliased, load_only, selectinload

from app.extensions import db
from app.hearings.models import Hearing, Invitation, Section
from app.parties.models import Organisation
from app.replies.models import Reply
from app.responses.models import Comment, Cosignature, Response, ResponseState


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


def comment_rows(hearing: Hearing) -> list[Row]:
    """Every comment of the submitted responses, response by response in the order they came and in each in
    its own order (the appendix's): id, response_id, reply_id, status, no_remarks, position, heading, text,
    and section_key (None for a general remark)."""
    return list(db.session.execute(
        select(Comment.id, Comment.response_id, Comment.reply_id, Comment.status, Comment.no_remarks,
               Comment.position, Comment.heading, Comment.text, Section.key.label("section_key"))
        .join(Response, Comment.response_id == Response.id)
        .outerjoin(Section, Comment.section_id == Section.id)
        .where(Response.hearing_id == hearing.id, Response.state == ResponseState.SUBMITTED)
        .order_by(Response.submitted_at, Response.id, Comment.position, Comment.id)
    ))


def reply_rows(hearing: Hearing) -> dict[int, Row]:
    """The hearing's replies by id: text, outcome, status, financial_consequence, financial_note, and the
    text of the general remark that answers it instead (general_text)."""
    general = aliased(Reply)
    rows = db.session.execute(
        select(Reply.id, Reply.text, Reply.outcome, Reply.status, Reply.financial_consequence,
               Reply.financial_note, general.text.label("general_text"))
        .outerjoin(general, Reply.in_general_reply_id == general.id)
        .where(Reply.hearing_id == hearing.id)
    )
    return {row.id: row for row in rows}


def invitation_rows(hearing: Hearing) -> list[Row]:
    """The list of parties: organisation_id, name, declined_at."""
    return list(db.session.execute(
        select(Invitation.organisation_id, Organisation.name, Invitation.declined_at)
        .join(Organisation, Invitation.organisation_id == Organisation.id)
        .where(Invitation.hearing_id == hearing.id)
        .order_by(Invitation.id)
    ))
