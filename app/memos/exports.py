"""One way to turn a memo into a file, for the download buttons and for `flask memo export`."""

from __future__ import annotations

from dataclasses import dataclass

from app.memos.content import MemoContent
from app.memos.docx_export import memo_docx
from app.memos.pdf_parts import PART_POINTS, appendix_pdf, memo_pdf_in_parts
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
        identifier = name.removesuffix(".pdf")
        if part == "appendix":
            content = appendix_pdf(memo, identifier)
        elif len(memo.points) > PART_POINTS:  # one pass would lay out the whole memo in memory
            content = memo_pdf_in_parts(memo, identifier, appendix)
        else:
            content = memo_pdf(memo, identifier, appendix)
    elif file_format == "csv":
        content = memo_csv(memo)
    else:
        content = memo_xlsx(memo)
    return MemoFile(content, FORMATS[file_format], name)
