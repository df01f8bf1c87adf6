"""The memo as a Word document for a committee agenda: real heading styles, one table per
section (point | reply | outcome) with a header row that repeats on every page, Danish as
the document's language. Marked changes keep their marks: inserted words underlined,
deleted words struck through. The responses in full are a document of their own (the appendix).

Written in one pass: paragraphs and tables are lxml elements streamed into the zip, the style ids
looked up once (python-docx's own calls search the whole body, the styles and the table's rows on
each call: minutes for a national hearing's memo). The XML is the same as python-docx writes.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from docx import Document
from docx.oxml.ns import nsmap, qn
from docx.shared import Emu
from flask_babel import force_locale, format_date, format_datetime, format_decimal, ngettext
from flask_babel import gettext as _
from lxml import etree
from lxml.etree import SubElement

from app.memos.content import MemoContent, MemoPoint
from app.memos.docx_page import page_setup, set_language_and_font
from app.memos.docx_tally import write_tally
from app.memos.docx_text import marked_paragraphs, paragraphs
from app.memos.questions_appendix import write_docx_appendix
from app.memos.render import MEMO_LANGUAGE, labels
from app.templating import DATETIME_PATTERNS


def memo_docx(memo: MemoContent, appendix_name: str | None = None) -> bytes:
    with force_locale(MEMO_LANGUAGE):
        return _Writer(memo, appendix_name).write()


class _Writer:
    def __init__(self, memo: MemoContent, appendix_name: str | None = None) -> None:
        self.memo, self.appendix_name = memo, appendix_name  # no name: this is the appendix
        self.labels = labels()
        self.doc = Document()
        set_language_and_font(self.doc)
        self._body = self.doc.element.body
        self._blocks: list = []  # the body's blocks waiting to be written (see _block)
        if self._body[-1].tag != _SECTPR:
            raise ValueError("the Word template's body does not end with its section properties")
        styles = self.doc.styles
        self._heading_ids = {level: styles[f"Heading {level}"].style_id for level in range(1, 5)}
        self._table_style_id = styles["Table Grid"].style_id
        self._list_bullet_id = styles["List Bullet"].style_id
        # As python-docx's add_table: the columns share the width between the template's margins
        # (A4 is set at the end, so this is the template's US Letter width, as before).
        section = self.doc.sections[-1]
        self._column_twips = Emu((section.page_width - section.left_margin - section.right_margin) // 3).twips

    def write(self) -> bytes:
        """The package with an empty body saved first (styles, settings, page set-up), then its document.xml
        again with the body streamed into the zip block by block: the memory held is one block's."""
        memo, doc = self.memo, self.doc
        title = _("Høringsnotat") if self.appendix_name is not None else _("Bilag til høringsnotat")
        doc.core_properties.title = f"{title}: {memo.hearing_title}"
        doc.core_properties.author = memo.municipality
        doc.core_properties.language = "da-DK"
        page_setup(self.doc)
        skeleton = io.BytesIO()
        doc.save(skeleton)
        out = io.BytesIO()
        with zipfile.ZipFile(skeleton) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename == _DOCUMENT_PART:
                    with target.open(_DOCUMENT_PART, "w", force_zip64=True) as stream:
                        self._stream_document(source.read(info.filename), stream)
                else:
                    target.writestr(info, source.read(info.filename))
        return out.getvalue()

    def _stream_document(self, skeleton: bytes, stream) -> None:
        """The skeleton's document.xml up to its section properties, every block, then the rest."""
        end = skeleton.rindex(b"<w:sectPr")
        stream.write(skeleton[:end])
        self._stream = stream
        self._content()
        self._flush()
        stream.write(skeleton[end:])

    def _content(self) -> None:
        memo = self.memo
        self._paragraph(memo.municipality)
        if self.appendix_name is None:
            return self._appendix()
        self._heading(f"{_('Høringsnotat')}: {memo.hearing_title}", level=1)
        self._facts()
        self._introduction()
        self._heading(_("2. Generelle bemærkninger"), level=2)
        write_tally(self)
        if memo.general:
            self._points_table(memo.general)
        else:
            self._paragraph(_("Der er ingen generelle bemærkninger."))
        self._heading(_("3. Bemærkninger til de enkelte afsnit"), level=2)
        for section in memo.sections:
            pages = f" ({_('side')} {(' ' + _('og') + ' ').join(map(str, section.pages))})" if section.pages else ""
            self._heading(section.label + pages, level=3)
            if section.points:
                self._points_table(section.points, names_each_section=section.names_each_section)
            for sender in section.no_remarks:
                self._paragraph(_("%(sender)s har ingen bemærkninger til %(section)s.", sender=sender,
                                  section=section.label))
        if not memo.sections:
            self._paragraph(_("Der er ingen bemærkninger til de enkelte afsnit."))
        self._changes()
        self._heading(_("Bilag: Høringssvarene"), level=2)
        self._paragraph(_("Høringssvarene i fuld længde står i et bilag for sig: %(name)s.", name=self.appendix_name))
        write_docx_appendix(self, _run)

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
            paragraph = self._paragraph()
            _run(paragraph, f"{name}: ", bold=True)
            _run(paragraph, value)

    def _introduction(self) -> None:
        memo = self.memo
        self._heading(_("1. Indledning"), level=2)
        if memo.round_note:
            self._paragraph(memo.round_note)
        for block in paragraphs(memo.summary):
            self._paragraph(block)
        count = ngettext("Der er kommet %(count)s høringssvar.", "Der er kommet %(count)s høringssvar.",
                         memo.response_count, count=format_decimal(memo.response_count))
        if memo.citizen_count:
            count += " " + ngettext("Heraf er %(count)s fra en borger.", "Heraf er %(count)s fra borgere.",
                                    memo.citizen_count, count=format_decimal(memo.citizen_count))
        self._paragraph(count)
        if memo.parties:
            table = self._table([_("Høringspart"), _("Svar"), _("Modtaget")])
            for party in memo.parties:
                received = _long_date(party.responded_on)
                for cell, text in zip(self._row(table), [party.name, self.labels["parties"][party.status], received],
                                      strict=True):
                    _run(cell[-1], text, bold=False)
        self._meetings()

    def _meetings(self) -> None:
        """The case's path through the political bodies, as on the hearing's pages."""
        if not self.memo.meetings:
            return
        self._heading(_("Sagens politiske behandling"), level=3)
        for meeting in self.memo.meetings:
            head = self._paragraph()
            _run(head, f"{meeting.heading()}: ", bold=True)
            _run(head, meeting.outcome_sentence())
            lines = [*meeting.vote_sentences(), *filter(None, [meeting.absent_sentence()])]
            for line in lines:
                self._paragraph(line)
            for block in paragraphs(meeting.decision_text):
                self._paragraph(block)

    def _points_table(self, points: list[MemoPoint], names_each_section: bool = False) -> None:
        table = self._table([_("Bemærkning"), _("Forvaltningens bemærkning"), _("Udfald")])
        # Translated once a table, not once a point (gettext goes through Flask's context each time).
        financial_label, final = _("Økonomiske konsekvenser:") + " ", self.memo.is_final
        not_approved, outcomes = _("(ikke godkendt endnu)"), self.labels["outcomes"]
        many = _("Flere høringsparter bemærker")
        for point in points:
            point_cell, reply_cell, outcome_cell = self._row(table)
            first = True
            raised_by = point.raised_by()
            if raised_by:  # who raised it, as in the HTML: the parties by name, the citizens counted
                _run(point_cell[-1], f"{many} ({raised_by}):", bold=True)
                first = False
            # which section each comment is on, where one reply answers several (as in the HTML)
            named = names_each_section and len(point.comments) > 1
            entries = [(" · ".join(filter(None, (c.sender, c.own_heading, c.section_label if named else None))), c)
                       for c in point.comments] + [(c.heading(), c.example) for c in point.campaigns]
            for line, comment in entries:
                paragraph = point_cell[-1] if first else SubElement(point_cell, _P)
                first = False
                _run(paragraph, line, bold=True)
                for block in paragraphs(comment.shown_text):
                    _run(SubElement(point_cell, _P), block)  # blocks are never empty
                if comment.excerpt:  # an opening: said, with where it stands in full (as in the HTML)
                    _run(SubElement(point_cell, _P), comment.excerpt_note(), italic=True)
            if point.more_citizens:
                _run(SubElement(point_cell, _P), point.more_citizens_text())
            reply_blocks = paragraphs(point.reply or "") or [point.answer(final)]
            _run(reply_cell[-1], reply_blocks[0])
            for block in reply_blocks[1:]:
                _run(SubElement(reply_cell, _P), block)
            if point.financial_consequence:
                financial = SubElement(reply_cell, _P)
                _run(financial, financial_label, bold=True)
                _run(financial, point.financial_note or "")
            outcome = outcomes.get(point.outcome, "") if point.shows_outcome else ""
            if point.reply and not point.approved and not final:  # a finalised memo is what it is
                outcome = f"{outcome} {not_approved}".strip()
            _run(outcome_cell[-1], outcome)

    def _changes(self) -> None:
        self._heading(_("4. Ændringer i udkastet"), level=2)
        if not self.memo.changes:
            self._paragraph(_("Høringen giver ingen ændringer i udkastet."))
            return
        self._paragraph(_("Høringen giver disse ændringer i udkastet. Indsatte ord er understreget, "
                          "slettede ord er gennemstreget."))
        for change in self.memo.changes:
            self._heading(change.label, level=3)
            for runs, is_item in marked_paragraphs(change.marked_html):
                paragraph = self._paragraph(style_id=self._list_bullet_id if is_item else None)
                for text, mark in runs:
                    _run(paragraph, text, strike=mark == "del", underline=mark == "ins")

    def _appendix(self) -> None:
        """The responses in full, after a table of contents whose lines link to each response."""
        self._heading(f"{_('Bilag til høringsnotat')}: {self.memo.hearing_title}", level=1)
        self._heading(_("Indhold"), level=2)
        for number, response in enumerate(self.memo.appendix, start=1):
            link = SubElement(self._paragraph(), _HYPERLINK, {_ANCHOR: f"svar_{number}", _HISTORY: "1"})
            _run(link, response.sender)
        page_break = self._paragraph()
        SubElement(SubElement(page_break, _R), _BR, {_TYPE: "page"})
        self._heading(_("Bilag: Høringssvarene"), level=2)
        no_remarks, received = _("Ingen bemærkninger."), {}  # received: "Modtaget 1. marts 2019" by date
        for number, response in enumerate(self.memo.appendix, start=1):
            heading = self._heading("", level=3)
            SubElement(heading, _BOOKMARK_START, {_ID: str(number), _NAME: f"svar_{number}"})
            _run(heading, response.sender)
            SubElement(heading, _BOOKMARK_END, {_ID: str(number)})
            if response.submitted_on not in received:
                received[response.submitted_on] = _("Modtaget %(date)s", date=_long_date(response.submitted_on))
            signed = f" · {response.signed}" if response.signed else ""
            self._paragraph(received[response.submitted_on] + signed)
            if response.full_text:  # as it came, lead-in and signature included
                for block in paragraphs(response.full_text):
                    self._paragraph(block)
                continue
            if response.no_remarks:
                self._paragraph(no_remarks)
            for comment in response.comments:
                if comment.section_label or comment.heading:
                    self._heading(comment.section_label or comment.heading, level=4)
                for block in paragraphs(comment.text):
                    self._paragraph(block)

    # -------------------------------------------------------------- the body, one pass

    def _block(self, tag: str):
        """A new paragraph or table of the body, kept out of the document's tree (moving a subtree walks it):
        blocks wait in a list for the stream; those before a new one are finished."""
        if len(self._blocks) >= _FLUSH_EVERY:
            self._flush()
        block = etree.Element(tag, nsmap=_W_NAMESPACE)
        self._blocks.append(block)
        return block

    def _flush(self) -> None:
        """The waiting blocks in order, without the namespace declaration each carries (the root has it)."""
        for block in self._blocks:
            xml = etree.tostring(block, encoding="UTF-8")
            start_tag_end = xml.index(b">")
            self._stream.write(_NAMESPACE_DECLARATION.sub(b"", xml[:start_tag_end], count=1) + xml[start_tag_end:])
        self._blocks.clear()

    def _paragraph(self, text: str = "", style_id: str | None = None):
        """As python-docx's ``document.add_paragraph(text, style)``: the w:p element."""
        paragraph = self._block(_P)
        if style_id:
            SubElement(SubElement(paragraph, _PPR), _PSTYLE, {_VAL: style_id})
        if text:
            _run(paragraph, text)
        return paragraph

    def _heading(self, text: str, level: int):
        """As ``document.add_heading(text, level)``: the paragraph style by its id, looked up once."""
        paragraph = self._block(_P)
        SubElement(SubElement(paragraph, _PPR), _PSTYLE, {_VAL: self._heading_ids[level]})
        if text:
            _run(paragraph, text)
        return paragraph

    def _table(self, headers: list[str]):
        """As ``add_table(rows=1, cols=3)``, Table Grid, aligned left, a header row repeated on every page."""
        table = self._block(_TBL)
        properties = SubElement(table, _TBLPR)
        SubElement(properties, _TBLSTYLE, {_VAL: self._table_style_id})
        SubElement(properties, _TBLW, {_TYPE: "auto", _W: "0"})
        SubElement(properties, _JC, {_VAL: "left"})
        SubElement(properties, _TBLLOOK, _TABLE_LOOK)
        grid = SubElement(table, _TBLGRID)
        for _header in headers:
            SubElement(grid, _GRIDCOL, {_W: str(self._column_twips)})
        for cell, text in zip(self._row(table, header=True), headers, strict=True):
            _run(cell[-1], text, bold=True)
        return table

    def _row(self, table, header: bool = False) -> list:
        """As ``table.add_row().cells``: three w:tc, each with its width and one empty paragraph."""
        row = SubElement(table, _TR)
        if header:
            SubElement(SubElement(row, _TRPR), _TBLHEADER, {_VAL: "true"})
        cells = []
        for _column in range(3):
            cell = SubElement(row, _TC)
            SubElement(SubElement(cell, _TCPR), _TCW, {_TYPE: "dxa", _W: str(self._column_twips)})
            SubElement(cell, _P)
            cells.append(cell)
        return cells

    # -------------------------------------------------------------- Word details


