"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

Each setting can be changed through the environment, so one file serves
every server. Workers are processes (no shared state), so several app
servers can run behind a load balancer.
"""

import multiprocessing
import os
import re

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
# Word and PDF memos of a national hearing take a while; a request never takes longer than this.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced now and then, so a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200
preload_app = True
accesslog = "-"


# Personal links carry their key in the path: a party's link, a password link, a citizen's confirmation,
# the personal-data link (whose token holds the address). They reach the log in the request line and,
# from the app's own pages, in the Referer; the log keeps the route, not the key.
TOKEN_IN_PATH = re.compile(r"(/(?:svar|ny-adgangskode|bekraeft|persondata)/)[A-Za-z0-9_.=%-]{16,}")


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(r"\1[token]", text)


class RedactingLogger(Logger):
    """gunicorn's logger, with every access-log atom (request line, path, query, headers) redacted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}


logger_class = RedactingLogger
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket lives at one path per user (~/.gunicorn/gunicorn.ctl), so two services
# on one host would share it; nothing here uses it.
control_socket_disable = True
