"""The alternatives a hearing puts to hearing, as parts of its draft."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, utcnow
from app.extensions import db

if TYPE_CHECKING:
    from app.hearings.models import DraftVersion, Hearing, Section


class Alternative(db.Model):
    """One of the alternatives a hearing puts to hearing ("Model 2").

    It belongs to the hearing, not to a draft version, and names its part of
    the draft by the stable key of a top-level section: the part follows the
    section into every new version, and a response's preference never moves.
    """

    __tablename__ = "alternatives"
    __table_args__ = (
        UniqueConstraint("hearing_id", "position"),
        UniqueConstraint("hearing_id", "name"),
        CheckConstraint("position >= 0", name="position_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(120))  # "Model 2"
    section_key: Mapped[str | None] = mapped_column(String(80))  # its top-level section in the draft
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    hearing: Mapped[Hearing] = relationship(back_populates="alternatives")

    def section_in(self, version: DraftVersion | None) -> Section | None:
        """Its part of the draft in `version` (the section with its key), if there is one."""
        if version is None or self.section_key is None:
            return None
        return next((s for s in version.sections if s.key == self.section_key), None)
