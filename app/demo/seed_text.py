"""Generic clean-up of the seed's PDF-to-text extraction, for the 2019 round's parsers.

Danish month names, normalising whitespace, finding anchor lines, joining
wrapped lines (a line-end hyphen joins without a space), telling page tops
from indented bullets, dropping the bare URLs the extraction repeats at a
page's end, and turning (line number, line) pairs into paragraphs and bullet
lists, for the draft (`seed_draft`) as for a letter or note (`seed_2019`).
Nothing here knows the catalogue or the letter. Standard library only: this
module must not need Flask or a database.
"""

from __future__ import annotations

import re

MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip
_SENTENCE_END = (".", ":", "!", "?")
_DASH_ITEM = re.compile(r"^-\s*(?=[^\s-])")
_SCALE_ITEM = re.compile(r"^\d+ = ")  # "0 = Intet problem", the VUM scale
_BARE_URL = re.compile(r"^(?:https?://|mailto:)\S+$")
# A page holds at least this many extracted lines unless a new standard starts;
# nearer indented lines are bullets or wrapped cells, not page tops.
_MIN_PAGE_LINES = 30
# Three or more lines this short with no wrap marks are an address or a list
# of laws written line by line, not a wrapped paragraph.
_SHORT_LINE = 36


def norm(text: str) -> str:
    return " ".join(text.split())


def find_line(lines: list[str], pattern: str, start: int = 0, what: str = "") -> int:
    for i in range(start, len(lines)):
        if re.match(pattern, norm(lines[i])):
            return i
    raise ValueError(f"seed: {what}: anchor line {pattern!r} not found")


def join_parts(parts: list[str]) -> str:
    """Join wrapped lines; a line-end hyphen joins without a space ("Lyngby-" "Taarbæk").

    Not before "og"/"eller": "sektoransvars- og solidaritetsprincippet" keeps its space.
    """
    text = ""
    for part in parts:
        if text.endswith("-") and not text.endswith(" -") and not re.match(r"(og|eller)\b", part):
            text += part
        else:
            text = f"{text} {part}" if text else part
    return text


def page_starts(lines: list[str], first: int, last: int, forced: set[int]) -> list[int]:
    """Line numbers where a PDF page begins: an indented line that is not a bullet."""
    starts, last_indented = [first], None
    for i in range(first + 1, last):
        line = lines[i]
        if not line.strip() or not line[0].isspace():
            continue
        previous, last_indented = last_indented, i
        # Two leading spaces: a page top whose first line was also a bullet.
        if i in forced or line.startswith("  "):
            starts.append(i)
            continue
        if i - starts[-1] < _MIN_PAGE_LINES or (previous is not None and i - previous <= 6):
            continue
        if _previous_text(lines, i).endswith(":"):  # the first bullet of a list
            continue
        starts.append(i)
    return starts


def _previous_text(lines: list[str], i: int) -> str:
    i -= 1
    while i > 0 and not lines[i].strip():
        i -= 1
    return lines[i].strip()


def link_dump_lines(lines: list[str], first: int, last: int, starts: list[int]) -> set[int]:
    """The bare URLs the extraction repeats at a page's end, where they duplicate the text."""
    dump = set()
    for start in [*starts[1:], last]:
        i = start - 1
        while i > first and (not lines[i].strip() or _BARE_URL.match(lines[i].strip())):
            if lines[i].strip():
                dump.add(i)
            i -= 1
    # Wrapped URLs in the text are whole again once the whitespace is gone.
    body = "".join("".join(lines[i].split()) for i in range(first, last) if i not in dump)
    return {i for i in dump if lines[i].strip().removeprefix("mailto:") in body}


def draft_paragraphs(lines, starts, short_blocks: bool = True) -> list[str | tuple[str, ...]]:
    """Paragraphs (str) and bullet lists (tuple) from (line number, line) pairs.

    A blank line ends a paragraph unless the text goes on in lower case mid-
    sentence (table cells wrap with a blank line). An indented line is a bullet,
    unless it is the top of a page; "-" lines and the VUM scale are list items.
    """
    starts = set(starts)
    short = _short_block_lines(lines) if short_blocks else set()
    elements: list[list] = []  # ["p", [parts]] or ["l", [[parts], ...]]
    blank, last = True, ""
    for n, (line_no, raw) in enumerate(lines):
        text = norm(raw)
        if not text:
            blank = True
            continue
        item = _item_text(raw, text, line_no in starts, last, bool(elements) and elements[-1][0] == "l")
        if n in short:
            if blank or not elements or elements[-1][0] != "s":
                elements.append(["s", []])
            elements[-1][1].append(text)
        elif item is not None:
            if elements and elements[-1][0] == "l":
                elements[-1][1].append([item])
            else:
                elements.append(["l", [[item]]])
        elif elements and _continues(text, last, blank, line_no in starts):
            (elements[-1][1][-1] if elements[-1][0] == "l" else elements[-1][1]).append(text)
        else:
            elements.append(["p", [text]])
        blank, last = False, text
    return [_render(kind, parts) for kind, parts in elements]


def _render(kind: str, parts: list) -> str | tuple[str, ...]:
    if kind == "l":
        return tuple(join_parts(item) for item in parts)
    if kind == "s":
        return ", ".join(parts)
    return join_parts(parts)


def _item_text(raw: str, text: str, page_top: bool, last: str, in_list: bool) -> str | None:
    bullet = raw[:1].isspace() and (not page_top or (raw.startswith("  ") and in_list))
    # A lower-case line after a comma is a wrapped line that kept its indent.
    if bullet and text[0].islower() and last.endswith(","):
        bullet = False
    dash = _DASH_ITEM.match(text)
    if dash:
        return text[dash.end() :]
    if bullet or _SCALE_ITEM.match(text):
        return text
    return None


def _continues(text: str, last: str, blank: bool, page_top: bool) -> bool:
    if blank:
        return (text[0].islower() or text[0].isdigit()) and not last.endswith(_SENTENCE_END)
    # A page top loses the blank line before a new paragraph.
    return not (page_top and text[0].isupper() and last.endswith(_SENTENCE_END))


def _short_block_lines(lines) -> set[int]:
    """Positions of lines in blocks of >= 3 short, unmarked lines (addresses, lists of laws)."""
    found: set[int] = set()
    block: list[int] | None = []  # None: this block has a long or marked line
    for n, (_, raw) in enumerate([*lines, (None, "")]):
        text = norm(raw)
        if not text:
            if block and len(block) >= 3:
                found.update(block)
            block = []
        elif block is not None:
            plain = not raw[:1].isspace() and not _DASH_ITEM.match(text) and not text.endswith(("-", ","))
            block = [*block, n] if plain and len(text) < _SHORT_LINE else None
    return found


def prose_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs of a letter or note; bullets become paragraphs of their own."""
    paragraphs = []
    for element in draft_paragraphs([(None, line) for line in lines], set(), short_blocks=False):
        paragraphs.extend(element if isinstance(element, tuple) else [element])
    return paragraphs
