"""`flask accounts cleanup`: old log-in records go (sessions long over, password links long expired
or used, recovery codes used, the audit trail's log-in events), and old mails that belong to no hearing
(password links, welcome, warnings), which retention, going hearing by hearing, never reaches.

They say when a person logged in, which the municipality need not keep for
ever. A session that is still live (not ended, seen recently) is never
touched, so nobody is logged out by the clean-up.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import click
from sqlalchemy import delete, or_, select

from app.accounts.models import LoginSession, PasswordToken, RecoveryCode
from app.audit.models import AuditEvent
from app.db_types import utcnow
from app.extensions import db
from app.notifications.models import OutboxAttachment, OutboxMessage, OutboxStatus
from app.notifications.operations import strip_tokens_of_sent

KEEP = timedelta(days=90)  # long enough to look into a suspicious log-in
# The trail's events that only say someone logged in (or tried to); changes to accounts are kept.
LOGIN_EVENTS = ("logged_in", "recovery_code_used", "password_reset_requested")


@dataclass
class Cleaned:
    sessions: int
    password_links: int
    recovery_codes: int
    mails: int = 0
    login_events: int = 0


def remove_old_account_records(now: datetime, keep: timedelta = KEEP) -> Cleaned:
    before = now - keep
    # A session not seen for this long is over, ended or not: it ends after minutes of inactivity.
    sessions = db.session.execute(delete(LoginSession).where(or_(
        LoginSession.ended_at < before, LoginSession.last_seen_at < before,
    ))).rowcount
    links = db.session.execute(delete(PasswordToken).where(or_(
        PasswordToken.expires_at < before, PasswordToken.used_at < before,
    ))).rowcount
    codes = db.session.execute(delete(RecoveryCode).where(RecoveryCode.used_at < before)).rowcount
    # Sent or given up; one still waiting to be sent is kept, however old.
    old_mails = select(OutboxMessage.id).where(
        OutboxMessage.hearing_id.is_(None), OutboxMessage.created_at < before,
        OutboxMessage.status.in_([OutboxStatus.SENT, OutboxStatus.FAILED]),
    )
    db.session.execute(delete(OutboxAttachment).where(OutboxAttachment.message_id.in_(old_mails)))
    mails = db.session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(old_mails))).rowcount
    events = db.session.execute(delete(AuditEvent).where(
        AuditEvent.action.in_(LOGIN_EVENTS), AuditEvent.at < before)).rowcount
    return Cleaned(sessions, links, codes, mails, events)


@click.group(help="User accounts.")
def accounts() -> None:
    pass


@accounts.command("cleanup", help="Remove log-in records, log-in events and account mails older than 90 days "
                                  "(live sessions are kept).")
def cleanup_command() -> None:
    cleaned = remove_old_account_records(utcnow())
    stripped = strip_tokens_of_sent()
    db.session.commit()
    click.echo(f"Fjernet: {cleaned.sessions} log-ind-sessioner, {cleaned.password_links} adgangskodelinks, "
               f"{cleaned.recovery_codes} brugte gendannelseskoder. "
               f"{cleaned.login_events} log-ind-hændelser i revisionssporet.")
    click.echo(f"Fjernet: {cleaned.mails} e-mails uden høring (adgangskodelinks, velkomst) over 90 dage gamle.")
    if stripped:
        click.echo(f"Fjernet links med adgang fra {stripped} e-mails sendt, før det skete ved afsendelsen.")
