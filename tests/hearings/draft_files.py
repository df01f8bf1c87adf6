"""Word files built with python-docx for the draft-import tests (nothing binary is checked in)."""

import functools
import io
import struct
import zlib

from docx import Document
from docx.enum.text import WD_BREAK

from app.hearings.draft_import import (
    ImportedSection,
)

FIELDS = [
    "Lovgrundlag for ydelsen", "Målgruppe", "Ydelsens indhold", "Visitation", "Omfang/varighed",
    "Levering af ydelsen", "Opfølgning", "Andre bestemmelser fx klagevejledning", "Anvendelse",
    "Revision af standard",
]



def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def headings_of(sections: list[ImportedSection]) -> list[str]:
    return [section.heading for section in sections]


def all_sections(sections):
    for section in sections:
        yield section
        yield from all_sections(section.children)


def add_standard(document, name: str) -> None:
    document.add_heading(name, level=1)
    table = document.add_table(rows=0, cols=2)
    for field in FIELDS:
        row = table.add_row()
        row.cells[0].text = field
        row.cells[1].text = f"{field}: {name}."
    document.add_paragraph()


@functools.cache
def catalogue_docx() -> bytes:
    """Laid out like the 2019 catalogue of quality standards."""
    document = Document()
    document.add_paragraph("Kvalitetsstandarder 2019", style="Title")
    document.add_paragraph()
    document.add_heading("Forord", level=1)
    document.add_paragraph("Vi præsenterer herved kommunens vejledende kvalitetsstandarder.")
    document.add_paragraph("   ")
    document.add_paragraph("Ændringer af kvalitetsstandarderne skal vedtages af Kommunalbestyrelsen.")
    document.add_page_break()
    add_standard(document, "Aflastningsordning")
    cell = document.tables[0].rows[2].cells[1]
    cell.text = "Aflastning ydes udenfor hjemmet."
    paragraph = cell.add_paragraph("Afløsning ydes ")
    paragraph.add_run("i hjemmet").bold = True
    paragraph.add_run(" efter en ")
    paragraph.add_run("konkret vurdering").italic = True
    paragraph.add_run(".")
    cell.add_paragraph("Praktisk hjælp", style="List Bullet")
    cell.add_paragraph("Personlig pleje", style="List Bullet")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    add_standard(document, "Tidlig forebyggende indsats")
    return docx_bytes(document)


def a_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(
        b"IEND", b""
    )
