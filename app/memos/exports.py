"""One way to turn a memo into a file, for the download buttons and for `flask memo export`."""

from __future__ import annotations

from dataclasses import dataclass

from app.memos.content import MemoContent
from app.memos.docx_export import memo_docx
from app.memos.render import memo_document_html, memo_pdf
from app.memos.tables import memo_csv, memo_xlsx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {
    "html": "text/html; charset=utf-8",
    "docx": DOCX,
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX,
}


@dataclass
class MemoFile:
    content: bytes
    mimetype: str
    filename: str


def export(memo: MemoContent, file_format: str, version: int | None = None) -> MemoFile:
    """The memo in `file_format` (one of FORMATS); `version` names a finalised memo's file."""
    if file_format not in FORMATS:
        raise ValueError(file_format)
    name = f"hoeringsnotat-{memo.slug}" + (f"-v{version}" if version else "")
    if file_format == "html":
        content = memo_document_html(memo).encode()
    elif file_format == "docx":
        content = memo_docx(memo)
    elif file_format == "pdf":
        content = memo_pdf(memo, identifier=name)
    elif file_format == "csv":
        content, name = memo_csv(memo), name.replace("hoeringsnotat", "bemaerkninger")
    else:
        content, name = memo_xlsx(memo), name.replace("hoeringsnotat", "bemaerkninger")
    return MemoFile(content, FORMATS[file_format], f"{name}.{file_format}")
