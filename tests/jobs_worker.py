"""A real Celery worker for the tests that ask for background jobs, on the real Redis.

`jobs_worker` starts Celery's own test worker (celery.contrib.testing.worker) in a thread, bound to the
test's app, so it runs jobs against the test's database; the run has a queue of its own (conftest.py).
Never `task_always_eager`: the job goes through the broker, as in production.
"""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from app.extensions import db
from app.jobs.models import Job


@pytest.fixture
def jobs_worker(app):
    celery = app.extensions["celery"]
    with start_worker(celery, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
        yield celery
    _empty_queue(celery)


def wait_for_job(job_id: int, timeout: float = 120) -> Job:
    """The job once it has finished (done or failed); fails the test when it takes longer than `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.expire_all()
        job = db.session.get(Job, job_id)
        if job is not None and job.finished:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish within {timeout} s")


def _empty_queue(celery) -> None:
    with celery.connection_for_write() as connection:
        connection.default_channel.queue_purge(celery.conf.task_default_queue)


def fetch_through_job(client, order_url: str):
    """Ask for a file as a person does (the button posts, the job page follows), let the worker make it,
    and download it; returns the download response and the job."""
    ordered = client.post(order_url)
    assert ordered.status_code == 303, ordered.status_code
    job_id = int(ordered.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
    job = wait_for_job(job_id)
    return client.get(f"/medarbejder/filer/{job_id}/hent"), job


def follow_job(client, ordered):
    """After a form that asked for a job (303 to its page): wait for the worker, then open the job's page
    and follow where it leads (a finished import's preview, or the form again with the reason)."""
    assert ordered.status_code == 303, ordered.status_code
    job_id = int(ordered.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
    wait_for_job(job_id)
    return client.get(ordered.headers["Location"], follow_redirects=True)
