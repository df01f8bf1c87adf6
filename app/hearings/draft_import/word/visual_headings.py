"""Headings in a Word file written without heading styles, found by how they look.

Many drafts are written in Normal paragraphs, their headings made bold and larger by hand. The Word
reader goes by the heading styles (and outline levels); a file with none would come in as one section.
Then, as the PDF layout reader does (pdf/layout.py), a short paragraph that is not a sentence is a
heading when it is clearly larger than the body text (each such size a level, the largest first), or
bold at about the body's size, not a list item and not one of several such lines in a row (a
signature, an address, a typed table of contents); those are the level below. The body's size is the
size most of the text has. A title page (a few short lines and no table before the first page break),
and the lines up to a paragraph in the Title or Subtitle style, are left to the title rules of
`TreeBuilder`; without either, a first line in a size no other line has, larger than all, is the title.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from app.hearings.draft_import import MAX_COVER_LINE_CHARS, MAX_COVER_LINES

MAX_HEADING_CHARS = 150  # longer is a paragraph, however it looks
LARGER = 1.15  # a size this much above the body's is a heading's (as in the PDF reader)
MAX_LEVELS = 6
_SENTENCE_END = (".", ",", ";")  # a heading may ask ("Hvem kan få hjælp?") or announce ("Indsatser:")
_BOLD_SENTENCE_END = (*_SENTENCE_END, ":", "!")


@dataclass(frozen=True)
class Look:
    """How a paragraph looks."""

    text: str = ""
    size: float = 0.0  # points: the size most of its letters have
    bold: bool = False  # all its text
    listed: bool = False  # a numbered or bulleted list item
    styled: bool = False  # its style says what it is (Title, Subtitle): never a heading by its look
    table: bool = False  # a table, not a paragraph
    ends_page: bool = False  # a page or section ends after it


@dataclass
class VisualHeadings:
    levels: dict[int, int] = field(default_factory=dict)  # a heading's position among the looks: its level
    title: int | None = None  # the title's position


def find(looks: list[Look]) -> VisualHeadings:
    counted: Counter[float] = Counter()
    for look in looks:
        counted[look.size] += len(look.text.replace(" ", ""))
    if not any(counted.values()):
        return VisualHeadings()
    body = max(counted, key=lambda size: (counted[size], -size))  # on a tie, the smaller
    start = max(_after_title_page(looks), _after_styled_cover(looks))
    larger = {i for i, look in enumerate(looks) if i >= start and _larger_heading(look, body)}
    bold = {i for i, look in enumerate(looks) if i >= start and _bold_heading(look, body)}
    bold -= {i for i in bold if _next_text(looks, i, -1) in bold or _next_text(looks, i, 1) in bold}
    found = VisualHeadings()
    sizes = sorted({looks[i].size for i in larger}, reverse=True)
    first_text = _next_text(looks, -1, 1)
    if start == 0 and first_text in larger and len(larger | bold) > 1 \
            and looks[first_text].size == sizes[0] and sum(looks[i].size == sizes[0] for i in larger) == 1:
        found.title = first_text
        larger.discard(first_text)
        sizes.pop(0)
    sizes = sizes[:MAX_LEVELS]
    for i in larger:
        if looks[i].size in sizes:
            found.levels[i] = sizes.index(looks[i].size) + 1
    for i in bold:
        found.levels[i] = len(sizes) + 1
    return found


def _larger_heading(look: Look, body: float) -> bool:
    return (_short_line(look) and look.size >= body * LARGER
            and not look.text.endswith(_SENTENCE_END))


def _bold_heading(look: Look, body: float) -> bool:
    return (_short_line(look) and body <= look.size < body * LARGER and look.bold and not look.listed
            and not look.text.endswith(_BOLD_SENTENCE_END))


def _short_line(look: Look) -> bool:
    return bool(look.text) and len(look.text) <= MAX_HEADING_CHARS and not look.styled and not look.table


def _next_text(looks: list[Look], i: int, step: int) -> int | None:
    """The position of the nearest paragraph with text before (step -1) or after (step 1) position i."""
    i += step
    while 0 <= i < len(looks):
        if looks[i].text or looks[i].table:
            return i
        i += step
    return None


def _after_styled_cover(looks: list[Look]) -> int:
    """After the last Title or Subtitle paragraph among the first few lines: what comes before it is the
    cover's, not a heading (0: none)."""
    lines, end = 0, 0
    for i, look in enumerate(looks):
        lines += bool(look.text)
        if lines > MAX_COVER_LINES:
            break
        if look.styled:
            end = i + 1
    return end


def _after_title_page(looks: list[Look]) -> int:
    """Where the text begins after a title page: a few short lines and a page break (0: no title page)."""
    lines = 0
    for i, look in enumerate(looks):
        if look.table or (look.listed and look.text):  # the title-page rule takes neither
            return 0
        if look.text:
            lines += 1
            if lines > MAX_COVER_LINES or len(look.text) > MAX_COVER_LINE_CHARS:
                return 0
        if look.ends_page:
            return i + 1 if lines else 0
    return 0
