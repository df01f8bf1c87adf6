"""Word tables: a two-column table becomes subsections, any other an HTML table.

A table of two columns (field | text, as in the 2019 catalogue of quality
standards) gives a subsection per row, skipping a header row and merging
vertically merged and full-width rows into the text before. Other tables are
kept as HTML in their shape: every header row (Word's repeated rows) in
<thead>, each header cell with its scope ("colgroup" over a merge), column
spans and row spans, and empty cells kept empty. The methods
form a mixin of the reader in `word/__init__`, whose paragraph and run
reading the cells use.
"""

from __future__ import annotations

from html import escape

from docx.oxml.ns import qn

from app.hearings.draft_import import plain_text
from app.hearings.draft_import.word.blocks import Block, render_blocks
from app.hearings.draft_import.word.ooxml import (
    CUSTOM_XML,
    SDT,
    SDT_CONTENT,
    TBL,
    TC,
    TR,
    P,
    block_elements,
    int_value,
    on_off,
    style_id,
)

_HEADER_WORDS = {
    "felt", "felter", "emne", "punkt", "overskrift", "kategori", "område", "tekst", "beskrivelse",
    "indhold", "forklaring", "uddybning", "bemærkning", "bemærkninger",
}


class TableReading:
    """The reader's table methods; the reader supplies the rest.

    That is `styles`, `numbering`, `builder` and `pending`, and the paragraph
    reading `_segments`, `_numbering` and `_block`.
    """

    def _table(self, tbl) -> None:
        rows = [(tr, _cells(tr)) for tr in _rows(tbl)]
        rows = [(tr, cells) for tr, cells in rows if cells]
        if not rows:
            return
        if max(len(cells) for _, cells in rows) == 2:
            self._field_table(rows)
        else:
            html = self._html_table(rows)
            if html:
                self.pending.append(Block("table", html))

    def _field_table(self, rows) -> None:
        """Field | text: each row a subsection, as in the 2019 catalogue of quality standards."""
        for index, (tr, cells) in enumerate(rows):
            if index == 0 and self._is_header_row(tr, cells):
                continue
            if len(cells) == 1:  # a row merged across the table: more text for what came before
                html = self._cell_html(cells[0])
                if html:
                    self.builder.add_to_last_child(html)
                continue
            first, second = cells
            heading = "" if _continues_merge(first) else self._cell_text(first)
            # A vertically merged cell keeps its text in the top cell only: never repeat it.
            body = "" if _continues_merge(second) else self._cell_html(second)
            if heading:
                self.builder.child(heading, body)
            elif body:
                self.builder.add_to_last_child(body)

    def _is_header_row(self, tr, cells) -> bool:
        """Only a row that is clearly a header: generic labels ("Felt", "Tekst") that also look like one."""
        if len(cells) != 2:
            return False
        labels = [self._cell_text(tc).lower().rstrip(":") for tc in cells]
        if not all(label in _HEADER_WORDS for label in labels):
            return False
        return _repeats_as_header(tr) or all(self._all_bold(tc) for tc in cells)

    def _html_table(self, rows) -> str:
        if not any(self._cell_text(tc) for _, cells in rows for tc in cells):
            return ""
        heads = self._header_rows(rows)
        spans = _row_spans(rows)
        html_rows = []
        for index, (_, cells) in enumerate(rows):
            in_head = index < heads
            html_cells = []
            for tc in cells:
                if _continues_merge(tc):
                    continue
                colspan = _grid_span(tc)
                # A header cell's rowspan stops at the end of the head, so <thead> stays whole.
                rowspan = min(spans.get(id(tc), 1), heads - index) if in_head else spans.get(id(tc), 1)
                attributes = ""
                if in_head:
                    attributes = f' scope="{"colgroup" if colspan > 1 else "col"}"'
                if colspan > 1:
                    attributes += f' colspan="{colspan}"'
                if rowspan > 1:
                    attributes += f' rowspan="{rowspan}"'
                if in_head:
                    html_cells.append(f"<th{attributes}>{escape(self._cell_text(tc), quote=False)}</th>")
                else:
                    html_cells.append(f"<td{attributes}>{self._cell_html(tc)}</td>")
            html_rows.append(f"<tr>{''.join(html_cells)}</tr>")
        head = f"<thead>{''.join(html_rows[:heads])}</thead>" if heads else ""
        return f"<table>{head}<tbody>{''.join(html_rows[heads:])}</tbody></table>"

    def _header_rows(self, rows) -> int:
        """The rows Word repeats on each page (tblHeader), all of them; else a bold first row."""
        repeated = 0
        while repeated < len(rows) - 1 and _repeats_as_header(rows[repeated][0]):
            repeated += 1
        if repeated:
            return repeated
        return int(len(rows) > 1 and all(self._all_bold(tc) for tc in rows[0][1]))

    def _cell_text(self, tc) -> str:
        texts = ("".join(s.text for s in self._segments(p)) for p in tc.iter(P))
        return plain_text(" ".join(texts))

    def _cell_html(self, tc) -> str:
        blocks: list[Block] = []
        for element in block_elements(tc):
            if element.tag == TBL:
                rows = [(tr, cells) for tr in _rows(element) if (cells := _cells(tr))]
                html = self._html_table(rows) if rows else ""
                if html:
                    blocks.append(Block("table", html))
                continue
            ppr = element.find(qn("w:pPr"))
            info = self.styles.get(style_id(ppr, "w:pStyle"), "paragraph")
            numbering = self._numbering(ppr, info)
            if numbering:
                self.numbering.advance(*numbering)
            block = self._block(self._segments(element), info, numbering)
            if block is not None:
                blocks.append(block)
        return render_blocks(blocks)

    def _all_bold(self, tc) -> bool:
        segments = [s for p in tc.iter(P) for s in self._segments(p) if s.text.strip()]
        return bool(segments) and all(s.style[0] for s in segments)


