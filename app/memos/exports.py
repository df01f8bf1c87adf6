"""One way to turn a memo into a file, for the download buttons and for `flask memo export`."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from app.memos.content import MemoContent
from app.memos.docx_export import memo_docx
from app.memos.pdf_parts import PART_POINTS, write_appendix_pdf, write_memo_pdf_in_parts
from app.memos.render import appendix_document_html, memo_document_html, memo_pdf
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
APPENDIX_FORMATS = ("html", "docx", "pdf")


@dataclass
class MemoFile:
    content: bytes
    mimetype: str
    filename: str


PARTS = ("memo", "appendix")  # the memo, and the responses in full: a file of their own (its "bilag")


def file_name(memo: MemoContent, file_format: str, version: int | None = None, part: str = "memo") -> str:
    name = f"hoeringsnotat-{memo.slug}" + (f"-v{version}" if version else "") + ("-bilag" if part == "appendix" else "")
    if file_format in ("csv", "xlsx"):
        name = name.replace("hoeringsnotat", "bemaerkninger")
    return f"{name}.{file_format}"


def export(memo: MemoContent, file_format: str, version: int | None = None, part: str = "memo") -> MemoFile:
    """The memo (or its appendix) in `file_format` (one of FORMATS); `version` names a finalised memo's file.
    The memo links to its appendix file by name, as it is stored and downloaded beside it."""
    if file_format not in FORMATS or part not in PARTS or (part == "appendix" and file_format not in APPENDIX_FORMATS):
        raise ValueError(f"{part} {file_format}")
    name = file_name(memo, file_format, version, part)
    appendix = file_name(memo, file_format, version, "appendix")
    if file_format == "html":
        html = memo_document_html(memo, appendix_name=appendix) if part == "memo" else appendix_document_html(memo)
        content = html.encode()
    elif file_format == "docx":
        content = memo_docx(memo, appendix if part == "memo" else None)
    elif file_format == "pdf":
        with tempfile.TemporaryDirectory(prefix="notat-") as folder:
            target = Path(folder) / name
            write_pdf(memo, target, version, part)
            content = target.read_bytes()
    elif file_format == "csv":
        content = memo_csv(memo)
    else:
        content = memo_xlsx(memo)
    return MemoFile(content, FORMATS[file_format], name)


def write_pdf(memo: MemoContent, target: Path, version: int | None = None, part: str = "memo") -> None:
    """The memo (or its appendix) as a tagged PDF, written to `target`. One made in parts is saved as its
    parts are joined: no copy of the whole file is held in memory on the way."""
    name = file_name(memo, "pdf", version, part)
    identifier = name.removesuffix(".pdf")
    if part == "appendix":
        write_appendix_pdf(memo, identifier, target)
    elif len(memo.points) > (part_points := current_app.config.get("PDF_PART_POINTS", PART_POINTS)):
        # one pass would lay out the whole memo in memory, on one core
        write_memo_pdf_in_parts(memo, identifier, file_name(memo, "pdf", version, "appendix"), target,
                                part_points=part_points)
    else:
        target.write_bytes(memo_pdf(memo, identifier, file_name(memo, "pdf", version, "appendix")))
