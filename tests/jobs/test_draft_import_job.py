"""A draft's file is read by the real worker: the upload is stored with its job first, the page follows
the progress (refreshing itself without JavaScript), the preview opens when it is done, and the same
file asked for again is read once."""

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.extensions import db
from app.hearings.models import HearingState, Section
from app.jobs.models import Job, JobState
from tests.factories import make_hearing, make_user
from tests.jobs_worker import follow_job, wait_for_job

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


@pytest.fixture
def officer(db):
    user = make_user(Role.STAFF, name="Søren Sagsbehandler")
    db.session.commit()
    return user


@pytest.fixture
def hearing(db, officer):
    hearing = make_hearing(state=HearingState.DRAFT, sections=0, officers=[officer])
    db.session.commit()
    return hearing


def _order(client, hearing, data: bytes, name: str, text: str = ""):
    return client.post(f"/medarbejder/hoeringer/{hearing.slug}/udkast/importer",
                       data={"document": (io.BytesIO(data), name), "text": text}, content_type="multipart/form-data")


def _job_id(ordered) -> int:
    return int(ordered.headers["Location"].rsplit("/", 1)[-1])


def test_the_upload_is_stored_with_its_job_and_the_page_refreshes_itself_until_it_is_read(auth, client, officer,
                                                                                          hearing):
    auth.log_in(officer)
    data = (CORPUS / "plan-2013.docx").read_bytes()
    ordered = _order(client, hearing, data, "plan-2013.docx")  # no worker runs: the job waits

    assert ordered.status_code == 303 and ordered.headers["Location"].startswith("/medarbejder/filer/")
    job = db.session.get(Job, _job_id(ordered))
    assert (job.kind, job.state, job.input_data, job.requested_by_id) == ("draft_import", JobState.QUEUED, data,
                                                                           officer.id)
    page = client.get(ordered.headers["Location"]).get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert '<progress id="job-progress" max="100" value="0">' in page and "Import af udkastet" in page
    assert f'href="/medarbejder/hoeringer/{hearing.slug}"' in page  # back to the hearing, not to a memo
    preview = client.get(f"/medarbejder/hoeringer/{hearing.slug}/udkast/importer/{job.id}")
    assert preview.status_code == 302 and preview.headers["Location"] == ordered.headers["Location"]


def test_the_worker_reads_the_file_reports_its_steps_and_the_preview_saves_it(auth, client, officer, hearing,
                                                                             jobs_worker):
    auth.log_in(officer)
    ordered = _order(client, hearing, (CORPUS / "catalogue-2019.odt").read_bytes(), "catalogue-2019.odt")
    page = follow_job(client, ordered).get_data(as_text=True)

    job = db.session.get(Job, _job_id(ordered))
    assert job.state is JobState.DONE and (job.progress_done, job.progress_total, job.attempts) == (3, 3, 1)
    assert job.result_filename == "catalogue-2019-afsnit.json" and job.dedupe_key.startswith("draft-import:")
    assert "Se afsnittene før de gemmes" in page and "Kvalitetsstandard for aflastningsordning – § 84" in page
    assert db.session.scalar(select(Section.id)) is None, "nothing is saved before confirming"
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', page).group(1)
    saved = client.post(f"/medarbejder/hoeringer/{hearing.slug}/udkast/gem", data={"payload": payload})
    assert saved.status_code == 302
    assert "Forord" in db.session.scalars(select(Section.heading)).all()


def test_the_same_file_asked_for_again_is_read_once(auth, client, app, officer, hearing, jobs_worker):
    auth.log_in(officer)
    data = (CORPUS / "plan-2013.docx").read_bytes()
    first = _order(client, hearing, data, "plan-2013.docx")
    second = _order(client, hearing, data, "plan-2013.docx")  # a double click, while it is read
    assert _job_id(first) == _job_id(second)
    done = wait_for_job(_job_id(first))
    third = _order(client, hearing, data, "plan (kopi).docx")  # the same bytes after it was read
    assert _job_id(third) == done.id
    assert "Se afsnittene før de gemmes" in follow_job(client, third).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Job, done.id).attempts == 1
    assert db.session.scalar(select(func.count(Job.id))) == 1
    other = _order(client, hearing, (CORPUS / "catalogue-2019.docx").read_bytes(), "catalogue-2019.docx")
    assert _job_id(other) != done.id  # another file is another job


def test_a_refused_file_brings_back_the_form_with_the_reason_and_the_pasted_text(auth, client, officer, hearing,
                                                                                jobs_worker):
    auth.log_in(officer)
    ordered = _order(client, hearing, b"PK\x05\x06" + b"\x00" * 18, "udkast.docx", text="# Forord\n\nVores tekst.")
    page = follow_job(client, ordered)

    job = db.session.get(Job, _job_id(ordered))
    assert job.state is JobState.FAILED and "zip-fil" in job.refusal
    assert page.request.path == f"/medarbejder/hoeringer/{hearing.slug}/udkast/importer"
    html = page.get_data(as_text=True)
    error = re.search(r'<span class="form-error-message" id="document-error">(.*?)</span>\s*<', html, re.S)
    assert error and "Filen er en zip-fil" in error.group(1)
    assert "Vores tekst." in html


def test_an_empty_or_too_large_file_is_refused_at_once_next_to_the_field(auth, client, officer, hearing, app):
    auth.log_in(officer)
    page = _order(client, hearing, b"", "tom.docx", text="Min tekst").get_data(as_text=True)
    assert "Filen er tom." in page and "Min tekst" in page
    assert db.session.scalar(select(func.count(Job.id))) == 0


def test_another_hearings_import_is_not_shown(auth, client, officer, hearing, db):
    other = make_hearing(state=HearingState.DRAFT, sections=0, officers=[officer])
    db.session.commit()
    auth.log_in(officer)
    ordered = _order(client, hearing, (CORPUS / "plan-2013.docx").read_bytes(), "plan-2013.docx")
    assert client.get(f"/medarbejder/hoeringer/{other.slug}/udkast/importer/{_job_id(ordered)}").status_code == 404
