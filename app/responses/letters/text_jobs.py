"""A large letter's text taken out by a background worker (app/jobs): a long PDF takes seconds of
processor time, more than the registering page should wait.

The file is kept as a pending attachment first (as every letter's file is), and the details typed on the
first page travel in the job's params; the worker reads the text (or finds there is none), and the first
page's work goes on from the job's result (`letters.views`, GET with `job_id`): the details read from the
letter, the split page. Files up to LETTER_TEXT_IN_REQUEST_MAX_BYTES are read in the request, as before.
The same file for the same officer and hearing is read once (the dedupe key is its SHA-256).
"""

from __future__ import annotations

import json

from flask import current_app
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from app.attachments.models import Attachment
from app.extensions import db
from app.jobs.models import Job, JobState
from app.jobs.operations import JobFile, Progress, request_job
from app.responses import letters
from app.responses.letters.operations import pending_attachment

KIND = "letter_text"
STEPS = 2  # read the file, store its text (app.jobs.models.STEP_LABELS)
# What the first page keeps while the worker reads (the file itself is the pending attachment).
DETAILS = ("organisation_id", "received_on", "signed_name", "signed_role", "incoming_mail_id")


def reads_in_background(pending: Attachment) -> bool:
    return pending.size > current_app.config["LETTER_TEXT_IN_REQUEST_MAX_BYTES"]


def order_letter_text(hearing, pending: Attachment, details: dict[str, str], user) -> Job:
    key = f"letter-text:{hearing.id}:{user.id}:{pending.sha256}"
    done = db.session.scalar(select(Job).where(Job.dedupe_key == key))
    read = pending_attachment(hearing, done.params.get("attachment_id"), user) if done is not None else None
    if done is not None and (read is None or read.created_at > done.created_at):
        # The file it read was registered or discarded since (a row with its id now is a later file): the same
        # bytes sent again are a new letter, read again with the details typed now (while the file waits, a
        # second send of it shares the job).
        done.dedupe_key = None
        db.session.flush()
    return request_job(KIND, user=user, hearing_id=hearing.id,
                       params={"attachment_id": pending.id, "sha256": pending.sha256,
                               "details": {name: details.get(name) or "" for name in DETAILS}},
                       dedupe_key=key)


def read_letter_text(job: Job, progress: Progress) -> JobFile:
    progress(0, STEPS, "reading")
    attachment = db.session.get(Attachment, job.params["attachment_id"])
    if attachment is None or attachment.sha256 != job.params["sha256"]:
        outcome = {"problem": "gone"}  # discarded since it was asked for
    else:
        try:
            outcome = {"text": letters.extract_text(attachment.data, attachment.content_type)}
        except letters.NoText:
            outcome = {"problem": "no_text"}
        except letters.Unreadable:
            outcome = {"problem": "unreadable"}
    progress(1, STEPS, "storing")
    return JobFile(json.dumps(outcome, ensure_ascii=False).encode(), "brevets-tekst.json", "application/json")


def job_of(hearing, job_id: int | None, user) -> Job | None:
    """This officer's letter-text job on this hearing (None for anything else)."""
    job = db.session.get(Job, job_id) if job_id else None
    if job is None or job.kind != KIND or job.hearing_id != hearing.id or job.requested_by_id != user.id:
        return None
    return job


def outcome(job: Job) -> dict:
    """{"text": …} or {"problem": "no_text" | "unreadable" | "gone"}; only for a finished job."""
    assert job.state is JobState.DONE  # noqa: S101 (the view redirects to the job's page before)  # nosec B101
    return json.loads(job.result_data)


def formdata(job: Job) -> MultiDict:
    """The first page's form as it was posted, to go on from where it stopped."""
    return MultiDict({**job.params["details"], "attachment_id": str(job.params["attachment_id"]), "text": "",
                      "action": "extract", "csrf_token": generate_csrf()})
