"""What running behind a proxy and a load balancer needs: a health check that asks the
database, the client's real address from a trusted proxy, and static files that may be
cached for a year because their URLs change when they do."""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Flask, current_app, jsonify, send_from_directory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.middleware.proxy_fix import ProxyFix

from app.extensions import db, limiter
from app.public.kept_pages import KeptPages
from app.responses.party_front import KeptPartyPages

bp = Blueprint("serving", __name__)


@bp.get("/helse")
def health():
    """200 when this server can reach its database, 503 when it cannot (the load balancer takes it out).
    Redis away is "degraded" but still 200: limits then count in memory, and everything else works."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify({"status": "database unavailable"}), 503, {"Cache-Control": "no-store"}
    if not _rate_limit_storage_answers():
        return jsonify({"status": "degraded", "redis": "unreachable"}), 200, {"Cache-Control": "no-store"}
    return jsonify({"status": "ok"}), 200, {"Cache-Control": "no-store"}


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page links to: the same SVG, not a 404 in every log."""
    return send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml", max_age=86400)


def _rate_limit_storage_answers() -> bool:
    """Whether the storage that rate limits count in answers (always, when that is this server's memory)."""
    config = current_app.config
    if not config.get("RATELIMIT_ENABLED") or config.get("RATELIMIT_STORAGE_URI", "memory://").startswith("memory"):
        return True
    return limiter.storage.check()  # a ping; False when it fails or times out


@lru_cache(maxsize=512)
def _version(path: Path, mtime: float) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    # Innermost, so it reads each request as Flask will (behind the proxy's fixes): kept public pages
    # are answered before Flask (app/public/kept_pages.py).
    app.wsgi_app = KeptPages(app)
    # In front of it: a party's page is never a public one (app/responses/party_front.py).
    app.wsgi_app = KeptPartyPages(app)
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        # Only as many proxies as are ours: a client cannot forge its address past them.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    static = Path(app.static_folder)

    @app.url_defaults
    def static_version(endpoint, values):
        """/static/css/app.css?v=<content hash>: a changed file gets a new URL, so caches may keep it long."""
        if endpoint != "static" or "v" in values or "filename" not in values:
            return
        path = (static / values["filename"]).resolve()
        if static.resolve() in path.parents and path.is_file():
            values["v"] = _version(path, path.stat().st_mtime)
