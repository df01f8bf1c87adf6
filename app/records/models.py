"""One row per document filed (or to be filed) on a hearing's case."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.db_types import UTCDateTime, enum_column_type, utcnow
from app.extensions import db
from app.hearings.models import Hearing
from app.labels import LabelledEnum


class FilingState(LabelledEnum):
    WAITING = "waiting", _l("Venter")
    FILED = "filed", _l("Journaliseret")
    FAILED = "failed", _l("Mislykkedes")


class FilingRecord(db.Model):
    """A document version on its way to the records system. `document_key` names the document and its
    version ("memo:7:v2"): unique, so a document is never queued twice, and the marker each adapter looks
    for before it sends, so a retry after a lost answer does not file it twice."""

    __tablename__ = "filing_records"
    __table_args__ = (
        CheckConstraint("state <> 'filed' OR (records_id IS NOT NULL AND sha256 IS NOT NULL)",
                        name="filed_has_id"),
        CheckConstraint("tries >= 0", name="tries_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id"), index=True)
    document_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))  # a key of app.records.documents.BUILDERS
    object_id: Mapped[int | None]
    version: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(300))
    filename: Mapped[str | None] = mapped_column(String(255))
    mimetype: Mapped[str | None] = mapped_column(String(100))
    sha256: Mapped[str | None] = mapped_column(String(64))
    dated: Mapped[date | None]  # the document's own date, as the records system gets it
    sender: Mapped[str | None] = mapped_column(String(200))
    # The bytes as first built, so every try sends the same file; emptied once filed.
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    state: Mapped[FilingState] = mapped_column(enum_column_type(FilingState, "filing_state"),
                                               default=FilingState.WAITING)
    adapter: Mapped[str] = mapped_column(String(20))
    records_id: Mapped[str | None] = mapped_column(String(200))  # the records system's id of the document
    tries: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    hearing: Mapped[Hearing] = relationship()
