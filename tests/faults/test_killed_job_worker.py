"""A worker killed in the middle of a memo: the job is still finished, once (tests/faults/killed_worker.py).

Its pool process is killed with SIGKILL while it writes the PDF; the next pool process makes the file
whole.
"""

from io import BytesIO

from pypdf import PdfReader

from app.accounts.models import Role
from app.extensions import db
from app.jobs.operations import enqueue
from app.memos.jobs import order_memo_file
from tests.factories import make_user
from tests.faults.killed_worker import finished_once, kill_during


def test_a_worker_killed_while_it_writes_the_memo_leaves_a_job_that_is_finished_once(app, demo, worker_process):
    process, log = worker_process
    officer = make_user(Role.STAFF)
    demo.officers.append(officer)
    db.session.commit()
    job = order_memo_file(demo, "pdf", officer)
    db.session.commit()
    with app.test_request_context():
        assert enqueue(job)

    kill_during(process, job.id, "writing")

    pdf = PdfReader(BytesIO(finished_once(job.id, log).result_data))
    assert len(pdf.pages) > 5 and "Kvalitetsstandarder" in pdf.pages[0].extract_text()
