"""Asking for a job, running it once, and taking up jobs whose worker or message was lost.

The rules: a request and its job row are committed before anything is sent to the broker; a worker
claims a job with a lease (`claim`), renews it while it works (`Heartbeat`) and stores the file and
"done" in one transaction; a message that arrives for a finished job does nothing.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from app.db_types import utcnow
from app.extensions import db
from app.jobs.models import RESULT_PAGES, Job, JobState

log = logging.getLogger(__name__)

# What each kind of job runs: "module:function", imported when a worker first runs one (so this
# domain needs no import of the domains that use it). A runner gets the job and a `progress` callable
# and returns the finished file.
RUNNERS = {
    "memo_file": "app.memos.jobs:render_memo_file",
    "committee_pack": "app.records.pack:make_pack",
    "draft_import": "app.hearings.draft_jobs:import_uploaded_draft",
    "retention": "app.retention.jobs:apply_retention_job",
    "grouping": "app.replies.alike:group_comments",
    "letter_text": "app.responses.letters.text_jobs:read_letter_text",
    "memo_version_file": "app.memos.jobs:render_version_file",
}
# Kinds whose result follows from their input alone (the bytes of an uploaded file, the date of a
# retention run, a finalised memo version): the finished job keeps its dedupe key, so the same input is
# never worked on twice. A live memo changes with the hearing, so its key is let go when its file is made.
STABLE_KINDS = {"draft_import", "retention", "grouping", "letter_text", "memo_version_file"}


@dataclass
class JobFile:
    content: bytes
    filename: str
    mimetype: str


Progress = Callable[[int, int, str | None], None]


class JobRefused(Exception):
    """The input cannot be worked on (a file the importer cannot read): the job fails, and `message`, in
    the requester's language and saying what to do, is shown on its page."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class JobBusy(Exception):
    """Another worker holds the job's lease; try again when it lapses."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"job is held for {seconds:.0f} s more")
        self.seconds = seconds


def request_job(kind: str, *, user, hearing_id: int | None = None, params: dict | None = None,
                dedupe_key: str | None = None, input_data: bytes | None = None) -> Job:
    """The job for this work: the one already wanted under `dedupe_key` (a double click, a second tab,
    a colleague asking at once), or a new one. The caller commits, then calls `enqueue`."""
    if kind not in RUNNERS:
        raise ValueError(kind)
    if dedupe_key:
        existing = _wanted(dedupe_key)
        if existing is not None:
            return existing
    job = Job(kind=kind, params=params or {}, hearing_id=hearing_id, dedupe_key=dedupe_key,
              requested_by_id=user.id if user else None, input_data=input_data)
    try:
        with db.session.begin_nested():
            db.session.add(job)
    except IntegrityError:  # asked at the same moment in another request: share that one
        return _wanted(dedupe_key)
    return job


def _wanted(dedupe_key: str) -> Job | None:
    job = db.session.scalar(select(Job).where(Job.dedupe_key == dedupe_key))
    if job is not None and job.state is JobState.FAILED:
        job.dedupe_key = None  # a failed attempt is kept for the record; asking again starts afresh
        db.session.flush()
        return None
    return job


def enqueue(job: Job) -> bool:
    """Send "run job N" to the workers, after the job row is committed. A broker that is away leaves the
    job queued, with a warning: `requeue_lost` (on the timer) sends it again."""
    celery = current_app.extensions["celery"]
    try:
        celery.send_task("jobs.run", args=(job.id,), queue=current_app.config["CELERY_QUEUE"], retry=False)
    except Exception as error:  # noqa: BLE001 (any broker error: the job row keeps the work)
        log.warning("job %s stays queued, the broker did not take it: %s", job.id, type(error).__name__)
        return False
    db.session.execute(update(Job).where(Job.id == job.id).values(enqueued_at=utcnow()))
    db.session.commit()
    return True


def claim(job_id: int, now: datetime | None = None) -> Job | None:
    """Take the job for this worker: None when there is nothing to do (finished, or gone)."""
    now = now or utcnow()
    lease = now + timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])
    taken = db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.state.in_([JobState.QUEUED, JobState.RUNNING]),
               or_(Job.lease_until.is_(None), Job.lease_until < now))
        .values(state=JobState.RUNNING, lease_until=lease, attempts=Job.attempts + 1,
                started_at=now, error=None)
    ).rowcount
    db.session.commit()
    job = db.session.get(Job, job_id)
    if taken:
        return job
    if job is None or job.finished:
        return None
    raise JobBusy(max(1.0, (job.lease_until - now).total_seconds()))


def run(job_id: int) -> None:
    """Run job `job_id` once, if it still needs running (what the Celery task calls)."""
    job = claim(job_id)
    if job is None:
        return
    runner, attempt = _runner(job.kind), job.attempts
    with Heartbeat(job.id):
        try:
            result = runner(job, _progress_of(job.id))
        except JobRefused as refused:  # the input's fault, said on the job's page: nothing to retry
            db.session.rollback()
            _fail(job.id, refused)
            return
        except Exception as error:
            db.session.rollback()
            _fail(job.id, error)
            raise
    _finish(job.id, attempt, result)


def _runner(kind: str):
    module, _, name = RUNNERS[kind].partition(":")
    return getattr(importlib.import_module(module), name)


def _progress_of(job_id: int) -> Progress:
    def progress(done: int, total: int, step: str | None = None) -> None:
        with db.engine.begin() as connection:  # its own transaction: seen at once, whatever the runner does
            connection.execute(update(Job).where(Job.id == job_id)
                               .values(progress_done=done, progress_total=total, step=step))

    return progress


class Heartbeat:
    """Renews the job's lease while the runner works, from a thread of its own; stops when the work
    does. A worker that is killed stops renewing, so the lease lapses and the job is taken up again."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.seconds = current_app.config["JOB_LEASE_SECONDS"]
        self.engine = db.engine
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job_id}-lease", daemon=True)

    def __enter__(self) -> Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopped.set()
        self.thread.join()

    def _beat(self) -> None:
        while not self.stopped.wait(self.seconds / 4):
            try:
                with self.engine.begin() as connection:
                    connection.execute(update(Job).where(Job.id == self.job_id, Job.state == JobState.RUNNING)
                                       .values(lease_until=utcnow() + timedelta(seconds=self.seconds)))
            except Exception:  # noqa: BLE001 (a database that blinks: try again at the next beat)
                log.warning("job %s: its lease could not be renewed; trying again", self.job_id, exc_info=True)


