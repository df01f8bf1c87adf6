"""Keeping a mail that came to a hearing's address, opening it into the letter flow, and closing it.

A mail is kept once: `keep_mail` inserts it in a transaction of its own, and the unique
(Message-ID, content hash) makes a second insert fail, whether it comes from
the same fetch run again after a crash or from another fetch running at the
same time. `mark_registered` changes the state only from waiting, in one
UPDATE, so two officers saving the same mail cannot both register it.
"""

import hashlib
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.attachments.checks import check_document
from app.attachments.models import Attachment
from app.attachments.operations import safe_filename, store_attachment
from app.audit.operations import record
from app.extensions import db
from app.hearings.models import Hearing, Invitation
from app.parties.models import ContactPerson
from app.refusals import Refused
from app.responses.letters import operations as registering
from app.responses.letters.mailbox.content import MailContent, hearing_address
from app.responses.letters.mailbox.models import IncomingFile, IncomingMail, IncomingState
from app.responses.models import Response

WAITING = IncomingState.WAITING


def hearing_mail_address(hearing: Hearing) -> str:
    """The hearing's own address ("hoering+<slug>@kommune.dk"), or "" when there is no mailbox."""
    return hearing_address(current_app.config.get("MAILBOX_ADDRESS", ""), hearing.slug)


def hearing_by_slug(slug: str) -> Hearing | None:
    return db.session.scalar(select(Hearing).where(Hearing.slug == slug))


def is_kept(message_id: str, content_sha256: str) -> bool:
    return db.session.scalar(
        select(IncomingMail.id).where(IncomingMail.message_id == message_id,
                                      IncomingMail.content_sha256 == content_sha256)
    ) is not None


def keep_mail(hearing: Hearing, content: MailContent, uid: int, uidvalidity: int | None,
              now: datetime) -> IncomingMail | None:
    """The mail as waiting for the hearing's officers; None when it is already kept (by any fetch).
    Called in a transaction of its own, committed at once: a duplicate rolls it back."""
    contact = matching_contact(hearing, content.sender_email)
    mail = IncomingMail(
        hearing_id=hearing.id, message_id=content.message_id, content_sha256=content.content_sha256,
        imap_uid=uid, imap_uidvalidity=uidvalidity, sender_email=content.sender_email,
        sender_name=content.sender_name, subject=content.subject, sent_at=content.sent_at, fetched_at=now,
        body_text=content.body_text, contact_id=contact.id if contact else None,
        organisation_id=contact.organisation_id if contact else None, state=WAITING,
    )
    for position, file in enumerate(content.files):
        mail.files.append(_incoming_file(position, file.filename, file.content_type, file.data))
    db.session.add(mail)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()  # the caller's transaction holds this mail only (see imap._keep_new)
        return None  # another fetch kept it first
    record("mail_received", mail, hearing_id=hearing.id, files=len(mail.kept_files),
           refused_files=len(mail.refused_files), party=mail.organisation.name if mail.organisation else None)
    return mail


def _incoming_file(position: int, filename: str, content_type: str, data: bytes) -> IncomingFile:
    """Checked as an upload is: by what the bytes are, the size, active content, zip bombs."""
    try:
        checked_type = check_document(filename, data)
    except Refused as refused:
        return IncomingFile(position=position, filename=_shown_name(filename), content_type=content_type[:100],
                            size=len(data), refusal=" ".join(str(r) for r in refused.reasons))
    return IncomingFile(position=position, filename=safe_filename(filename, checked_type), content_type=checked_type,
                        size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data)


def _shown_name(filename: str) -> str:
    """The name as sent, cleaned for display (no path, no control characters), its extension kept."""
    extension = filename.rsplit(".", 1)[1][:10] if "." in filename else ""
    return safe_filename(filename, "") + (f".{safe_filename(extension, '')}" if extension else "")


