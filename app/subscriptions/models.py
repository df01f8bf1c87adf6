"""Subscriptions: someone asked, by e-mail, to hear when hearings open or a memo is published.

Personal data (an address), so: confirmed before any mail goes (double opt-in), ended by one
click from any mail, shown and erased through the privacy pages, and an unconfirmed one goes
after a week (app.subscriptions.operations.remove_unconfirmed).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, enum_column_type, utcnow
from app.extensions import db
from app.hearings.models import Hearing
from app.labels import LabelledEnum


class Topic(LabelledEnum):
    NEW_HEARINGS = "new_hearings", _l("Alle nye høringer")
    COMMITTEE = "committee", _l("Nye høringer i ét udvalg")
    HEARING = "hearing", _l("Høringsnotatet i én høring")


class Event(LabelledEnum):
    OPENED = "opened", _l("Høringen er åbnet")
    MEMO_PUBLISHED = "memo_published", _l("Høringsnotatet er offentliggjort")


class Subscription(db.Model):
    __tablename__ = "subscriptions"
    __table_args__ = (
        # One subscription per address and scope; asking again sends the confirmation again.
        UniqueConstraint("email", "scope"),
        CheckConstraint("topic <> 'committee' OR committee IS NOT NULL", name="committee_named"),
        CheckConstraint("topic <> 'hearing' OR hearing_id IS NOT NULL", name="hearing_named"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)  # lower case
    topic: Mapped[Topic] = mapped_column(enum_column_type(Topic, "subscription_topic"))
    committee: Mapped[str | None] = mapped_column(String(200))
    hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearings.id", ondelete="CASCADE"), index=True)
    # "new_hearings", "committee:<name>" or "hearing:<id>": what the unique constraint compares.
    scope: Mapped[str] = mapped_column(String(260))
    locale: Mapped[str] = mapped_column(String(8), default="da")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    hearing: Mapped[Hearing | None] = relationship()

    @staticmethod
    def scope_of(topic: Topic, committee: str | None, hearing_id: int | None) -> str:
        if topic is Topic.COMMITTEE:
            return f"committee:{committee}"
        if topic is Topic.HEARING:
            return f"hearing:{hearing_id}"
        return topic.value

    @property
    def description(self) -> str:
        """What it is about, as the pages and mails say it."""
        if self.topic is Topic.COMMITTEE:
            return _l("Nye høringer i %(committee)s", committee=self.committee)
        if self.topic is Topic.HEARING:
            return _l("Høringsnotatet i høringen »%(title)s«", title=self.hearing.title)
        return self.topic.label


class Notice(db.Model):
    """One mail to one address about one event of one hearing: the unique key is what makes it
    exactly one, however many of the address's subscriptions match and however often the event
    is seen (a hearing opened, closed, opened again)."""

    __tablename__ = "subscription_notices"
    __table_args__ = (UniqueConstraint("email", "hearing_id", "event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id", ondelete="CASCADE"), index=True)
    event: Mapped[Event] = mapped_column(enum_column_type(Event, "subscription_event"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
