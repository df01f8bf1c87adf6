"""A section's text as staff edit it: simple Markdown in, cleaned HTML stored.

`markdown_to_html` renders with the importer's markdown-it setup (CommonMark,
tables on, raw HTML off) and cleans the result with `clean_html`; the
constructs our HTML subset cannot keep (code, images) are turned off, so what
is typed is what is stored. `html_to_markdown` writes our cleaned subset back
as Markdown: p, br, strong, em, u (kept as plain text), nested ul/ol/li, a,
blockquote, h3/h4, and tables as GFM pipe tables (first row as header; merged
cells and paragraphs inside a cell become plain cells). Text is escaped only
where Markdown would misread it, so the text stays readable.

For HTML this module or the importer produced (and the 2019 demo sections),
html -> Markdown -> html gives the same HTML.

`split_blocks` and `block_text` serve the split page: a body's top-level
blocks, and a block as one line of plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from markdown_it import MarkdownIt

from app.hearings.draft_import import clean_body
from app.hearings.draft_import.markdown_text import markdown_parser as _importer_parser
from app.sanitize import clean_html

BLOCK_TAGS = frozenset({"p", "ul", "ol", "li", "blockquote", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td"})
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's white space; a no-break space is text
_SPACES = re.compile(r" {2,}")
_SPECIAL = re.compile(r"([\\*_\[\]<|])")
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# What a line may not start with unless escaped: a heading, a quote, a bullet or
# a setext underline or rule, an ordered list marker.
_LINE_START = re.compile(r"^(?:#{1,6}(?=\s|$)|[>+=-]|\d{1,9}(?=[.)](?:\s|$)))")
_CLOSING_HASHES = re.compile(r"(\s)(#+)$")
_NEWLINE_AT_TAG = re.compile(r"\n+(?=<)|(?<=>)\n+")


# -- Markdown -> HTML ------------------------------------------------------------


def markdown_parser() -> MarkdownIt:
    md = _importer_parser()
    # Our HTML keeps no code or images: an indented line stays a paragraph and
    # backticks stay backticks, rather than vanishing in clean_html.
    md.disable(["code", "fence", "backticks", "image"])
    md.add_render_rule("softbreak", lambda *args: " ")
    md.add_render_rule("hardbreak", lambda *args: "<br>")
    return md


def markdown_to_html(text: str) -> str:
    """Cleaned HTML for the Markdown a person typed. Headings become h3 (# to ###) or h4."""
    text = (text or "").replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ""
    md = markdown_parser()
    env: dict = {}
    tokens = md.parse(text, env)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = "h3" if token.tag in ("h1", "h2", "h3") else "h4"
    html = md.renderer.render(tokens, md.options, env)
    html = _NEWLINE_AT_TAG.sub("", html).replace("\n", " ")
    return clean_body(html)


# -- parsing our HTML subset ---------------------------------------------------------


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Element | str] = field(default_factory=list)


