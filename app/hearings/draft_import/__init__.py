"""Importing a draft (høringsudkast) into a tree of sections, for a preview.

Nothing here touches the database: `import_document` (an uploaded file, its
reader chosen by content in `formats`), `import_docx` and `import_markdown`
return an `ImportResult` that the preview shows; the tree goes back and forth
through the browser as JSON (`preview`) until the person confirms. The formats
live in `word/`, `odt`, `pdf/` and `markdown_text`; every reader's result goes
through `finish` (each section numbered, `numbering`). This module holds what
they share: the tree, its limits, the refusals and the rules for headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape, unescape

from flask_babel import gettext, lazy_gettext

from app.hearings.draft_import.numbering import NumberSource, number_sections, section_label
from app.sanitize import clean_html

MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_MARKDOWN_CHARS = 2_000_000
# Zip bomb guards, checked against the sizes the zip declares before anything
# is unpacked (Python's zipfile never unpacks more than the declared size).
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000
MAX_SECTIONS = 2000
MAX_DEPTH = 12  # nine Word heading levels, a table row below, some slack
MAX_HEADING_CHARS = 300
MAX_NUMBER_CHARS = 40  # the width of Section.number

INTRODUCTION_HEADING = "Indledning"


@dataclass
class ImportedSection:
    heading: str
    body_html: str
    number: str | None = None
    children: list[ImportedSection] = field(default_factory=list)
    number_source: NumberSource = NumberSource.NONE  # where `number` came from (numbering.py)

    @property
    def label(self) -> str:
        return section_label(self.number, self.heading)


@dataclass
class ImportResult:
    title: str | None
    sections: list[ImportedSection]
    warnings: list[str]
    subtitle: str | None = None  # from the title page (cover), which never becomes a section


class DraftImportError(Exception):
    """A refusal the person can act on; `message` is a translatable Danish sentence."""

    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def import_docx(data: bytes) -> ImportResult:
    """Read a Word file (.docx); refuse anything else with a DraftImportError."""
    # Imported here: the two formats need this module, and python-docx is only
    # loaded when someone actually imports a Word file.
    from app.hearings.draft_import import word

    return finish(word.import_docx(data))


def import_document(data: bytes, filename: str | None = None) -> ImportResult:
    """Read an uploaded draft, Word (.docx), OpenDocument (.odt) or PDF, chosen by its content."""
    from app.hearings.draft_import import formats

    return finish(formats.import_document(data, filename))  # numbering twice (Word) changes nothing


def import_markdown(text: str) -> ImportResult:
    """Read pasted text, with Markdown headings (# …) marking the sections."""
    from app.hearings.draft_import import markdown_text

    return finish(markdown_text.import_markdown(text))


# The stored types `import_document` reads (app.attachments.operations names them).
IMPORTABLE_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
    "application/pdf",
}


def finish(result: ImportResult) -> ImportResult:
    """What every reader's result goes through, whatever the format: each section gets its number."""
    number_sections(result.sections, MAX_NUMBER_CHARS)
    return result


def all_sections(sections: list[ImportedSection]):
    """Every section of the tree in draft order (depth first), as the preview lists them."""
    for section in sections:
        yield section
        yield from all_sections(section.children)


def count_sections(result: ImportResult) -> int:
    return sum(_count(section) for section in result.sections)


def _count(section: ImportedSection) -> int:
    return 1 + sum(_count(child) for child in section.children)


# -- headings -----------------------------------------------------------------

_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br\s*/?>|&nbsp;)*</p>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# "§ 84", "§ 83a", "§§ 83-83a", "1.2", "1.2.", "3)": a number the heading starts with.
_NUMBER = re.compile(
    r"^(?P<number>§§?\s*\d+[a-zæøå]?(?:\s*[-–]\s*\d+[a-zæøå]?)?|\d{1,3}(?:\.\d{1,3})*\.?|\d{1,3}\))\s+(?P<rest>\S.*)$"
)


def clean_body(html: str) -> str:
    """clean_html, and no empty paragraphs (an image-only one leaves one once the image is gone)."""
    return _EMPTY_PARAGRAPH.sub("", clean_html(html)).strip()


def plain_text(text: str) -> str:
    """One line of text: no control characters, runs of white space made one space."""
    return " ".join(_CONTROL.sub("", text).split())


def split_number(text: str) -> tuple[str | None, str]:
    """("1.2", "Formål") from "1.2 Formål"; (None, text) when it does not start with a number."""
    match = _NUMBER.match(text)
    if not match:
        return None, text
    number, rest = match["number"], match["rest"]
    # A bare "12 ugers forløb" is a sentence, "1 Indledning" a numbered heading.
    if (number.isdigit() and not rest[0].isupper()) or len(number) > MAX_NUMBER_CHARS:
        return None, text
    return number.rstrip(".)"), rest


