"""Registering a letter that came by e-mail as a party's response.

The letter becomes a response of kind LETTER, submitted when it is
registered, with the date it was received; its points become comments that
point back to the original file; and a frozen copy in the same shape as an
online response's (see `app.responses.operations.submission_content`) lets the
memo read letters and online responses alike.

While the officer splits the letter, the uploaded file waits as a pending
attachment: the hearing's, no response's, personal, uploaded by the officer.
It becomes the response's file when the letter is saved, is deleted when the
officer discards the registration, and is swept away after
`PENDING_LIFETIME` if the officer just leaves.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select

from app.accounts.models import User
from app.attachments.models import Attachment
from app.attachments.operations import store_attachment
from app.audit.operations import record
from app.extensions import db
from app.hearings.models import DraftVersion, Hearing, Invitation, Section
from app.parties.models import Organisation
from app.responses import drafts
from app.responses.letters import Point, SectionRef
from app.responses.letters.matching import plain_start
from app.responses.models import Comment, Response, ResponseKind, ResponseState, ResponseSubmission
from app.responses.operations import ATTACHMENTS
from app.timezone import to_local

PENDING_LIFETIME = timedelta(days=2)


def may_register_letters(hearing: Hearing, user) -> bool:
    return hearing.takes_letters and hearing.can_edit(user)


@dataclass
class LetterDetails:
    organisation: Organisation
    received_on: date
    signed_name: str
    signed_role: str | None


def current_sections(hearing: Hearing) -> list[Section]:
    return list(db.session.scalars(
        select(Section).where(Section.version_id == hearing.current_version.id).order_by(Section.position)
    ))


def section_refs(sections: list[Section]) -> list[SectionRef]:
    """What the split needs of each section, its legal basis included (see `letters.matching`)."""
    keys = {s.id: s.key for s in sections}
    return [SectionRef(s.key, s.number, s.heading, keys.get(s.parent_id), s.label, plain_start(s.body_html))
            for s in sections]


def invitation_of(hearing: Hearing, organisation_id: int) -> Invitation | None:
    return db.session.scalar(
        select(Invitation).where(Invitation.hearing_id == hearing.id, Invitation.organisation_id == organisation_id)
    )


def earlier_responses(hearing: Hearing, organisation_id: int) -> list[Response]:
    """What the party already sent: an online response, or letters registered before."""
    return list(db.session.scalars(
        select(Response).where(
            Response.hearing_id == hearing.id, Response.organisation_id == organisation_id,
            Response.state == ResponseState.SUBMITTED,
        ).order_by(Response.submitted_at)
    ))


@dataclass
class LetterWarnings:
    """What the officer should look at before saving: none of it stops the registration."""

    earlier: list[Response]  # the party already answered (online, or a letter registered before)
    same_file: Response | None  # this very file (same SHA-256) is already registered with that response
    before_opening: date | None  # the letter is dated before the hearing opened on this day


def letter_warnings(hearing: Hearing, organisation_id: int | None, received_on: date | None,
                    pending: Attachment | None) -> LetterWarnings:
    opened = to_local(hearing.opens_at).date() if hearing.opens_at else None
    return LetterWarnings(
        earlier=earlier_responses(hearing, organisation_id) if organisation_id else [],
        same_file=registered_with_same_file(hearing, pending.sha256) if pending is not None else None,
        before_opening=opened if opened and received_on and received_on < opened else None,
    )


def registered_with_same_file(hearing: Hearing, sha256: str) -> Response | None:
    return db.session.scalar(
        select(Response).join(Attachment, Attachment.response_id == Response.id)
        .where(Response.hearing_id == hearing.id, Response.state == ResponseState.SUBMITTED,
               Attachment.sha256 == sha256)
        .order_by(Response.submitted_at).limit(1)
    )


# ---------------------------------------------------------------- the pending file


def store_pending(hearing: Hearing, filename: str, data: bytes, content_type: str, user: User) -> Attachment:
    return store_attachment(filename, data, content_type, hearing_id=hearing.id, personal=True,
                            uploaded_by_id=user.id)


def pending_attachment(hearing: Hearing, attachment_id: int | None, user: User) -> Attachment | None:
    """The officer's own file waiting for this hearing's letter; None for anything else."""
    if not attachment_id:
        return None
    attachment = db.session.get(Attachment, attachment_id)
    if (attachment is None or attachment.hearing_id != hearing.id or attachment.response_id is not None
            or not attachment.is_personal or attachment.uploaded_by_id != user.id):
        return None
    return attachment


def discard_pending(attachment: Attachment | None) -> None:
    if attachment is not None:
        db.session.delete(attachment)


def sweep_pending(now: datetime) -> int:
    """Delete files of letters that were never saved nor discarded (the officer left the page)."""
    originals = select(DraftVersion.original_attachment_id).where(DraftVersion.original_attachment_id.is_not(None))
    referenced = select(Comment.source_attachment_id).where(Comment.source_attachment_id.is_not(None))
    result = db.session.execute(
        delete(Attachment).where(
            Attachment.hearing_id.is_not(None), Attachment.response_id.is_(None), Attachment.is_personal,
            Attachment.uploaded_by_id.is_not(None), Attachment.created_at < now - PENDING_LIFETIME,
            Attachment.id.not_in(originals), Attachment.id.not_in(referenced),
        ).execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


# ---------------------------------------------------------------- saving


def register_letter(
    hearing: Hearing, sections: list[Section], details: LetterDetails, points: list[Point],
    attachment: Attachment | None, officer: User, now: datetime,
) -> Response:
    """The letter as a submitted response of the party, with its points and the original."""
    if not hearing.takes_letters:
        raise ValueError(f"letters are not registered on a hearing in state {hearing.state.value}")
    invitation = invitation_of(hearing, details.organisation.id)
    deadline = to_local(hearing.deadline_at).date() if hearing.deadline_at else None
    response = Response(
        hearing=hearing, kind=ResponseKind.LETTER, organisation=details.organisation, invitation=invitation,
        state=ResponseState.SUBMITTED, submitted_at=now, received_on=details.received_on,
        registered_by_id=officer.id, signed_name=details.signed_name, signed_role=details.signed_role or None,
        no_remarks=not points, is_late=deadline is not None and details.received_on > deadline, draft={},
    )
    db.session.add(response)
    db.session.flush()
    if attachment is not None:
        attachment.response_id, attachment.hearing_id = response.id, None
    by_key = {s.key: s for s in sections}
    for position, point in enumerate(points):
        db.session.add(Comment(
            response=response, section=by_key[point.section_key] if point.section_key else None,
            position=position, heading=point.heading, text=point.text, no_remarks=point.no_remarks,
            source_attachment_id=attachment.id if attachment else None,
        ))
    content = letter_content(sections, details, points, attachment)
    db.session.add(ResponseSubmission(response=response, number=1, submitted_at=now, content=content))
    record("letter_registered", response, hearing_id=hearing.id, organisation=details.organisation.name,
           received_on=details.received_on.isoformat(), points=len(points),
           attachment=attachment.filename if attachment else None)
    return response


def letter_content(sections: list[Section], details: LetterDetails, points: list[Point],
                   attachment: Attachment | None) -> dict:
    """The frozen copy, shaped as an online response's: general remarks, then one text per
    section in the draft's order; the letter's own sub-headings stay in the text."""

    def texts(key: str | None) -> str:
        return "\n\n".join(
            f"{p.heading}\n\n{p.text}" if p.heading else p.text for p in points if p.section_key == key
        )

    return {
        drafts.GENERAL: texts(None),
        "sections": [
            {"key": s.key, "label": s.label, "text": texts(s.key)}
            for s in sections if any(p.section_key == s.key for p in points)
        ],
        drafts.NO_REMARKS: not points,
        drafts.SIGNED_NAME: details.signed_name,
        drafts.SIGNED_ROLE: details.signed_role or "",
        ATTACHMENTS: [
            {"id": attachment.id, "filename": attachment.filename, "size": attachment.size,
             "sha256": attachment.sha256}
        ] if attachment else [],
    }
