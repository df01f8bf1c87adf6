"""The memo as a Word document for a committee agenda: real heading styles, one table per
section (point | reply | outcome) with a header row that repeats on every page, Danish as
the document's language. Marked changes keep their marks: inserted words underlined,
deleted words struck through.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from html.parser import HTMLParser

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from flask_babel import force_locale, format_date, format_datetime
from flask_babel import gettext as _

from app.memos.content import MemoContent, MemoPoint
from app.memos.render import MEMO_LANGUAGE, labels
from app.templating import DATETIME_PATTERNS


def memo_docx(memo: MemoContent) -> bytes:
    with force_locale(MEMO_LANGUAGE):
        return _Writer(memo).write()


class _Writer:
    def __init__(self, memo: MemoContent) -> None:
        self.memo = memo
        self.labels = labels()
        self.doc = Document()
        self._set_language_and_font()

    def write(self) -> bytes:
        memo, doc = self.memo, self.doc
        doc.core_properties.title = f"{_('Høringsnotat')}: {memo.hearing_title}"
        doc.core_properties.author = memo.municipality
        doc.core_properties.language = "da-DK"
        doc.add_paragraph(memo.municipality)
        doc.add_heading(f"{_('Høringsnotat')}: {memo.hearing_title}", level=1)
        self._facts()
        self._introduction()
        doc.add_heading(_("2. Generelle bemærkninger"), level=2)
        if memo.general:
            self._points_table(memo.general)
        else:
            doc.add_paragraph(_("Der er ingen generelle bemærkninger."))
        doc.add_heading(_("3. Bemærkninger til de enkelte afsnit"), level=2)
        for section in memo.sections:
            pages = f" ({_('side')} {(' ' + _('og') + ' ').join(map(str, section.pages))})" if section.pages else ""
            doc.add_heading(section.label + pages, level=3)
            self._points_table(section.points)
        if not memo.sections:
            doc.add_paragraph(_("Der er ingen bemærkninger til de enkelte afsnit."))
        self._changes()
        self._appendix()
        self._page_setup()
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()

    # -------------------------------------------------------------- parts

    def _facts(self) -> None:
        memo = self.memo
        facts = []
        if memo.case_number:
            facts.append((_("Sagsnummer"), memo.case_number))
        if memo.committee:
            facts.append((_("Udvalg"), memo.committee))
        if memo.opens_at and memo.deadline_at:
            opens, deadline = datetime.fromisoformat(memo.opens_at), datetime.fromisoformat(memo.deadline_at)
            facts.append((_("Høringsperiode"), f"{format_date(opens, 'long')} – {format_date(deadline, 'long')}"))
            facts.append((_("Høringsfrist"), format_datetime(deadline, DATETIME_PATTERNS[MEMO_LANGUAGE])))
        for name, value in facts:
            paragraph = self.doc.add_paragraph()
            paragraph.add_run(f"{name}: ").bold = True
            paragraph.add_run(value)

    def _introduction(self) -> None:
        memo, doc = self.memo, self.doc
        doc.add_heading(_("1. Indledning"), level=2)
        for block in _paragraphs(memo.summary):
            doc.add_paragraph(block)
        count = _("Der er kommet %(num)d høringssvar.", num=memo.response_count)
        if memo.citizen_count:
            count += " " + _("Heraf fra borgere: %(num)d.", num=memo.citizen_count)
        doc.add_paragraph(count)
        if not memo.parties:
            return
        table = self._table([_("Høringspart"), _("Svar"), _("Modtaget")], widths=None)
        for party in memo.parties:
            received = _long_date(party.responded_on)
            _fill(table.add_row(), [party.name, self.labels["parties"][party.status], received])

    def _points_table(self, points: list[MemoPoint]) -> None:
        table = self._table([_("Bemærkning"), _("Forvaltningens bemærkning"), _("Udfald")], widths=None)
        for point in points:
            cells = table.add_row().cells
            first = True
            for comment in point.comments:
                paragraph = cells[0].paragraphs[0] if first else cells[0].add_paragraph()
                first = False
                heading = comment.own_heading
                # which section each comment is on, where one reply answers several (as in the HTML)
                label = comment.section_label if len(point.comments) > 1 else None
                paragraph.add_run(" · ".join(filter(None, (comment.sender, heading, label)))).bold = True
                for block in _paragraphs(comment.text):
                    cells[0].add_paragraph(block)
            reply_blocks = _paragraphs(point.reply or "") or [_("Ikke besvaret endnu.")]
            cells[1].paragraphs[0].text = reply_blocks[0]
            for block in reply_blocks[1:]:
                cells[1].add_paragraph(block)
            if point.financial_consequence:
                financial = cells[1].add_paragraph()
                financial.add_run(_("Økonomiske konsekvenser:") + " ").bold = True
                financial.add_run(point.financial_note or "")
            outcome = self.labels["outcomes"].get(point.outcome, "") if point.outcome else ""
            if point.reply and not point.approved:
                outcome = f"{outcome} {_('(ikke godkendt endnu)')}".strip()
            cells[2].paragraphs[0].text = outcome

    def _changes(self) -> None:
        doc = self.doc
        doc.add_heading(_("4. Ændringer i udkastet"), level=2)
        if not self.memo.changes:
            doc.add_paragraph(_("Høringen giver ingen ændringer i udkastet."))
            return
        doc.add_paragraph(_("Høringen giver disse ændringer i udkastet. Indsatte ord er understreget, "
                            "slettede ord er gennemstreget."))
        for change in self.memo.changes:
            doc.add_heading(change.label, level=3)
            for runs, is_item in _marked_paragraphs(change.marked_html):
                paragraph = doc.add_paragraph(style="List Bullet" if is_item else None)
                for text, mark in runs:
                    run = paragraph.add_run(text)
                    run.underline = mark == "ins"
                    run.font.strike = mark == "del"

    def _appendix(self) -> None:
        doc = self.doc
        doc.add_page_break()
        doc.add_heading(_("Bilag: Høringssvarene"), level=2)
        for response in self.memo.appendix:
            doc.add_heading(response.sender, level=3)
            received = _long_date(response.submitted_on)
            signed = f" · {response.signed}" if response.signed else ""
            doc.add_paragraph(_("Modtaget %(date)s", date=received) + signed)
            if response.full_text:  # as it came, lead-in and signature included
                for block in _paragraphs(response.full_text):
                    doc.add_paragraph(block)
                continue
            if response.no_remarks:
                doc.add_paragraph(_("Ingen bemærkninger."))
            for comment in response.comments:
                if comment.section_label or comment.heading:
                    doc.add_heading(comment.section_label or comment.heading, level=4)
                for block in _paragraphs(comment.text):
                    doc.add_paragraph(block)

    # -------------------------------------------------------------- Word details

    def _page_setup(self) -> None:
        """A4 with the PDF's margins (python-docx starts from US Letter), and "Side 1 af 18" at the
        foot of every page, as in the PDF: an agenda's attachments are cited by page."""
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.4)
        section.left_margin = section.right_margin = Cm(2)
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run(_("Side") + " ")
        _field(paragraph, "PAGE")
        paragraph.add_run(" " + _("af") + " ")
        _field(paragraph, "NUMPAGES")

    def _table(self, headers: list[str], widths):
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        header = table.rows[0]
        _fill(header, headers, bold=True)
        # A header row that Word repeats on every page and screen readers announce as headers.
        properties = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.append(repeat)
        return table

    def _set_language_and_font(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(11)
        defaults = styles.element.find(qn("w:docDefaults"))
        run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        language = run_properties.find(qn("w:lang"))
        if language is None:
            language = OxmlElement("w:lang")
            run_properties.append(language)
        language.set(qn("w:val"), "da-DK")


def _long_date(iso: str | None) -> str:
    return format_date(datetime.fromisoformat(iso), "long") if iso else ""


def _fill(row, texts: list[str], bold: bool = False) -> None:
    for cell, text in zip(row.cells, texts, strict=True):
        cell.paragraphs[0].add_run(text).bold = bold


def _field(paragraph, instruction: str) -> None:
    """A field Word fills in when it lays out the pages (PAGE, NUMPAGES)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _paragraphs(text: str) -> list[str]:
    return [block.strip() for block in re.split(r"\n\s*\n", text or "") if block.strip()]


class _MarkedParser(HTMLParser):
    """Reads the comparison's HTML back into paragraphs of (text, mark) runs, leaving out the
    words only screen readers need (Word has its own way of telling)."""

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[list[tuple[str, str | None]]] = []
        self.items: set[int] = set()  # which paragraphs are list items
        self.mark: str | None = None
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "li"):
            if tag == "li":
                self.items.add(len(self.paragraphs))
            self.paragraphs.append([])
        elif tag in ("ins", "del"):
            self.mark = tag
        elif tag == "span" and ("class", "sr-only") in attrs:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in ("ins", "del"):
            self.mark = None
        elif tag == "span" and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if self.hidden or not self.paragraphs:
            return
        self.paragraphs[-1].append((data, self.mark))


def _marked_paragraphs(html: str) -> list[tuple[list[tuple[str, str | None]], bool]]:
    """Each paragraph's runs, and whether it is a list item."""
    parser = _MarkedParser()
    parser.feed(html)
    return [(runs, i in parser.items) for i, runs in enumerate(parser.paragraphs)]
