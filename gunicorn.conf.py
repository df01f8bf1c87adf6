"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

Each setting can be changed through the environment, so one file serves
every server. Workers are processes (no shared state), so several app
servers can run behind a load balancer.
"""

import gc
import multiprocessing
import os

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
# A gthread worker takes every connection it can (1,000 by default) and serves them with its own threads,
# so a client's keep-alive connections could all land on one worker: one core busy, the other idle (issue
# 20: 55 submissions/s with one worker at 107 % CPU; about 100/s with this). Each worker now holds at
# most two connections a thread; the rest wait in the listen backlog for whichever worker is free. An
# idle keep-alive connection holds its place for `keepalive` seconds: behind the reverse proxy (which
# opens a connection a request, as nginx does by default) that does not arise.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", threads * 2))
# Word and PDF memos of a national hearing take a while; a request never takes longer than this.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced now and then, so a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200
preload_app = True


def when_ready(server):
    """The app's templates compiled in the master, once, before the first worker is forked: every worker,
    and each that replaces one after max_requests, starts with them, where it compiled each on its first
    use. A worker's first party submission took 174 ms of processor time against 15 ms for the next, 64 ms of
    it compiling four templates (issue 20). All of them take 1.5 s here, at start."""
    if not server.cfg.preload_app:  # the app is loaded in each worker, not here
        return
    environment = server.app.wsgi().jinja_env
    for name in environment.list_templates():
        environment.get_template(name)


def pre_fork(server, worker):
    """The app is loaded (preload_app) in the master: frozen before each fork, its 190,000 or so
    long-lived objects (models, templates, translations) are left out of every full collection in the
    workers, which otherwise walked them all every few requests (4.6 ms of a party's submission, 0.9 frozen;
    issue 20). Their memory pages also stay shared with the master, as the collector no longer touches them."""
    gc.freeze()


accesslog = "-"


# The access log keeps a personal link's route, not its key (in the request line and in the Referer).
class RedactingLogger(Logger):
    """gunicorn's logger, with every access-log atom (request line, path, query, headers) redacted, and
    its error log too ("Error handling request GET /svar/<token>")."""

    def __init__(self, cfg):
        super().__init__(cfg)
        self.error_log.addFilter(_redact_record)

    def atoms(self, resp, req, environ, request_time):
        # Imported here: this file is read before gunicorn puts the app's folder on the path;
        # by the first request the app (wsgi:app) is loaded.
        from app.security import redact_tokens

        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact_tokens(value) if isinstance(value, str) else value for key, value in atoms.items()}


def _redact_record(record) -> bool:
    try:
        from app.security import RedactTokens
    except ImportError:  # the app cannot load: let gunicorn say why, unfiltered
        return True
    return RedactTokens().filter(record)


logger_class = RedactingLogger
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket lives at one path per user (~/.gunicorn/gunicorn.ctl), so two services
# on one host would share it; nothing here uses it.
control_socket_disable = True
