"""Reading an OpenDocument text (.odt, LibreOffice) draft into sections, with odfdo.

Refusals come first, on the zip alone (`check_file`): not an ODT, encrypted,
a zip bomb, or XML with a DOCTYPE (entities are never expanded). Then the body
is walked in document order: headings (text:h, by outline level) start
sections, paragraphs and lists become HTML, a two-column table gives a
subsection per row, other tables stay tables with their header rows
(table:table-header-rows) and merged cells. Paragraphs in the "Title" and
"Subtitle" styles before the first heading are the cover: they fill the
title and subtitle, never a section.
"""

from __future__ import annotations

import io
import logging
import zipfile

from flask_babel import gettext, lazy_gettext

from app.attachments.checks import ZIP_ERRORS, declares_too_much
from app.hearings import draft_import as shared
from app.hearings.draft_import import DraftImportError, ImportResult, TreeBuilder, plain_text, shorten
from app.hearings.draft_import.table_shape import Cell, Row, add_table, span
from app.hearings.draft_import.word.blocks import Block, Segment, render_blocks, render_segments

log = logging.getLogger(__name__)

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MAX_REPEAT = 64  # number-rows-repeated / number-columns-repeated kept, at most (empty filler rows)
MAX_COVER_LINE = 160  # a longer paragraph before the first heading is text, not a line of the cover
_TITLE_STYLES = {"title", "titel"}
_SUBTITLE_STYLES = {"subtitle", "undertitel"}
_SKIPPED = {
    "text:sequence-decls", "text:variable-decls", "text:user-field-decls", "office:forms",
    "text:table-of-content", "text:alphabetical-index", "text:illustration-index", "text:bibliography",
    "text:tracked-changes", "office:annotation", "office:annotation-end", "text:soft-page-break",
    "text:number",  # the number LibreOffice shows before a numbered heading or item: read apart
}


def import_odt(data: bytes) -> ImportResult:
    check_file(data)
    from odfdo import Document  # loaded only when someone imports an ODT

    try:
        document = Document(io.BytesIO(data))
        body = document.body
    except Exception as error:  # odfdo and lxml raise many kinds on a broken package
        log.info("Unreadable ODT file: %r", error)
        raise DraftImportError(CORRUPT) from error
    try:
        return _Reader(document).read(body)
    except DraftImportError:
        raise
    except Exception as error:  # a package odfdo opened but whose XML we cannot follow
        log.warning("ODT file could not be walked", exc_info=True)
        raise DraftImportError(CORRUPT) from error


def check_file(data: bytes) -> None:
    """Refuse, before odfdo sees the bytes, anything but a sound, unencrypted .odt."""
    if not data:
        raise DraftImportError(shared.EMPTY_FILE)
    if len(data) > shared.MAX_DOCX_BYTES:
        raise DraftImportError(shared.TOO_LARGE)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if declares_too_much(members, max_members=shared.MAX_ZIP_MEMBERS,
                                 max_unzipped=shared.MAX_UNZIPPED_BYTES):
                raise DraftImportError(shared.ZIP_BOMB)
            names = {member.filename for member in members}
            if "mimetype" not in names or archive.read("mimetype").strip() != ODT_MIMETYPE:
                raise DraftImportError(NOT_ODT)
            manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
            if b"encryption-data" in manifest:
                raise DraftImportError(ENCRYPTED)
            if "content.xml" not in names:
                raise DraftImportError(CORRUPT)
            for name in ("content.xml", "styles.xml"):
                if name in names and b"<!DOCTYPE" in archive.read(name)[:4096]:
                    raise DraftImportError(CORRUPT)  # entities are never expanded
    except ZIP_ERRORS as error:
        raise DraftImportError(CORRUPT) from error


