"""The broker is a setting: a real worker takes a job through RabbitMQ (127.0.0.1:5672, guest/guest, as on
this machine and in CI) exactly as through Redis."""

from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from kombu import Connection

import config
from app import create_app
from app.accounts.models import Role, User
from app.extensions import db
from app.hearings.draft_jobs import imported_result, order_draft_import
from app.hearings.models import Hearing, HearingState
from app.jobs.models import JobState
from app.jobs.operations import enqueue
from tests.conftest import JOBS_QUEUE
from tests.factories import make_hearing, make_user
from tests.jobs_worker import wait_for_job

RABBITMQ = "amqp://guest:guest@127.0.0.1:5672//"
CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


@pytest.fixture
def rabbit_app(app, database_url):
    """The test's app and database with RabbitMQ as the broker, and a real worker on it."""
    settings = config.TestingConfig()
    settings.SQLALCHEMY_DATABASE_URI = database_url
    settings.CELERY_QUEUE = JOBS_QUEUE  # this run's own queue, as on Redis
    settings.CELERY_BROKER_URL = RABBITMQ
    rabbit = create_app(settings)
    celery = rabbit.extensions["celery"]
    with rabbit.app_context():
        with start_worker(celery, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
            yield rabbit
        with Connection(RABBITMQ) as connection:
            connection.default_channel.queue_delete(JOBS_QUEUE)
        db.session.remove()


def test_a_worker_runs_a_job_sent_through_rabbitmq(app, rabbit_app):
    with app.app_context():
        officer = make_user(Role.STAFF)
        hearing = make_hearing(state=HearingState.DRAFT, sections=0, officers=[officer])
        db.session.commit()
        ids = officer.id, hearing.id
    with rabbit_app.app_context():  # the app servers and the worker share the broker setting
        assert rabbit_app.extensions["celery"].conf.broker_url == RABBITMQ
        job = order_draft_import(db.session.get(Hearing, ids[1]), db.session.get(User, ids[0]),
                                 (CORPUS / "plan-2013.docx").read_bytes(), "plan-2013.docx")
        db.session.commit()
        job_id = job.id
        assert enqueue(job) is True
        done = wait_for_job(job_id)
        assert done.state is JobState.DONE and done.attempts == 1 and done.progress_done == 3
        assert imported_result(done).sections, "the preview's sections were read"
