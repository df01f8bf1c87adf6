"""The records systems a hearing's documents can be filed in, chosen by `RECORDS_ADAPTER`.

Each adapter has one method, `file(document) -> str`: it files the document on its case and returns the
records system's id of it. It must be safe to call again for the same `document.key` (a retry after an
answer that was lost): each looks for the key first and returns the id it finds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app


@dataclass(frozen=True)
class Document:
    key: str  # "memo:7:v2": the document and its version, unique in the app
    case_number: str
    title: str
    filename: str
    mimetype: str
    content: bytes
    sha256: str
    dated: date
    sender: str


class FilingError(Exception):
    """The records system refused or could not be reached; the task tries again later."""


def adapter_name() -> str | None:
    return (current_app.config.get("RECORDS_ADAPTER") or "").strip().lower() or None


def current_adapter():
    """The configured adapter, or None when filing is switched off."""
    name = adapter_name()
    if name is None:
        return None
    config = current_app.config
    if name == "folder":
        from app.records.adapters.folder import FolderAdapter

        return FolderAdapter(config["RECORDS_FOLDER"])
    if name == "getorganized":
        from app.records.adapters.getorganized import GetOrganizedAdapter

        return GetOrganizedAdapter(config["GETORGANIZED_URL"], config["GETORGANIZED_USER"],
                                   config["GETORGANIZED_PASSWORD"], list_name=config["GETORGANIZED_LIST"],
                                   timeout=config["RECORDS_TIMEOUT_SECONDS"])
    if name == "sbsys":
        from app.records.adapters.sbsys import SbsysAdapter

        return SbsysAdapter(config["SBSYS_URL"], config["SBSYS_TOKEN_URL"], config["SBSYS_CLIENT_ID"],
                            config["SBSYS_CLIENT_SECRET"], timeout=config["RECORDS_TIMEOUT_SECONDS"])
    raise ValueError(f"RECORDS_ADAPTER={name!r}: use getorganized, sbsys or folder")