def _finish(job_id: int, attempt: int, result: JobFile) -> None:
    db.session.expire_all()  # the progress was written on a connection of its own
    job = db.session.scalar(select(Job).where(Job.id == job_id).with_for_update())
    if job.state is not JobState.RUNNING or job.attempts != attempt:
        # Our lease lapsed and another attempt took the job over: its result stands, ours is dropped.
        log.warning("job %s: attempt %s finished after attempt %s took over; its file is dropped",
                    job_id, attempt, job.attempts)
        db.session.rollback()
        return
    job.result_data = result.content
    job.result_filename = result.filename
    job.result_mimetype = result.mimetype
    job.result_size = len(result.content)
    job.result_sha256 = hashlib.sha256(result.content).hexdigest()
    job.state = JobState.DONE
    job.finished_at = utcnow()
    job.lease_until = None
    job.progress_done = job.progress_total = max(job.progress_total, 1)
    if job.kind not in STABLE_KINDS:
        job.dedupe_key = None  # a live memo may change: the next request makes a new file
    _tell_requester(job)
    db.session.commit()


def _fail(job_id: int, error: BaseException) -> None:
    job = db.session.get(Job, job_id)
    job.state = JobState.FAILED
    job.finished_at = utcnow()
    job.lease_until = None
    job.error = f"{type(error).__name__}: {error}"[:2000]
    job.refusal = error.message if isinstance(error, JobRefused) else None
    db.session.commit()
    if job.refusal:
        log.info("job %s (%s) refused its input: %s", job_id, job.kind, job.refusal)
    else:
        log.exception("job %s (%s) failed", job_id, job.kind)


def _tell_requester(job: Job) -> None:
    """A mail to the person who asked, when it took long enough that they may have gone elsewhere."""
    user = job.requested_by
    if user is None or job.started_at is None or job.kind in RESULT_PAGES:
        return  # nobody asked (retention), or the result is a page the person waits for (an import's preview)
    took = (job.finished_at - job.created_at).total_seconds()
    if took < current_app.config["JOB_MAIL_AFTER_SECONDS"]:
        return
    from flask_babel import force_locale
    from flask_babel import gettext as _

    from app.links import external_url
    from app.notifications.operations import queue_mail

    locale = user.locale or "da"
    with force_locale(locale):
        subject = _("Din fil er klar: %(name)s", name=job.result_filename)
    queue_mail(user.email, "job_ready", subject=subject, locale=locale, hearing_id=job.hearing_id,
               name=user.name, job=job, link=external_url("jobs.job_page", job_id=job.id))


def requeue_lost(now: datetime | None = None, older_than_seconds: int = 120) -> int:
    """Send again the jobs no worker has: queued and never sent (the broker was away) or sent long ago,
    and running with a lapsed lease (its worker died and its message was lost with it)."""
    now = now or utcnow()
    before = now - timedelta(seconds=older_than_seconds)
    lost = db.session.scalars(select(Job).where(or_(
        (Job.state == JobState.QUEUED) & or_(Job.enqueued_at.is_(None), Job.enqueued_at < before),
        (Job.state == JobState.RUNNING) & (Job.lease_until < now),
    ))).all()
    return sum(enqueue(job) for job in lost)


def remove_old_files(now: datetime | None = None) -> int:
    """Finished files name people; they go, with their job, JOB_FILES_KEEP_DAYS after they were made
    (the audit trail keeps who asked for what)."""
    now = now or utcnow()
    before = now - timedelta(days=current_app.config["JOB_FILES_KEEP_DAYS"])
    old = db.session.scalars(select(Job).where(Job.finished_at < before)).all()
    for job in old:
        db.session.delete(job)
    return len(old)


def jobs_of(user, limit: int = 20) -> list[Job]:
    return list(db.session.scalars(select(Job).where(Job.requested_by_id == user.id)
                                   .order_by(Job.created_at.desc(), Job.id.desc()).limit(limit)))


def jobs_of_hearing(hearing_id: int, user, limit: int = 5) -> list[Job]:
    """The files this person asked for on this hearing, newest first (the memo page lists them)."""
    return list(db.session.scalars(select(Job).where(Job.hearing_id == hearing_id, Job.requested_by_id == user.id)
                                   .order_by(Job.created_at.desc(), Job.id.desc()).limit(limit)))


def may_see(job: Job, user) -> bool:
    """The person who asked, and anyone who may read the hearing's staff pages (they share the job)."""
    if job.requested_by_id == user.id:
        return True
    if job.hearing_id is None:
        return False
    from app.hearings.models import Hearing

    hearing = db.session.get(Hearing, job.hearing_id)
    return hearing is not None and hearing.can_view(user)
