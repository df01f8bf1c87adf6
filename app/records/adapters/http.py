"""JSON over HTTP with the standard library: the two records systems' REST APIs need nothing more."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request

from app.records.adapters import FilingError


def basic_auth(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def post_json(url: str, body: dict, *, headers: dict, timeout: float) -> dict | list:
    data = json.dumps(body).encode()
    return _send(urllib.request.Request(url, data=data, method="POST",  # noqa: S310 (a configured https URL)
                                        headers={"Content-Type": "application/json", **headers}), timeout)


def post_form(url: str, fields: dict, *, headers: dict | None = None, timeout: float) -> dict | list:
    data = urllib.parse.urlencode(fields).encode()
    return _send(urllib.request.Request(url, data=data, method="POST",  # noqa: S310 (a configured https URL)
                                        headers={"Content-Type": "application/x-www-form-urlencoded",
                                                 **(headers or {})}), timeout)


def get_json(url: str, *, headers: dict, timeout: float) -> dict | list:
    return _send(urllib.request.Request(url, method="GET", headers=headers), timeout)  # noqa: S310


def _send(request: urllib.request.Request, timeout: float) -> dict | list:
    if urllib.parse.urlsplit(request.full_url).scheme not in ("http", "https"):
        raise FilingError(f"not an http(s) address: {request.full_url}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310  # nosec B310 (checked above)
            body = answer.read()
    except urllib.error.HTTPError as error:
        raise FilingError(f"HTTP {error.code} from {request.full_url}") from error
    except (OSError, urllib.error.URLError) as error:  # refused, timed out, the answer lost on the way
        raise FilingError(f"{type(error).__name__} from {request.full_url}") from error
    try:
        return json.loads(body or b"null")
    except ValueError as error:
        raise FilingError(f"not JSON from {request.full_url}") from error
