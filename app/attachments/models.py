"""Uploaded files, kept in the database so app servers hold no state on disk."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app.db_types import UTCDateTime, utcnow
from app.extensions import db


class Attachment(db.Model):
    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint("size >= 0", name="size_not_negative"),
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # A response's attachment (a PDF, the letter itself) or a hearing's own file.
    response_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id"), index=True)
    hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearings.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))  # shown only, never used as a path
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # Deferred: listing attachments must not pull megabytes from the database.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    is_personal: Mapped[bool] = mapped_column(default=True)  # removed by retention
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