def _rows(tbl):
    for child in tbl.iterchildren():
        if child.tag == TR:
            yield child
        elif child.tag in (SDT, CUSTOM_XML):
            content = child.find(SDT_CONTENT) if child.tag == SDT else child
            if content is not None:
                yield from _rows(content)


def _cells(tr) -> list:
    cells = []
    for child in tr.iterchildren():
        if child.tag == TC:
            cells.append(child)
        elif child.tag in (SDT, CUSTOM_XML):
            content = child.find(SDT_CONTENT) if child.tag == SDT else child
            if content is not None:
                cells.extend(c for c in content.iterchildren() if c.tag == TC)
    return cells


def _tc_property(tc, tag: str):
    tcpr = tc.find(qn("w:tcPr"))
    return tcpr.find(qn(tag)) if tcpr is not None else None


def _continues_merge(tc) -> bool:
    if tc is None:  # a row with no cell in that grid column
        return False
    merge = _tc_property(tc, "w:vMerge")
    return merge is not None and merge.get(qn("w:val"), "continue") == "continue"


def _grid_span(tc) -> int:
    span = _tc_property(tc, "w:gridSpan")
    return min(max(int_value(span.get(qn("w:val")), 1), 1), 64) if span is not None else 1


def _repeats_as_header(tr) -> bool:
    trpr = tr.find(qn("w:trPr"))
    return trpr is not None and bool(on_off(trpr.find(qn("w:tblHeader"))))


def _row_spans(rows) -> dict[int, int]:
    """rowspan for each cell that starts a vertical merge, found by grid column."""
    grid: list[dict[int, object]] = []
    for tr, cells in rows:
        trpr = tr.find(qn("w:trPr"))
        before = trpr.find(qn("w:gridBefore")) if trpr is not None else None
        column = int_value(before.get(qn("w:val")), 0) if before is not None else 0
        positions = {}
        for tc in cells:
            positions[column] = tc
            column += _grid_span(tc)
        grid.append(positions)
    spans: dict[int, int] = {}
    for index, positions in enumerate(grid):
        for column, tc in positions.items():
            if _continues_merge(tc):
                continue
            span = 1
            while index + span < len(grid) and _continues_merge(grid[index + span].get(column)):
                span += 1
            spans[id(tc)] = span
    return spans
