"""The mail outbox: messages are queued with the change that causes them."""

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.db_types import UTCDateTime, enum_column_type, utcnow
from app.extensions import db


class OutboxStatus(enum.Enum):
    PENDING = "pending"  # waiting for its next attempt
    SENDING = "sending"  # claimed by a sender until claimed_until
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_due", "status", "next_attempt_at"),
        CheckConstraint("status <> 'sent' OR sent_at IS NOT NULL", name="sent_has_time"),
        CheckConstraint("status <> 'sending' OR claimed_until IS NOT NULL", name="sending_has_lease"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The Message-ID header, fixed at queueing: a message retried after a crash
    # keeps its id, so a receiving server can drop the duplicate.
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearings.id"), index=True)
    status: Mapped[OutboxStatus] = mapped_column(
        enum_column_type(OutboxStatus, "outbox_status"), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    # A one-click unsubscribe address (RFC 8058) for the List-Unsubscribe header; gone once sent, like tokens.
    list_unsubscribe: Mapped[str | None] = mapped_column(String(500))

    attachments: Mapped[list["OutboxAttachment"]] = relationship(
        back_populates="message", order_by="OutboxAttachment.id", cascade="all, delete-orphan"
    )


class OutboxAttachment(db.Model):
    """A file sent with a message, kept with it until it is delivered.

    Either its bytes are given when the mail is queued, or it is made when the
    mail is sent, from what `kind` names (a receipt PDF of `response_submission`,
    see BUILDERS in app.notifications.operations): making a PDF takes half a second, which a
    submission should not wait for. Once made, the bytes are kept here, so a
    retry sends the very same file.
    """

    __tablename__ = "outbox_attachments"
    __table_args__ = (
        CheckConstraint("data IS NOT NULL OR kind IS NOT NULL", name="has_data_or_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_messages.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    # What to make at sending when `data` is not given yet, in which language.
    kind: Mapped[str | None] = mapped_column(String(40))
    locale: Mapped[str | None] = mapped_column(String(10))
    # A receipt's submission; when it is erased (privacy, retention), the file not yet made goes with it.
    response_submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("response_submissions.id", ondelete="CASCADE"), index=True
    )

    message: Mapped[OutboxMessage] = relationship(back_populates="attachments")
