"""The nightly retention run as a background job (app/jobs), asked for by Celery beat
(`app.periodic.nightly`): one job per day, however often it is asked for, its report kept as its file.

Each hearing's removal is committed on its own, so a worker killed midway leaves the hearings it
finished done; the job is taken up again and `apply_retention`, which changes nothing the second time,
does the rest."""

from __future__ import annotations

from datetime import date

from app.extensions import db
from app.jobs.models import Job
from app.jobs.operations import JobFile, Progress, request_job
from app.retention.operations import apply_retention

KIND = "retention"


def order_retention(today: date) -> Job:
    return request_job(KIND, user=None, params={"today": today.isoformat()},
                       dedupe_key=f"retention:{today.isoformat()}")


def apply_retention_job(job: Job, progress: Progress) -> JobFile:
    today = date.fromisoformat(job.params["today"])
    progress(0, 1, "retention")

    def after_each(done: int, total: int) -> None:
        db.session.commit()
        progress(done, total, "retention")

    report = apply_retention(today, after_each=after_each)
    db.session.commit()
    return JobFile(report.summary().encode(), f"sletning-{today.isoformat()}.txt", "text/plain; charset=utf-8")
