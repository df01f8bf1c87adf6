"""What waits for an administrator: users who cannot get in or are being guessed at, hearings
nobody runs, and hearings whose personal data is to be removed soon."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import and_, exists, select

from app.accounts.models import PasswordToken, User
from app.accounts.operations import FAILED_LOGIN_WINDOW, WARN_AFTER_FAILED_LOGINS
from app.extensions import db
from app.hearings.models import Hearing, HearingState, hearing_officers
from app.retention.operations import due_hearings, retention_date

RETENTION_NOTICE = timedelta(days=30)  # time enough to move a date that is wrong


@dataclass
class RetentionDue:
    hearing: Hearing
    until: date

    def is_past(self, today: date) -> bool:
        return today > self.until


def guessed_at(now: datetime) -> list[User]:
    """Active users with many wrong passwords within the day: the owner was told; an administrator
    may want to ask them."""
    return list(db.session.scalars(
        select(User).where(User.active, User.failed_logins >= WARN_AFTER_FAILED_LOGINS,
                           User.failed_logins_since >= now - FAILED_LOGIN_WINDOW)
        .order_by(User.name)
    ))


def never_got_in(now: datetime) -> list[User]:
    """Active users who never logged in and hold no link that still works: they need a new link."""
    live_link = exists().where(PasswordToken.user_id == User.id, PasswordToken.used_at.is_(None),
                               PasswordToken.expires_at > now)
    return list(db.session.scalars(
        select(User).where(User.active, User.last_login_at.is_(None), ~live_link).order_by(User.name)
    ))


def without_officer() -> list[Hearing]:
    """Hearings not yet decided in which no active user is a case officer."""
    active_officer = exists().where(hearing_officers.c.hearing_id == Hearing.id).where(
        exists().where(and_(User.id == hearing_officers.c.user_id, User.active)))
    return list(db.session.scalars(
        select(Hearing).where(Hearing.state != HearingState.DECIDED, ~active_officer).order_by(Hearing.title)
    ))


def retention_soon(today: date) -> list[RetentionDue]:
    """Hearings whose personal data is due for removal within RETENTION_NOTICE (or overdue), soonest first."""
    config = current_app.config
    months, undecided = config["RETENTION_MONTHS_AFTER_DECISION"], config["RETENTION_MONTHS_WITHOUT_DECISION"]
    due = [RetentionDue(hearing, retention_date(hearing, months, undecided))
           for hearing in due_hearings(today + RETENTION_NOTICE, months, undecided)]
    return sorted(due, key=lambda row: row.until)
