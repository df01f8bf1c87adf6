"""The Celery task that files one document: everything it does is in `operations.file_one`."""

from celery import shared_task

from app.records import operations


# acks_late: a worker that dies mid-try gives the message back, and the row's lease decides who goes on.
@shared_task(name=operations.TASK, bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True,
             max_retries=None)
def file_document(self, filing_id: int) -> None:
    try:
        operations.file_one(filing_id)
    except (operations.FilingBusy, operations.FilingAgain) as wait:
        raise self.retry(countdown=wait.seconds) from None
