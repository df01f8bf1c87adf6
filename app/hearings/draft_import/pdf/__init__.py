"""Reading a PDF draft into sections: by its structure tree where it is tagged, else by its layout.

Refusals come first, from pikepdf, before any page is parsed: not a PDF, one
that needs a password, more pages than `MAX_PAGES`. Then `pages` reads the
characters of every page (with their marked-content ids, fonts and
positions) and the ruled tables. A tagged PDF (/MarkInfo /Marked true and a /StructTreeRoot) is
read by its tags (`tagged`), any other by its layout (`layout`); both give a
flow of headings, paragraphs and tables that `flow.build_result` makes a tree.
A PDF whose pages hold no text is a scan, and is refused as one.
"""

from __future__ import annotations

import io
import logging

import pikepdf
from flask_babel import lazy_gettext

from app.hearings import draft_import as shared
from app.hearings.draft_import import DraftImportError, ImportResult
from app.hearings.draft_import.pdf.flow import build_result
from app.hearings.draft_import.pdf.layout import LayoutReader, PageContent
from app.hearings.draft_import.pdf.pages import read_pages
from app.hearings.draft_import.pdf.tagged import TaggedReader
from app.hearings.draft_import.pdf.text import vocabulary

log = logging.getLogger(__name__)

MAX_PAGES = 300
PDF_MAGIC = b"%PDF-"


def is_pdf(data: bytes) -> bool:
    return PDF_MAGIC in data[:1024]  # a PDF may have a few bytes before its marker


def import_pdf(data: bytes) -> ImportResult:
    pdf = _open(data)
    with pdf:
        pages = _read_pages(data, tagged=_is_tagged(pdf))
        if not any(char.text.strip() for page in pages for char in page.chars):
            raise DraftImportError(SCANNED)
        words = vocabulary([page.chars for page in pages])
        try:
            if _is_tagged(pdf):
                reader = TaggedReader(pdf, [page.chars for page in pages], words)
                events = reader.read()
                if any(getattr(event, "text", None) or getattr(event, "rows", None) for event in events):
                    return build_result(events, SCANNED, images=reader.images)
                pages = _read_pages(data, tagged=False)  # tags without text: read the layout instead
            return build_result(LayoutReader(pages, words).read(), SCANNED)
        except DraftImportError:
            raise
        except Exception as error:  # a structure or layout we cannot follow
            log.warning("PDF could not be read", exc_info=True)
            raise DraftImportError(CORRUPT) from error


def _open(data: bytes) -> pikepdf.Pdf:
    if not data:
        raise DraftImportError(shared.EMPTY_FILE)
    if len(data) > shared.MAX_DOCX_BYTES:
        raise DraftImportError(shared.TOO_LARGE)
    if not is_pdf(data):
        raise DraftImportError(NOT_PDF)
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as error:
        raise DraftImportError(ENCRYPTED) from error
    except Exception as error:  # pikepdf (qpdf) raises several kinds on a broken file
        log.info("Unreadable PDF: %r", error)
        raise DraftImportError(CORRUPT) from error
    try:
        pages = len(pdf.pages)
    except Exception as error:  # a page tree qpdf cannot follow
        pdf.close()
        raise DraftImportError(CORRUPT) from error
    if pages == 0:
        pdf.close()
        raise DraftImportError(CORRUPT)
    if pages > MAX_PAGES:
        pdf.close()
        raise DraftImportError(TOO_MANY_PAGES)
    return pdf


def _is_tagged(pdf: pikepdf.Pdf) -> bool:
    mark_info = pdf.Root.get("/MarkInfo")
    marked = isinstance(mark_info, pikepdf.Dictionary) and bool(mark_info.get("/Marked", False))
    return marked and isinstance(pdf.Root.get("/StructTreeRoot"), pikepdf.Dictionary)


def _read_pages(data: bytes, *, tagged: bool) -> list[PageContent]:
    try:
        return read_pages(data, tables=not tagged)
    except DraftImportError:
        raise
    except Exception as error:  # PDFium refuses a page it cannot parse
        log.info("PDF pages could not be read: %r", error)
        raise DraftImportError(CORRUPT) from error


NOT_PDF = lazy_gettext("Filen er ikke en PDF.")
SCANNED = lazy_gettext(
    "Filen indeholder ingen tekst – det er sandsynligvis en scanning. "
    "Brug den oprindelige fil (Word, ODT eller en PDF gemt fra et tekstprogram), eller indsæt teksten."
)
ENCRYPTED = lazy_gettext(
    "PDF-filen er beskyttet med en adgangskode. Gem den uden adgangskode, og prøv igen."
)
CORRUPT = lazy_gettext("PDF-filen er beskadiget og kan ikke læses. Gem den igen, og prøv igen.")
TOO_MANY_PAGES = lazy_gettext(
    "PDF-filen har mere end %(max)d sider og kan ikke importeres på én gang. Del den op i mindre dele.",
    max=MAX_PAGES,
)
