"""Filing a hearing's documents on its case: which rows exist, sending them, trying again.

The rules: `file_on_case` runs after the commit of the event that made a document; it adds a row per
document version not yet known (the unique `document_key` keeps two requests from adding one twice) and
sends each waiting row's id to the worker. The worker (`file_one`) claims the row with a lease, builds
the file once (kept, so every try sends the same bytes and SHA-256), asks the adapter (which looks for
the document on the case before it adds it) and marks the row filed. A failure is written on the row
and tried again with a growing wait, up to RECORDS_MAX_TRIES; then the row is failed, and a hearing
editor can try again from the hearing's filing page.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from app.audit.operations import record
from app.db_types import utcnow
from app.extensions import db
from app.hearings.models import Hearing
from app.records import documents
from app.records.adapters import Document, FilingError, adapter_name, current_adapter
from app.records.models import FilingRecord, FilingState
from app.retention.scrub import PersonalText

log = logging.getLogger(__name__)

TASK = "records.file_document"


class FilingBusy(Exception):
    """Another try holds the row's lease."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"filing is held for {seconds:.0f} s more")
        self.seconds = seconds


class FilingAgain(Exception):
    """This try failed; the task waits `seconds` and tries again."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"trying again in {seconds:.0f} s")
        self.seconds = seconds


def file_on_case(hearing: Hearing, now: datetime | None = None) -> int:
    """Queue every document of `hearing` not yet on its way, and send the new ones to the worker.
    Call after the commit of the event that made a document; does nothing when filing is switched off
    or the hearing has no case number. With `now` (the timer), also send again the waiting rows that no
    try holds and that are older than a lease: their message was lost (the broker was away, a worker
    died before taking it). Returns how many were sent."""
    name = adapter_name()
    if name is None or not (hearing.case_number or "").strip():
        return 0
    try:
        return _queue_and_send(hearing, name, now)
    except Exception:  # noqa: BLE001 (the event is committed; filing must not undo the page: the timer catches up)
        db.session.rollback()
        log.exception("hearing %s: its documents could not be queued for filing; the timer tries again", hearing.id)
        return 0


def _queue_and_send(hearing: Hearing, name: str, now: datetime | None) -> int:
    known = set(db.session.scalars(select(FilingRecord.document_key).where(FilingRecord.hearing_id == hearing.id)))
    added = [filing for wanted in documents.documents_of(hearing) if wanted.key not in known
             and (filing := _add(hearing, wanted, name)) is not None]
    db.session.commit()
    # Only the rows added now: a page seen again, or a second event, must not send a row twice (each message
    # would be another chain of tries, using up the tries of a short outage).
    ids = [filing.id for filing in added]
    if now is not None:
        lost_before = now - timedelta(seconds=current_app.config["RECORDS_LEASE_SECONDS"])
        ids += db.session.scalars(select(FilingRecord.id).where(
            FilingRecord.hearing_id == hearing.id, FilingRecord.state == FilingState.WAITING,
            FilingRecord.created_at < lost_before,
            or_(FilingRecord.lease_until.is_(None), FilingRecord.lease_until < now))).all()
    return sum(send(filing_id) for filing_id in dict.fromkeys(ids))


def _add(hearing: Hearing, wanted: documents.Wanted, adapter: str) -> FilingRecord | None:
    filing = FilingRecord(hearing_id=hearing.id, document_key=wanted.key, kind=wanted.kind,
                          object_id=wanted.object_id, version=wanted.version, title=wanted.title[:300],
                          adapter=adapter, state=FilingState.WAITING, tries=0)
    try:
        with db.session.begin_nested():
            db.session.add(filing)
    except IntegrityError:  # added at the same moment by another request
        return None
    return filing


def send(filing_id: int) -> bool:
    """Hand "file row N" to the worker. A broker that is away leaves the row waiting: the timer sends it."""
    celery = current_app.extensions["celery"]
    try:
        celery.send_task(TASK, args=(filing_id,), queue=current_app.config["CELERY_QUEUE"], retry=False)
    except Exception as error:  # noqa: BLE001 (any broker error: the row keeps the work)
        log.warning("filing %s stays waiting, the broker did not take it: %s", filing_id, type(error).__name__)
        return False
    return True


def claim(filing_id: int, now: datetime | None = None) -> FilingRecord | None:
    """Take the row for this try: None when there is nothing to do (filed, failed for good, or gone)."""
    now = now or utcnow()
    lease = now + timedelta(seconds=current_app.config["RECORDS_LEASE_SECONDS"])
    taken = db.session.execute(
        update(FilingRecord)
        .where(FilingRecord.id == filing_id, FilingRecord.state == FilingState.WAITING,
               or_(FilingRecord.lease_until.is_(None), FilingRecord.lease_until < now))
        .values(lease_until=lease, tries=FilingRecord.tries + 1)
    ).rowcount
    db.session.commit()
    filing = db.session.get(FilingRecord, filing_id)
    if taken:
        return filing
    if filing is None or filing.state is not FilingState.WAITING:
        return None
    raise FilingBusy(max(1.0, (filing.lease_until - now).total_seconds()))


def file_one(filing_id: int) -> None:
    """One try at filing row `filing_id` (what the Celery task calls)."""
    filing = claim(filing_id)
    if filing is None:
        return
    hearing = db.session.get(Hearing, filing.hearing_id)
    try:
        document = _document(filing, hearing)
        records_id = current_adapter().file(document)
    except Exception as error:
        db.session.rollback()
        _failed_try(filing_id, error)
        return
    filing.records_id = records_id[:200]
    filing.state = FilingState.FILED
    filing.filed_at = utcnow()
    filing.lease_until = None
    filing.last_error = None
    filing.content = None  # the records system keeps it now; the SHA-256 stays here
    record("document_filed", filing, hearing_id=hearing.id, key=filing.document_key, records_id=filing.records_id,
           adapter=filing.adapter, sha256=filing.sha256)
    db.session.commit()


def _document(filing: FilingRecord, hearing: Hearing) -> Document:
    if filing.content is None:  # first try: build the file and keep it, so every try sends the same bytes
        built = documents.build(filing.kind, filing.object_id, hearing)
        filing.filename, filing.mimetype, filing.content = built.filename, built.mimetype, built.content
        filing.dated, filing.sender = built.dated, built.sender[:200]
        filing.sha256 = hashlib.sha256(built.content).hexdigest()
        db.session.commit()
    return Document(key=filing.document_key, case_number=hearing.case_number.strip(), title=filing.title,
                    filename=filing.filename, mimetype=filing.mimetype, content=filing.content,
                    sha256=filing.sha256, dated=filing.dated or filing.created_at.date(),
                    sender=filing.sender or current_app.config["MUNICIPALITY_NAME"])


def _failed_try(filing_id: int, error: BaseException) -> None:
    filing = db.session.get(FilingRecord, filing_id)
    filing.last_error = (f"{type(error).__name__}: {error}" if isinstance(error, FilingError)
                         else f"{type(error).__name__}")[:2000]
    last = filing.tries >= current_app.config["RECORDS_MAX_TRIES"]
    wait = current_app.config["RECORDS_RETRY_SECONDS"] * 2 ** (filing.tries - 1)
    # Held through the wait, so a second message (the timer's, a lost one come back) cannot try at once and
    # skip the back-off; the retry itself comes a second after the hold ends.
    filing.lease_until = None if last else utcnow() + timedelta(seconds=wait)
    if last:
        filing.state = FilingState.FAILED
    db.session.commit()
    log.warning("filing %s (%s), try %s failed: %s", filing_id, filing.document_key, filing.tries, filing.last_error)
    if not last:
        raise FilingAgain(wait + 1)


def retry_failed(hearing: Hearing) -> list[int]:
    """Put the hearing's failed rows back to waiting (a person asked); the caller commits, then sends each."""
    failed = db.session.scalars(select(FilingRecord).where(FilingRecord.hearing_id == hearing.id,
                                                           FilingRecord.state == FilingState.FAILED)).all()
    for filing in failed:
        filing.state, filing.tries, filing.lease_until = FilingState.WAITING, 0, None
    if failed:
        record("filing_retried", hearing, hearing_id=hearing.id, documents=len(failed))
    return [filing.id for filing in failed]


