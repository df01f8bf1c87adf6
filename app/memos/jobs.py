"""The memo as a file, made by a background worker (app/jobs): a live memo of a large hearing takes
minutes as Word or PDF, longer than a browser or gunicorn waits.

A finalised version never changes, so its files (the memo and its appendix, as HTML, Word and PDF; and
for a version with members' questions, its public copy without them, as Word and PDF) are made once, when
it is finalised, and stored (MemoFile): each by a job whose dedupe key names the version, part and format
and stays after it is done, and whose runner returns the stored file if there is one. Later downloads
serve the stored bytes."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.hearings.models import Hearing
from app.jobs.models import Job, JobState
from app.jobs.operations import JobFile, Progress, request_job
from app.memos.compile import compile_memo
from app.memos.content import MemoContent
from app.memos.exports import APPENDIX_FORMATS, FORMATS, PARTS, export
from app.memos.exports import MemoFile as ExportedFile
from app.memos.models import Memo, MemoFile
from app.memos.questions_appendix import for_the_public

KIND = "memo_file"
VERSION_KIND = "memo_version_file"
STEPS = 3  # gather the memo, write the file, store it (app.jobs.models.STEP_LABELS)
STORED = [(part, file_format) for part in PARTS for file_format in APPENDIX_FORMATS]  # html, docx, pdf
PUBLIC_FORMATS = ("pdf", "docx")  # the files the public memo page offers


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


def stored_file(memo: Memo, file_format: str, part: str = "memo") -> MemoFile | None:
    return db.session.scalar(select(MemoFile).where(MemoFile.memo_id == memo.id, MemoFile.part == part,
                                                    MemoFile.file_format == file_format))


def stored_parts(memo: Memo) -> list[tuple[str, str]]:
    """The (part, format) files a version stores: the public copy only where it differs from the memo."""
    public = [("public", file_format) for file_format in PUBLIC_FORMATS] if memo.content.get("questions") else []
    return STORED + public


def public_part(memo: Memo) -> str:
    """The part the public downloads: the memo itself, unless it holds the members' questions."""
    return "public" if memo.content.get("questions") else "memo"


def version_file(memo: Memo, file_format: str, part: str = "memo") -> ExportedFile:
    """A finalised version's file for staff or a mail: the stored one, else (its job not done yet, or a
    spreadsheet, which is not stored) made now. Readers' downloads never make one (app/memos/downloads.py)."""
    stored = stored_file(memo, file_format, part) if (part, file_format) in stored_parts(memo) else None
    if stored is not None:
        return ExportedFile(stored.data, stored.mimetype, stored.filename)
    return _make(memo, file_format, part)


def _make(memo: Memo, file_format: str, part: str) -> ExportedFile:
    content = MemoContent.from_dict(memo.content)
    if part == "public":  # the memo as published: its file name is the memo's
        return export(for_the_public(content), file_format, version=memo.version)
    return export(content, file_format, version=memo.version, part=part)


def order_version_file(memo: Memo, file_format: str, part: str = "memo", user=None):
    """The job that makes and stores this version's file; the same job for as long as it is kept."""
    if (part, file_format) not in stored_parts(memo):
        raise ValueError(f"{part} {file_format}")
    return request_job(VERSION_KIND, user=user, hearing_id=memo.hearing_id,
                       params={"memo_id": memo.id, "part": part, "format": file_format},
                       dedupe_key=_version_key(memo, file_format, part))


def version_file_failed(memo: Memo, file_format: str, part: str) -> bool:
    """Whether the last try to make this file failed: staff order it again; a reader does not."""
    job = db.session.scalar(select(Job).where(Job.dedupe_key == _version_key(memo, file_format, part)))
    return job is not None and job.state is JobState.FAILED


def _version_key(memo: Memo, file_format: str, part: str) -> str:
    return f"memo:{memo.hearing_id}:v{memo.version}:{part}:{file_format}"


def order_version_files(memo: Memo, user=None) -> list:
    """Every file of a version just finalised (the caller commits, then enqueues each)."""
    return [order_version_file(memo, file_format, part, user) for part, file_format in stored_parts(memo)]


def render_version_file(job, progress: Progress) -> JobFile:
    memo = db.session.get(Memo, job.params["memo_id"])
    part, file_format = job.params["part"], job.params["format"]
    stored = stored_file(memo, file_format, part)
    if stored is None:  # never made twice: a second job (or a message again) finds it stored
        progress(1, STEPS, "writing")
        with _request_context():
            made = _make(memo, file_format, part)
        stored = MemoFile(memo_id=memo.id, part=part, file_format=file_format, filename=made.filename,
                          mimetype=made.mimetype, size=len(made.content), data=made.content,
                          sha256=hashlib.sha256(made.content).hexdigest())
        db.session.add(stored)  # committed with the job's "done" (app/jobs/operations._finish), or not at all
    progress(2, STEPS, "storing")
    return JobFile(stored.data, stored.filename, stored.mimetype)
