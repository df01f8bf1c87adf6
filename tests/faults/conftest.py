"""Fixtures of the fault tests."""

import os
import signal
import subprocess  # nosec B404 (starts a Celery worker, as production does)
import sys

import pytest

from app.accounts.models import Role
from app.extensions import db
from app.jobs.operations import enqueue
from app.memos.jobs import order_memo_file
from tests.conftest import JOBS_QUEUE
from tests.factories import make_user
from tests.faults.gunicorn import REPOSITORY


@pytest.fixture
def worker_process(database_url, tmp_path):
    """A real Celery worker in a process of its own (the prefork pool, as production runs it), on the real
    Redis and the test's database; yields the process and its log file."""
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


@pytest.fixture
def demo_pdf_job(app, demo):
    """The demo memo as PDF, ordered by one of the hearing's officers and sent to the workers; the job."""
    officer = make_user(Role.STAFF)
    demo.officers.append(officer)
    db.session.commit()
    job = order_memo_file(demo, "pdf", officer)
    db.session.commit()
    with app.test_request_context():
        assert enqueue(job)
    return job
