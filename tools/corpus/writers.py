"""A `Doc` written as Word (python-docx), OpenDocument (odfdo) or HTML (for WeasyPrint's PDFs).

The same bytes for the same seeds: zip members get a fixed time (python-docx
and odfdo stamp them with the clock), ODT metadata a fixed date, and PDFs a
fixed identifier and no creation date.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from html import escape

from tools.corpus.document import Bullets, Doc, Fields, Heading, Para, Table

FIXED_TIME = (2019, 5, 1, 12, 0, 0)
WORD_STYLE_OF_QUOTE = "Quote"


def stable_zip(data: bytes) -> bytes:
    """The same archive with every member dated FIXED_TIME (order and compression kept)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_TIME)
            fixed.compress_type = info.compress_type
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


# -- Word ---------------------------------------------------------------------------


# Headings made by hand, with `heading_styles=False`: bold Normal paragraphs in these sizes (points) by level,
# the last the body's own size (python-docx's Normal is 11 pt); the title larger than all.
DIRECT_TITLE_SIZE = 20
DIRECT_HEADING_SIZES = {1: 16, 2: 13, 3: 11}


def docx(doc: Doc, *, heading_styles: bool = True) -> bytes:
    """The document as Word; with `heading_styles=False`, as many drafts are written: no Title, Subtitle or
    Heading styles, the title and headings Normal paragraphs made bold and larger by hand."""
    import docx as python_docx
    from docx.enum.text import WD_BREAK

    document = python_docx.Document()
    document.core_properties.author = "Lyngby-Taarbæk Kommune"
    document.core_properties.created = datetime.datetime(*FIXED_TIME)
    document.core_properties.modified = datetime.datetime(*FIXED_TIME)
    document.core_properties.last_modified_by = "Lyngby-Taarbæk Kommune"
    document.core_properties.revision = 1
    if doc.letterhead:
        document.sections[0].header.paragraphs[0].text = doc.letterhead
    if doc.subtitle:  # a title page: Title style, the lines under it, a page break
        if heading_styles:
            document.add_paragraph(doc.title, style="Title")
        else:
            _direct_heading(document, doc.title, DIRECT_TITLE_SIZE)
        for line in doc.subtitle:
            document.add_paragraph(line, style="Subtitle" if heading_styles else None)
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for block in doc.blocks:
        if isinstance(block, Heading) and not heading_styles:
            _direct_heading(document, block.text, DIRECT_HEADING_SIZES[block.level])
        else:
            _docx_block(document, block)
    for line in doc.signature:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return stable_zip(out.getvalue())


def _direct_heading(document, text: str, points: int) -> None:
    from docx.shared import Pt

    run = document.add_paragraph().add_run(text)
    run.bold, run.font.size = True, Pt(points)


def _docx_block(document, block) -> None:
    if isinstance(block, Heading):
        document.add_heading(block.text, level=block.level)
    elif isinstance(block, Para):
        document.add_paragraph(block.text, style=WORD_STYLE_OF_QUOTE if block.quote else None)
    elif isinstance(block, Bullets):
        for item in block.items:
            document.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Fields):
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, paragraphs in block.rows:
            row = table.add_row()
            row.cells[0].text = label
            _docx_cell(row.cells[1], paragraphs)
    elif isinstance(block, Table):
        _docx_table(document, block)


def _docx_cell(cell, paragraphs) -> None:
    first = True
    for paragraph in paragraphs:
        for text, style in ([(item, "List Bullet") for item in paragraph] if isinstance(paragraph, tuple)
                            else [(paragraph, None)]):
            target = cell.paragraphs[0] if first else cell.add_paragraph()
            target.text, first = text, False
            if style:
                target.style = style


def _docx_table(document, block: Table) -> None:
    """Header rows marked to repeat (w:tblHeader); spans made with python-docx's merge (gridSpan, vMerge)."""
    from docx.oxml import OxmlElement

    table = document.add_table(rows=len(block.header) + len(block.rows), cols=block.columns)
    table.style = "Table Grid"
    taken: set[tuple[int, int]] = set()
    for r, header_row in enumerate(block.header):
        c = 0
        for cell in header_row:
            while (r, c) in taken:
                c += 1
            target = table.cell(r, c)
            if cell.colspan > 1 or cell.rowspan > 1:
                target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            target.text = cell.text
            taken.update((r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan))
            c += cell.colspan
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:tblHeader"))
    for r, row in enumerate(block.rows, start=len(block.header)):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


# -- OpenDocument -------------------------------------------------------------------