class _Styles:
    """What the named styles say: bold, italic, underline, title, subtitle, heading level, list kind."""

    def __init__(self, document) -> None:
        self.by_name: dict[tuple[str, str], object] = {}
        self.lists: dict[str, object] = {}
        for part in (document.styles, document.content):  # automatic styles (content) win
            for style in part.get_elements("//style:style"):
                family, name = style.get_attribute("style:family"), style.get_attribute("style:name")
                if family and name:
                    self.by_name[(family, name)] = style
            for style in part.get_elements("//text:list-style"):
                if name := style.get_attribute("style:name"):
                    self.lists[name] = style
        self._cache: dict[tuple[str, str], dict] = {}

    def get(self, family: str, name: str | None) -> dict:
        if not name:
            return {}
        key = (family, name)
        if key not in self._cache:
            self._cache[key] = {}  # a loop of parent styles ends here
            self._cache[key] = self._resolve(family, name, depth=0)
        return self._cache[key]

    def _resolve(self, family: str, name: str, depth: int) -> dict:
        style = self.by_name.get((family, name))
        names = {name.casefold(), name.replace("_20_", " ").casefold()}
        if style is None:
            return {"title": bool(names & _TITLE_STYLES), "subtitle": bool(names & _SUBTITLE_STYLES)}
        display = (style.get_attribute("style:display-name") or "").casefold()
        parent = style.get_attribute("style:parent-style-name")
        info = dict(self.get(family, parent)) if parent and depth < 10 else {}
        if names & _TITLE_STYLES or display in _TITLE_STYLES:
            info["title"] = True
        if names & _SUBTITLE_STYLES or display in _SUBTITLE_STYLES:
            info["subtitle"] = True
        if level := style.get_attribute("style:default-outline-level"):
            info["heading"] = span(level, 10)
        for properties in style.get_elements("style:paragraph-properties"):
            for side in ("before", "after"):
                if (value := properties.get_attribute(f"fo:break-{side}")) is not None:
                    info[f"break_{side}"] = value == "page"
        for properties in style.get_elements("style:text-properties"):
            weight = properties.get_attribute("fo:font-weight")
            if weight:
                info["bold"] = weight in ("bold", "600", "700", "800", "900")
            if (italic := properties.get_attribute("fo:font-style")) is not None:
                info["italic"] = italic in ("italic", "oblique")
            if (underline := properties.get_attribute("style:text-underline-style")) is not None:
                info["underline"] = underline != "none"
        return info

    def ordered(self, list_style: str | None, level: int) -> bool:
        style = self.lists.get(list_style or "")
        if style is None:
            return False
        for child in style.children:
            if span(child.get_attribute("text:level")) == level + 1:
                return child.tag == "text:list-level-style-number"
        return False


