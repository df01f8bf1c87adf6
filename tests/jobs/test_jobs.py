"""Background jobs: asked for once however often people click, run once however often the message
arrives, taken up again when a worker dies, kept when the broker is away, and the person told."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from docx import Document
from sqlalchemy import func, select

import config
from app import create_app
from app.accounts.models import Role
from app.extensions import db
from app.hearings.models import Hearing
from app.jobs import operations
from app.jobs.models import Job, JobState
from app.memos.jobs import order_memo_file
from app.notifications.operations import send_due
from tests.factories import PASSWORD, make_finished_job, make_hearing, make_user
from tests.jobs_worker import fetch_through_job, wait_for_job

STAFF_HEARINGS = "/medarbejder/hoeringer"


@pytest.fixture
def hearing_and_officer(db):
    hearing = make_hearing(sections=3, title="Kvalitetsstandarder 2019")
    officer = make_user(Role.STAFF, name="Sagsbehandler")
    hearing.officers.append(officer)
    db.session.commit()
    return hearing, officer


def _log_in(client, user) -> None:
    client.post("/konto/log-ind", data={"email": user.email, "password": PASSWORD})


def test_a_double_click_a_second_tab_and_a_colleague_share_one_job(client, app, hearing_and_officer):
    hearing, officer = hearing_and_officer
    colleague = make_user(Role.STAFF)
    db.session.commit()
    order = f"{STAFF_HEARINGS}/{hearing.slug}/hoeringsnotat/pdf"
    _log_in(client, officer)
    first, second = client.post(order), client.post(order)
    other = app.test_client()
    _log_in(other, colleague)
    third = other.post(order)
    assert other.get(third.headers["Location"]).status_code == 200  # the colleague may follow it too
    assert first.headers["Location"] == second.headers["Location"] == third.headers["Location"]
    assert db.session.scalar(select(func.count(Job.id))) == 1


def test_a_waiting_job_shows_its_progress_and_refreshes_itself_without_javascript(client, hearing_and_officer):
    hearing, officer = hearing_and_officer
    _log_in(client, officer)
    page_url = client.post(f"{STAFF_HEARINGS}/{hearing.slug}/hoeringsnotat/docx").headers["Location"]
    page = client.get(page_url).get_data(as_text=True)
    assert '<progress id="job-progress" max="100" value="0">' in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert "Venter på at gå i gang." in page
    status = client.get(f"{page_url}/status").get_json()
    assert status == {"state": "queued", "percent": 0, "text": "Venter på at gå i gang.", "finished": False}
    assert client.get(f"{page_url}/hent").status_code == 302  # no file yet: back to the page


def test_the_worker_makes_the_file_and_the_person_gets_a_mail_with_the_link(client, app, hearing_and_officer,
                                                                            jobs_worker, smtp_server):
    hearing, officer = hearing_and_officer
    _log_in(client, officer)
    download, job = fetch_through_job(client, f"{STAFF_HEARINGS}/{hearing.slug}/hoeringsnotat/docx")
    assert job.state is JobState.DONE and job.progress_done == job.progress_total == 3
    assert download.headers["Cache-Control"] == "private, no-store"
    from io import BytesIO

    assert "Kvalitetsstandarder 2019" in "\n".join(p.text for p in Document(BytesIO(download.data)).paragraphs)
    page = client.get(f"/medarbejder/filer/{job.id}").get_data(as_text=True)
    assert "Filen er klar." in page and "Hent filen" in page and "noscript" not in page
    assert send_due() == (1, 0)
    [mail] = smtp_server.messages
    assert mail["To"] == officer.email and job.result_filename in mail["Subject"]
    assert f"http://localhost/medarbejder/filer/{job.id}" in mail.get_body(("plain",)).get_content()
    listed = client.get("/medarbejder/filer/").get_data(as_text=True)
    assert f"/medarbejder/filer/{job.id}" in listed and "Filen er klar." in listed


def test_a_message_that_arrives_again_for_a_finished_job_does_nothing(app, hearing_and_officer):
    hearing, officer = hearing_and_officer
    job = order_memo_file(hearing, "csv", officer)
    db.session.commit()
    with app.test_request_context():
        operations.run(job.id)  # what the worker does with the message
        db.session.expire_all()
        made = db.session.get(Job, job.id)
        first = (made.state, made.attempts, made.result_sha256, made.finished_at)
        operations.run(job.id)  # the same message again (redelivered after a lost acknowledgement)
    db.session.expire_all()
    again = db.session.get(Job, job.id)
    assert first[0] is JobState.DONE and (again.state, again.attempts, again.result_sha256, again.finished_at) == first


def test_a_job_whose_worker_holds_the_lease_waits_and_one_whose_lease_lapsed_is_taken_up(app, hearing_and_officer):
    hearing, officer = hearing_and_officer
    job = order_memo_file(hearing, "csv", officer)
    db.session.commit()
    now = datetime.now(UTC)
    assert operations.claim(job.id, now).attempts == 1
    with pytest.raises(operations.JobBusy) as busy:
        operations.claim(job.id, now + timedelta(seconds=1))  # a second copy of the message, the first still works
    assert 0 < busy.value.seconds <= app.config["JOB_LEASE_SECONDS"]
    lapsed = now + timedelta(seconds=app.config["JOB_LEASE_SECONDS"] + 1)  # its worker died
    assert operations.claim(job.id, lapsed).attempts == 2
    assert operations.requeue_lost(lapsed + timedelta(seconds=app.config["JOB_LEASE_SECONDS"] + 1)) == 1


def test_an_attempt_whose_lease_was_taken_over_leaves_the_result_to_the_newer_one(app, hearing_and_officer):
    hearing, officer = hearing_and_officer
    job = order_memo_file(hearing, "csv", officer)
    db.session.commit()
    now = datetime.now(UTC)
    first = operations.claim(job.id, now).attempts
    second = operations.claim(job.id, now + timedelta(seconds=app.config["JOB_LEASE_SECONDS"] + 1)).attempts
    operations._finish(job.id, first, operations.JobFile(b"old", "a.csv", "text/csv"))  # the slow first one ends
    db.session.expire_all()
    assert db.session.get(Job, job.id).state is JobState.RUNNING  # its file is dropped: the second one runs
    operations._finish(job.id, second, operations.JobFile(b"new", "a.csv", "text/csv"))
    db.session.expire_all()
    done = db.session.get(Job, job.id)
    assert done.state is JobState.DONE and done.result_data == b"new"


def test_a_job_that_fails_says_so_and_can_be_asked_for_again(client, app, hearing_and_officer):
    hearing, officer = hearing_and_officer
    # Asked for before an upgrade, in a format this version no longer makes: the runner refuses it.
    job = operations.request_job("memo_file", user=officer, hearing_id=hearing.id, params={"format": "odt"},
                                 dedupe_key=f"memo:{hearing.id}:live:odt")
    db.session.commit()
    job_id = job.id
    with app.test_request_context(), pytest.raises(ValueError, match="odt"):
        operations.run(job_id)
    db.session.expire_all()
    failed = db.session.get(Job, job_id)
    assert failed.state is JobState.FAILED and failed.error and failed.finished_at
    _log_in(client, officer)
    page = client.get(f"/medarbejder/filer/{job_id}").get_data(as_text=True)
    assert "Filen kunne ikke laves." in page and "Prøv igen" in page and f"nummer {job_id}" in page
    again = client.post(f"/medarbejder/filer/{job_id}/igen")
    assert again.status_code == 302 and not again.headers["Location"].endswith(f"/{job_id}")
    assert db.session.scalar(select(func.count(Job.id))) == 2


def test_when_the_broker_is_away_the_job_waits_and_the_timer_sends_it_later(app, database_url, hearing_and_officer,
                                                                            jobs_worker, caplog):
    hearing, officer = hearing_and_officer
    settings = config.TestingConfig()
    settings.SQLALCHEMY_DATABASE_URI = database_url
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"  # nothing listens on port 9 (discard)
    away = create_app(settings)
    with away.app_context(), caplog.at_level(logging.WARNING):
        job = order_memo_file(db.session.get(Hearing, hearing.id), "csv", db.session.get(type(officer), officer.id))
        db.session.commit()
        job_id = job.id
        assert operations.enqueue(job) is False
        db.session.remove()
    assert f"job {job_id} stays queued" in caplog.text
    assert db.session.get(Job, job_id).state is JobState.QUEUED
    runner = app.test_cli_runner().invoke(args=["hearings", "tick"])
    assert runner.exit_code == 0 and "jobs: 1 sent again" in runner.output
    assert wait_for_job(job_id).state is JobState.DONE


def test_finished_files_are_removed_after_some_days(app, hearing_and_officer):
    hearing, officer = hearing_and_officer
    old = make_finished_job(hearing, officer)
    old.finished_at = datetime.now(UTC) - timedelta(days=app.config["JOB_FILES_KEEP_DAYS"] + 1)
    recent = make_finished_job(hearing, officer)
    db.session.commit()
    assert operations.remove_old_files() == 1
    db.session.commit()
    assert db.session.get(Job, recent.id) is not None and db.session.scalar(select(func.count(Job.id))) == 1


def test_someone_who_may_not_read_the_hearing_cannot_see_its_files(client, hearing_and_officer):
    hearing, officer = hearing_and_officer
    job = make_finished_job(hearing, officer)
    committee = make_user(Role.COMMITTEE)
    db.session.commit()
    _log_in(client, committee)
    for path in ("", "/status", "/hent"):
        assert client.get(f"/medarbejder/filer/{job.id}{path}").status_code == 403
