"""The HTML an imported Word file becomes: styled runs, paragraphs, tables and nested lists.

A paragraph's runs (`Segment`) are rendered with <strong>, <em>, <u>, line
breaks and links, and a typed bullet ("• ", "- ") is noticed; the blocks read
from a section (`Block`) are then joined, consecutive list items becoming
(nested) <ul> and <ol> lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from itertools import groupby

_BULLET = re.compile(r"^[•·▪◦‣●○■□\-–]\s+")


@dataclass
class Segment:
    text: str
    style: tuple[bool, bool, bool]  # bold, italic, underline
    href: str | None = None


@dataclass
class Block:
    kind: str  # "p", "li" or "table"
    html: str
    level: int = 0
    ordered: bool = False


@dataclass
class _ListNode:
    block: Block | None
    children: list[_ListNode] = field(default_factory=list)


def render_segments(segments: list[Segment]) -> tuple[str, bool]:
    """A paragraph's runs as HTML, and whether it started with a typed bullet ("• ", "- ")."""
    segments = [Segment(s.text, s.style, s.href) for s in segments if s.text]
    if not "".join(s.text for s in segments).strip():
        return "", False
    while segments and not segments[0].text.strip():
        segments.pop(0)
    while segments and not segments[-1].text.strip():
        segments.pop()
    segments[0].text = segments[0].text.lstrip()
    segments[-1].text = segments[-1].text.rstrip()
    bullet = _BULLET.match(segments[0].text)
    if bullet and segments[0].text[bullet.end():]:
        segments[0].text = segments[0].text[bullet.end():]
    else:
        bullet = None  # a lone "-" is text, not a list item
    html = []
    for href, linked in groupby(segments, key=lambda s: s.href):
        inner = "".join(
            _styled("".join(s.text for s in same), style) for style, same in groupby(linked, lambda s: s.style)
        )
        html.append(f'<a href="{escape(href)}">{inner}</a>' if href else inner)
    return "".join(html), bullet is not None


def _styled(text: str, style: tuple[bool, bool, bool]) -> str:
    html = escape(text, quote=False).replace("\n", "<br>")
    if not text.strip():
        return html
    for on, tag in zip(style[::-1], ("u", "em", "strong"), strict=True):
        if on:
            html = f"<{tag}>{html}</{tag}>"
    return html


def render_blocks(blocks: list[Block]) -> str:
    """Paragraphs and tables as they are; consecutive list items as (nested) lists."""
    html = []
    for is_item, group in groupby(blocks, key=lambda b: b.kind == "li"):
        if is_item:
            html.append(_render_list(list(group)))
        else:
            html.extend(f"<p>{b.html}</p>" if b.kind == "p" else b.html for b in group)
    return "".join(html)


def _render_list(items: list[Block]) -> str:
    root = _ListNode(None)
    stack: list[tuple[int, _ListNode]] = [(-1, root)]
    for item in items:
        while stack[-1][0] >= item.level:
            stack.pop()
        node = _ListNode(item)
        stack[-1][1].children.append(node)
        stack.append((item.level, node))
    return _render_list_nodes(root.children)


def _render_list_nodes(nodes: list[_ListNode]) -> str:
    html = []
    for ordered, group in groupby(nodes, key=lambda n: n.block.ordered):
        tag = "ol" if ordered else "ul"
        items = "".join(f"<li>{n.block.html}{_render_list_nodes(n.children)}</li>" for n in group)
        html.append(f"<{tag}>{items}</{tag}>")
    return "".join(html)
