"""The questions and answers as the members get them: a table "Spørgsmålsstiller | Spørgsmål |
Forvaltningens svar" (as the 2013 committee's appendix, seed 000 from line 171), in Word and as a
tagged PDF (PDF/UA-1, as the memo's). Always in Danish: it is a paper of the case."""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from app.committee.questions.models import CommitteeQuestion
from app.hearings.models import Hearing
from app.memos.docx_text import paragraphs

DOCUMENT_LANGUAGE = "da"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = {"docx": DOCX, "pdf": "application/pdf"}


@dataclass
class QuestionRow:
    """One row of the table, as plain data (the memo keeps these in its frozen content)."""

    mark: str  # "1)", "a)"
    asker: str
    text: str
    answer: str | None  # None while the answer is not approved

    def to_dict(self) -> dict:
        return asdict(self)


def rows(questions: list[CommitteeQuestion]) -> list[QuestionRow]:
    """The table's rows in the order asked; only an approved answer is the administration's answer."""
    return [QuestionRow(q.mark, q.asker, q.text, q.answer if q.is_approved else None) for q in questions]


def headers() -> list[str]:
    return [_("Spørgsmålsstiller"), _("Spørgsmål"), _("Forvaltningens svar")]


def not_answered() -> str:
    return _("Svaret er ikke godkendt endnu.")


def title(hearing: Hearing) -> str:
    return _("Udvalgets spørgsmål og forvaltningens svar: %(title)s", title=hearing.title)


def export(hearing: Hearing, table: list[QuestionRow], file_format: str) -> tuple[bytes, str, str]:
    """(content, mimetype, filename) of the table in `file_format` (docx or pdf)."""
    if file_format not in FORMATS:
        raise ValueError(file_format)
    with force_locale(DOCUMENT_LANGUAGE):
        content = _docx(hearing, table) if file_format == "docx" else _pdf(hearing, table)
    return content, FORMATS[file_format], f"spoergsmaal-og-svar-{hearing.slug}.{file_format}"


def _docx(hearing: Hearing, table: list[QuestionRow]) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = title(hearing)
    doc.core_properties.language = "da-DK"
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(title(hearing), level=1)
    if hearing.committee:
        doc.add_paragraph(hearing.committee)
    grid = doc.add_table(rows=1, cols=3)
    grid.style = doc.styles["Table Grid"]
    for cell, text in zip(grid.rows[0].cells, headers(), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_as_header(grid.rows[0])
    for row in table:
        asker, question, answer = grid.add_row().cells
        asker.paragraphs[0].add_run(row.asker)
        _fill(question, paragraphs(row.text), prefix=f"{row.mark} ")
        _fill(answer, paragraphs(row.answer) if row.answer else [not_answered()])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _fill(cell, blocks: list[str], prefix: str = "") -> None:
    cell.paragraphs[0].add_run(prefix + (blocks[0] if blocks else ""))
    for block in blocks[1:]:
        cell.add_paragraph(block)


def _repeat_as_header(row) -> None:
    """Word repeats the row on every page, and screen readers announce it as the table's headers."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def document_html(hearing: Hearing, table: list[QuestionRow]) -> str:
    return render_template("committee/questions_document.html", hearing=hearing, rows=table,
                           headers=headers(), title=title(hearing), not_answered=not_answered(),
                           split=paragraphs)


def _pdf(hearing: Hearing, table: list[QuestionRow]) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only this needs

    identifier = f"spoergsmaal-{hearing.slug}"
    return HTML(string=document_html(hearing, table)).write_pdf(pdf_variant="pdf/ua-1",
                                                                pdf_identifier=identifier.encode())
