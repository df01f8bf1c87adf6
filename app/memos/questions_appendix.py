"""The members' written questions and the administration's answers as an appendix of the memo: the table
"Spørgsmålsstiller | Spørgsmål | Forvaltningens svar" (app.committee.questions), frozen with the memo
when it is finalised and shown after the responses in full, on the screen, in Word and in the PDF."""

from __future__ import annotations

from dataclasses import replace

from flask_babel import gettext as _

from app.committee.questions.exports import headers, not_answered, rows
from app.committee.questions.operations import questions
from app.hearings.models import Hearing
from app.memos.content import MemoContent
from app.memos.docx_text import paragraphs


def questions_appendix(hearing: Hearing) -> list[dict]:
    """The rows as plain data, in the order asked (an answer not yet approved is None)."""
    return [row.to_dict() for row in rows(questions(hearing))]


def for_the_public(memo: MemoContent) -> MemoContent:
    """The published memo without the appendix: the members' questions are for the committee and staff."""
    return replace(memo, questions=[])


def appendix_heading() -> str:
    return _("Bilag: Udvalgets spørgsmål og forvaltningens svar")


def write_docx_appendix(writer, run) -> None:
    """The appendix in the Word memo, by the memo's writer (its heading, table and row), `run` its text run."""
    if not writer.memo.questions:
        return
    writer._heading(appendix_heading(), level=2)
    table = writer._table(headers())
    for row in writer.memo.questions:
        asker, question, answer = writer._row(table)
        run(asker[-1], row["asker"])
        _cell(writer, question, [f"{row['mark']} {block}" if n == 0 else block
                                 for n, block in enumerate(paragraphs(row["text"]))], run)
        _cell(writer, answer, paragraphs(row["answer"]) if row["answer"] else [not_answered()], run)


def _cell(writer, cell, blocks: list[str], run) -> None:
    from lxml.etree import SubElement

    from app.memos.docx_export import _P

    for n, block in enumerate(blocks):
        run(cell[-1] if n == 0 else SubElement(cell, _P), block)