_P, _PPR, _PSTYLE, _R, _RPR, _T, _TAB, _BR = (qn(f"w:{name}") for name in ("p", "pPr", "pStyle", "r", "rPr", "t",
                                                                         "tab", "br"))
_B, _I, _STRIKE, _U = qn("w:b"), qn("w:i"), qn("w:strike"), qn("w:u")
_HYPERLINK, _ANCHOR, _HISTORY, _BOOKMARK_START, _BOOKMARK_END, _ID, _NAME = (
    qn(f"w:{name}") for name in ("hyperlink", "anchor", "history", "bookmarkStart", "bookmarkEnd", "id", "name"))
_TBL, _TBLPR, _TBLSTYLE, _TBLW, _JC, _TBLLOOK, _TBLGRID, _GRIDCOL = (
    qn(f"w:{name}") for name in ("tbl", "tblPr", "tblStyle", "tblW", "jc", "tblLook", "tblGrid", "gridCol"))
_TR, _TRPR, _TBLHEADER, _TC, _TCPR, _TCW = (qn(f"w:{name}") for name in ("tr", "trPr", "tblHeader", "tc", "tcPr",
                                                                         "tcW"))
_SECTPR, _VAL, _TYPE, _W, _SPACE = qn("w:sectPr"), qn("w:val"), qn("w:type"), qn("w:w"), qn("xml:space")
# python-docx's new table's look (first row and column, no vertical banding)
_TABLE_LOOK = {qn(f"w:{name}"): value for name, value in (
    ("firstColumn", "1"), ("firstRow", "1"), ("lastColumn", "0"), ("lastRow", "0"), ("noHBand", "0"),
    ("noVBand", "1"), ("val", "04A0"))}
