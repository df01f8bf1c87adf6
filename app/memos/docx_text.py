"""Text for the Word memo: a reply's paragraphs, and the marked changes of the revised draft read back from
the comparison's HTML into runs (inserted and deleted words)."""

import re
from html.parser import HTMLParser

_BLANK_LINES = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[str]:
    return [block.strip() for block in _BLANK_LINES.split(text or "") if block.strip()]


class _MarkedParser(HTMLParser):
    """Reads the comparison's HTML back into paragraphs of (text, mark) runs, leaving out the
    words only screen readers need (Word has its own way of telling)."""

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[list[tuple[str, str | None]]] = []
        self.items: set[int] = set()  # which paragraphs are list items
        self.mark: str | None = None
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "li"):
            if tag == "li":
                self.items.add(len(self.paragraphs))
            self.paragraphs.append([])
        elif tag in ("ins", "del"):
            self.mark = tag
        elif tag == "span" and ("class", "sr-only") in attrs:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in ("ins", "del"):
            self.mark = None
        elif tag == "span" and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if self.hidden or not self.paragraphs:
            return
        self.paragraphs[-1].append((data, self.mark))


def marked_paragraphs(html: str) -> list[tuple[list[tuple[str, str | None]], bool]]:
    """Each paragraph's runs, and whether it is a list item."""
    parser = _MarkedParser()
    parser.feed(html)
    return [(runs, i in parser.items) for i, runs in enumerate(parser.paragraphs)]
