"""The memo's appendix (the responses in full) as a file for the public and the committee.

A large memo points its readers there ("Hele bemærkningen står i bilaget, høringssvar nr. 12"), and its
files name the appendix's file. It is served as stored when the version was finalised; it is never made
for a reader on demand (5,000 responses as PDF take minutes of a server). While its job is still at work,
the reader gets a short page that says so, with Retry-After, and the job is ordered if it never was (a
version finalised before files were stored).
"""

from flask import make_response, render_template

from app.downloads import send_download
from app.extensions import db
from app.jobs.models import JobState
from app.jobs.operations import enqueue
from app.memos.jobs import order_version_file, stored_file
from app.memos.models import Memo

RETRY_SECONDS = 60


def appendix_download(memo: Memo, file_format: str, *, private: bool):
    stored = stored_file(memo, file_format, "appendix")
    if stored is not None:
        return send_download(stored.data, stored.filename, stored.mimetype, private=private)
    job = order_version_file(memo, file_format, "appendix")
    db.session.commit()
    if job.state is JobState.QUEUED and job.enqueued_at is None:
        enqueue(job)
    page = render_template("memos/appendix_not_ready.html", version=memo.version)
    return make_response(page, 503, {"Retry-After": str(RETRY_SECONDS)})
