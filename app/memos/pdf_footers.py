"""The page numbers of a PDF made in parts ("Side 12 af 4683"), laid over its pages at the join.

A part is laid out without knowing its first page, so the parts need not wait for each other. The footer
is written straight into each page's content: text in a font that WeasyPrint embedded in a one-page sample
(the footer rule of templates/memos/_page.css, with every character a footer uses), at the place and size
the sample shows, marked as a pagination artifact (PDF/UA: it is not part of the structure tree). Measured
on 4,476 pages: 0.2 s of the join's CPU for them all; WeasyPrint laying out a document of footer-only pages
(to lay over as form XObjects) took 3 ms a page, 14 s for the national memo, before any overlay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pikepdf
from flask import render_template_string
from flask_babel import force_locale
from flask_babel import gettext as _

from app.memos.render import MEMO_LANGUAGE

FONT_NAME = "/HoringFooter"
DIGITS = "0123456789"
ARTIFACT = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC"
_SAMPLE = """<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>footer</title>
<style>{% include "memos/_page.css" %}</style></head><body></body></html>"""


def words() -> tuple[str, str]:
    with force_locale(MEMO_LANGUAGE):
        return _("Side"), _("af")


def sample_html(wide_page: bool = False) -> str:
    """A page whose footer holds every character a footer uses (laid out by a worker, untagged), on the
    memo's page (`wide_page` for a large memo's, templates/memos/_page.css)."""
    side, of = words()
    return render_template_string(_SAMPLE, page_footer=_sample_text(side, of), wide_page=wide_page)


def _sample_text(side: str, of: str) -> str:
    return f"{side} {DIGITS} {of}"


@dataclass
class Footer:
    """The sample's font and where its footer stands; `text(n, total)` and `content(n, total)`."""
    font: pikepdf.Object  # the Type0 font in the sample's file
    side: str
    of: str
    size: float
    right: float  # the footer's right edge and baseline, in the page's own units
    baseline: float
    codes: dict[str, bytes] = field(default_factory=dict)
    widths: dict[str, float] = field(default_factory=dict)

    def text(self, number: int, total: int) -> str:
        return f"{self.side} {number} {self.of} {total}"

    def content(self, number: int, total: int) -> bytes:
        """The page's footer as content to append after the page's own (which it wraps in q … Q)."""
        text = self.text(number, total)
        left = self.right - sum(self.widths[char] for char in text) * self.size / 1000
        glyphs = b"".join(self.codes[char] for char in text).hex().encode()
        return b"Q\n%s\nq BT %s %.4f Tf 0 0 0 rg 1 0 0 1 %.4f %.4f Tm <%s> Tj ET Q\nEMC\n" % (
            ARTIFACT, FONT_NAME.encode(), self.size, left, self.baseline, glyphs)


def read_sample(sample: pikepdf.Pdf) -> Footer:
    """The footer's font, size and place from the sample's one page (WeasyPrint writes its text as one
    Type0 font with Identity-H codes, a ToUnicode map and its widths)."""
    page = sample.pages[0]
    fonts = list(page.Resources.Font.values())
    if len(fonts) != 1 or fonts[0].get("/Encoding") != "/Identity-H":
        raise RuntimeError("the footer sample has no single Identity-H font")
    font = fonts[0]
    matrix, stack, origin, size = pikepdf.Matrix(), [], None, None
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name == "q":
            stack.append(matrix)
        elif name == "Q":
            matrix = stack.pop()
        elif name == "cm":
            matrix = pikepdf.Matrix(*[float(value) for value in operands]) @ matrix
        elif name == "Tm":
            text_matrix = pikepdf.Matrix(*[float(value) for value in operands]) @ matrix
            origin = text_matrix
        elif name == "Tf":
            size = float(operands[1])
    if origin is None or size is None:
        raise RuntimeError("the footer sample has no text")
    side, of = words()
    footer = Footer(font=font, side=side, of=of, size=abs(size * origin.d), right=0.0, baseline=origin.f)
    unicode_to_code = _to_unicode(font.ToUnicode.read_bytes())
    widths = _widths(font.DescendantFonts[0].get("/W", []))
    default = float(font.DescendantFonts[0].get("/DW", 1000))
    for char in set(_sample_text(side, of)):
        code = unicode_to_code[char]
        footer.codes[char] = code
        footer.widths[char] = widths.get(int.from_bytes(code, "big"), default)
    footer.right = origin.e + sum(footer.widths[char] for char in _sample_text(side, of)) * footer.size / 1000
    return footer


def _to_unicode(cmap: bytes) -> dict[str, bytes]:
    """A ToUnicode CMap's single characters, character to code (its bfchar entries and bfranges)."""
    found: dict[str, bytes] = {}
    text = cmap.decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, unicode in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            found.setdefault(bytes.fromhex(unicode).decode("utf-16-be"), bytes.fromhex(code))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for first, last, unicode in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start, width = int(unicode, 16), len(first) // 2
            for offset in range(int(last, 16) - int(first, 16) + 1):
                code = (int(first, 16) + offset).to_bytes(width, "big")
                found.setdefault(chr(start + offset), code)
    return found


def _widths(array) -> dict[int, float]:
    """A CIDFont's /W: `c [w1 w2 …]` and `c_first c_last w`."""
    items, widths, index = list(array), {}, 0
    while index < len(items):
        first = int(items[index])
        if isinstance(items[index + 1], pikepdf.Array):
            for offset, width in enumerate(items[index + 1]):
                widths[first + offset] = float(width)
            index += 2
        else:
            for cid in range(first, int(items[index + 1]) + 1):
                widths[cid] = float(items[index + 2])
            index += 3
    return widths
