"""Small records systems on loopback, started by the tests: they speak the requests and answers the
adapters send (app/records/adapters), keep what is filed in memory, and can fail on purpose:

- `fail_next`: answer the next N filings with HTTP 500, storing nothing;
- `drop_next`: store the next N filings, then close the connection without an answer (a lost answer).

No real GetOrganized or SBSYS can run here; these follow the requests of their public examples
(GetOrganized) or the assumptions written in app/records/adapters/sbsys.py (SBSYS).
"""

from __future__ import annotations

import base64
import json
import socket
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

GO_USER, GO_PASSWORD = "svc-hoering", "hemmeligt"
SBSYS_CLIENT, SBSYS_SECRET = "hoeringsrunde", "klienthemmelighed"


@dataclass
class Stored:
    id: str
    case: str
    name: str
    content: bytes
    meta: dict = field(default_factory=dict)


class RecordsServer(ABC):
    """A ThreadingHTTPServer on 127.0.0.1 and a free port, in a thread of its own."""

    def __init__(self) -> None:
        self.documents: list[Stored] = []
        self.requests: list[tuple[str, str]] = []
        self.fail_next = 0
        self.drop_next = 0
        self.lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"records": self})
        self.http = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.http.server_port}"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)

    def __enter__(self) -> RecordsServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.http.shutdown()
        self.http.server_close()

    @abstractmethod
    def handle(self, method: str, path: str, headers, body: bytes):
        """One request of the records system's API: (status, json), or "drop" for a lost answer."""

    def store(self, case: str, name: str, content: bytes, **meta) -> Stored | str:
        with self.lock:
            if self.fail_next:
                self.fail_next -= 1
                return "fail"
            stored = Stored(str(1000 + len(self.documents)), case, name, content, meta)
            self.documents.append(stored)
            if self.drop_next:
                self.drop_next -= 1
                return "drop"
            return stored


class _Handler(BaseHTTPRequestHandler):
    records: RecordsServer

    def log_message(self, *args) -> None:  # quiet
        pass

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.records.requests.append((self.command, self.path))
        answer = self.records.handle(self.command, self.path, self.headers, body)
        if answer == "drop":  # filed, and the connection closes before any answer
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        status, payload = answer
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _any  # noqa: N815 (the names http.server calls)


class GetOrganizedServer(RecordsServer):
    """`/_goapi/Documents/AddToCase` and `/_goapi/Search/Results`, behind basic authentication."""

    def handle(self, method, path, headers, body):
        expected = "Basic " + base64.b64encode(f"{GO_USER}:{GO_PASSWORD}".encode()).decode()
        if headers.get("Authorization") != expected:
            return 401, {"Message": "Unauthorized"}
        data = json.loads(body or b"{}")
        if method == "POST" and path == "/_goapi/Documents/AddToCase":
            if any(d.case == data["CaseId"] and d.name == data["FileName"] for d in self.documents) \
                    and not data["Overwrite"]:
                return 400, {"Message": f"A file with the name {data['FileName']} already exists."}
            result = self.store(data["CaseId"], data["FileName"], bytes(data["Bytes"]), metadata=data["Metadata"],
                                list=data["ListName"])
            if result == "fail":
                return 500, {"Message": "Internal error"}
            if result == "drop":
                return "drop"
            return 200, {"DocId": int(result.id), "Message": ""}
        if method == "POST" and path == "/_goapi/Search/Results":
            rows = [{"title": d.name, "docid": int(d.id), "caseid": d.case} for d in self.documents
                    if data["Term"] in d.name and d.case == data.get("CaseId", d.case)]
            return 200, {"Rows": {"Results": rows}, "TotalRows": len(rows)}
        return 404, {"Message": "Not found"}


class SbsysServer(RecordsServer):
    """`/token` (OAuth2 client credentials) and `/api/sag/<case>/dokumenter` (lookup and filing)."""

    token = "sbsys-token-1"  # noqa: S105 (a test server's)

    def handle(self, method, path, headers, body):
        url = urlsplit(path)
        if method == "POST" and url.path == "/token":
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            if form != {"grant_type": "client_credentials", "client_id": SBSYS_CLIENT, "client_secret": SBSYS_SECRET}:
                return 401, {"error": "invalid_client"}
            return 200, {"access_token": self.token, "token_type": "Bearer", "expires_in": 300}
        if headers.get("Authorization") != f"Bearer {self.token}":
            return 401, {"error": "invalid_token"}
        parts = url.path.split("/")
        if len(parts) != 5 or parts[1:3] != ["api", "sag"] or parts[4] != "dokumenter":
            return 404, {}
        case = unquote(parts[3])
        if method == "GET":
            key = parse_qs(url.query).get("eksterntId", [""])[0]
            return 200, [{"Id": int(d.id), "EksterntId": d.meta["key"], "Navn": d.meta["title"]}
                         for d in self.documents if d.case == case and d.meta["key"] == key]
        data = json.loads(body)
        result = self.store(case, data["Filnavn"], base64.b64decode(data["Indhold"]), key=data["EksterntId"],
                            title=data["Navn"], sha256=data["Sha256"])
        if result == "fail":
            return 500, {"Message": "Internal error"}
        if result == "drop":
            return "drop"
        return 201, {"Id": int(result.id)}
