"""The app as production runs it: gunicorn with HORING_CONFIG=production (a real SECRET_KEY, CSRF on,
secure cookies, rate limits on), and a browser that talks to it over loopback.

The proxy in front of production speaks TLS; here the browser keeps and sends the secure cookies
over plain HTTP on loopback, as the proxy would carry them.
"""

import http.client
import re
import secrets
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from tests.faults.database_helpers import WAIT_SECONDS
from tests.faults.gunicorn import Gunicorn

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def production_gunicorn(database_url: str, log: Path, **settings: str) -> Gunicorn:
    return Gunicorn(database_url, log, HORING_CONFIG="production", SECRET_KEY=secrets.token_urlsafe(32),
                    DATABASE_URL=database_url, **settings)


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("Location", "")).path


class Browser:
    """Keeps its cookies between requests and sends a form with the page's CSRF token."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT_SECONDS * 2)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return Answer(answer.status, answer.headers, text)

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, data: dict, page: Answer | None = None) -> Answer:
        """Post `data` with the CSRF token of `page` (by default, the page at `path` loaded now)."""
        page = page or self.get(path)
        found = CSRF.search(page.text)
        assert found, f"no CSRF token on {path} ({page.status})"
        return self.request("POST", path, {**data, "csrf_token": found.group(1)})
