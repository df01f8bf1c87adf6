"""The periodic work, in one place for both ways of running it: Celery beat (`app.jobs.tasks`, the
schedule in `app.jobs.celery_app`) and the commands a timer or a person runs (`flask hearings tick`,
`flask retention apply`, `flask accounts cleanup`, `flask letters fetch`). Each part is safe to run as
often as you like, and twice at once."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app

from app.db_types import utcnow
from app.extensions import db

log = logging.getLogger(__name__)


def tick(now: datetime | None = None) -> list[str]:
    """Open and close hearings on time, send reminders and (from 7 o'clock) the staff's digest, send lost
    background jobs again and remove their old files, remove subscriptions never confirmed, and send the
    documents waiting to be filed on their case. Returns what was done, a line per part."""
    from app.hearings.operations import open_hearings_due, refresh_state
    from app.hearings.reminders import send_due_reminders
    from app.jobs.operations import remove_old_files, requeue_lost
    from app.records.operations import send_waiting
    from app.subscriptions.operations import remove_unconfirmed
    from app.worklists import digest

    now = now or utcnow()
    changed = 0
    for hearing in open_hearings_due(now):
        changed += len(refresh_state(hearing, now))
    reminded = send_due_reminders(now)
    db.session.commit()
    lines = [f"hearings: {changed} state changes, {reminded} reminders"]
    if digest.due(now):
        lines.append(f"staff: {digest.send_digests(now)} digests")
    removed = remove_old_files(now)
    db.session.commit()
    lines.append(f"jobs: {requeue_lost(now)} sent again, {removed} old files removed")
    lines.append(f"subscriptions: {remove_unconfirmed(now)} unconfirmed removed")
    db.session.commit()
    lines.append(f"records: {send_waiting(now)} documents sent to be filed")
    return lines


def fetch_letters(now: datetime | None = None) -> str:
    """The hearings' mailbox, when one is configured; a mailbox away is logged and tried at the next run."""
    from app.responses.letters.mailbox.imap import MailboxSettings, MailboxUnavailable, fetch_mail

    settings = MailboxSettings.from_config(current_app.config)
    if settings is None:
        return "letters: no mailbox configured"
    try:
        report = fetch_mail(settings, now or utcnow())
    except MailboxUnavailable as error:
        log.warning("mailbox unavailable: %s", error)
        return "letters: the mailbox could not be reached"
    return report.summary()


def nightly(now: datetime | None = None) -> list[str]:
    """Ask for tonight's retention run (a background job, once per day however often this runs) and remove
    old log-in records."""
    from app.accounts.cleanup import remove_old_account_records, strip_tokens_of_sent
    from app.jobs.operations import enqueue
    from app.retention.jobs import order_retention
    from app.retention.operations import local_today

    now = now or utcnow()
    job = order_retention(local_today())
    db.session.commit()
    if job.enqueued_at is None:
        enqueue(job)
    cleaned = remove_old_account_records(now)
    strip_tokens_of_sent()
    db.session.commit()
    return [f"retention: job {job.id} ({job.state.value})", f"accounts: {cleaned.sessions} sessions removed"]
