"""SBSYS (KMD/Fujitsu's ESDH for municipalities), by its REST API with OAuth2 client credentials.

SBSYS's API documentation is given to municipalities and their suppliers, not published; what this
adapter sends is therefore an assumption, kept in one place (README, "Filing on the case"):

- a token: `POST SBSYS_TOKEN_URL` with `grant_type=client_credentials`, `client_id`, `client_secret`
  (RFC 6749 § 4.4), answered with `access_token`;
- a lookup: `GET {SBSYS_URL}/api/sag/{case number}/dokumenter?eksterntId={key}`, a list of documents
  with `Id`;
- filing: `POST {SBSYS_URL}/api/sag/{case number}/dokumenter` with JSON `Navn`, `EksterntId`, `Filnavn`,
  `Dato`, `Afsender`, `Indhold` (base64), `Sha256`, answered with the new document's `Id`.

The external id (the document's key) is the idempotency marker: looked up before filing.
"""

from __future__ import annotations

import base64
import time
import urllib.parse

from app.records.adapters import Document, FilingError
from app.records.adapters.http import get_json, post_form, post_json


class SbsysAdapter:
    name = "sbsys"

    def __init__(self, url: str, token_url: str, client_id: str, client_secret: str, *, timeout: float = 30):
        if not url or not token_url:
            raise FilingError("SBSYS_URL and SBSYS_TOKEN_URL must be set")
        self.url = url.rstrip("/")
        self.token_url = token_url
        self.client = (client_id or "", client_secret or "")
        self.timeout = timeout
        self._token: tuple[str, float] | None = None

    def _headers(self) -> dict:
        if self._token is None or self._token[1] < time.monotonic():
            answer = post_form(self.token_url, {"grant_type": "client_credentials", "client_id": self.client[0],
                                                "client_secret": self.client[1]}, timeout=self.timeout)
            if not isinstance(answer, dict) or not answer.get("access_token"):
                raise FilingError("SBSYS's token endpoint answered without an access_token")
            lifetime = float(answer.get("expires_in") or 60)
            self._token = (answer["access_token"], time.monotonic() + max(lifetime - 10, 1))
        return {"Authorization": f"Bearer {self._token[0]}"}

    def _documents_url(self, document: Document) -> str:
        return f"{self.url}/api/sag/{urllib.parse.quote(document.case_number, safe='')}/dokumenter"

    def file(self, document: Document) -> str:
        found = self.find(document)
        if found:
            return found
        body = {"Navn": document.title, "EksterntId": document.key, "Filnavn": document.filename,
                "Dato": document.dated.isoformat(), "Afsender": document.sender,
                "Indhold": base64.b64encode(document.content).decode(), "Sha256": document.sha256}
        try:
            answer = post_json(self._documents_url(document), body, headers=self._headers(), timeout=self.timeout)
        except FilingError:
            found = self.find(document)  # the answer was lost after SBSYS stored it
            if found:
                return found
            raise
        if not isinstance(answer, dict) or answer.get("Id") in (None, ""):
            raise FilingError("SBSYS answered without an Id")
        return str(answer["Id"])

    def find(self, document: Document) -> str | None:
        query = urllib.parse.urlencode({"eksterntId": document.key})
        answer = get_json(f"{self._documents_url(document)}?{query}", headers=self._headers(),
                          timeout=self.timeout)
        for row in answer if isinstance(answer, list) else []:
            if row.get("EksterntId") == document.key and row.get("Id") not in (None, ""):
                return str(row["Id"])
        return None
