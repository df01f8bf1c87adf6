"""The memo as a file, made by a background worker (app/jobs): a live memo of a large hearing takes
minutes as Word or PDF, longer than a browser or gunicorn waits."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app

from app.extensions import db
from app.hearings.models import Hearing
from app.jobs.operations import JobFile, Progress, request_job
from app.memos.compile import compile_memo
from app.memos.exports import FORMATS, export

KIND = "memo_file"
STEPS = 3  # gather the memo, write the file, store it (app.jobs.models.STEP_LABELS)


def order_memo_file(hearing: Hearing, file_format: str, user):
    """The job that makes this hearing's live memo in `file_format`; one per hearing and format at a time,
    so a double click or a colleague asking at once share it."""
    if file_format not in FORMATS:
        raise ValueError(file_format)
    return request_job(KIND, user=user, hearing_id=hearing.id, params={"format": file_format},
                       dedupe_key=f"memo:{hearing.id}:live:{file_format}")


def render_memo_file(job, progress: Progress) -> JobFile:
    hearing = db.session.get(Hearing, job.hearing_id)
    file_format = job.params["format"]
    progress(0, STEPS, "compiling")
    with _request_context():
        memo = compile_memo(hearing)
        progress(1, STEPS, "writing")
        memo_file = export(memo, file_format)
    progress(2, STEPS, "storing")
    return JobFile(memo_file.content, memo_file.filename, memo_file.mimetype)


def _request_context():
    """Templates and url_for need a request; a worker has none, so it borrows the public address."""
    base = urlsplit(current_app.config["BASE_URL"])
    return current_app.test_request_context(base_url=f"{base.scheme}://{base.netloc}{base.path}")
