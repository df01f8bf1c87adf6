"""Reading a PDF without tags by its layout: fonts, sizes, weight and positions (pdfplumber).

Each page's characters outside its tables become lines. Lines at the top or
bottom edge that repeat on many pages (digits aside) or read as a page number
are page furniture and dropped. The commonest size is the body text; larger
sizes used by headings give levels (largest first), and a bold line of body
size that stands alone is one level below them. Lines close together make a
paragraph; a line starting with a bullet starts a list item. Tables come from
pdfplumber's table finder (ruled tables), their merged cells from the cell
edges, their header rows from bold text; a table split by a page break is
joined again, its repeated header rows dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from app.hearings.draft_import.pdf.flow import Event, Heading, Paragraph, Table
from app.hearings.draft_import.pdf.text import Char, Line, Vocabulary, lines_of, paragraph_segments
from app.hearings.draft_import.table_shape import Cell, Row
from app.hearings.draft_import.word.blocks import Block, render_blocks, render_segments

EDGE = 0.12  # the top and bottom share of a page where headers and footers stand
_PAGE_NUMBER = re.compile(r"^(?:side|page|s\.)?\s*[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:af|of|/)\s*\d{1,4})?$", re.I)
_BULLET = re.compile(r"^[•·▪◦‣●○■□\-–]\s")
_SENTENCE_END = (".", "!", "?", ":", ";")


@dataclass
class PageContent:
    number: int
    height: float
    chars: list[Char]
    tables: list = field(default_factory=list)  # pdfplumber Table objects


@dataclass
class _Item:
    top: float
    line: Line | None = None
    table: Table | None = None


class LayoutReader:
    def __init__(self, pages: list[PageContent], words: Vocabulary) -> None:
        self.pages = pages
        self.words = words

    def read(self) -> list[Event]:
        per_page = [self._items(page) for page in self.pages]
        self._drop_furniture(per_page)
        lines = [item.line for items in per_page for item in items if item.line]
        if not lines:
            return [Table(item.table.rows, item.table.page) for items in per_page for item in items if item.table]
        sizes = Counter()
        for line in lines:
            sizes[_rounded(line.size)] += len(line.text)
        self.body = sizes.most_common(1)[0][0]
        cover = 0 if len(per_page) > 1 and len(per_page[0]) <= 12 and all(i.line for i in per_page[0]) else None
        self.heading_sizes = sorted({
            _rounded(item.line.size) for index, items in enumerate(per_page) if index != cover
            for item in items if item.line and item.line.size >= self.body * 1.15
        }, reverse=True)[:6]
        events: list[Event] = []
        for items in per_page:
            self._page_events(items, events)
        return events

    def _items(self, page: PageContent) -> list[_Item]:
        boxes = [table.bbox for table in page.tables]
        flow = [c for c in page.chars if not any(_inside(c, box) for box in boxes)]
        items = [_Item(line.top, line=line) for line in lines_of(flow, sort=True)]
        for table in page.tables:
            rows, columns = self._table_rows(table, page)
            if rows:
                items.append(_Item(table.bbox[1], table=Table(rows, page.number, columns)))
        for item in items:
            if item.line:
                item.line.page = page.number
        items.sort(key=lambda item: item.top)
        return items

    def _drop_furniture(self, per_page: list[list[_Item]]) -> None:
        heights = {page.number: page.height for page in self.pages}
        seen: Counter = Counter()
        edges: list[tuple[list[_Item], _Item, str]] = []
        for items in per_page:
            candidates = {id(item): item for item in items[:2] + items[-2:] if item.line}
            keys = set()
            for item in candidates.values():
                height = heights[item.line.page]
                if item.line.top > height * EDGE and item.line.bottom < height * (1 - EDGE):
                    continue
                key = re.sub(r"\d+", "#", " ".join(item.line.text.casefold().split()))
                outermost = item is items[0] or item is items[-1]
                edges.append((items, item, key, outermost))
                keys.add(key)
            seen.update(keys)
        repeated = max(3, int(len(per_page) * 0.4))
        for items, item, key, outermost in edges:
            # A bare number is a page number only at the very edge: "85" under a heading is not one.
            if seen[key] >= repeated or (outermost and _PAGE_NUMBER.match(item.line.text.strip())):
                items.remove(item)

    # -- paragraphs and headings

    def _page_events(self, items: list[_Item], events: list[Event]) -> None:
        paragraph: list[Line] = []
        bullets: list[float] = []

        def flush() -> None:
            if paragraph:
                events.append(self._paragraph(paragraph, bullets))
                paragraph.clear()

        for index, item in enumerate(items):
            if item.table:
                flush()
                previous = events[-1] if events else None
                if index == 0 and isinstance(previous, Table) and _same_columns(previous.columns, item.table.columns):
                    previous.rows.extend(_without_repeated_header(previous.rows, item.table.rows))
                else:
                    events.append(item.table)
                continue
            line = item.line
            before = items[index - 1].line if index else None
            after = items[index + 1].line if index + 1 < len(items) else None
            level = self._heading_level(line, before, after)
            if level:
                flush()
                if (events and isinstance(events[-1], Heading) and events[-1].level == level and before
                        and line.top - before.bottom < line.size * 0.8):
                    events[-1].text += " " + line.text  # a heading over two lines
                else:
                    events.append(Heading(level, line.text, line.page))
                continue
            if index == 0 and not paragraph and self._continues(events, line):
                paragraph.extend(events.pop().lines)  # a paragraph split by the page break
            elif paragraph and not self._same_paragraph(paragraph[-1], line):
                flush()
            if not paragraph and not _BULLET.match(line.text):
                bullets.clear()
            paragraph.append(line)
        flush()

    def _heading_level(self, line: Line, before: Line | None, after: Line | None) -> int:
        size = _rounded(line.size)
        if size in self.heading_sizes:
            return self.heading_sizes.index(size) + 1
        if size != self.body or not line.bold or len(line.text) > 100 or line.text.endswith(_SENTENCE_END):
            return 0
        alone = all(other is None or abs(other.top - line.top) > line.size * 1.6 or not other.bold
                    for other in (before, after))
        apart = all(other is None or _gap(line, other) > line.size * 0.5 for other in (before, after))
        return len(self.heading_sizes) + 1 if alone and apart else 0

    def _same_paragraph(self, last: Line, line: Line) -> bool:
        if _BULLET.match(line.text) or abs(last.size - line.size) > 0.5:
            return False
        return 0 <= line.top - last.bottom < line.size * 0.5

    def _continues(self, events: list[Event], line: Line) -> bool:
        last = events[-1] if events else None
        return (isinstance(last, _LinesParagraph) and not last.lines[-1].text.endswith(_SENTENCE_END)
                and line.text[:1].islower() and abs(last.lines[-1].size - line.size) <= 0.5)

    def _paragraph(self, lines: list[Line], bullets: list[float]) -> Paragraph:
        item_level = None
        if _BULLET.match(lines[0].text):
            x0 = lines[0].x0
            while bullets and x0 < bullets[-1] - 3:
                bullets.pop()
            if not bullets or x0 > bullets[-1] + 3:
                bullets.append(x0)
            item_level = len(bullets) - 1
        return _LinesParagraph(paragraph_segments(lines, self.words), lines[0].page,
                               size=max(line.size for line in lines), item_level=item_level, lines=list(lines))

    # -- tables

    def _table_rows(self, table, page: PageContent) -> tuple[list[Row], list[float]]:
        cells = [cell for cell in table.cells if cell]
        xs = _edges([c[0] for c in cells] + [c[2] for c in cells])
        ys = _edges([c[1] for c in cells] + [c[3] for c in cells])
        inside = sorted((c for c in page.chars if _inside(c, table.bbox)), key=_middle_y)
        middles = [_middle_y(c) for c in inside]
        rows: list[Row] = []
        for top in ys[:-1]:
            row_cells = sorted((c for c in cells if abs(c[1] - top) < 1.5), key=lambda c: c[0])
            row = []
            for box in row_cells:  # the characters between the cell's top and bottom, then inside it
                band = inside[bisect_left(middles, box[1]):bisect_right(middles, box[3])]
                row.append(self._cell(box, [c for c in band if _inside(c, box)], page, xs, ys))
            rows.append(Row(row))
        rows = [row for row in rows if row.cells]
        heads = 0
        while heads < len(rows) - 1 and all(c.bold or not c.text for c in rows[heads].cells) and any(
                c.text for c in rows[heads].cells):
            heads += 1
        for row in rows[:heads]:
            row.header = True
        return rows, xs

    def _cell(self, box, chars: list[Char], page: PageContent, xs: list[float], ys: list[float]) -> Cell:
        lines = lines_of(chars, sort=True)
        blocks: list[Block] = []
        group: list[Line] = []
        for line in lines + [None]:
            if group and (line is None or not self._same_paragraph(group[-1], line)):
                html, bullet = render_segments(paragraph_segments(group, self.words))
                if html:
                    blocks.append(Block("li" if bullet else "p", html))
                group = []
            if line is not None:
                group.append(line)
        text = " ".join("".join(s.text for s in paragraph_segments([line], self.words)) for line in lines)
        return Cell(
            text.strip(), render_blocks(blocks),
            colspan=max(1, sum(1 for x in xs if box[0] + 1 < x < box[2] - 1) + 1),
            rowspan=max(1, sum(1 for y in ys if box[1] + 1 < y < box[3] - 1) + 1),
            bold=bool(lines) and all(line.bold for line in lines),
        )


@dataclass
class _LinesParagraph(Paragraph):
    lines: list[Line] = field(default_factory=list)


def _rounded(size: float) -> float:
    return round(size * 2) / 2


def _inside(char: Char, box) -> bool:
    middle_x, middle_y = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
    return box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]


def _middle_y(char: Char) -> float:
    return (char.top + char.bottom) / 2


def _gap(line: Line, other: Line) -> float:
    return line.top - other.bottom if other.top < line.top else other.top - line.bottom


def _edges(values: list[float]) -> list[float]:
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > 1.5:
            edges.append(value)
    return edges


def _same_columns(first: list[float], second: list[float]) -> bool:
    return len(first) == len(second) and all(abs(a - b) <= 2 for a, b in zip(first, second, strict=True))


def _without_repeated_header(kept: list[Row], more: list[Row]) -> list[Row]:
    head = [[c.text for c in row.cells] for row in kept if row.header]
    index = 0
    while index < len(more) and index < len(head) and [c.text for c in more[index].cells] == head[index]:
        index += 1
    rows = more[index:]
    for row in rows:
        row.header = False
    return rows