# The documents whose file holds what a person wrote or sent, with their name.
PERSONAL_KINDS = ("response", "response_text", "attachment")


def forget_personal(hearing_ids: list[int], people: PersonalText) -> int:
    """Retention and erasure (app/retention, app/privacy): the names go from the filing rows' titles and
    senders, and a row not yet filed gives up the file it kept of a response, to be made again from the
    anonymised response at its next try. What is filed is the records system's to keep. Returns the rows
    changed; the caller commits."""
    changed = 0
    for filing in db.session.scalars(select(FilingRecord).where(FilingRecord.hearing_id.in_(hearing_ids))):
        title, sender = people.scrub(filing.title), people.scrub(filing.sender)
        dropped = filing.state is not FilingState.FILED and filing.kind in PERSONAL_KINDS and filing.sha256
        if title.names or sender.names or dropped:
            filing.title, filing.sender = title.value, sender.value
            if dropped:
                filing.content = filing.filename = filing.mimetype = filing.sha256 = None
            changed += 1
    return changed


def filings_of(hearing: Hearing) -> list[FilingRecord]:
    return list(db.session.scalars(select(FilingRecord).where(FilingRecord.hearing_id == hearing.id)
                                   .order_by(FilingRecord.created_at, FilingRecord.id)))


def send_waiting(now: datetime | None = None) -> int:
    """On the timer: every hearing's new documents, and waiting rows whose message may have been lost."""
    if adapter_name() is None:
        return 0
    now = now or utcnow()
    hearing_ids = db.session.scalars(select(Hearing.id).where(Hearing.case_number.is_not(None))).all()
    return sum(file_on_case(db.session.get(Hearing, hearing_id), now) for hearing_id in hearing_ids)
