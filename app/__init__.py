"""Høringsrunde: hearing rounds for Danish municipalities."""

from pathlib import Path

from flask import Flask

import config as config_module
from app.extensions import csrf, db, limiter, login_manager, mail, migrate


def create_app(config: object | str | None = None) -> Flask:
    """Build the app. `config` is a config object, a config name, or None (env)."""
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_path=str(config_module.INSTANCE_DIR),
    )
    if config is None or isinstance(config, str):
        config = config_module.load(config)
    app.config.from_object(config)
    from app.attachments.uploads import UploadRequest

    app.request_class = UploadRequest  # a form that takes files has its limits before anything reads it
    # The default SQLite file lives in instance/, which a fresh clone lacks.
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    _init_extensions(app)
    _register_blueprints(app)

    from app import commands, errors, i18n, security, serving, templating
    from app.public import caching

    caching.register(app)  # before serving: its WSGI layer answers from the cache
    serving.register(app)
    errors.register(app)
    security.register(app)
    i18n.register(app)
    templating.register(app)
    commands.register(app)
    return app


def _init_extensions(app: Flask) -> None:
    from app import models  # noqa: F401  (every model, for Alembic and create_all)

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(config_module.BASE_DIR / "migrations"), render_as_batch=True, compare_type=True
    )
    csrf.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    # Flask-Limiter logs to a logger of its own with no handler, so under gunicorn its warning that Redis is
    # away would be lost: it writes to the app's log instead (which says nothing of keys, tokens or passwords).
    limiter.logger = app.logger
    login_manager.init_app(app)
    from app.signin import providers

    providers.init_app(app)
    from app.jobs.celery_app import init_celery

    init_celery(app)


def _register_blueprints(app: Flask) -> None:
    """One blueprint per domain; each domain's blueprint.py lists its addresses."""
    from app.accounts.blueprint import bp as accounts_bp
    from app.accounts.blueprint import users_bp
    from app.api.blueprint import bp as api_bp
    from app.committee.blueprint import bp as committee_bp
    from app.committee.blueprint import meetings_bp, questions_bp
    from app.hearings.blueprint import bp as hearings_bp
    from app.jobs.blueprint import bp as jobs_bp
    from app.memos.blueprint import bp as memos_bp
    from app.parties.blueprint import bp as parties_bp
    from app.privacy.blueprint import bp as privacy_bp
    from app.public.blueprint import bp as public_bp
    from app.records.blueprint import bp as records_bp
    from app.replies.blueprint import bp as replies_bp
    from app.responses.blueprint import bp as responses_bp
    from app.responses.blueprint import staff_bp as staff_responses_bp
    from app.signin.blueprint import bp as signin_bp
    from app.subscriptions.blueprint import bp as subscriptions_bp
    from app.worklists.blueprint import bp as worklists_bp

    for blueprint in (public_bp, privacy_bp, accounts_bp, users_bp, hearings_bp, replies_bp, memos_bp,
                      staff_responses_bp, parties_bp, responses_bp, committee_bp, meetings_bp, api_bp, jobs_bp,
                      worklists_bp, subscriptions_bp, questions_bp, records_bp, signin_bp):
        app.register_blueprint(blueprint)
