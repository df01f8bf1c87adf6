"""Celery bound to the Flask app: each task runs inside the app's context (the Flask docs' pattern)."""

from pathlib import Path

from celery import Celery, Task
from celery.schedules import crontab
from flask import Flask


def init_celery(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, task_cls=FlaskTask)
    celery.conf.update(_settings(app))
    celery.set_default()
    app.extensions["celery"] = celery
    return celery


def _settings(app: Flask) -> dict:
    broker = app.config["CELERY_BROKER_URL"]
    settings = {
        "broker_url": broker,
        "task_default_queue": app.config["CELERY_QUEUE"],
        "task_ignore_result": True,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,  # a worker takes one job at a time: long jobs do not wait behind it
        "broker_connection_retry_on_startup": True,
        "include": ["app.jobs.tasks", "app.records.tasks"],
        "worker_hijack_root_logger": False,
        # Celery beat (`celery -A app.jobs.worker beat`, one per installation) sends the periodic work to
        # the same queue; the tasks are in app/jobs/tasks.py, what they do in app/periodic.py.
        "timezone": "Europe/Copenhagen",
        "beat_schedule": beat_schedule(app),
    }
    if broker.startswith("filesystem://"):
        settings["broker_transport_options"] = _folder_broker(Path(app.instance_path) / "jobs-queue")
    elif broker.startswith("redis"):
        # A Redis that hangs must not hold up the request that asked for a job (the job stays queued).
        settings["broker_transport_options"] = {"socket_connect_timeout": 2, "socket_timeout": 5,
                                                "visibility_timeout": 3600}
    return settings


def beat_schedule(app: Flask) -> dict:
    every = app.config["TICK_SECONDS"]
    hour, minute = app.config["NIGHTLY_AT"]
    # A beat sent while no worker runs is dropped when the next is due, so workers that come back do not
    # run a pile of ticks; the nightly run waits up to a day.
    return {
        "tick": {"task": "periodic.tick", "schedule": every,  # hearings on time, reminders, digest, lost jobs
                 "options": {"expires": every}},
        "letters": {"task": "periodic.letters", "schedule": every, "options": {"expires": every}},  # the mailbox
        "nightly": {"task": "periodic.nightly", "schedule": crontab(hour=hour, minute=minute),  # retention
                    "options": {"expires": 23 * 3600}},
    }


def _folder_broker(folder: Path) -> dict:
    """Messages as files in instance/jobs-queue: a broker that needs nothing installed, for `make run`."""
    for name in ("messages", "processed", "control"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    # control_folder: kombu's default is ./control, in whatever directory the app was started from.
    return {"data_folder_in": str(folder / "messages"), "data_folder_out": str(folder / "messages"),
            "processed_folder": str(folder / "processed"), "control_folder": str(folder / "control"),
            "store_processed": False}
