"""Behind a load balancer: the health check asks the database; static files are versioned and cached long."""

import gc
import re
import runpy
import secrets
from pathlib import Path
from types import SimpleNamespace

from flask import url_for
from sqlalchemy.exc import OperationalError

import config
from app import create_app
from app.extensions import db


def test_health_is_ok_when_the_database_answers(client):
    answer = client.get("/helse")
    assert answer.status_code == 200 and answer.get_json() == {"status": "ok"}
    assert answer.headers["Cache-Control"] == "no-store"


def test_health_is_503_when_the_database_does_not(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", unreachable)
    answer = client.get("/helse")
    assert answer.status_code == 503 and answer.get_json() == {"status": "database unavailable"}


def test_static_urls_carry_a_content_hash_and_production_caches_them_a_year(app, monkeypatch):
    with app.test_request_context():
        url = url_for("static", filename="css/app.css")
    assert "?v=" in url and len(url.split("v=")[1]) == 12
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    production = create_app(config.ProductionConfig())
    production.config["SQLALCHEMY_DATABASE_URI"] = app.config["SQLALCHEMY_DATABASE_URI"]
    answer = production.test_client().get(url)
    assert answer.status_code == 200 and "max-age=31536000" in answer.headers["Cache-Control"]


def _address_seen(database_url, proxies: int) -> dict:
    from flask import request

    settings = config.TestingConfig()
    settings.SQLALCHEMY_DATABASE_URI, settings.TRUSTED_PROXIES = database_url, proxies
    probe = create_app(settings)
    seen = {}

    @probe.get("/_address")
    def address():
        seen["remote"], seen["scheme"] = request.remote_addr, request.scheme
        return ""

    headers = {"X-Forwarded-For": "198.51.100.9, 203.0.113.7", "X-Forwarded-Proto": "https"}
    probe.test_client().get("/_address", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    return seen


def test_a_trusted_proxy_gives_the_client_address_and_an_untrusted_one_does_not(database_url):
    assert _address_seen(database_url, 0) == {"remote": "10.0.0.2", "scheme": "http"}  # headers ignored
    # One proxy of ours: its X-Forwarded-For entry counts; what the client wrote before it does not.
    assert _address_seen(database_url, 1) == {"remote": "203.0.113.7", "scheme": "https"}


def test_the_favicon_is_linked_and_answers_at_favicon_ico_too(client):
    """Issue #18: a favicon, and /favicon.ico (which browsers ask for anyway) no longer a 404."""
    page = client.get("/").get_data(as_text=True)
    linked = re.search(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)">', page).group(1)
    svg = client.get(linked)
    assert svg.status_code == 200 and svg.data.startswith(b"<svg")
    ico = client.get("/favicon.ico")
    assert ico.status_code == 200
    assert ico.mimetype == "image/svg+xml"
    assert ico.data == svg.data


def test_gunicorn_freezes_the_loaded_app_before_it_forks_a_worker(app):
    """Each worker's full collections leave alone what the master loaded (gunicorn.conf.py, issue 20)."""
    settings = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
    try:
        settings["pre_fork"](server=None, worker=None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_gunicorn_compiles_every_template_in_the_master_before_it_forks_a_worker(database_url):
    """A worker starts with the templates compiled, not compiling each on its first use (gunicorn.conf.py)."""
    settings = config.TestingConfig()
    settings.SQLALCHEMY_DATABASE_URI = database_url
    fresh = create_app(settings)
    names = fresh.jinja_env.list_templates()
    server = SimpleNamespace(cfg=SimpleNamespace(preload_app=True), app=SimpleNamespace(wsgi=lambda: fresh))
    assert len(fresh.jinja_env.cache) == 0
    runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))["when_ready"](server)
    assert len(names) > 100 and len(fresh.jinja_env.cache) == len(names)


def test_a_gunicorn_worker_holds_two_connections_a_thread_so_a_clients_connections_spread(monkeypatch):
    """gthread's default lets one worker take every keep-alive connection of a client while the others
    idle (bench/RESULTS.md, issue 20); the limit, and the environment's say over it."""
    path = str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py")
    monkeypatch.setenv("GUNICORN_THREADS", "3")
    monkeypatch.delenv("GUNICORN_WORKER_CONNECTIONS", raising=False)
    assert runpy.run_path(path)["worker_connections"] == 6
    monkeypatch.setenv("GUNICORN_WORKER_CONNECTIONS", "50")
    assert runpy.run_path(path)["worker_connections"] == 50
