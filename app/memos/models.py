"""Finalised memos (høringsnotater): frozen, numbered, hashed snapshots."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.accounts.models import User
from app.db_types import UTCDateTime, utcnow
from app.extensions import db
from app.hearings.models import Hearing


class Memo(db.Model):
    """A finalised version of a hearing's memo. The live preview is never stored;
    each finalisation freezes the compiled content and its SHA-256."""

    __tablename__ = "memos"
    __table_args__ = (
        UniqueConstraint("hearing_id", "version"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id"), index=True)
    version: Mapped[int]
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(String(64))
    changes: Mapped[str | None] = mapped_column(Text)  # what changed since the previous version
    override_reason: Mapped[str | None] = mapped_column(Text)  # finalised with open points
    finalised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finalised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    hearing: Mapped[Hearing] = relationship()
    finalised_by: Mapped[User | None] = relationship()


class MemoFile(db.Model):
    """A finalised version's file (the memo, its appendix or its public copy, as HTML, Word or PDF), rendered
    once by a background job and stored: later downloads serve these bytes (app/memos/jobs.py)."""

    __tablename__ = "memo_files"
    __table_args__ = (
        UniqueConstraint("memo_id", "part", "file_format"),
        CheckConstraint("part IN ('memo', 'appendix', 'public')", name="part_known"),
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    memo_id: Mapped[int] = mapped_column(ForeignKey("memos.id"), index=True)
    # "memo", "appendix", or "public": the memo without the members' questions, for a version that has them
    part: Mapped[str] = mapped_column(String(20))
    file_format: Mapped[str] = mapped_column(String(10))  # html, docx, pdf
    filename: Mapped[str] = mapped_column(String(255))
    mimetype: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Deferred: lists of files must not pull their bytes from the database.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))

    memo: Mapped[Memo] = relationship()
