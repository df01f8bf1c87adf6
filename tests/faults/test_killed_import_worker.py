"""A worker killed in the middle of reading a draft's PDF: the import still finishes, once
(tests/faults/killed_worker.py).

Its pool process is killed with SIGKILL while it reads the file; the next pool process reads the stored
upload: one job, done, its preview whole.
"""

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from app.accounts.models import Role
from app.extensions import db
from app.hearings import draft_import
from app.hearings.draft_jobs import imported_result, order_draft_import
from app.hearings.models import HearingState
from app.jobs.operations import enqueue
from tests.factories import make_hearing, make_user
from tests.faults.database_helpers import WAIT_SECONDS
from tests.faults.killed_worker import finished_once, kill_during

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def _long_pdf(copies: int = 2) -> bytes:
    """The 2019 catalogue twice over (78 pages): seconds to read, time enough to kill the worker."""
    writer = PdfWriter()
    for _ in range(copies):
        writer.append(PdfReader(CORPUS / "catalogue-2019-untagged.pdf"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_worker_killed_while_it_reads_the_draft_leaves_an_import_that_is_finished_once(app, worker_process):
    process, log = worker_process
    officer = make_user(Role.STAFF)
    hearing = make_hearing(state=HearingState.DRAFT, sections=0, officers=[officer])
    db.session.commit()
    job = order_draft_import(hearing, officer, _long_pdf(), "kvalitetsstandarder.pdf")
    db.session.commit()
    assert enqueue(job)

    kill_during(process, job.id, "reading")

    result = imported_result(finished_once(job.id, log, timeout=WAIT_SECONDS * 6))
    headings = [section.heading for section in draft_import.all_sections(result.sections)]
    assert headings.count("Forord") == 2