class _Reader:
    def __init__(self, document) -> None:
        self.styles = _Styles(document)
        self.warnings: list[str] = []
        self.builder = TreeBuilder(self.warnings)
        self.pending: list[Block] = []
        self.title: str | None = None
        self.cover: list[str] = []
        self.seen_heading = False
        self.lead: list[str] = []  # the text of each paragraph before the first heading
        self.page_break = False  # a hard page break after them: they may be a cover
        self.images = 0
        self.notes = False

    def read(self, body) -> ImportResult:
        self._blocks(body)
        self._flush()
        sections = self.builder.build()
        if not sections:
            raise DraftImportError(NO_TEXT)
        if self.images:
            self.warnings.append(gettext(
                "Billeder er ikke taget med (%(count)d i alt). Sæt dem ind bagefter, hvis de skal med i høringen.",
                count=self.images,
            ))
        if self.notes:
            self.warnings.append(gettext("Fodnoter er ikke taget med. Tjek de afsnit, hvor der var fodnoter."))
        subtitle = shorten(", ".join(self.cover)) if self.cover else None
        return ImportResult(title=self.title, sections=sections, warnings=list(dict.fromkeys(self.warnings)),
                            subtitle=subtitle)

    def _flush(self) -> None:
        if self.pending:
            self.builder.body(render_blocks(self.pending))
            self.pending = []

    def _blocks(self, parent) -> None:
        for element in parent.children:
            tag = element.tag
            if tag == "text:h":
                self._heading(element)
            elif tag == "text:p":
                self._paragraph(element)
            elif tag == "text:list":
                self.pending.extend(self._list(element, 0))
            elif tag == "table:table":
                add_table(self.builder, self.pending, self._table(element))
            elif tag in ("text:section", "text:index-body"):
                self._blocks(element)
            elif tag in ("draw:frame", "draw:a"):
                self.images += 1

    def _heading(self, h) -> None:
        text = plain_text("".join(s.text for s in self._segments(h)))
        if not text:
            return
        if not self.seen_heading:
            style = self.styles.get("paragraph", h.get_attribute("text:style-name"))
            self._cover_without_styles(self.page_break or bool(style.get("break_before")))
        self._flush()
        number = next((plain_text(child.text or "") for child in h.children if child.tag == "text:number"), None)
        level = span(h.get_attribute("text:outline-level"), 10)
        if self.builder.heading(level, text, number=(number or "").rstrip(".)") or None):
            self.seen_heading = True

    def _paragraph(self, p) -> None:
        style = self.styles.get("paragraph", p.get_attribute("text:style-name"))
        segments = self._segments(p)
        if style.get("heading"):
            self._heading(p)
            return
        if not self.seen_heading and (style.get("title") or style.get("subtitle") or self.title):
            text = plain_text("".join(s.text for s in segments))
            if style.get("title") and self.title is None and text:
                self.title = shorten(text)
                return
            if text and len(text) <= MAX_COVER_LINE and (style.get("subtitle") or self.title):
                self.cover.append(text)  # a line of the cover page: the subtitle
                return
        html, bullet = render_segments(segments)
        if html:
            self.pending.append(Block("li", html) if bullet else Block("p", html))
            if not self.seen_heading:
                self.lead.append(plain_text("".join(s.text for s in segments)))
                self.page_break = self.page_break or bool(style.get("break_after"))

    def _cover_without_styles(self, page_break: bool) -> None:
        """Short paragraphs alone on the first page(s) are a cover even without a Title style."""
        if (self.title is not None or not page_break or not self.lead or len(self.lead) > 10
                or len(self.lead) != len(self.pending) or any(b.kind != "p" for b in self.pending)
                or any(len(text) > MAX_COVER_LINE for text in self.lead)):
            return
        self.title, self.cover = shorten(self.lead[0]), self.lead[1:]
        self.pending = []

    def _list(self, element, level: int, style_name: str | None = None) -> list[Block]:
        style_name = element.get_attribute("text:style-name") or style_name
        ordered = self.styles.ordered(style_name, level)
        blocks: list[Block] = []
        for item in element.children:
            if item.tag in ("text:list-item", "text:list-header"):
                blocks.extend(self._list_item(item, level, ordered, style_name))
        return blocks

    def _list_item(self, item, level: int, ordered: bool, style_name: str | None) -> list[Block]:
        blocks: list[Block] = []
        for child in item.children:
            if child.tag in ("text:p", "text:h"):
                html, _ = render_segments(self._segments(child))
                if html:
                    blocks.append(Block("li", html, level=min(level, 8), ordered=ordered))
            elif child.tag == "text:list":
                blocks.extend(self._list(child, level + 1, style_name))
            elif child.tag == "text:list-item":  # odfdo nests items this way: the same level
                blocks.extend(self._list_item(child, level, ordered, style_name))
        return blocks

    # -- tables

    def _table(self, table) -> list[Row]:
        rows: list[Row] = []
        self._rows(table, rows, header=False)
        return rows

    def _rows(self, parent, rows: list[Row], header: bool) -> None:
        for child in parent.children:
            tag = child.tag
            if tag == "table:table-row":
                row = Row(self._cells(child), header=header)
                repeat = min(span(child.get_attribute("table:number-rows-repeated"), MAX_REPEAT), MAX_REPEAT)
                rows.extend([row] if not any(c.text or c.html for c in row.cells) and repeat > 1 else [row] * repeat)
            elif tag == "table:table-header-rows":
                self._rows(child, rows, header=True)
            elif tag in ("table:table-rows", "table:table-row-group"):
                self._rows(child, rows, header=header)

    def _cells(self, tr) -> list[Cell]:
        cells: list[Cell] = []
        for tc in tr.children:
            if tc.tag not in ("table:table-cell", "table:covered-table-cell"):
                continue
            repeat = span(tc.get_attribute("table:number-columns-repeated"), MAX_REPEAT)
            if tc.tag == "table:covered-table-cell":
                cells.extend(Cell("", "", covered=True) for _ in range(repeat))
                continue
            blocks: list[Block] = []
            texts: list[str] = []
            for child in tc.children:
                if child.tag in ("text:p", "text:h"):
                    segments = self._segments(child)
                    texts.append("".join(s.text for s in segments))
                    html, bullet = render_segments(segments)
                    if html:
                        blocks.append(Block("li" if bullet else "p", html))
                elif child.tag == "text:list":
                    items = self._list(child, 0)
                    blocks.extend(items)
                    texts.extend(item.html for item in items)
            cell = Cell(
                plain_text(" ".join(texts)), render_blocks(blocks),
                colspan=span(tc.get_attribute("table:number-columns-spanned")),
                rowspan=span(tc.get_attribute("table:number-rows-spanned")),
            )
            cells.extend([cell] * repeat)
        return cells

    # -- text

    def _segments(self, parent, style: tuple[bool, bool, bool] = (False, False, False),
                  href: str | None = None) -> list[Segment]:
        own = self.styles.get("paragraph" if parent.tag in ("text:p", "text:h") else "text",
                              parent.get_attribute("text:style-name"))
        style = (own.get("bold", style[0]), own.get("italic", style[1]), own.get("underline", style[2]))
        segments = [Segment(parent.text, style, href)] if parent.text else []
        for child in parent.children:
            tag = child.tag
            if tag == "text:s":
                segments.append(Segment(" " * span(child.get_attribute("text:c"), 100), style, href))
            elif tag == "text:tab":
                segments.append(Segment(" ", style, href))
            elif tag == "text:line-break":
                segments.append(Segment("\n", style, href))
            elif tag == "text:a":
                link = child.get_attribute("xlink:href") or ""
                safe = link if link.lower().startswith(("http://", "https://", "mailto:")) else None
                segments.extend(self._segments(child, style, safe or href))
            elif tag == "text:note":
                self.notes = True
            elif tag in ("draw:frame", "draw:a"):
                self.images += 1
            elif tag not in _SKIPPED:
                segments.extend(self._segments(child, style, href))  # spans, fields, bookmarks …
            if child.tail:
                segments.append(Segment(child.tail, style, href))
        return segments


NOT_ODT = lazy_gettext("Filen er ikke et OpenDocument-tekstdokument (.odt).")
ENCRYPTED = lazy_gettext(
    "Dokumentet er beskyttet med en adgangskode. Gem det uden adgangskode i LibreOffice, og prøv igen."
)
CORRUPT = lazy_gettext(
    "ODT-dokumentet er beskadiget og kan ikke læses. Åbn det i LibreOffice, gem det igen, og prøv igen."
)
NO_TEXT = lazy_gettext("Dokumentet indeholder ingen tekst. Der er intet at importere.")
