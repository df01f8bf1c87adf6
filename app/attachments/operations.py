"""Storing files. Names are shown, never used as paths; the type comes from the content."""

import hashlib
import io
import unicodedata
import zipfile

from app.attachments.models import Attachment
from app.extensions import db

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", ODT: ".odt"}


def detect_document_type(data: bytes) -> str | None:
    """PDF, DOCX or ODT by what the bytes are, whatever the file is called; else None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return DOCX
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None
    return None


def safe_filename(name: str, content_type: str) -> str:
    """A display name: no path, no control characters, the extension that fits the content."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip() or "fil"
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem[:200]}{EXTENSIONS.get(content_type, '')}"


def store_attachment(
    filename: str,
    data: bytes,
    content_type: str,
    *,
    hearing_id: int | None = None,
    response_id: int | None = None,
    personal: bool = True,
    uploaded_by_id: int | None = None,
) -> Attachment:
    attachment = Attachment(
        filename=safe_filename(filename, content_type),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        hearing_id=hearing_id,
        response_id=response_id,
        is_personal=personal,
        uploaded_by_id=uploaded_by_id,
    )
    db.session.add(attachment)
    db.session.flush()
    return attachment
