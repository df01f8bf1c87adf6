"""The one Celery task: run job N. Everything it does is in `operations.run`."""

from celery import shared_task

from app.jobs import operations


# acks_late and reject_on_worker_lost: the message goes back to the queue if the worker dies mid-job,
# and the job's lease decides who runs it then; a finished job ignores the message.
@shared_task(name="jobs.run", bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True,
             max_retries=None)
def run_job(self, job_id: int) -> None:
    try:
        operations.run(job_id)
    except operations.JobBusy as busy:
        raise self.retry(countdown=busy.seconds + 1) from None
