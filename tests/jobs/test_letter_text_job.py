"""A large letter's text is taken out by the real worker: the file is kept first with the details typed,
the job's page follows the worker, and the registering goes on from its result (the split page, or the
first page asking for the text of a scan); the same file is read once."""

import io

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.jobs.models import Job, JobState
from tests.jobs_worker import follow_job, wait_for_job
from tests.responses.letter_files import form_values, letter_pdf, make_2019_hearing, scan_pdf

DETAILS = {"received_on": "2019-06-03", "signed_name": "", "signed_role": "formand", "text": ""}


@pytest.fixture
def round_2019(app, db):
    app.config["LETTER_TEXT_IN_REQUEST_MAX_BYTES"] = 0  # every file counts as large here
    return make_2019_hearing(db)


def _upload(client, r, data: bytes, name: str):
    body = {**DETAILS, "organisation_id": str(r.organisation_id), "action": "extract",
            "letter": (io.BytesIO(data), name)}
    return client.post(r.url, data=body, content_type="multipart/form-data")


def _job(ordered) -> Job:
    assert ordered.status_code == 303 and ordered.headers["Location"].startswith("/medarbejder/filer/")
    return db.session.get(Job, int(ordered.headers["Location"].rsplit("/", 1)[-1]))


def test_the_worker_reads_the_letter_and_the_split_page_follows_with_the_details_kept(auth, client, round_2019,
                                                                                     jobs_worker):
    auth.log_in(officer_of=round_2019.hearing_id)
    ordered = _upload(client, round_2019, letter_pdf(), "hoeringssvar.pdf")
    job = _job(ordered)
    assert job.kind == "letter_text" and job.params["details"]["signed_role"] == "formand"
    split = follow_job(client, ordered)

    job = wait_for_job(job.id)
    assert job.state is JobState.DONE and (job.progress_done, job.progress_total) == (2, 2)
    html = split.get_data(as_text=True)
    assert split.status_code == 200 and "Del brevet op i punkter" in html
    values = form_values(html)
    assert values["signed_role"] == "formand"  # typed before the worker read the file
    assert values["signed_name"] == "Ion Meyer"  # read from the letter, as in the request
    assert values["received_on"] == "2019-06-03" and values["attachment_id"] == str(job.params["attachment_id"])
    preview = client.post(round_2019.url, data={**values, "action": "preview"})
    assert "Gem høringssvaret" in preview.get_data(as_text=True)


def test_a_scan_read_by_the_worker_asks_for_the_text_and_keeps_the_file(auth, client, round_2019, jobs_worker):
    auth.log_in(officer_of=round_2019.hearing_id)
    page = follow_job(client, _upload(client, round_2019, scan_pdf(), "scanning.pdf"))
    html = page.get_data(as_text=True)
    assert "har ingen tekst, der kan læses. Den er nok scannet." in html and 'id="text-error"' in html
    assert form_values(html)["attachment_id"] and form_values(html)["signed_role"] == "formand"


def test_the_same_file_is_read_once(auth, client, round_2019, jobs_worker):
    auth.log_in(officer_of=round_2019.hearing_id)
    first = _job(_upload(client, round_2019, letter_pdf(), "hoeringssvar.pdf"))
    wait_for_job(first.id)
    second = _job(_upload(client, round_2019, letter_pdf(), "hoeringssvar.pdf"))  # sent again (Back, resend)
    assert second.id == first.id
    db.session.expire_all()
    assert db.session.get(Job, first.id).attempts == 1 and db.session.scalar(select(func.count(Job.id))) == 1


def test_the_same_file_after_its_letter_is_gone_is_read_again(auth, client, round_2019, jobs_worker):
    """Registered or discarded, the file the job read is no longer waiting: the same bytes sent again are a
    new letter, and the worker reads them again rather than offering the old job's result."""
    from app.attachments.models import Attachment

    auth.log_in(officer_of=round_2019.hearing_id)
    first = _job(_upload(client, round_2019, letter_pdf(), "hoeringssvar.pdf"))
    wait_for_job(first.id)
    db.session.delete(db.session.get(Attachment, first.params["attachment_id"]))  # discarded
    db.session.commit()
    second = _job(_upload(client, round_2019, letter_pdf(), "hoeringssvar.pdf"))
    assert second.id != first.id
    assert wait_for_job(second.id).state is JobState.DONE


def test_a_small_letter_is_still_read_in_the_request(app, auth, client, round_2019):
    app.config["LETTER_TEXT_IN_REQUEST_MAX_BYTES"] = 2 * 1024 * 1024
    auth.log_in(officer_of=round_2019.hearing_id)
    split = _upload(client, round_2019, letter_pdf(), "hoeringssvar.pdf")
    assert split.status_code == 200 and "Del brevet op i punkter" in split.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Job.id))) == 0
