"""A mail that came to a hearing's own address, waiting for a case officer's check.

`flask letters fetch` keeps each mail once: the pair (Message-ID, content hash)
is unique, so a fetch that runs twice, or two at once, or again after a crash
before its commit, never keeps a mail twice. Its files are kept here, not as
attachments, until the officer opens the mail: then the letter's file is copied
into the existing check-and-split flow (a pending attachment), and when the
letter is saved the mail is marked registered and its other files go with the
response.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.db_types import UTCDateTime, enum_column_type, utcnow
from app.extensions import db
from app.hearings.models import Hearing
from app.labels import LabelledEnum
from app.parties.models import ContactPerson, Organisation

MAX_MESSAGE_ID_CHARS = 500


class IncomingState(LabelledEnum):
    WAITING = "waiting", _l("Venter")
    REGISTERED = "registered", _l("Registreret som høringssvar")
    SET_ASIDE = "set_aside", _l("Lagt til side, ikke et høringssvar")


class IncomingMail(db.Model):
    __tablename__ = "incoming_mails"
    __table_args__ = (
        UniqueConstraint("message_id", "content_sha256", name="uq_incoming_mails_message"),
        CheckConstraint("length(content_sha256) = 64", name="content_sha256_length"),
        CheckConstraint("state <> 'registered' OR response_id IS NOT NULL", name="registered_has_response"),
        CheckConstraint("state = 'waiting' OR handled_at IS NOT NULL", name="handled_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id"), index=True)
    # The mail's identity: its Message-ID ("" when it has none) and a hash of what it says, not of the
    # trace headers servers add on the way.
    message_id: Mapped[str] = mapped_column(String(MAX_MESSAGE_ID_CHARS))
    content_sha256: Mapped[str] = mapped_column(String(64))
    # Where it lies in the IMAP folder, to move it once it is handled (UIDs hold while UIDVALIDITY does).
    imap_uid: Mapped[int] = mapped_column(BigInteger)
    imap_uidvalidity: Mapped[int | None] = mapped_column(BigInteger)

    sender_email: Mapped[str] = mapped_column(String(254))
    sender_name: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(500), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the Date header
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    body_text: Mapped[str] = mapped_column(Text, default="")  # plain text; an HTML body is cleaned first

    # The party whose contact person's address sent it, when one matches.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact_persons.id"), index=True)

    state: Mapped[IncomingState] = mapped_column(
        enum_column_type(IncomingState, "incoming_state"), default=IncomingState.WAITING
    )
    response_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id"), index=True)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # moved out of the IMAP folder

    hearing: Mapped[Hearing] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    contact: Mapped[ContactPerson | None] = relationship()
    files: Mapped[list["IncomingFile"]] = relationship(
        back_populates="mail", order_by="IncomingFile.position", cascade="all, delete-orphan"
    )

    @property
    def is_waiting(self) -> bool:
        return self.state is IncomingState.WAITING

    @property
    def kept_files(self) -> list["IncomingFile"]:
        return [f for f in self.files if f.refusal is None]

    @property
    def refused_files(self) -> list["IncomingFile"]:
        return [f for f in self.files if f.refusal is not None]

    @property
    def sender(self) -> str:
        return f"{self.sender_name} <{self.sender_email}>" if self.sender_name else self.sender_email

    def __repr__(self) -> str:
        return f"<IncomingMail {self.id} {self.state.value}>"


class IncomingFile(db.Model):
    """A file attached to the mail: kept when it passed the checks uploads pass, else only its name and why."""

    __tablename__ = "incoming_files"
    __table_args__ = (
        CheckConstraint("refusal IS NOT NULL OR length(sha256) = 64", name="kept_has_sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mail_id: Mapped[int] = mapped_column(ForeignKey("incoming_mails.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    filename: Mapped[str] = mapped_column(String(255))  # shown only, never used as a path
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), default="")
    # None once the mail is handled: the letter's file is then the response's, not kept twice.
    data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    refusal: Mapped[str | None] = mapped_column(Text)  # why it was not kept, in the officer's words

    mail: Mapped[IncomingMail] = relationship(back_populates="files")
