"""May this upload be kept as a document (PDF, Word, OpenDocument text)?

The type is decided by what the bytes are and whether they open as that
type, never by the file's name: a renamed program, an image, an empty file,
a file too large, a zip bomb or a damaged document is refused with a reason
the person can act on. Archives are judged on the sizes they declare, so
nothing is unpacked to find out.
"""

import io
import logging
import zipfile
import zlib

from flask_babel import lazy_gettext as _l

from app.attachments.operations import DOCX, ODT, PDF
from app.refusals import Refused

log = logging.getLogger(__name__)

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 2_000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 1024 * 1024
# What reading a damaged or odd zip can raise (NotImplementedError: a compression zipfile cannot read).
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError)

EMPTY = _l("Filen %(name)s er tom. Vælg den rigtige fil.")
TOO_LARGE = _l("Filen %(name)s er for stor. Den må højst fylde 20 MB.")
PROGRAM = _l("Filen %(name)s er et program og kan ikke vedhæftes. Vedhæft en PDF- eller Word-fil.")
WRONG_TYPE = _l(
    "Filen %(name)s er ikke en PDF-, Word- (.docx) eller OpenDocument-fil (.odt). "
    "Gem den som PDF, og vedhæft den igen."
)
DAMAGED = _l("Filen %(name)s kan ikke åbnes, den ser ud til at være beskadiget. Gem den igen, og vedhæft den igen.")
ZIP_BOMB = _l("Filen %(name)s pakker sig ud til langt mere end den fylder og kan ikke vedhæftes.")
ACTIVE_PDF = _l(
    "Filen %(name)s indeholder JavaScript, en handling der starter et program, eller indlejrede filer, "
    "og kan ikke vedhæftes. Udskriv den til en ny PDF (»Udskriv« og »Gem som PDF«), og vedhæft den igen."
)
ENCRYPTED = _l("Filen %(name)s er beskyttet med adgangskode. Gem den uden adgangskode, og vedhæft den igen.")


def check_document(name: str, data: bytes) -> str:
    """The content type of an acceptable document, or Refused with the reason."""
    if not data:
        raise Refused(EMPTY % {"name": name})
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise Refused(TOO_LARGE % {"name": name})
    if data.startswith((b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")):
        raise Refused(PROGRAM % {"name": name})
    if data.startswith(b"%PDF-"):
        _check_pdf(name, data)
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _check_package(name, data)
    if data.startswith(bytes.fromhex("D0CF11E0A1B11AE1")) and "EncryptedPackage".encode("utf-16-le") in data:
        raise Refused(ENCRYPTED % {"name": name})
    raise Refused(WRONG_TYPE % {"name": name})


def _check_pdf(name: str, data: bytes) -> None:
    """A PDF must open and have pages; an encrypted one cannot be read by staff or kept in the record."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Refused(ENCRYPTED % {"name": name})
        if len(reader.pages) == 0:
            raise Refused(DAMAGED % {"name": name})
        if has_active_content(reader.trailer):
            raise Refused(ACTIVE_PDF % {"name": name})
    except Refused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as error:
        log.info("attachment refused, PDF does not open: %s", error)
        raise Refused(DAMAGED % {"name": name}) from error


# Actions that run code or open other files (/OpenAction or /AA hold them), and embedded files.
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/GoToE", "/RichMediaExecute"}
ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/RichMedia"}
MAX_PDF_OBJECTS = 500_000


def has_active_content(root) -> bool:
    """Whether any object reachable from the trailer is JavaScript, a launch action or an embedded file.
    Walked without recursion, each indirect object once; stream data is never read."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen, stack, visited = set(), [root], 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref in seen:
                continue
            seen.add(ref)
            obj = obj.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            return True  # more than any letter has: not worth the risk
        if isinstance(obj, DictionaryObject):
            if ACTIVE_KEYS & set(obj.keys()) or obj.get("/S") in ACTIVE_ACTIONS or obj.get("/Type") == "/EmbeddedFile":
                return True
            stack.extend(value for key, value in obj.items() if key != "/Parent")
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return False


def _check_package(name: str, data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_sizes(name, members)
            names = {member.filename for member in members}
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                content_types = archive.read("[Content_Types].xml")
                if b"macroEnabled" in content_types:
                    raise Refused(WRONG_TYPE % {"name": name})
                return DOCX
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
    except Refused:
        raise
    except ZIP_ERRORS as error:
        raise Refused(DAMAGED % {"name": name}) from error
    raise Refused(WRONG_TYPE % {"name": name})


def _check_sizes(name: str, members: list[zipfile.ZipInfo]) -> None:
    if declares_too_much(members, max_members=MAX_ZIP_MEMBERS, max_unzipped=MAX_UNZIPPED_BYTES):
        raise Refused(ZIP_BOMB % {"name": name})


def declares_too_much(members: list[zipfile.ZipInfo], *, max_members: int, max_unzipped: int) -> bool:
    """A zip bomb, judged on the sizes the zip declares (zipfile never unpacks more than those)."""
    if len(members) > max_members or sum(m.file_size for m in members) > max_unzipped:
        return True
    return any(
        m.file_size > RATIO_CHECK_MIN_BYTES and m.file_size > MAX_COMPRESSION_RATIO * max(m.compress_size, 1)
        for m in members
    )
