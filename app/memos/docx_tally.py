"""The tally of preferences in the Word memo: the sentences, then a table (alternative | responses | by whom),
as in the HTML. Written with the memo writer's own paragraph, heading and table blocks."""

from __future__ import annotations

from docx.oxml.ns import qn
from flask_babel import gettext as _
from lxml.etree import SubElement

from app.memos import tally
from app.memos.docx_text import paragraphs


def _cell_text(cell, text: str, *, bold: bool = False) -> None:
    """The text in the cell's one paragraph, as a run (bold where it names the row)."""
    run = SubElement(cell[-1], qn("w:r"))
    if bold:
        SubElement(SubElement(run, qn("w:rPr")), qn("w:b"))
    element = SubElement(run, qn("w:t"))
    element.text = text
    element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def write_tally(writer) -> None:
    """Under "2. Generelle bemærkninger", before the remarks: nothing on a hearing without alternatives."""
    rows = writer.memo.preferences
    if not rows:
        return
    writer._heading(_("Høringssvarenes valg mellem alternativerne"), level=3)
    for sentence in tally.tally_sentences(rows):
        writer._paragraph(sentence)
    table = writer._table([_("Alternativ"), _("Høringssvar"), _("Afgivet af")])
    for row in rows:
        label, count, senders = writer._row(table)
        _cell_text(label, tally.row_label(row), bold=True)
        _cell_text(count, str(row.responses))
        _cell_text(senders, tally.row_senders(row))
    for row in rows:
        if row.kind == "variant" and row.text:
            writer._paragraph(f"{tally.row_label(row)} ({', '.join(row.senders)}):")
            for block in paragraphs(row.text):
                writer._paragraph(block)
    for row in rows:
        if row.reasons:
            writer._paragraph(_("Begrundelser (%(choice)s)", choice=tally.row_label(row)))
            for reason in row.reasons:
                writer._paragraph(reason, style_id=writer._list_bullet_id)
