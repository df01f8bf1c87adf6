"""A worker killed in the middle of reading a draft's PDF: the import still finishes, once.

As for the memo (test_killed_job_worker.py): a real Celery worker in a process of its own (prefork, as
production runs it), on the real Redis and the test's database. Its pool process is killed with SIGKILL
while it reads the file; the message goes back to the queue, the dead worker's lease lapses, and the next
pool process reads the stored upload: one job, done, its preview whole, two attempts.
"""

import io
import os
import signal
import subprocess  # nosec B404 (starts a Celery worker, as production does)
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from sqlalchemy import func, select

from app.accounts.models import Role
from app.extensions import db
from app.hearings import draft_import
from app.hearings.draft_jobs import imported_result, order_draft_import
from app.hearings.models import HearingState
from app.jobs.models import Job, JobState
from app.jobs.operations import enqueue
from tests.conftest import JOBS_QUEUE
from tests.factories import make_hearing, make_user
from tests.faults.database_helpers import WAIT_SECONDS, wait_for
from tests.faults.gunicorn import REPOSITORY
from tests.jobs_worker import wait_for_job

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


@pytest.fixture
def worker_process(database_url, tmp_path):
    log = tmp_path / "worker.log"
    env = {**os.environ, "HORING_CONFIG": "testing", "TEST_DATABASE_URL": database_url, "CELERY_QUEUE": JOBS_QUEUE}
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)  # nosec B603
            [sys.executable, "-m", "celery", "-A", "app.jobs.worker", "worker", "--pool=prefork", "--concurrency=1",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=REPOSITORY, env=env, stdout=output, stderr=subprocess.STDOUT,
        )
    yield process, log
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def _long_pdf(copies: int = 2) -> bytes:
    """The 2019 catalogue twice over (78 pages): seconds to read, time enough to kill the worker."""
    writer = PdfWriter()
    for _ in range(copies):
        writer.append(PdfReader(CORPUS / "catalogue-2019-untagged.pdf"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pool_children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_a_worker_killed_while_it_reads_the_draft_leaves_an_import_that_is_finished_once(app, worker_process):
    process, log = worker_process
    officer = make_user(Role.STAFF)
    hearing = make_hearing(state=HearingState.DRAFT, sections=0, officers=[officer])
    db.session.commit()
    job = order_draft_import(hearing, officer, _long_pdf(), "kvalitetsstandarder.pdf")
    db.session.commit()
    job_id = job.id
    assert enqueue(job)

    def reading():
        db.session.expire_all()
        current = db.session.get(Job, job_id)
        assert current.state is not JobState.DONE, "the import finished before the worker could be killed"
        return current.state is JobState.RUNNING and current.step == "reading"

    wait_for(reading, "the worker to start reading the PDF", WAIT_SECONDS * 3)
    [child] = _pool_children(process.pid)
    os.kill(child, signal.SIGKILL)

    finished = wait_for_job(job_id, timeout=WAIT_SECONDS * 6)
    assert finished.state is JobState.DONE, f"{finished.error}\n{log.read_text()}"
    assert finished.attempts == 2  # the killed one, and the one that read the file
    assert db.session.scalar(select(func.count(Job.id))) == 1
    result = imported_result(db.session.get(Job, job_id))
    headings = [section.heading for section in draft_import.all_sections(result.sections)]
    assert headings.count("Forord") == 2
    assert "WorkerLostError" in log.read_text() or "exited prematurely" in log.read_text()
