"""Which reader an uploaded draft goes to, decided by its content: PDF, OpenDocument text or Word.

The file's name is not trusted (a PDF named .docx is read as the PDF it is);
it is passed along only for the log. Anything that is none of the three gets
the Word checks' reason when they have one (a program, an image, a zip, an
old .doc) and otherwise a refusal naming the three formats.
"""

from __future__ import annotations

import io
import logging
import zipfile

from flask_babel import lazy_gettext

from app.attachments.checks import ZIP_ERRORS
from app.hearings import draft_import as shared
from app.hearings.draft_import import DraftImportError, ImportResult, odt, pdf

log = logging.getLogger(__name__)

OPENDOCUMENT = b"application/vnd.oasis.opendocument"


def import_document(data: bytes, filename: str | None = None) -> ImportResult:
    if not data:
        raise DraftImportError(shared.EMPTY_FILE)
    if pdf.is_pdf(data):
        return pdf.import_pdf(data)
    mimetype = _zip_mimetype(data) if data.startswith(b"PK") else b""
    if mimetype == odt.ODT_MIMETYPE:
        return odt.import_odt(data)
    if mimetype.startswith(OPENDOCUMENT):  # a spreadsheet or presentation
        raise DraftImportError(NOT_A_DRAFT_FORMAT)
    try:
        return shared.import_docx(data)
    except DraftImportError as refusal:
        if refusal.message is shared.NOT_WORD:
            log.info("Draft upload %r is neither Word, ODT nor PDF", filename)
            raise DraftImportError(NOT_A_DRAFT_FORMAT) from refusal
        raise


def _zip_mimetype(data: bytes) -> bytes:
    """The `mimetype` member an OpenDocument file starts with (b"" when there is none)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("mimetype")
            return archive.read(info).strip() if info.file_size <= 200 else b""
    except (KeyError, *ZIP_ERRORS):
        return b""


NOT_A_DRAFT_FORMAT = lazy_gettext(
    "Filen er hverken et Word-dokument (.docx), et OpenDocument-dokument (.odt) eller en PDF. "
    "Gem udkastet i et af de formater, og prøv igen."
)
