"""What both PDF readers (tagged and by layout) produce: a flow of headings, paragraphs and tables.

`build_result` turns the flow into the section tree. Paragraphs before the
first heading that all stand on pages before it (a page break after them)
are a cover: the largest text is the title, the other short lines the
subtitle, and no section is made of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext

from app.hearings.draft_import import DraftImportError, ImportResult, TreeBuilder, plain_text, shorten
from app.hearings.draft_import.table_shape import Row, add_table
from app.hearings.draft_import.word.blocks import Block, Segment, render_blocks, render_segments

MAX_COVER_PARAGRAPHS = 10
MAX_COVER_LINE = 160


@dataclass
class Heading:
    level: int
    text: str
    page: int


@dataclass
class Paragraph:
    segments: list[Segment]
    page: int
    size: float = 0.0
    item_level: int | None = None  # a list item, at this depth
    ordered: bool = False

    @property
    def text(self) -> str:
        return plain_text("".join(segment.text for segment in self.segments))


@dataclass
class Table:
    rows: list[Row]
    page: int
    columns: list[float] = field(default_factory=list)  # the column edges, to join a table split by a page


Event = Heading | Paragraph | Table


def build_result(events: list[Event], empty_message, images: int = 0) -> ImportResult:
    title, subtitle, events = _cover(events)
    warnings: list[str] = []
    builder = TreeBuilder(warnings)
    pending: list[Block] = []
    for event in events:
        if isinstance(event, Heading):
            if pending:
                builder.body(render_blocks(pending))
                pending = []
            builder.heading(event.level, event.text)
        elif isinstance(event, Paragraph):
            html, bullet = render_segments(event.segments)
            if not html:
                continue
            if event.item_level is not None or bullet:
                pending.append(Block("li", html, level=min(event.item_level or 0, 8), ordered=event.ordered))
            else:
                pending.append(Block("p", html))
        else:
            add_table(builder, pending, event.rows)
    if pending:
        builder.body(render_blocks(pending))
    sections = builder.build()
    if not sections:
        raise DraftImportError(empty_message)
    if images:
        warnings.append(gettext(
            "Billeder er ikke taget med (%(count)d i alt). Sæt dem ind bagefter, hvis de skal med i høringen.",
            count=images,
        ))
    return ImportResult(title=title, sections=sections, warnings=list(dict.fromkeys(warnings)), subtitle=subtitle)


def _cover(events: list[Event]) -> tuple[str | None, str | None, list[Event]]:
    first = next((i for i, event in enumerate(events) if isinstance(event, Heading)), None)
    if not first:
        return None, None, events
    before = events[:first]
    if (len(before) > MAX_COVER_PARAGRAPHS
            or not all(isinstance(e, Paragraph) and e.page < events[first].page for e in before)
            or not all(0 < len(e.text) <= MAX_COVER_LINE for e in before)):
        return None, None, events
    largest = max(before, key=lambda e: e.size)
    rest = [e.text for e in before if e is not largest]
    return shorten(largest.text), (shorten(", ".join(rest)) if rest else None), events[first:]
