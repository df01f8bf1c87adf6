"""A finalised version's stored files for readers: the public's memo and appendix, the committee's appendix.

A large memo points its readers to the appendix ("Hele bemærkningen står i bilaget, høringssvar nr. 12"),
and anyone may download the published memo. Both are served as stored when the version was finalised and
never made for a reader on demand: a national hearing's memo or 5,000 responses as PDF take minutes of a
server, and a hearing in the news is read by thousands. While its job is still at work, the reader gets a
short page that says so, with Retry-After, and the job is ordered if it never was (a version finalised
before files were stored); a job that failed is left for staff to order again, never restarted by readers.
"""

from flask import make_response, render_template

from app.downloads import send_download
from app.extensions import db
from app.jobs.models import JobState
from app.jobs.operations import enqueue
from app.memos.jobs import order_version_file, stored_file, version_file_failed
from app.memos.models import Memo

RETRY_SECONDS = 60


def stored_download(memo: Memo, file_format: str, part: str, *, private: bool):
    """`part` as stored ("memo", "appendix" or "public"), else the page that says it is on its way."""
    stored = stored_file(memo, file_format, part)
    if stored is not None:
        return send_download(stored.data, stored.filename, stored.mimetype, private=private)
    if not version_file_failed(memo, file_format, part):  # a file that fails is not made again for each reader
        job = order_version_file(memo, file_format, part)
        db.session.commit()
        if job.state is JobState.QUEUED and job.enqueued_at is None:
            enqueue(job)
    page = render_template("memos/file_not_ready.html", version=memo.version, appendix=part == "appendix")
    return make_response(page, 503, {"Retry-After": str(RETRY_SECONDS)})
