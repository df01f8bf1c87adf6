"""GetOrganized (Netcompany), by its REST API `/_goapi/...`, with basic authentication.

Filing is `POST /_goapi/Documents/AddToCase` with the case id, the list ("Dokumenter"), a file name, the
metadata as a SharePoint row (`<z:row xmlns:z="#RowsetSchema" ows_Title="…" />`), `Overwrite` and the
bytes as a list of numbers; the answer holds the new document's `DocId`.

Not filing twice: the file name carries a marker made from the document's key ("HR-3f2a…"). Before it
adds, the adapter asks GetOrganized's search (`POST /_goapi/Search/Results`) for that marker on the case
and takes the document found; and it adds with `Overwrite: false`, so even when the search has not yet
seen a document added a moment ago, a second add of the same name is refused rather than stored twice
(the refusal is then answered by looking again).
"""

from __future__ import annotations

import hashlib
from html import escape

from app.records.adapters import Document, FilingError
from app.records.adapters.http import basic_auth, post_json


def marker(key: str) -> str:
    return "HR-" + hashlib.sha256(key.encode()).hexdigest()[:16]


def go_filename(document: Document) -> str:
    return f"{marker(document.key)} {document.filename}"


class GetOrganizedAdapter:
    name = "getorganized"

    def __init__(self, url: str, user: str, password: str, *, list_name: str = "Dokumenter",
                 timeout: float = 30) -> None:
        if not url:
            raise FilingError("GETORGANIZED_URL is not set")
        self.url = url.rstrip("/")
        self.headers = {"Authorization": basic_auth(user or "", password or "")}
        self.list_name = list_name
        self.timeout = timeout

    def file(self, document: Document) -> str:
        found = self.find(document)
        if found:
            return found
        # html.escape with quote=True escapes &, <, > and both quotes: what an XML attribute needs.
        metadata = (f"<z:row xmlns:z=\"#RowsetSchema\" ows_Title=\"{escape(document.title)}\""
                    f" ows_Dato=\"{escape(document.dated.isoformat())}\" />")
        body = {"CaseId": document.case_number, "ListName": self.list_name, "FolderPath": "",
                "FileName": go_filename(document), "Metadata": metadata, "Overwrite": False,
                "Bytes": list(document.content)}
        try:
            answer = post_json(f"{self.url}/_goapi/Documents/AddToCase", body, headers=self.headers,
                               timeout=self.timeout)
        except FilingError:
            found = self.find(document)  # refused as a name already there, or the answer lost: look again
            if found:
                return found
            raise
        if not isinstance(answer, dict) or answer.get("DocId") in (None, ""):
            raise FilingError("GetOrganized answered without a DocId")
        return str(answer["DocId"])

    def find(self, document: Document) -> str | None:
        answer = post_json(f"{self.url}/_goapi/Search/Results",
                           {"Term": marker(document.key), "CaseId": document.case_number},
                           headers=self.headers, timeout=self.timeout)
        rows = ((answer or {}).get("Rows") or {}).get("Results") or [] if isinstance(answer, dict) else []
        for row in rows:
            if marker(document.key) in str(row.get("title", "")) and row.get("docid") not in (None, ""):
                return str(row["docid"])
        return None
