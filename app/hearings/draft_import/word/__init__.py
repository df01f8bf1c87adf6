"""Reading a Word file (.docx) into sections; the shape is described in the package's `__init__`.

`import_docx` is the entry point `draft_import.import_docx` calls. Refusals come first, before
python-docx sees the bytes (`checks`). Then the body is walked as XML,
paragraphs and tables in document order (`ooxml`), with python-docx
supplying the package, the styles and the relationships: this module reads
paragraphs, runs and links and says what was left out, the styles and lists
are interpreted in `styles`, tables in `tables`, and the result is
rendered as HTML by `blocks`.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import re
from collections import Counter

import docx
from docx.oxml.ns import qn
from flask_babel import gettext

from app.hearings import draft_import as shared
from app.hearings.draft_import import DraftImportError, ImportResult, TreeBuilder, plain_text
from app.hearings.draft_import.word import visual_headings
from app.hearings.draft_import.word.blocks import Block, Segment, render_blocks, render_segments
from app.hearings.draft_import.word.checks import CFB_SIGNATURE, check_file
from app.hearings.draft_import.word.ooxml import SDT, SDT_CONTENT, TBL, R, block_elements, on_off, style_id
from app.hearings.draft_import.word.styles import Numbering, StyleInfo, Styles, font_size, num_pr, outline_level
from app.hearings.draft_import.word.tables import TableReading

# Kept importable from here, where they were before the split.
__all__ = ["CFB_SIGNATURE", "check_file", "import_docx", "render_blocks", "render_segments"]

log = logging.getLogger(__name__)


def import_docx(data: bytes) -> ImportResult:
    check_file(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on a broken package
        log.info("Unreadable Word file: %r", error)
        raise DraftImportError(shared.CORRUPT) from error
    try:
        return _Reader(document).read()
    except DraftImportError:
        raise
    except Exception as error:  # a package python-docx accepted but whose XML we cannot follow
        log.warning("Word file could not be walked", exc_info=True)
        raise DraftImportError(shared.CORRUPT) from error


_HYPERLINK = qn("w:hyperlink")
_PAGE_BREAK = qn("w:br")
_TEXT, _TEXT_BOX = qn("w:t"), qn("w:txbxContent")
# Wrappers whose runs count as text (tracked insertions, fields, smart tags …) and ones that do not.
_TRANSPARENT = {qn(t) for t in ("w:ins", "w:moveTo", "w:smartTag", "w:fldSimple", "w:customXml", "w:dir", "w:bdo")}
_IMAGES = (qn("w:drawing"), qn("w:pict"), qn("w:object"))
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_NOTES = (qn("w:footnoteReference"), qn("w:endnoteReference"))
_SAFE_LINK = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)


class _Reader(TableReading):
    def __init__(self, document) -> None:
        self.document = document
        self.rels = document.part.rels
        self.styles = Styles(document)
        self.numbering = Numbering(document)
        self.warnings: list[str] = []
        self.builder = TreeBuilder(self.warnings)
        self.pending: list[Block] = []

    def read(self) -> ImportResult:
        body = self.document.element.body
        elements = list(block_elements(body))
        visual = self._visual_headings(elements)
        for index, element in enumerate(elements):
            if element.tag == TBL:
                self._flush()
                self._table(element)
            else:
                self._paragraph(element, visual.levels.get(index), title=index == visual.title)
        self._flush()
        sections = self.builder.build()
        if not sections:
            raise DraftImportError(shared.EMPTY_DOCUMENT)
        if visual.levels:
            self.warnings.append(gettext(
                "Dokumentet bruger ikke Words typografier til overskrifter. Overskrifterne er fundet ud fra fed og "
                "større skrift: tjek, at afsnittene er delt rigtigt."
            ))
        self._warn_about_what_was_left_out(body)
        return ImportResult(title=self.builder.title, subtitle=self.builder.subtitle, sections=sections,
                            warnings=list(dict.fromkeys(self.warnings)))

    def _flush(self) -> None:
        if self.pending:
            self.builder.body(render_blocks(self.pending))
            self.pending = []

    # -- paragraphs

    def _paragraph(self, p, visual_level: int | None = None, title: bool = False) -> None:
        ppr = p.find(qn("w:pPr"))
        info = self._style(ppr)
        if info.skip:
            return
        page_break = _page_break_in(p)
        if (ppr is not None and on_off(ppr.find(qn("w:pageBreakBefore")))) or page_break == "before":
            self._page_break()
        self._paragraph_content(p, ppr, info, visual_level, title)
        # A page break after the paragraph's text, or a section break ending it (a title page ends with one).
        if (ppr is not None and ppr.find(qn("w:sectPr")) is not None) or page_break == "after":
            self._page_break()

    def _page_break(self) -> None:
        self._flush()
        self.builder.page_break()

    def _paragraph_content(self, p, ppr, info: StyleInfo, visual_level: int | None, title: bool) -> None:
        numbering = self._numbering(ppr, info)
        number = self.numbering.advance(*numbering) if numbering else None
        segments = self._segments(p)
        level = outline_level(ppr) or info.heading_level or visual_level
        is_title = info.title or title
        text = plain_text("".join(s.text for s in segments)) if level or is_title or info.subtitle else ""
        if level:
            self._flush()
            self.builder.heading(level, text, number=number)
            return
        if (is_title and self.builder.title_line(text)) or (info.subtitle and self.builder.subtitle_line(text)):
            return
        block = self._block(segments, info, numbering)
        if block is not None:
            self.pending.append(block)

    # -- headings by their look, in a file without heading styles (visual_headings)

    def _visual_headings(self, elements: list) -> visual_headings.VisualHeadings:
        if any(self._has_heading_style(element) for element in elements if element.tag != TBL):
            return visual_headings.VisualHeadings()  # the file's own headings decide
        looks = []
        for element in elements:
            if element.tag == TBL:
                looks.append(visual_headings.Look(table=True))
                continue
            ppr, page_break = element.find(qn("w:pPr")), _page_break_in(element)
            if looks and (page_break == "before" or (ppr is not None and on_off(ppr.find(qn("w:pageBreakBefore"))))):
                looks[-1] = dataclasses.replace(looks[-1], ends_page=True)  # the page before it ends
            looks.append(self._look(element, ppr, ends_page=page_break == "after"))
        return visual_headings.find(looks)

    def _has_heading_style(self, p) -> bool:
        ppr = p.find(qn("w:pPr"))
        info = self._style(ppr)
        return bool((outline_level(ppr) or info.heading_level) and not info.skip
                    and "".join(t.text or "" for t in p.iter(_TEXT)).strip())

    def _style(self, ppr) -> StyleInfo:
        return self.styles.get(style_id(ppr, "w:pStyle"), "paragraph")

    def _look(self, p, ppr, *, ends_page: bool) -> visual_headings.Look:
        info = self._style(ppr)
        if info.skip:
            return visual_headings.Look()
        segments = [segment for segment in self._segments(p) if segment.text.strip()]
        return visual_headings.Look(
            text=plain_text("".join(segment.text for segment in segments)),
            size=self._size(p, info),
            bold=bool(segments) and (bool(info.bold) or all(segment.style[0] for segment in segments)),
            listed=bool(self._numbering(ppr, info) or info.list_kind),
            styled=info.title or info.subtitle,
            ends_page=ends_page or (ppr is not None and ppr.find(qn("w:sectPr")) is not None),
        )

    def _size(self, p, info: StyleInfo) -> float:
        """The size most of the paragraph's letters have (hidden text, text boxes and spaces not counted)."""
        sizes: Counter[float] = Counter()
        for run in p.iter(R):
            rpr = run.find(qn("w:rPr"))
            if (rpr is not None and on_off(rpr.find(qn("w:vanish")))) or _in_text_box(run):
                continue
            letters = sum(len("".join((t.text or "").split())) for t in run.iter(_TEXT))
            if letters:
                character = self.styles.get(style_id(rpr, "w:rStyle"), "character")
                sizes[font_size(rpr) or character.size or info.size or self.styles.default_size] += letters
        if not sizes:
            return info.size or self.styles.default_size
        return max(sizes, key=lambda size: (sizes[size], size))  # on a tie, the larger

    def _numbering(self, ppr, info: StyleInfo) -> tuple[str, int] | None:
        direct = num_pr(ppr)
        num_id, ilvl = (direct or (None, None))
        if num_id is None and info.numbering:
            num_id = info.numbering[0]
            ilvl = ilvl if ilvl is not None else max(info.numbering[1] or 0, info.list_level)
        if not num_id or num_id == "0":  # numId 0 switches a style's numbering off
            return None
        return num_id, ilvl or 0

    def _block(self, segments: list[Segment], info: StyleInfo, numbering: tuple[str, int] | None) -> Block | None:
        html, bullet = render_segments(segments)
        if not html:
            return None
        kind, level = None, info.list_level
        if numbering:
            kind, level = self.numbering.kind(*numbering) or info.list_kind, numbering[1]
        elif info.list_kind or bullet:
            kind = info.list_kind or "ul"
        if not kind:
            return Block("p", html)
        return Block("li", html, level=min(level, 8), ordered=kind == "ol")

    def _segments(self, parent, href: str | None = None) -> list[Segment]:
        segments: list[Segment] = []
        for child in parent.iterchildren():
            if child.tag == R:
                segments.extend(self._run(child, href))
            elif child.tag == _HYPERLINK:
                segments.extend(self._segments(child, self._link(child) or href))
            elif child.tag in _TRANSPARENT:
                segments.extend(self._segments(child, href))
            elif child.tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    segments.extend(self._segments(content, href))
        return segments

    def _run(self, r, href: str | None) -> list[Segment]:
        rpr = r.find(qn("w:rPr"))
        if rpr is not None and on_off(rpr.find(qn("w:vanish"))):
            return []  # hidden text
        style = self._run_style(rpr)
        parts: list[str] = []
        for child in r.iterchildren():
            tag = child.tag
            if tag == qn("w:t"):
                parts.append(child.text or "")
            elif tag == qn("w:tab"):
                parts.append(" ")
            elif tag in (qn("w:br"), qn("w:cr")):
                # Page and column breaks are layout; a line break is kept.
                if child.get(qn("w:type")) in (None, "textWrapping"):
                    parts.append("\n")
            elif tag == qn("w:noBreakHyphen"):
                parts.append("-")
        text = "".join(parts)
        return [Segment(text, style, href)] if text else []

    def _run_style(self, rpr) -> tuple[bool, bool, bool]:
        char = self.styles.get(style_id(rpr, "w:rStyle"), "character")
        values = []
        for tag, inherited in (("w:b", char.bold), ("w:i", char.italic), ("w:u", char.underline)):
            direct = on_off(rpr.find(qn(tag))) if rpr is not None else None
            values.append(bool(direct if direct is not None else inherited))
        return values[0], values[1], values[2]

    def _link(self, hyperlink) -> str | None:
        rel = self.rels.get(hyperlink.get(qn("r:id")) or "")
        if rel is None or not rel.is_external:
            return None
        target = rel.target_ref.strip()
        return target if _SAFE_LINK.match(target) else None

    def _warn_about_what_was_left_out(self, body) -> None:
        # Counted once over the whole body: the walk reads some cells more than once.
        images = sum(1 for image in body.iter(*_IMAGES) if not _is_fallback(image))
        if images:
            # One message for one or many: the catalogue has no plural forms.
            self.warnings.append(gettext(
                "Billeder er ikke taget med (%(count)d i alt). Sæt dem ind bagefter, hvis de skal med i høringen.",
                count=images,
            ))
        if next(body.iter(*_NOTES), None) is not None:
            self.warnings.append(gettext("Fodnoter er ikke taget med. Tjek de afsnit, hvor der var fodnoter."))
        if next(body.iter(qn("w:commentReference")), None) is not None:
            self.warnings.append(gettext("Kommentarer i dokumentet er ikke taget med."))
        if next(body.iter(qn("w:ins"), qn("w:del")), None) is not None:
            self.warnings.append(gettext(
                "Dokumentet har registrerede ændringer. De er taget med, som om de var godkendt."
            ))


def _page_break_in(p) -> str | None:
    """Where a page break typed in the paragraph stands: "before" its text (Word often starts the next
    page's first paragraph with one), "after" it, or None."""
    seen_text = False
    for element in p.iter(_TEXT, _PAGE_BREAK):
        if element.tag == _TEXT:
            seen_text = seen_text or bool((element.text or "").strip())
        elif element.get(qn("w:type")) == "page":
            return "after" if seen_text else "before"
    return None


def _in_text_box(run) -> bool:
    """A run in a text box or in the old-format copy of a drawing: not the paragraph's own text."""
    return any(ancestor.tag in (_TEXT_BOX, _FALLBACK) for ancestor in run.iterancestors())


def _is_fallback(image) -> bool:
    """The old-format copy Word keeps of a drawing, so the same image is not counted twice."""
    return any(ancestor.tag == _FALLBACK for ancestor in image.iterancestors())