_BREAKS = re.compile(r"([\t\r\n])")
_DOCUMENT_PART = "word/document.xml"
_FLUSH_EVERY = 200  # blocks held before they go to the zip (a table with all its rows is one block)
_W_NAMESPACE = {"w": nsmap["w"]}
_NAMESPACE_DECLARATION = re.compile(rb' xmlns:w="[^"]*"')


def _run(paragraph, text: str, *, bold: bool | None = None, strike: bool | None = None,
         underline: bool | None = None, italic: bool | None = None) -> None:
    """As python-docx's ``paragraph.add_run(text)`` and ``.bold``, ``.italic``, ``.font.strike``,
    ``.underline``: a w:r even for empty text, a tab as w:tab and a line break as w:br."""
    run = SubElement(paragraph, _R)
    if bold is not None or strike is not None or underline is not None or italic is not None:
        properties = SubElement(run, _RPR)
        if bold is not None:
            SubElement(properties, _B, {_VAL: "0"} if not bold else {})
        if italic is not None:
            SubElement(properties, _I, {_VAL: "0"} if not italic else {})
        if strike is not None:
            SubElement(properties, _STRIKE, {_VAL: "0"} if not strike else {})
        if underline is not None:
            SubElement(properties, _U, {_VAL: "single" if underline else "none"})
    if not text:
        return
    if "\t" not in text and "\n" not in text and "\r" not in text:
        _text(run, text)
        return
    for piece in _BREAKS.split(text):
        if piece == "\t":
            SubElement(run, _TAB)
        elif piece in ("\r", "\n"):
            SubElement(run, _BR)
        elif piece:
            _text(run, piece)


def _text(run, text: str) -> None:
    element = SubElement(run, _T)
    element.text = text
    if len(text.strip()) < len(text):
        element.set(_SPACE, "preserve")


def _long_date(iso: str | None) -> str:
    return format_date(datetime.fromisoformat(iso), "long") if iso else ""
