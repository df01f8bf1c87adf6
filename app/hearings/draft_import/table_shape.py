"""Tables read from ODT and PDF drafts, in one shape, put into the section tree as the Word reader does.

A reader turns its table into `Row`s of `Cell`s (a cell hidden under a span is
kept as `covered`, so positions line up), then `add_table` decides: a table of
two columns (field | text, as in the 2019 catalogue of quality standards)
gives a subsection per row; any other table is kept as HTML, its header rows
in <thead> with each header cell's colspan, rowspan and scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from app.hearings.draft_import import TreeBuilder
from app.hearings.draft_import.word.blocks import Block, render_blocks

MAX_SPAN = 64
# Labels of a header row over a field | text table ("Felt | Tekst"): skipped, as the Word reader does.
HEADER_WORDS = {
    "felt", "felter", "emne", "punkt", "overskrift", "kategori", "område", "tekst", "beskrivelse",
    "indhold", "forklaring", "uddybning", "bemærkning", "bemærkninger",
}


@dataclass
class Cell:
    text: str  # plain text, for a heading or a header cell
    html: str  # the cell's body as HTML
    colspan: int = 1
    rowspan: int = 1
    covered: bool = False  # hidden under a merged cell to the left or above
    bold: bool = False  # every word of it bold (a header row of an untagged PDF)


@dataclass
class Row:
    cells: list[Cell] = field(default_factory=list)
    header: bool = False  # one of the table's header rows (repeated on each page)


def span(value, limit: int = MAX_SPAN) -> int:
    """A colspan or rowspan from a file: a whole number from 1 to `limit`."""
    try:
        return min(max(int(value), 1), limit)
    except (TypeError, ValueError):
        return 1


def add_table(builder: TreeBuilder, pending: list[Block], rows: list[Row]) -> None:
    """A field | text table as subsections (pending text flushed first), any other as an HTML block."""
    rows = [row for row in rows if row.cells]
    if not rows or not any(cell.text or cell.html for row in rows for cell in row.cells):
        return
    if max(len(_visible(row)) for row in rows) == 2 and max(_width(row) for row in rows) <= 2:
        if pending:
            builder.body(render_blocks(pending))
            pending.clear()
        _field_table(builder, rows)
    else:
        pending.append(Block("table", html_table(rows)))


def _visible(row: Row) -> list[Cell]:
    return [cell for cell in row.cells if not cell.covered]


def _width(row: Row) -> int:
    return sum(1 if cell.covered else cell.colspan for cell in row.cells)


def _field_table(builder: TreeBuilder, rows: list[Row]) -> None:
    for index, row in enumerate(rows):
        if index == 0 and _is_header_row(row):
            continue
        cells = row.cells if len(row.cells) == 2 else _visible(row)
        if len(cells) == 1:  # a row across the whole table: more text for the field before
            if cells[0].html:
                builder.add_to_last_child(cells[0].html)
            continue
        first, second = cells[0], cells[1]
        heading = "" if first.covered else first.text
        body = "" if second.covered else second.html
        if heading:
            builder.child(heading, body)
        elif body:
            builder.add_to_last_child(body)


def _is_header_row(row: Row) -> bool:
    cells = _visible(row)
    return len(cells) == 2 and all(cell.text.lower().rstrip(":") in HEADER_WORDS for cell in cells)


def html_table(rows: list[Row]) -> str:
    """The table as HTML: leading header rows in <thead> (th with scope), the rest in <tbody>."""
    head_count = 0
    while head_count < len(rows) - 1 and rows[head_count].header:
        head_count += 1
    html_rows = []
    for index, row in enumerate(rows):
        in_head = index < head_count
        html_cells = []
        for cell in _visible(row):
            attributes = ""
            if in_head:
                attributes = ' scope="colgroup"' if cell.colspan > 1 else ' scope="col"'
            if cell.colspan > 1:
                attributes += f' colspan="{cell.colspan}"'
            rowspan = min(cell.rowspan, (head_count if in_head else len(rows)) - index)  # never past its group
            if rowspan > 1:
                attributes += f' rowspan="{rowspan}"'
            tag = "th" if in_head else "td"
            content = escape(cell.text, quote=False) if in_head else cell.html
            html_cells.append(f"<{tag}{attributes}>{content}</{tag}>")
        html_rows.append(f"<tr>{''.join(html_cells)}</tr>")
    body = f"<tbody>{''.join(html_rows[head_count:])}</tbody>"
    return f"<table><thead>{''.join(html_rows[:head_count])}</thead>{body}</table>" if head_count else (
        f"<table>{body}</table>")
