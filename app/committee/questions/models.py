"""A committee member's written question on a postponed case, and the administration's answer.

The minutes of 21 August 2013 (seed 000): "De til mødet stillede spørgsmål, og
evt. yderligere spørgsmål fra udvalgets medlemmer, besvares skriftligt i
forbindelse med næste behandling af sagen." Each question is numbered in the
order it was asked (1), 2) …), names its asker as the minutes do ("Gitte
Westermann (V)"), and is answered by the hearing's case officers; a team lead
approves the answer, never its writer. When every answer is approved, the
committee's members are told once.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Role, User
from app.committee.meetings.models import MeetingOutcome
from app.db_types import UTCDateTime, enum_column_type, utcnow
from app.extensions import db
from app.hearings.models import Hearing
from app.labels import LabelledEnum


class AnswerStatus(LabelledEnum):
    UNANSWERED = "unanswered", _l("Ikke besvaret")
    READY = "ready", _l("Til godkendelse")
    SENT_BACK = "sent_back", _l("Sendt tilbage")  # by the team lead, with a reason; the officer answers again
    APPROVED = "approved", _l("Godkendt")


class CommitteeQuestion(db.Model):
    __tablename__ = "committee_questions"
    __table_args__ = (
        UniqueConstraint("hearing_id", "number"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("status = 'unanswered' OR answer <> ''", name="answered_has_text"),
        CheckConstraint("status <> 'approved' OR approved_at IS NOT NULL", name="approved_has_time"),
        CheckConstraint("status <> 'sent_back' OR sent_back_reason IS NOT NULL", name="sent_back_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id"), index=True)
    number: Mapped[int]  # 1, 2 … in the order asked, per hearing
    # As the table prints it: "1)", or "a)" for the points of an answer the minutes list as rows of their own.
    mark: Mapped[str] = mapped_column(String(10))
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    asker: Mapped[str] = mapped_column(String(250))  # "Gitte Westermann (V)", kept as asked
    text: Mapped[str] = mapped_column(Text)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[AnswerStatus] = mapped_column(enum_column_type(AnswerStatus, "answer_status"),
                                                 default=AnswerStatus.UNANSWERED)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    members_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the mail that the answers are there
    # The team lead's reason when they sent the answer back; kept until the answer is approved, as on replies.
    sent_back_reason: Mapped[str | None] = mapped_column(Text)
    sent_back_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    hearing: Mapped[Hearing] = relationship()
    asked_by: Mapped[User | None] = relationship(foreign_keys=[asked_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    sent_back_by: Mapped[User | None] = relationship(foreign_keys=[sent_back_by_id])

    @property
    def is_approved(self) -> bool:
        return self.status is AnswerStatus.APPROVED

    def can_answer(self, user) -> bool:
        """The hearing's own people write the answer until it is approved."""
        return not self.is_approved and self.hearing.can_edit(user)


def takes_questions(hearing: Hearing) -> bool:
    """Questions are asked while the case stands postponed: its latest meeting's outcome is udsat."""
    return bool(hearing.meetings) and hearing.meetings[-1].outcome is MeetingOutcome.POSTPONED


def can_ask(hearing: Hearing, user) -> bool:
    """Only the hearing's committee members ask; staff answer."""
    return (user.is_authenticated and user.active and user.role is Role.COMMITTEE
            and any(member.id == user.id for member in hearing.committee_members))


def can_approve_answers(hearing: Hearing, user) -> bool:
    """Only a team lead approves, as with replies; that it is not their own answer (four eyes) is
    checked when they do (app.committee.questions.operations.approve), with the reason."""
    return hearing.can_view(user) and user.role is Role.APPROVER
