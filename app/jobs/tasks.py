"""The Celery tasks: run job N (everything it does is in `operations.run`), and the periodic work that
Celery beat sends on the schedule in `celery_app` (what it does is in `app.periodic`)."""

import logging

from celery import shared_task

from app.jobs import operations

log = logging.getLogger(__name__)


# acks_late and reject_on_worker_lost: the message goes back to the queue if the worker dies mid-job,
# and the job's lease decides who runs it then; a finished job ignores the message.
@shared_task(name="jobs.run", bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True,
             max_retries=None)
def run_job(self, job_id: int) -> None:
    try:
        operations.run(job_id)
    except operations.JobBusy as busy:
        raise self.retry(countdown=busy.seconds + 1) from None


# The periodic tasks are short and safe to run twice: a lost one is simply done at the next beat.
@shared_task(name="periodic.tick", ignore_result=True)
def tick() -> None:
    from app import periodic

    log.info("; ".join(periodic.tick()))


@shared_task(name="periodic.letters", ignore_result=True)
def fetch_letters() -> None:
    from app import periodic

    log.info(periodic.fetch_letters())


@shared_task(name="periodic.nightly", ignore_result=True)
def nightly() -> None:
    from app import periodic

    log.info("; ".join(periodic.nightly()))
