"""A PDF letter's text, page by page, with each heading, paragraph and quotation a block of its own.

A tagged PDF says what each piece of text is: its structure tree has a P, an
H1 or a BlockQuote for each block, and every character carries the number of
the marked content it belongs to (`mcid`). Text outside the tree (page
numbers, running headers marked as artifacts) is left out. An untagged PDF
only has positions and fonts: a new block starts where the gap between two
lines is larger than the lines' own spacing (on a page set without such gaps:
after a line that left room for the next line's first word, so it ended a
paragraph or was a heading), where a line
is bold or larger than the body text (a heading), and where the text is
indented further than the body (a quotation).

Each page comes back as lines with an empty line between blocks and "> " before
the first line of a quotation, the shape `clean_pages` expects.
"""

from __future__ import annotations

import io
import statistics
from collections import Counter, defaultdict

QUOTE = "> "
# Structure types that hold a block of text (ISO 32000-1, 14.8.4); a BlockQuote marks its blocks as quoted.
BLOCK_TYPES = {"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "LBody", "LI", "Lbl", "TD", "TH", "Caption",
               "Note", "BlockQuote", "Quote", "Title"}
QUOTE_TYPES = {"BlockQuote", "Quote"}
MAX_PAGES = 200  # a letter; a longer PDF is read up to here


class PdfUnreadable(ValueError):
    """pdfplumber cannot open the file (damaged, encrypted)."""


def pdf_page_lines(data: bytes) -> list[list[str]]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = pdf.pages[:MAX_PAGES]
            tagged = any(c.get("mcid") is not None for page in pages[:3] for c in page.chars)
            return [_tagged_lines(page) if tagged else _untagged_lines(page) for page in pages]
    except (PDFSyntaxError, PDFPasswordIncorrect, PSException, ValueError, KeyError, TypeError,
            AttributeError, OSError, RecursionError, IndexError) as error:
        raise PdfUnreadable(str(error)) from error


# ---------------------------------------------------------------- tagged


def _tagged_lines(page) -> list[str]:
    chars_by_mcid = defaultdict(list)
    for char in page.chars:
        if char.get("mcid") is not None:
            chars_by_mcid[char["mcid"]].append(char)
    try:
        tree = page.structure_tree
    except (ValueError, KeyError, TypeError, AttributeError):
        tree = []
    if not tree:
        return _untagged_lines(page)
    lines: list[str] = []
    for mcids, quoted in _blocks(tree, quoted=False):
        chars = [c for mcid in mcids for c in chars_by_mcid.get(mcid, [])]
        block = _text_lines(chars)
        if block:
            if quoted:
                block[0] = QUOTE + block[0]
            lines.extend([*block, ""])
    return lines


def _blocks(elements: list[dict], *, quoted: bool):
    """(mcids, quoted) for each innermost block element, in the tree's (reading) order."""
    for element in elements:
        kind = element.get("type", "")
        inner_quote = quoted or kind in QUOTE_TYPES
        children = element.get("children", [])
        if kind in BLOCK_TYPES and not any(_has_block(child) for child in children):
            mcids = list(element.get("mcids") or [])
            for child in children:
                mcids += _all_mcids(child)
            yield mcids, inner_quote
        else:
            if element.get("mcids"):
                yield list(element["mcids"]), inner_quote
            yield from _blocks(children, quoted=inner_quote)


def _has_block(element: dict) -> bool:
    return element.get("type") in BLOCK_TYPES or any(_has_block(c) for c in element.get("children", []))


def _all_mcids(element: dict) -> list[int]:
    return list(element.get("mcids") or []) + [m for c in element.get("children", []) for m in _all_mcids(c)]


def _text_lines(chars: list[dict]) -> list[str]:
    from pdfplumber.utils import extract_text

    return [line.strip() for line in extract_text(chars).splitlines() if line.strip()] if chars else []


# ---------------------------------------------------------------- untagged


def _untagged_lines(page) -> list[str]:
    lines = [line for line in page.extract_text_lines(return_chars=True) if line["text"].strip()]
    if not lines:
        return []
    body_size = statistics.median(_size(line) for line in lines)
    steps = [b["top"] - a["top"] for a, b in zip(lines, lines[1:], strict=False) if b["top"] > a["top"]]
    spacing = min(steps, default=body_size * 1.2)
    # Paragraphs set apart by space are told by it; set tight, by where their last line stops.
    # (A gap or two, around a title or a quotation, does not make a page's paragraphs spaced.)
    tight = sum(1 for step in steps if step > spacing * 1.35) * 8 < len(lines)
    body_left = Counter(round(line["x0"]) for line in lines).most_common(1)[0][0]
    right = max(line["x1"] for line in lines)
    out: list[str] = []
    previous = None
    for line in lines:
        heading = _is_heading(line, body_size)
        quoted = line["x0"] > body_left + body_size * 1.5
        new_block = previous is None or (
            line["top"] - previous["top"] > spacing * 1.35
            or heading != previous["heading"] or quoted != previous["quoted"]
            # the line's first word would have fit on the line before: that one ended a paragraph (or a heading)
            or (tight and right - previous["x1"] > _first_word_width(line) + body_size)
        )
        if new_block and out:
            out.append("")
        text = line["text"].strip()
        out.append(QUOTE + text if quoted and new_block else text)
        previous = {"top": line["top"], "heading": heading, "quoted": quoted, "x1": line["x1"]}
    return out


def _first_word_width(line: dict) -> float:
    """Up to the first space, or the first gap between letters (many PDFs draw no space characters)."""
    end = line["x0"]
    for char in line["chars"]:
        if not char["text"].strip() or char["x0"] - end > char["size"] * 0.15:
            break
        end = char["x1"]
    return end - line["x0"]


def _size(line: dict) -> float:
    return statistics.median(round(c["size"], 1) for c in line["chars"])


def _is_heading(line: dict, body_size: float) -> bool:
    """Larger than the body text, or bold all through: a heading (a short line, not a sentence)."""
    if len(line["text"]) > 120:
        return False
    letters = [c for c in line["chars"] if c["text"].strip()]
    bold = bool(letters) and all("bold" in c["fontname"].lower() for c in letters)
    return bold or _size(line) > body_size * 1.15