def shorten(text: str, limit: int = MAX_HEADING_CHARS) -> str:
    """Cut at the last word boundary that fits, and mark the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–") + "…"


# -- building the tree ---------------------------------------------------------


@dataclass
class _Node:
    section: ImportedSection
    parts: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)


class TreeBuilder:
    """Turns a stream of headings, body HTML and table rows into nested sections.

    A heading of level N nests under the nearest earlier heading of a lower
    level, so a jump from 1 to 3 nests under the 1. Body before the first
    heading goes into a first section headed "Indledning" — unless it is a
    title page: a few short lines followed by a page break (`page_break`),
    which give the title and subtitle instead. A reader also hands over what
    a "Title" or "Subtitle" style marks (`title_line`, `subtitle_line`).
    """

    def __init__(self, warnings: list[str]) -> None:
        self.warnings = warnings
        self.title: str | None = None
        self._subtitles: list[str] = []
        self._roots: list[_Node] = []
        self._stack: list[tuple[int, _Node]] = []
        self._count = 0
        self._headings = 0

    @property
    def subtitle(self) -> str | None:
        return shorten(" – ".join(self._subtitles)) if self._subtitles else None

    def title_line(self, text: str) -> bool:
        """A paragraph in a title style; False when the title is taken (it is then body text)."""
        text = plain_text(text)
        if self.title is not None or not text:
            return False
        self.title = shorten(text)
        return True

    def subtitle_line(self, text: str) -> bool:
        """A paragraph in a subtitle style before the first heading; False after it (body text then)."""
        text = plain_text(text)
        if self._headings or not text:
            return False
        self._subtitles.append(text)
        return True

    def page_break(self) -> None:
        """A page ends here: short lines before the first heading were a title page, not a section."""
        if self._headings or not self._roots or self._roots[0].children:
            return
        lines = _cover_lines("".join(self._roots[0].parts))
        if lines is None:
            return  # a real foreword: it stays "Indledning"
        if self.title is None:
            self.title = shorten(lines.pop(0))
        self._subtitles.extend(lines)
        self._roots.clear()
        self._stack.clear()

    def heading(self, level: int, text: str, number: str | None = None) -> bool:
        """Start a section; False (and nothing added) when the heading has no text.

        `number` is one the heading shows without it being in its text (Word's
        automatic heading numbering); a number typed in the text wins.
        """
        node = self._new_node(text, number)
        if node is None:
            return False
        self._headings += 1
        if self._stack and self._stack[0][0] == 0:
            self._stack.clear()  # the "Indledning" section takes no subsections
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        (self._stack[-1][1].children if self._stack else self._roots).append(node)
        self._stack.append((level, node))
        return True

    def body(self, html: str) -> None:
        if html:
            self._current().parts.append(html)

    def child(self, heading: str, html: str) -> bool:
        """A section one level below the current one (a row of a field | text table)."""
        node = self._new_node(heading)
        if node is None:
            return False
        self._current().children.append(node)
        if html:
            node.parts.append(html)
        return True

    def add_to_last_child(self, html: str) -> None:
        """More text for the latest table row (a row whose first cell is empty)."""
        current = self._current()
        (current.children[-1] if current.children else current).parts.append(html)

    def build(self) -> list[ImportedSection]:
        return [self._finish(node) for node in self._roots]

    def _current(self) -> _Node:
        if not self._stack:
            node = self._new_node(INTRODUCTION_HEADING)
            self._roots.append(node)
            self._stack.append((0, node))
        return self._stack[-1][1]

    def _new_node(self, text: str, automatic_number: str | None = None) -> _Node | None:
        text = plain_text(text)
        if not text:
            return None
        self._count += 1
        if self._count > MAX_SECTIONS:
            raise DraftImportError(TOO_MANY_SECTIONS)
        number, heading = split_number(text)
        number = number or automatic_number
        node = _Node(ImportedSection(heading=shorten(heading), body_html="", number=number))
        if node.section.heading != heading:
            # Nothing is lost: the whole heading opens the section's text.
            node.parts.append(f"<p>{escape(text, quote=False)}</p>")
            self.warnings.append(
                gettext(
                    "Overskriften »%(start)s« var længere end %(limit)d tegn og er afkortet. "
                    "Hele overskriften står først i afsnittets tekst.",
                    start=shorten(heading, 60), limit=MAX_HEADING_CHARS,
                )
            )
        return node

    def _finish(self, node: _Node) -> ImportedSection:
        node.section.body_html = clean_body("".join(node.parts))
        node.section.children = [self._finish(child) for child in node.children]
        return node.section


_COVER_LINE = re.compile(r"<p>(.*?)</p>", re.S)
MAX_COVER_LINES = 8
MAX_COVER_LINE_CHARS = 200


def _cover_lines(html: str) -> list[str] | None:
    """The lines of a title page, or None when the text is more than a few short paragraphs."""
    rest = _COVER_LINE.sub("", html).strip()
    lines = [plain_text(unescape(re.sub(r"<[^>]+>", " ", line))) for line in _COVER_LINE.findall(html)]
    lines = [line for line in lines if line]
    if rest or not lines or len(lines) > MAX_COVER_LINES or max(map(len, lines)) > MAX_COVER_LINE_CHARS:
        return None
    return lines


# -- refusals: plain Danish, for the person who chose the file -----------------

EMPTY_FILE = lazy_gettext("Filen er tom. Vælg Word-filen med høringsudkastet igen.")
TOO_LARGE = lazy_gettext(
    "Filen fylder mere end %(mb)d MB og kan ikke importeres. Tag billederne ud af dokumentet, og prøv igen.",
    mb=MAX_DOCX_BYTES // (1024 * 1024),
)
IS_PDF = lazy_gettext(
    "Filen er en PDF, ikke et Word-dokument. Vælg Word-filen (.docx), eller kopiér teksten ind i tekstfeltet."
)
IS_PROGRAM = lazy_gettext("Filen er et program, ikke et Word-dokument. Vælg Word-filen (.docx) med høringsudkastet.")
IS_IMAGE = lazy_gettext("Filen er et billede, ikke et Word-dokument. Vælg Word-filen (.docx) med høringsudkastet.")
IS_RTF = lazy_gettext("Filen er i RTF-format. Åbn den i Word, gem den som .docx, og prøv igen.")
IS_OLD_DOC = lazy_gettext(
    "Filen er i det gamle Word-format (.doc). Åbn den i Word, gem den som .docx, og prøv igen."
)
IS_OLD_OFFICE = lazy_gettext(
    "Filen er i et gammelt Office-format, ikke et Word-dokument. Vælg Word-filen (.docx) med høringsudkastet."
)
IS_ENCRYPTED = lazy_gettext(
    "Dokumentet er beskyttet med en adgangskode. Fjern adgangskoden i Word "
    "(Filer > Oplysninger > Beskyt dokument), gem dokumentet, og prøv igen."
)
IS_SPREADSHEET = lazy_gettext("Filen er et Excel-regneark, ikke et Word-dokument.")
IS_PRESENTATION = lazy_gettext("Filen er en PowerPoint-præsentation, ikke et Word-dokument.")
IS_ODT = lazy_gettext("Filen er et OpenDocument-dokument (.odt). Gem den som Word-dokument (.docx), og prøv igen.")
IS_ZIP = lazy_gettext("Filen er en zip-fil, ikke et Word-dokument. Pak Word-filen ud, og vælg den.")
IS_TEMPLATE_OR_MACRO = lazy_gettext(
    "Filen er en Word-skabelon eller et dokument med makroer. "
    "Gem den som almindeligt Word-dokument (.docx), og prøv igen."
)
NOT_WORD = lazy_gettext("Filen er ikke et Word-dokument. Vælg en fil, hvis navn ender på .docx.")
CORRUPT = lazy_gettext(
    "Word-dokumentet er beskadiget og kan ikke læses. Åbn det i Word, gem det igen, og prøv igen."
)
ZIP_BOMB = lazy_gettext(
    "Filen fylder alt for meget, når den pakkes ud, og kan ikke importeres. "
    "Gem dokumentet igen fra Word, og prøv igen."
)
EMPTY_DOCUMENT = lazy_gettext("Dokumentet er tomt. Der er ingen tekst at importere.")
TOO_MANY_SECTIONS = lazy_gettext(
    "Udkastet har mere end %(max)s afsnit og kan ikke importeres på én gang. Del det op i mindre dele.",
    max=f"{MAX_SECTIONS:,}".replace(",", "."),
)
MARKDOWN_EMPTY = lazy_gettext("Indsæt teksten fra høringsudkastet i tekstfeltet.")
MARKDOWN_TOO_LONG = lazy_gettext(
    "Teksten er for lang. Der kan højst indsættes %(max)s tegn. Del udkastet op, eller brug Word-filen.",
    max=f"{MAX_MARKDOWN_CHARS:,}".replace(",", "."),
)
