"""Filing into a folder that the municipality's own import picks up (the way agenda systems take files).

Each document gets a folder of its own, named by its key: the file and `manifest.json` (case number,
title, date, sender, SHA-256). It is written under a temporary name and renamed into place, so the
import sees a whole folder or none; a folder already there with the same key means it was filed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from app.records.adapters import Document, FilingError

MANIFEST = "manifest.json"


def folder_name(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "-", key)


def manifest_of(document: Document) -> dict:
    return {
        "key": document.key, "case_number": document.case_number, "title": document.title,
        "date": document.dated.isoformat(), "sender": document.sender,
        "files": [{"name": document.filename, "mimetype": document.mimetype, "sha256": document.sha256,
                   "size": len(document.content)}],
    }


class FolderAdapter:
    name = "folder"

    def __init__(self, folder: str | os.PathLike) -> None:
        if not folder:
            raise FilingError("RECORDS_FOLDER is not set")
        self.folder = Path(folder)

    def file(self, document: Document) -> str:
        name = folder_name(document.key)
        target = self.folder / name
        if (target / MANIFEST).exists():
            return name  # filed before (the answer of that try was lost): not again
        self.folder.mkdir(parents=True, exist_ok=True)
        # Dot-named, so an import that reads the folder skips it until it is renamed.
        temporary = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=self.folder))
        try:
            (temporary / Path(document.filename).name).write_bytes(document.content)
            (temporary / MANIFEST).write_text(json.dumps(manifest_of(document), ensure_ascii=False, indent=2),
                                              encoding="utf-8")
            try:
                os.rename(temporary, target)
            except OSError:
                if (target / MANIFEST).exists():  # another try got there first
                    return name
                raise
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
        return name