class _TreeParser(HTMLParser):
    VOID = frozenset({"br", "img", "hr", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("root")
        self._stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = _Element(tag, {name: value or "" for name, value in attrs})
        self._stack[-1].children.append(element)
        if tag not in self.VOID:
            self._stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self._stack[-1].children.append(_Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self._stack) - 1, 0, -1):
            if self._stack[depth].tag == tag:
                del self._stack[depth:]
                return

    def handle_data(self, data):
        self._stack[-1].children.append(data)


def _parse(html: str) -> _Element:
    parser = _TreeParser()
    parser.feed(html or "")
    parser.close()
    return parser.root


def _is_block(node) -> bool:
    return isinstance(node, _Element) and node.tag in BLOCK_TAGS


# -- HTML -> Markdown ------------------------------------------------------------


def html_to_markdown(html: str) -> str:
    """The Markdown that `markdown_to_html` turns back into this (cleaned) HTML."""
    return "\n\n".join(_blocks(_parse(clean_html(html or "")).children))


def _blocks(nodes: list) -> list[str]:
    """Rendered blocks; a run of inline nodes is a paragraph."""
    out: list[str] = []
    run: list = []
    last_list: tuple[str, int] | None = None

    def add(text: str, kind: tuple[str, int] | None) -> None:
        nonlocal last_list
        if text:
            out.append(text)
            last_list = kind

    for node in nodes:
        if not _is_block(node):
            run.append(node)
            continue
        add(_paragraph(run), None)
        run = []
        if node.tag in ("ul", "ol"):
            # Two lists in a row would run together: the second uses the other marker.
            variant = 1 if last_list == (node.tag, 0) else 0
            add(_list(node, variant), (node.tag, variant))
        else:
            add(_block(node), None)
    add(_paragraph(run), None)
    return out


def _block(node: _Element) -> str:
    if node.tag == "p":
        return _paragraph(node.children)
    if node.tag in ("h3", "h4"):
        text = " ".join(_inline(node.children).split("\n")).strip()
        text = _CLOSING_HASHES.sub(lambda m: m[1] + "\\" + m[2], text)
        return f"{'#' * int(node.tag[1])} {text}" if text else ""
    if node.tag == "blockquote":
        body = "\n\n".join(_blocks(node.children))
        return "\n".join(f"> {line}" if line else ">" for line in body.split("\n")) if body else ""
    if node.tag == "table":
        return _table(node)
    # A stray li, tr or cell: its content as blocks.
    return "\n\n".join(_blocks(node.children))


def _paragraph(nodes: list) -> str:
    # Spaces on both sides of a tag would double up once the tag is Markdown.
    lines = [_SPACES.sub(" ", line).strip(" ") for line in _inline(nodes).split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    # A line break is a backslash at the end of the line.
    return "\\\n".join(_LINE_START.sub(lambda m: _escape_start(m[0]), line) for line in lines)


def _escape_start(start: str) -> str:
    return "\\" + start if not start[0].isdigit() else start + "\\"


def _inline(nodes: list) -> str:
    """Inline Markdown; a line break is "\n" (the paragraph turns it into a hard break)."""
    parts = []
    for node in _merge_neighbours(nodes):
        if isinstance(node, str):
            parts.append(_escape(_WHITESPACE.sub(" ", node)))
        elif node.tag == "br":
            parts.append("\n")
        elif node.tag in ("strong", "em"):
            parts.append(_wrap(_inline(node.children), "**" if node.tag == "strong" else "*"))
        elif node.tag == "a":
            parts.append(_link(node))
        elif _is_block(node):  # a block inside inline content: keep its words
            parts.append(" " + _inline(node.children) + " ")
        else:  # u, and anything clean_html might let through one day
            parts.append(_inline(node.children))
    return "".join(parts)


def _merge_neighbours(nodes: list) -> list:
    """<strong>a</strong><strong>b</strong> as one: "**a****b**" would not read back."""
    merged: list = []
    for node in nodes:
        previous = merged[-1] if merged else None
        if (isinstance(node, _Element) and isinstance(previous, _Element)
                and node.tag in ("strong", "em") and node.tag == previous.tag):
            merged[-1] = _Element(node.tag, {}, previous.children + node.children)
        else:
            merged.append(node)
    return merged


def _wrap(inner: str, opening: str, closing: str | None = None) -> str:
    """Markers hug the words (Markdown wants that): white space moves outside them."""
    core = inner.strip(" \n")
    if not core:
        return inner
    start = len(inner) - len(inner.lstrip(" \n"))
    end = start + len(core)
    return f"{inner[:start]}{opening}{core}{opening if closing is None else closing}{inner[end:]}"


def _link(node: _Element) -> str:
    text = _inline(node.children)
    href = node.attrs.get("href", "").strip()
    if not href or not text.strip():
        return text
    destination = _ENTITY_LIKE.sub(r"\\&", re.sub(r"([\\()])", r"\\\1", href))
    destination = destination.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return _wrap(text, "[", f"]({destination})")


def _escape(text: str) -> str:
    return _ENTITY_LIKE.sub(r"\\&", _SPECIAL.sub(r"\\\1", text))


def _list(node: _Element, variant: int) -> str:
    items = [child for child in node.children if isinstance(child, _Element) and child.tag == "li"]
    loose = any(isinstance(c, _Element) and c.tag == "p" for item in items for c in item.children)
    separator = "\n\n" if loose else "\n"
    bullet, delimiter = ("-", ".") if variant == 0 else ("*", ")")
    rendered = []
    for number, item in enumerate(items, 1):
        marker = f"{number}{delimiter}" if node.tag == "ol" else bullet
        lines = separator.join(_blocks(item.children)).split("\n")
        indent = " " * (len(marker) + 1)
        first = f"{marker} {lines[0]}" if lines[0] else marker
        rendered.append("\n".join([first, *(indent + line if line else "" for line in lines[1:])]))
    return separator.join(rendered)


def _table(node: _Element) -> str:
    rows = []
    for child in node.children:
        if not isinstance(child, _Element):
            continue
        for row in child.children if child.tag in ("thead", "tbody", "tfoot") else [child]:
            if isinstance(row, _Element) and row.tag == "tr":
                rows.append([_cell(cell) for cell in row.children
                             if isinstance(cell, _Element) and cell.tag in ("th", "td")])
    width = max((len(row) for row in rows), default=0)
    if not width:
        return ""
    lines = []
    for index, row in enumerate(rows):
        cells = row + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            lines.append("|" + "|".join([" --- "] * width) + "|")
    return "\n".join(lines)


def _cell(cell: _Element) -> str:
    """A table cell is one line: its paragraphs and line breaks become spaces."""
    parts = []
    for block in _blocks(cell.children):
        parts.append(" ".join(line.rstrip("\\").strip() for line in block.split("\n")))
    return " ".join(part for part in parts if part)


# -- blocks, for the split page ------------------------------------------------------


def split_blocks(html: str) -> list[str]:
    """The top-level blocks of a body as HTML; loose inline text becomes a paragraph."""
    blocks: list[str] = []
    run: list = []

    def flush() -> None:
        text = "".join(_serialize(node) for node in run)
        if text.strip():
            blocks.append(f"<p>{text.strip()}</p>")
        run.clear()

    for node in _parse(html or "").children:
        if _is_block(node):
            flush()
            blocks.append(_serialize(node))
        else:
            run.append(node)
    flush()
    return blocks


def block_text(html: str) -> str:
    """A block as one line of plain text (list items marked with a dash)."""
    parts: list[str] = []

    def walk(node) -> None:
        if isinstance(node, str):
            parts.append(node)
            return
        if node.tag == "li":
            parts.append(" – ")
        elif node.tag in BLOCK_TAGS or node.tag == "br":
            parts.append(" ")
        for child in node.children:
            walk(child)

    walk(_parse(html))
    return " ".join("".join(parts).split()).lstrip("– ").strip()


def list_items(html: str) -> list[str] | None:
    """A list block's items as HTML, one per item; None when the block is not a list."""
    lists = [node for node in _parse(html).children if isinstance(node, _Element)]
    if len(lists) != 1 or lists[0].tag not in ("ul", "ol"):
        return None
    return ["".join(_serialize(child) for child in item.children)
            for item in lists[0].children if isinstance(item, _Element) and item.tag == "li"]


def _serialize(node) -> str:
    if isinstance(node, str):
        return escape(node, quote=False)
    attrs = "".join(f' {name}="{escape(value)}"' for name, value in node.attrs.items())
    if node.tag in _TreeParser.VOID:
        return f"<{node.tag}{attrs}>"
    return f"<{node.tag}{attrs}>{''.join(_serialize(child) for child in node.children)}</{node.tag}>"
