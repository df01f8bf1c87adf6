"""May these bytes be opened as a Word file? Everything decided before python-docx sees them.

`check_file` refuses, with a reason the person can act on, anything but a sound
.docx: an empty or oversized upload, an old binary Office file or an encrypted
one (both OLE containers), a PDF, program, RTF or image, a zip bomb (judged on
the sizes the zip declares, so nothing is unpacked to find out), and a zip
that is some other package (OpenDocument, a spreadsheet, a presentation, a
template or a macro-enabled document). The limits live in `draft_import`, where
tests may change them.
"""

from __future__ import annotations

import io
import zipfile

from app.attachments.checks import ZIP_ERRORS, declares_too_much
from app.hearings import draft_import as shared
from app.hearings.draft_import import DraftImportError

CFB_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


def check_file(data: bytes) -> None:
    """Refuse, with a reason the person can act on, anything but a sound .docx."""
    if not data:
        raise DraftImportError(shared.EMPTY_FILE)
    if len(data) > shared.MAX_DOCX_BYTES:
        raise DraftImportError(shared.TOO_LARGE)
    if data.startswith(CFB_SIGNATURE):
        raise DraftImportError(_cfb_refusal(data))
    if not data.startswith(b"PK"):
        raise DraftImportError(_not_a_zip(data))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_sizes(archive.infolist())
            names = set(archive.namelist())
            content_types = _small_member(archive, "[Content_Types].xml")
            mimetype = _small_member(archive, "mimetype")
    except ZIP_ERRORS as error:
        raise DraftImportError(shared.CORRUPT) from error
    _check_package(names, content_types, mimetype)


def _cfb_refusal(data: bytes):
    # An encrypted .docx is not a zip but an OLE container around the encrypted package.
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return shared.IS_ENCRYPTED
    if "WordDocument".encode("utf-16-le") in data:
        return shared.IS_OLD_DOC
    if any(name.encode("utf-16-le") in data for name in ("Workbook", "PowerPoint Document", "__substg1.0_")):
        return shared.IS_OLD_OFFICE
    return shared.IS_OLD_DOC


def _not_a_zip(data: bytes):
    head = data[:1024]
    if b"%PDF-" in head:  # a PDF may have a few bytes before its marker
        return shared.IS_PDF
    if head.startswith((b"MZ", b"\x7fELF")):
        return shared.IS_PROGRAM
    if head.startswith(b"{\\rtf"):
        return shared.IS_RTF
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        return shared.IS_IMAGE
    return shared.NOT_WORD


def _check_sizes(members: list[zipfile.ZipInfo]) -> None:
    if declares_too_much(members, max_members=shared.MAX_ZIP_MEMBERS, max_unzipped=shared.MAX_UNZIPPED_BYTES):
        raise DraftImportError(shared.ZIP_BOMB)


def _small_member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return b""
    return archive.read(info) if info.file_size <= 1024 * 1024 else b""


def _check_package(names: set[str], content_types: bytes, mimetype: bytes) -> None:
    if b"opendocument.text" in mimetype:
        raise DraftImportError(shared.IS_ODT)
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise DraftImportError(shared.NOT_WORD)
    is_word = b"wordprocessingml" in content_types or b"ms-word" in content_types
    if not content_types or not is_word:
        if any(name.startswith("xl/") for name in names):
            raise DraftImportError(shared.IS_SPREADSHEET)
        if any(name.startswith("ppt/") for name in names):
            raise DraftImportError(shared.IS_PRESENTATION)
        if any(name.startswith("word/") for name in names):
            raise DraftImportError(shared.CORRUPT)
        raise DraftImportError(shared.IS_ZIP)
    # python-docx reads only the plain document; a template or a .docm needs saving as .docx.
    if b"macroEnabled" in content_types or b"template.main+xml" in content_types:
        raise DraftImportError(shared.IS_TEMPLATE_OR_MACRO)
