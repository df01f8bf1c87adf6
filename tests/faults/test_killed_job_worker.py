"""A worker killed in the middle of a memo: the job is still finished, once (tests/faults/killed_worker.py).

Its pool process is killed with SIGKILL while it writes the PDF; the next pool process makes the file
whole.
"""

from io import BytesIO

from pypdf import PdfReader

from tests.faults.killed_worker import finished_once, kill_during


def test_a_worker_killed_while_it_writes_the_memo_leaves_a_job_that_is_finished_once(worker_process, demo_pdf_job):
    process, log = worker_process
    job = demo_pdf_job

    kill_during(process, job.id, "writing")

    pdf = PdfReader(BytesIO(finished_once(job.id, log).result_data))
    assert len(pdf.pages) > 5 and "Kvalitetsstandarder" in pdf.pages[0].extract_text()
