"""The political bodies a case goes to, and each meeting's outcome, vote and decision.

A meeting is recorded as the minutes (beslutningsprotokollen) write it: the
outcome, the vote by side with party letters and counts and a reason, the
absent members, and the decision text with its paragraphs.
"""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.db_types import UTCDateTime, enum_column_type, utcnow
from app.extensions import db
from app.hearings.models import Hearing
from app.labels import LabelledEnum


class MeetingOutcome(LabelledEnum):
    RECOMMENDED = "recommended", _l("Anbefalet")  # to the next body, which decides
    APPROVED = "approved", _l("Godkendt")
    NOTED = "noted", _l("Taget til efterretning")
    POSTPONED = "postponed", _l("Udsat")
    REJECTED = "rejected", _l("Forkastet")
    REFERRED = "referred", _l("Oversendt")  # to another body

    @property
    def ends_the_case(self) -> bool:
        """The case has had its final word; a recommendation, postponement or referral goes on."""
        return self in (MeetingOutcome.APPROVED, MeetingOutcome.NOTED, MeetingOutcome.REJECTED)


class VoteSide(LabelledEnum):
    FOR = "for", _l("For")
    AGAINST = "against", _l("Imod")
    ABSTAINING = "abstaining", _l("Undlod at stemme")


class CommitteeBody(db.Model):
    """A political body a case goes to: Social- og Sundhedsudvalget, Økonomiudvalget, Kommunalbestyrelsen."""

    __tablename__ = "committee_bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)


class Meeting(db.Model):
    """One treatment of the hearing's case in one body, on one day."""

    __tablename__ = "committee_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("committee_bodies.id"), index=True)
    held_on: Mapped[date]
    outcome: Mapped[MeetingOutcome] = mapped_column(enum_column_type(MeetingOutcome, "meeting_outcome"))
    decision_text: Mapped[str] = mapped_column(Text, default="")
    absent: Mapped[str] = mapped_column(Text, default="")  # one member a line: "Jørn Moos (V)"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    hearing: Mapped[Hearing] = relationship(back_populates="meetings")
    body: Mapped[CommitteeBody] = relationship()
    created_by: Mapped[User | None] = relationship()
    votes: Mapped[list["MeetingVote"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingVote.position"
    )

    @property
    def absent_members(self) -> list[str]:
        return [line.strip() for line in self.absent.splitlines() if line.strip()]


class MeetingVote(db.Model):
    """One side of a vote: "6 (C, F, V og O) stemte for", "1 (A) stemte imod, idet …"."""

    __tablename__ = "meeting_votes"
    __table_args__ = (
        UniqueConstraint("meeting_id", "side"),
        CheckConstraint("count >= 0", name="count_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("committee_meetings.id", ondelete="CASCADE"), index=True)
    side: Mapped[VoteSide] = mapped_column(enum_column_type(VoteSide, "vote_side"))
    position: Mapped[int] = mapped_column(default=0)  # for, against, abstaining: as the minutes list them
    count: Mapped[int]
    parties: Mapped[str] = mapped_column(String(200), default="")  # "C, F, V og O" or "3 (C), 2 (A), 1 (V)"
    reason: Mapped[str] = mapped_column(Text, default="")  # "idet model 2 ikke bør indgå …"

    meeting: Mapped[Meeting] = relationship(back_populates="votes")
