"""From the characters pdfplumber reads to lines and paragraphs of styled text.

A PDF holds positioned glyphs, not words: `lines_of` groups characters into
lines (a new line where the baseline moves), putting a space where a gap
between two glyphs is wider than a thin space; `paragraph_segments` joins a
paragraph's lines, undoing hyphenation at line ends ("bor-" + "ger" is
"borger") but keeping real hyphens ("BPA-ordning", "Lyngby-Taarbæk",
"selvhjælps- og netværksgrupper"); a word the document also writes whole
decides the doubtful cases.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from app.hearings.draft_import.word.blocks import Segment

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_ITALIC = re.compile(r"italic|oblique", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_COMPOUND = re.compile(r"[^\W\d_]+[-\u2010\u2011][^\W\d_]+", re.UNICODE)
# After a hyphen at a line end, these keep the hyphen and a space: "selvhjælps- og netværksgrupper".
_CONJUNCTIONS = {"og", "eller", "samt", "men", "til", "som", "and", "or"}
_HYPHENS = "-\u2010\u2011"
SOFT_HYPHEN = "\u00ad"


@dataclass(slots=True)
class Char:
    """One glyph: its text, its box (from the top of the page), font, marked-content id and page.

    Slots, not a dict: a 300-page PDF has hundreds of thousands of them.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    fontname: str
    mcid: int | None
    page_number: int


def style_of(char: Char) -> tuple[bool, bool, bool]:
    return _font_style(char.fontname or "")


@cache
def _font_style(font: str) -> tuple[bool, bool, bool]:
    """(bold, italic, underline) from a font's name: "ABCDEF+DejaVu-Sans-Bold", "Arial,BoldItalic"."""
    return bool(_BOLD.search(font)), bool(_ITALIC.search(font)), False


@dataclass
class Line:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    pieces: list[tuple[str, tuple[bool, bool, bool]]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.pieces)

    @property
    def bold(self) -> bool:
        styles = [style for text, style in self.pieces if text.strip()]
        return bool(styles) and all(style[0] for style in styles)


def lines_of(chars: list[Char], *, sort: bool = False) -> list[Line]:
    """Characters (in content order, or sorted top to bottom when `sort`) grouped into lines."""
    if sort:
        chars = sorted(chars, key=lambda c: (round(c.top / 2), c.x0))
        chars = _sorted_by_line(chars)
    lines: list[Line] = []
    sizes: list[Counter] = []  # each line's characters by size
    line: Line | None = None
    previous: Char | None = None
    for char in chars:
        text = char.text or ""
        if not text or text in "\r\n":
            continue
        size = float(char.size or 0) or 10.0
        if line is None or _new_line(previous, char, size):
            line = Line(char.page_number, char.top, char.bottom, char.x0, char.x1, size)
            lines.append(line)
            sizes.append(Counter())
        else:
            gap = char.x0 - previous.x1
            if gap > 0.15 * size and not text.isspace() and not line.text.endswith(" "):
                line.pieces.append((" ", line.pieces[-1][1] if line.pieces else (False, False, False)))
            line.top, line.bottom = min(line.top, char.top), max(line.bottom, char.bottom)
            line.x1 = max(line.x1, char.x1)
        if not text.isspace():
            sizes[-1][round(size, 1)] += 1
        if text.isspace() and (not line.pieces or line.text.endswith(" ")):
            previous = char
            continue
        style = style_of(char)
        if line.pieces and line.pieces[-1][1] == style:
            line.pieces[-1] = (line.pieces[-1][0] + (" " if text.isspace() else text), style)
        else:
            line.pieces.append((" " if text.isspace() else text, style))
        previous = char
    for line, counted in zip(lines, sizes, strict=True):
        # The size most of its characters have: a capital with a mark (Å, Ø) has a taller box, and with the
        # tallest a heading with an Å would read as larger than one without, or a line of a paragraph as
        # another paragraph.
        if counted:
            line.size = max(counted, key=lambda size: (counted[size], size))  # on a tie, the larger
        _strip(line)
    return [line for line in lines if line.text]


def _sorted_by_line(chars: list[Char]) -> list[Char]:
    """Characters grouped by baseline (within a third of their size), each line left to right."""
    rows: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: c.bottom):
        if rows and abs(rows[-1][0].bottom - char.bottom) <= 0.35 * (float(char.size or 10)):
            rows[-1].append(char)
        else:
            rows.append([char])
    return [char for row in rows for char in sorted(row, key=lambda c: c.x0)]


