"""Killing a real Celery worker's pool process with SIGKILL in the middle of a job's step (the worker:
`worker_process` in tests/faults/conftest.py).

The message goes back to the queue, the dead worker's lease lapses, and the next pool process runs the
job again: the tests check that it is finished once, after two attempts.
"""

import os
import signal
from pathlib import Path

from sqlalchemy import func, select

from app.extensions import db
from app.jobs.models import Job, JobState
from tests.faults.database_helpers import WAIT_SECONDS, wait_for
from tests.jobs_worker import wait_for_job


def _pool_children(pid: int) -> list[int]:
    """The worker's pool processes (Linux lists a process's children under /proc)."""
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def kill_during(process, job_id: int, step: str) -> None:
    """Wait until the job runs `step`, then kill the pool process that runs it."""

    def in_step():
        db.session.expire_all()
        current = db.session.get(Job, job_id)
        assert current.state is not JobState.DONE, f"the job finished before the worker could be killed in {step}"
        return current.state is JobState.RUNNING and current.step == step

    wait_for(in_step, f"the worker to start the step {step!r}", WAIT_SECONDS * 3)
    [child] = _pool_children(process.pid)
    os.kill(child, signal.SIGKILL)


def finished_once(job_id: int, log: Path, timeout: float = WAIT_SECONDS * 3) -> Job:
    """The job, done by the next pool process: two attempts (the killed one and the one that finished it),
    no second job, and the worker saw its pool process die."""
    finished = wait_for_job(job_id, timeout=timeout)
    assert finished.state is JobState.DONE, f"{finished.error}\n{log.read_text()}"
    assert finished.attempts == 2
    assert db.session.scalar(select(func.count(Job.id))) == 1
    assert "WorkerLostError" in log.read_text() or "exited prematurely" in log.read_text()
    return db.session.get(Job, job_id)
