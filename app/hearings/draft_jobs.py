"""A draft's Word, ODT or PDF file read by a background worker (app/jobs): a long PDF takes seconds of
processor time, more than a page should wait, and the upload must not be lost if the worker dies.

The upload is stored with the job when it is asked for; the worker reads it, and the job's result is the
previewed tree as JSON (what the preview page shows and the save form carries, signed, back). The same
bytes on the same hearing are read once: the dedupe key is the file's SHA-256, kept after the job is done.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from flask_babel import force_locale
from flask_babel import gettext as _

from app.attachments.models import Attachment
from app.extensions import db
from app.hearings import draft_import
from app.hearings.draft_import.preview import result_from_json, result_to_json
from app.hearings.models import Hearing
from app.jobs.models import Job, JobState
from app.jobs.operations import JobFile, JobRefused, Progress, request_job

KIND = "draft_import"
STEPS = 3  # read the file, check the tree, store it (app.jobs.models.STEP_LABELS)


def order_draft_import(hearing: Hearing, user, data: bytes, filename: str, text: str | None = None) -> Job:
    """The job that reads this uploaded file for this hearing (the one already asked for, when it is the
    same file). Text pasted beside the file is kept with it, for the form to show again if the file is
    refused. The caller commits, then enqueues."""
    digest = hashlib.sha256(data).hexdigest()
    return request_job(KIND, user=user, hearing_id=hearing.id,
                       params={"filename": filename, "sha256": digest, "text": text or ""},
                       dedupe_key=_dedupe_key(hearing, digest), input_data=data)


def order_original_import(hearing: Hearing, user, original: Attachment, text: str | None = None) -> Job:
    """The same for the file uploaded with the hearing: the job reads it from its attachment."""
    return request_job(KIND, user=user, hearing_id=hearing.id,
                       params={"filename": original.filename, "sha256": original.sha256,
                               "attachment_id": original.id, "text": text or ""},
                       dedupe_key=_dedupe_key(hearing, original.sha256))


def _dedupe_key(hearing: Hearing, digest: str) -> str:
    return f"draft-import:{hearing.id}:{digest}"


def import_uploaded_draft(job: Job, progress: Progress) -> JobFile:
    progress(0, STEPS, "reading")
    data = _input(job)
    try:
        result = draft_import.import_document(data, job.params.get("filename"))
    except draft_import.DraftImportError as error:
        with force_locale(_locale(job)):
            raise JobRefused(str(error.message)) from error
    progress(1, STEPS, "checking")
    payload = result_to_json(result)
    result_from_json(payload)  # what the preview reads back: checked now, so a tree it cannot read fails here
    progress(2, STEPS, "storing")
    stem = PurePath(job.params.get("filename") or "udkast").stem[:200] or "udkast"
    return JobFile(payload.encode(), f"{stem}-afsnit.json", "application/json")


def _input(job: Job) -> bytes:
    if job.input_data is not None:
        return job.input_data
    original = db.session.get(Attachment, job.params.get("attachment_id"))
    if original is None or original.sha256 != job.params.get("sha256"):
        with force_locale(_locale(job)):
            raise JobRefused(_("Den uploadede fil er fjernet eller skiftet ud, siden importen blev bestilt. "
                               "Vælg filen igen."))
    return original.data


def _locale(job: Job) -> str:
    return (job.requested_by.locale if job.requested_by else None) or "da"


def imported_result(job: Job) -> draft_import.ImportResult | None:
    """The finished import's tree (None while it is not done, or when the file was removed)."""
    if job.kind != KIND or job.state is not JobState.DONE or job.result_data is None:
        return None
    return result_from_json(job.result_data.decode())
