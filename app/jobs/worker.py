"""The worker's entry point: `celery -A app.jobs.worker worker` (see README, "Background jobs")."""

from app import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
