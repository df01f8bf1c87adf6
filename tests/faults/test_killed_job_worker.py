"""A worker killed in the middle of a memo: the job is still finished, once.

A real Celery worker in a process of its own (the prefork pool, as production runs it), on the real
Redis and the test's database. Its pool process is killed with SIGKILL while it writes the PDF; the
message goes back to the queue, waits for the dead worker's lease to lapse, and the job is made by the
next pool process: one job, done, its file whole, two attempts.
"""

import os
import signal
import subprocess  # nosec B404 (starts a Celery worker, as production does)
import sys
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.accounts.models import Role
from app.extensions import db
from app.jobs.models import Job, JobState
from app.jobs.operations import enqueue
from app.memos.jobs import order_memo_file
from tests.conftest import JOBS_QUEUE
from tests.factories import make_user
from tests.faults.database_helpers import WAIT_SECONDS, wait_for
from tests.faults.gunicorn import REPOSITORY
from tests.jobs_worker import wait_for_job


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


def _pool_children(pid: int) -> list[int]:
    """The worker's pool processes (Linux lists a process's children under /proc)."""
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_a_worker_killed_while_it_writes_the_memo_leaves_a_job_that_is_finished_once(app, demo, worker_process):
    process, log = worker_process
    officer = make_user(Role.STAFF)
    demo.officers.append(officer)
    db.session.commit()
    job = order_memo_file(demo, "pdf", officer)
    db.session.commit()
    job_id = job.id
    with app.test_request_context():
        assert enqueue(job)

    def writing():
        db.session.expire_all()
        current = db.session.get(Job, job_id)
        assert current.state is not JobState.DONE, "the job finished before the worker could be killed"
        return current.state is JobState.RUNNING and current.step == "writing"

    wait_for(writing, "the worker to start writing the PDF", WAIT_SECONDS * 3)
    [child] = _pool_children(process.pid)
    os.kill(child, signal.SIGKILL)

    finished = wait_for_job(job_id, timeout=WAIT_SECONDS * 3)
    assert finished.state is JobState.DONE, f"{finished.error}\n{log.read_text()}"
    assert finished.attempts == 2  # the killed one, and the one that made the file
    assert db.session.scalar(select(func.count(Job.id))) == 1
    pdf = PdfReader(BytesIO(db.session.get(Job, job_id).result_data))
    assert len(pdf.pages) > 5 and "Kvalitetsstandarder" in pdf.pages[0].extract_text()
    assert "WorkerLostError" in log.read_text() or "exited prematurely" in log.read_text()
