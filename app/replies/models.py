"""The administration's replies (forvaltningens bemærkninger) to comments."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.db_types import UTCDateTime, enum_column_type, utcnow
from app.extensions import db
from app.hearings.models import Hearing
from app.labels import LabelledEnum
from app.responses.models import Comment


class Outcome(LabelledEnum):
    ACCEPTED = "accepted", _l("Imødekommet")
    PARTLY_ACCEPTED = "partly_accepted", _l("Delvist imødekommet")
    NOT_ACCEPTED = "not_accepted", _l("Ikke imødekommet")
    NOTED = "noted", _l("Taget til efterretning")
    OUT_OF_SCOPE = "out_of_scope", _l("Uden for høringens emne")


class ReplyStatus(LabelledEnum):
    DRAFT = "draft", _l("Kladde")
    READY = "ready", _l("Til godkendelse")  # ready for approval
    APPROVED = "approved", _l("Godkendt")
    SENT_BACK = "sent_back", _l("Sendt tilbage")


class Reply(db.Model):
    """One reply answers one or more comments (a group of near-identical ones)."""

    __tablename__ = "replies"
    __table_args__ = (
        CheckConstraint(
            "status <> 'approved' OR (approved_at IS NOT NULL AND approved_by_id IS NOT NULL)",
            name="approved_has_approver",
        ),
        CheckConstraint("status NOT IN ('ready', 'approved') OR outcome IS NOT NULL", name="ready_has_outcome"),
        CheckConstraint("status <> 'sent_back' OR sent_back_reason IS NOT NULL", name="sent_back_has_reason"),
        CheckConstraint("draft_change IS NULL OR draft_change_key IS NOT NULL", name="draft_change_has_section"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[Outcome | None] = mapped_column(enum_column_type(Outcome, "reply_outcome"))
    status: Mapped[ReplyStatus] = mapped_column(
        enum_column_type(ReplyStatus, "reply_status"), default=ReplyStatus.DRAFT
    )
    financial_consequence: Mapped[bool] = mapped_column(default=False)
    financial_note: Mapped[str | None] = mapped_column(Text)
    # The section's new wording (Markdown, as the section editor writes it) and
    # which section it replaces: the comment's own section or any other, by key.
    draft_change: Mapped[str | None] = mapped_column(Text)
    draft_change_key: Mapped[str | None] = mapped_column(String(80))
    internal_note: Mapped[str | None] = mapped_column(Text)  # never leaves the administration
    # "Indgår i forvaltningens generelle bemærkninger": the general reply that answers this point too, so
    # the reply needs no text of its own (the 2019 administration answered the main points that way).
    in_general_reply_id: Mapped[int | None] = mapped_column(ForeignKey("replies.id"), index=True)
    sent_back_reason: Mapped[str | None] = mapped_column(Text)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # Who last sent it for approval, and when: the approver's queue is oldest first, and this
    # person is told when it is sent back.
    ready_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": lock_version}

    hearing: Mapped[Hearing] = relationship()
    comments: Mapped[list[Comment]] = relationship(back_populates="reply", order_by=Comment.id)
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    in_general_reply: Mapped["Reply | None"] = relationship(remote_side="Reply.id")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    ready_by: Mapped[User | None] = relationship(foreign_keys=[ready_by_id])

    @property
    def needs_own_text(self) -> bool:
        """A point the general remarks answer, or one the administration takes note of, needs no words of its own."""
        return self.in_general_reply_id is None and self.outcome is not Outcome.NOTED

    @property
    def is_general(self) -> bool:
        """It answers general remarks (comments on no section)."""
        return bool(self.comments) and all(comment.section_id is None for comment in self.comments)

    @property
    def is_sent_back(self) -> bool:
        return self.status is ReplyStatus.SENT_BACK

    @property
    def awaits_approval(self) -> bool:
        return self.status is ReplyStatus.READY

    @property
    def may_be_sent_for_approval(self) -> bool:
        """A draft, or one the team lead sent back, goes (again) to the team lead."""
        return self.status in (ReplyStatus.DRAFT, ReplyStatus.SENT_BACK)
