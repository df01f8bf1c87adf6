"""A memo's PDF made in parts inside a real Celery worker with the prefork pool, as production runs it.

The pool's processes are daemonic: they may not fork multiprocessing children, so the PDF's layout
workers (app/memos/pdf_workers.py) are started fresh; this runs them there, through the job a person
orders, and checks that the parts came back joined, numbered and tagged.
"""

from io import BytesIO

import pikepdf
import pytest

from app.jobs.models import JobState
from app.memos.pdf_footers import FONT_NAME
from tests.faults.database_helpers import WAIT_SECONDS
from tests.jobs_worker import wait_for_job


@pytest.fixture
def small_parts(monkeypatch):
    """The worker's setting (read from its environment when it starts): the demo memo in several parts."""
    monkeypatch.setenv("PDF_PART_POINTS", "2")
    monkeypatch.setenv("PDF_WORKERS", "2")


def test_a_prefork_worker_lays_a_memos_parts_out_in_processes_of_their_own(small_parts, worker_process, demo_pdf_job):
    _process, log = worker_process
    done = wait_for_job(demo_pdf_job.id, timeout=WAIT_SECONDS * 6)

    assert done.state is JobState.DONE, f"{done.error}\n{log.read_text()}"
    with pikepdf.open(BytesIO(done.result_data)) as pdf:
        assert len(pdf.pages) > 5 and pdf.Root.MarkInfo.Marked and "/StructTreeRoot" in pdf.Root
        assert all(FONT_NAME in page.Resources.Font for page in pdf.pages)  # numbered at the join of its parts
