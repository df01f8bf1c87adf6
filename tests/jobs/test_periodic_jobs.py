"""The periodic work on Celery beat: the schedule names the tasks, each runs on the real worker, and the
nightly retention run is a job of its own, once per day however often it is asked for."""

import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.hearings.models import Hearing, HearingState
from app.jobs.models import Job, JobState
from app.periodic import nightly
from app.retention.operations import ANONYMISED_CITIZEN, local_today
from tests.factories import make_hearing
from tests.jobs_worker import wait_for_job
from tests.retention.scenario import citizen_of, make_expired_hearing


def test_the_beat_schedule_sends_the_tick_the_mailbox_and_the_nightly_run(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert {name: entry["task"] for name, entry in schedule.items()} == {
        "tick": "periodic.tick", "letters": "periodic.letters", "nightly": "periodic.nightly"}
    assert schedule["tick"]["schedule"] == app.config["TICK_SECONDS"] == 300
    nightly_at = schedule["nightly"]["schedule"]
    assert (nightly_at.hour, nightly_at.minute) == ({3}, {15})
    assert app.extensions["celery"].conf.timezone == "Europe/Copenhagen"


def test_the_tick_sent_to_the_worker_closes_a_hearing_past_its_deadline(app, jobs_worker):
    hearing = make_hearing(state=HearingState.OPEN, deadline_at=datetime.now(UTC) - timedelta(minutes=5))
    db.session.commit()
    jobs_worker.send_task("periodic.tick", queue=app.config["CELERY_QUEUE"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        db.session.expire_all()
        if db.session.get(Hearing, hearing.id).state is HearingState.CLOSED:
            return
        time.sleep(0.2)
    raise AssertionError("the worker did not run the tick")


def test_the_nightly_run_asks_for_one_retention_job_a_day_and_the_worker_removes_the_data(app, jobs_worker):
    expired = make_expired_hearing()
    nightly()
    nightly()  # beat sent it twice (a restart around 03:15): still one job, run once
    [job] = db.session.scalars(select(Job)).all()
    assert job.kind == "retention" and job.params == {"today": local_today().isoformat()}
    done = wait_for_job(job.id)

    assert done.state is JobState.DONE and done.attempts == 1
    assert (done.progress_done, done.progress_total) == (1, 1)  # one hearing was due
    report = db.session.get(Job, job.id).result_data.decode()
    assert f"Sletning af personoplysninger pr. {local_today().isoformat()}" in report
    assert citizen_of(expired.citizen_response_id).citizen_name == ANONYMISED_CITIZEN
    nightly()  # later the same night: the day's job is done, nothing runs again
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Job.id))) == 1
    assert db.session.get(Job, job.id).attempts == 1