def _new_line(previous: Char | None, char: Char, size: float) -> bool:
    if previous is None:
        return True
    if char.page_number != previous.page_number:
        return True
    moved_down = abs(char.bottom - previous.bottom) > 0.35 * size
    went_back = char.x0 < previous.x0 - 0.5 * size
    return moved_down or (went_back and abs(char.bottom - previous.bottom) > 0.1 * size)


def _strip(line: Line) -> None:
    while line.pieces and not line.pieces[0][0].strip():
        line.pieces.pop(0)
    while line.pieces and not line.pieces[-1][0].strip():
        line.pieces.pop()
    if line.pieces:
        line.pieces[0] = (line.pieces[0][0].lstrip(), line.pieces[0][1])
        line.pieces[-1] = (line.pieces[-1][0].rstrip(), line.pieces[-1][1])


@dataclass
class Vocabulary:
    """The words a document writes whole on one line, and its hyphenated compounds ("bpa-ordning")."""

    words: set[str] = field(default_factory=set)
    compounds: set[str] = field(default_factory=set)


def vocabulary(pages: list[list[Char]]) -> Vocabulary:
    """Read from the characters with a line break wherever the baseline moves, so a word broken
    at a line end is not taken for one the document writes whole."""
    found = Vocabulary()
    for chars in pages:
        parts, previous = [], None
        for char in chars:
            if previous is not None and abs(char.bottom - previous.bottom) > 0.35 * (char.size or 10):
                parts.append("\n")
            parts.append(char.text or "")
            previous = char
        for line in "".join(parts).split("\n"):
            line = line.rstrip(_HYPHENS + SOFT_HYPHEN + " ")
            found.words.update(word.casefold() for word in _WORD.findall(line))
            found.compounds.update(c.casefold() for c in _COMPOUND.findall(line))
    return found


def join_hyphen(left: str, right: str, words: Vocabulary) -> str:
    """What goes between a line ending in a hyphen (`left`, hyphen included) and the next line.

    "" (the hyphen dropped: "bor-" "ger"), "-" kept without space ("BPA-" "ordning"), or
    "- " ("selvhjælps-" "og").
    """
    stem = left.rstrip(_HYPHENS + SOFT_HYPHEN)
    if left.endswith(SOFT_HYPHEN):
        return ""
    before = _last_word(stem)
    after = _first_word(right)
    if not before or not after or not stem[-1:].isalpha():
        return "-"  # "12-" "25 år", "§ 83-" "85"
    if after.casefold() in _CONJUNCTIONS:
        return "- "
    if before[-1].isupper() or after[0].isupper():
        return "-"  # "BPA-ordning", "Lyngby-Taarbæk"
    if (before + after).casefold() in words.words:
        return ""
    if len(before) <= 2 or f"{before}-{after}".casefold() in words.compounds:
        return "-"  # "e-mail", or a compound the document writes with its hyphen elsewhere
    return ""


def _last_word(text: str) -> str:
    found = _WORD.findall(text[-40:])
    return found[-1] if found and text[-1:].isalpha() else ""


def _first_word(text: str) -> str:
    match = _WORD.match(text)
    return match.group(0) if match else ""


def paragraph_segments(lines: list[Line], words: Vocabulary) -> list[Segment]:
    """A paragraph's lines as one run of styled text, joined with spaces or across a hyphen."""
    segments: list[Segment] = []
    for line in lines:
        pieces = list(line.pieces)
        if segments and pieces:
            left = segments[-1].text
            if left[-1:] in _HYPHENS + SOFT_HYPHEN:
                joint = join_hyphen(left, pieces[0][0], words)
                segments[-1].text = left.rstrip(_HYPHENS + SOFT_HYPHEN) + joint.rstrip()
                if joint.endswith(" "):
                    segments[-1].text += " "
            elif not left.endswith("/"):  # "Omfang/" + "varighed" is one word
                segments[-1].text += " "
        for text, style in pieces:
            if segments and segments[-1].style == style:
                segments[-1].text += text
            else:
                segments.append(Segment(text, style))
    for segment in segments:
        segment.text = segment.text.replace(SOFT_HYPHEN, "")
    return segments


def plain(lines: list[Line], words: Vocabulary) -> str:
    return "".join(segment.text for segment in paragraph_segments(lines, words))