def odt(doc: Doc) -> bytes:
    from odfdo import Document, Header, List, ListItem, Paragraph
    from odfdo import Table as OdfTable

    document = Document("text")
    body = document.body
    header_rows: dict[str, int] = {}  # table name: how many of its first rows are header rows
    body.clear()
    meta = document.meta
    meta.set_creation_date(datetime.datetime(*FIXED_TIME))
    meta.set_modification_date(datetime.datetime(*FIXED_TIME))
    meta.set_generator("Høringsrunde tools/build_corpus.py")
    meta.set_title(doc.title)
    if doc.letterhead:
        body.append(Paragraph(doc.letterhead))
    if doc.subtitle:
        body.append(Paragraph(doc.title, style="Title"))
        for line in doc.subtitle:
            body.append(Paragraph(line, style="Subtitle"))
    for block in doc.blocks:
        if isinstance(block, Heading):
            body.append(Header(block.level, block.text))
        elif isinstance(block, Para):
            body.append(Paragraph(block.text, style="Quotations" if block.quote else None))
        elif isinstance(block, Bullets):
            body.append(List([ListItem(item) for item in block.items]))
        elif isinstance(block, Fields):
            table = OdfTable(f"Tabel{len(body.tables) + 1}")
            for r, (label, paragraphs) in enumerate(block.rows):
                table.set_value((0, r), label)
                text = "\n".join("\n".join(p) if isinstance(p, tuple) else p for p in paragraphs)
                table.set_value((1, r), text)
            body.append(table)
        elif isinstance(block, Table):
            table = OdfTable(f"Tabel{len(body.tables) + 1}")
            header_rows[table.name] = len(block.header)
            for r, header_row in enumerate(block.header):
                c = 0
                for cell in header_row:
                    while table.get_cell((c, r)).is_covered():
                        c += 1
                    table.set_value((c, r), cell.text)
                    if cell.colspan > 1 or cell.rowspan > 1:
                        table.set_span((c, r, c + cell.colspan - 1, r + cell.rowspan - 1))
                    c += cell.colspan
            for r, row in enumerate(block.rows, start=len(block.header)):
                for c, text in enumerate(row):
                    table.set_value((c, r), text)
            body.append(table)
    for line in doc.signature:
        body.append(Paragraph(line))
    out = io.BytesIO()
    document.save(out)
    return stable_zip(_odt_header_rows(out.getvalue(), header_rows))


def _odt_header_rows(data: bytes, header_rows: dict[str, int]) -> bytes:
    """Wrap each table's header rows in <table:table-header-rows>, the ODF form of Word's tblHeader."""
    from lxml import etree

    table_ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    source = zipfile.ZipFile(io.BytesIO(data))
    content = etree.fromstring(source.read("content.xml"))  # noqa: S320 - the XML odfdo just wrote
    for table in content.iter(f"{{{table_ns}}}table"):
        count = header_rows.get(table.get(f"{{{table_ns}}}name"), 0)
        rows = table.findall(f"{{{table_ns}}}table-row")[:count]
        if rows:
            head = etree.Element(f"{{{table_ns}}}table-header-rows")
            rows[0].addprevious(head)
            head.extend(rows)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = etree.tostring(content, xml_declaration=True, encoding="UTF-8") \
                if info.filename == "content.xml" else source.read(info.filename)
            target.writestr(info, member)
    return out.getvalue()


# -- HTML, for WeasyPrint -----------------------------------------------------------

_CSS = """
@page { size: A4; margin: 2cm; @bottom-center { content: "Side " counter(page) " af " counter(pages); } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; }
.titlepage { page-break-after: always; padding-top: 8cm; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
td, th { border: 1px solid #444; padding: 3pt; vertical-align: top; text-align: left; }
h1 { page-break-before: always; font-size: 16pt; }
blockquote { margin-left: 2em; font-style: italic; }
.letterhead { position: running(letterhead); }
"""


def html(doc: Doc) -> str:
    parts = [f"<!doctype html><html lang='da'><head><meta charset='utf-8'><title>{escape(doc.title)}</title>",
             "<meta name='author' content='Lyngby-Taarbæk Kommune'>", f"<style>{_CSS}</style></head><body>"]
    if doc.letterhead:
        parts.append(f"<p>{escape(doc.letterhead)}</p>")
    if doc.subtitle:
        lines = "".join(f"<p>{escape(line)}</p>" for line in doc.subtitle)
        parts.append(f"<div class='titlepage'><p style='font-size:24pt'>{escape(doc.title)}</p>{lines}</div>")
    for block in doc.blocks:
        parts.append(_html_block(block))
    parts.extend(f"<p>{escape(line)}</p>" for line in doc.signature)
    parts.append("</body></html>")
    return "".join(parts)


def _html_block(block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{escape(block.text)}</h{block.level}>"
    if isinstance(block, Para):
        paragraph = f"<p>{escape(block.text)}</p>"
        return f"<blockquote>{paragraph}</blockquote>" if block.quote else paragraph
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Fields):
        rows = "".join(f"<tr><th scope='row'>{escape(label)}</th><td>{_html_cell(paragraphs)}</td></tr>"
                       for label, paragraphs in block.rows)
        return f"<table>{rows}</table>"
    head = "".join(
        "<tr>" + "".join(
            f"<th scope='col' colspan='{c.colspan}' rowspan='{c.rowspan}'>{escape(c.text)}</th>" for c in row
        ) + "</tr>"
        for row in block.header
    )
    body = "".join("<tr>" + "".join(f"<td>{escape(t)}</td>" for t in row) + "</tr>" for row in block.rows)
    return f"<table><thead>{head}</thead><tbody>{body}</tbody></table>"


def _html_cell(paragraphs) -> str:
    return "".join(
        "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in p) + "</ul>" if isinstance(p, tuple)
        else f"<p>{escape(p)}</p>"
        for p in paragraphs
    )


def pdf(doc: Doc, *, tagged: bool) -> bytes:
    """WeasyPrint's PDF: tagged as PDF/UA-1, or without tags. No date, a fixed identifier."""
    return html_pdf(html(doc), tagged=tagged)


def html_pdf(source: str, *, tagged: bool) -> bytes:
    from weasyprint import HTML

    options = {"pdf_identifier": b"hoeringsrunde-corpus", "uncompressed_pdf": False}
    if tagged:
        options["pdf_variant"] = "pdf/ua-1"
    return HTML(string=source).write_pdf(**options)
