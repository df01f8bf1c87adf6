"""Headings in a Word file written without heading styles, found by how they look.

Many drafts are written in Normal paragraphs, their headings made bold and larger by hand. The Word
reader goes by the heading styles (and outline levels); a file with none would come in as one section.
Then, as the PDF layout reader does (pdf/layout.py), a short paragraph is a heading when it is larger
than the body text (each larger size a level, the largest first), or bold throughout at the body's
size and not a sentence or a list item (the level below those). The body's size is the size most of
the text has. A title page (a few short lines before the first page break) is left to the title-page
rule of `TreeBuilder`; a first line larger than every other and alone in its size is the title.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

MAX_HEADING_CHARS = 150  # longer is a paragraph, however it looks
LARGER = 1.15  # a size this much above the body's is a heading's (as in the PDF reader)
MAX_LEVELS = 6
MAX_COVER_LINES = 8  # as TreeBuilder's title page
MAX_COVER_LINE_CHARS = 200
_SENTENCE_END = (".", "!", "?", ":", ";", ",")


@dataclass(frozen=True)
class Look:
    """How a paragraph looks (a table: no text)."""

    text: str = ""
    size: float = 0.0  # points: the size most of its text has
    bold: bool = False  # all its text
    listed: bool = False  # a numbered or bulleted list item
    ends_page: bool = False  # a page or section break comes after it


@dataclass
class VisualHeadings:
    levels: dict[int, int] = field(default_factory=dict)  # a heading's position among the looks: its level
    title: int | None = None  # the title's position


def find(looks: list[Look]) -> VisualHeadings:
    counted: Counter[float] = Counter()
    for look in looks:
        counted[look.size] += len(look.text)
    if not counted or not any(counted.values()):
        return VisualHeadings()
    body = counted.most_common(1)[0][0]
    candidates = {i: look for i, look in enumerate(looks)
                  if i >= _after_title_page(looks) and _may_be_heading(look, body)}
    found = VisualHeadings()
    larger = sorted({look.size for look in candidates.values() if look.size >= body * LARGER}, reverse=True)
    if larger:
        largest = [i for i, look in candidates.items() if look.size == larger[0]]
        if len(largest) == 1 and largest[0] == min(candidates) and len(candidates) > 1:
            found.title = largest[0]
            del candidates[found.title]
            larger.pop(0)
    larger = larger[:MAX_LEVELS]
    for i, look in candidates.items():
        if look.size in larger:
            found.levels[i] = larger.index(look.size) + 1
        elif look.size == body:
            found.levels[i] = len(larger) + 1
    return found


def _may_be_heading(look: Look, body: float) -> bool:
    if not look.text or len(look.text) > MAX_HEADING_CHARS:
        return False
    if look.size >= body * LARGER:
        return True
    return look.size == body and look.bold and not look.listed and not look.text.endswith(_SENTENCE_END)


def _after_title_page(looks: list[Look]) -> int:
    """Where the text begins after a title page: a few short lines and a page break (0: no title page)."""
    lines = 0
    for i, look in enumerate(looks):
        if look.text:
            lines += 1
            if lines > MAX_COVER_LINES or len(look.text) > MAX_COVER_LINE_CHARS:
                return 0
        if look.ends_page:
            return i + 1 if lines else 0
    return 0