def matching_contact(hearing: Hearing, email: str) -> ContactPerson | None:
    """The active contact person with this address, of a party invited to the hearing first."""
    if not email:
        return None
    invited = select(Invitation.organisation_id).where(Invitation.hearing_id == hearing.id)
    candidates = db.session.scalars(
        select(ContactPerson).where(func.lower(ContactPerson.email) == email.lower(), ContactPerson.active)
        .order_by(ContactPerson.organisation_id.in_(invited).desc(), ContactPerson.id)
    ).all()
    return candidates[0] if candidates else None


# ---------------------------------------------------------------- for the officer


def waiting_mails(hearing: Hearing) -> list[IncomingMail]:
    return list(db.session.scalars(
        select(IncomingMail).where(IncomingMail.hearing_id == hearing.id, IncomingMail.state == WAITING)
        .order_by(IncomingMail.fetched_at, IncomingMail.id)
    ))


def mail_of(hearing: Hearing, mail_id: int) -> IncomingMail | None:
    if not 0 < mail_id < 2**31:  # a tampered number: never a query PostgreSQL refuses
        return None
    mail = db.session.get(IncomingMail, mail_id)
    return mail if mail is not None and mail.hearing_id == hearing.id else None


def letter_file(mail: IncomingMail) -> IncomingFile | None:
    """The file that is the letter: the first one kept (a mail with none is its own text)."""
    kept = mail.kept_files
    return kept[0] if kept else None


def open_into_letter(hearing: Hearing, mail: IncomingMail, officer: User) -> Attachment | None:
    """The letter's file as the officer's pending attachment, which the check-and-split flow reads."""
    file = letter_file(mail)
    if file is None:
        return None
    return registering.store_pending(hearing, file.filename, file.data, file.content_type, officer)


def mark_registered(mail: IncomingMail, response: Response, officer: User, now: datetime) -> bool:
    """The mail became this response; False when it was no longer waiting (registered by someone else)."""
    changed = db.session.execute(
        update(IncomingMail).where(IncomingMail.id == mail.id, IncomingMail.state == WAITING)
        .values(state=IncomingState.REGISTERED, response_id=response.id, handled_by_id=officer.id, handled_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        return False
    db.session.refresh(mail)
    letter = letter_file(mail)
    for file in mail.kept_files:  # the letter itself is already the response's file
        if file is not letter and file.data is not None:
            store_attachment(file.filename, file.data, file.content_type, response_id=response.id)
    _drop_file_data(mail)
    record("mail_registered", mail, hearing_id=mail.hearing_id, response_id=response.id)
    return True


def set_aside(mail: IncomingMail, officer: User, now: datetime) -> bool:
    """Not a response (spam, a question, a duplicate sent by hand): out of the list, its files deleted."""
    changed = db.session.execute(
        update(IncomingMail).where(IncomingMail.id == mail.id, IncomingMail.state == WAITING)
        .values(state=IncomingState.SET_ASIDE, handled_by_id=officer.id, handled_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        return False
    db.session.refresh(mail)
    _drop_file_data(mail)
    record("mail_set_aside", mail, hearing_id=mail.hearing_id)
    return True


def _drop_file_data(mail: IncomingMail) -> None:
    """The mail stays (its identity keeps it from being fetched again); its files' bytes are not kept twice."""
    for file in mail.files:
        file.data = None


def forget_mails(hearing: Hearing) -> int:
    """Retention: who wrote, what they wrote and their files go; the mail's identity (Message-ID, hash) stays,
    so the mail is never fetched again."""
    mails = db.session.scalars(select(IncomingMail).where(IncomingMail.hearing_id == hearing.id)).all()
    for mail in mails:
        mail.sender_email = mail.sender_name = mail.subject = mail.body_text = ""
        mail.contact_id = None
        mail.files.clear()
    return len(mails)


# ---------------------------------------------------------------- the mailbox's side


def handled_not_moved() -> list[IncomingMail]:
    """Mails whose letter is saved (or set aside) but which still lie in the IMAP folder."""
    return list(db.session.scalars(
        select(IncomingMail).where(IncomingMail.state != WAITING, IncomingMail.moved_at.is_(None))
        .order_by(IncomingMail.id)
    ))
