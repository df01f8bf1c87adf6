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

from tests.faults.database_helpers import WAIT_SECONDS, is_postgresql
from tests.faults.gunicorn import START_SECONDS, Gunicorn

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def production_gunicorn(database_url: str, log: Path, **settings: str) -> Gunicorn:
    server_url = database_url if is_postgresql(database_url) else f"{database_url}?timeout={START_SECONDS}"
    return Gunicorn(database_url, log, HORING_CONFIG="production", SECRET_KEY=secrets.token_urlsafe(32),
                    DATABASE_URL=server_url, **settings)


@dataclass
class Upload:
    """A file chosen in a form's file field."""

    field: str
    filename: str
    data: bytes
    content_type: str = "application/pdf"


def multipart(fields: dict, files: list[Upload]) -> tuple[bytes, str]:
    """The body and content type a browser sends for a form with files."""
    boundary = secrets.token_hex(16)
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]
    for upload in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{upload.field}"; '
                     f'filename="{upload.filename}"\r\nContent-Type: {upload.content_type}\r\n\r\n'.encode()
                     + upload.data + b"\r\n")
    return b"".join([*parts, f"--{boundary}--\r\n".encode()]), f"multipart/form-data; boundary={boundary}"


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

    def request(self, method: str, path: str, data: dict | None = None, files: list[Upload] | None = None) -> Answer:
        """`files`: sent as a browser sends a form with files (multipart/form-data)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT_SECONDS * 2)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if files:
            body, headers["Content-Type"] = multipart(data or {}, files)
        elif data is not None:
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
