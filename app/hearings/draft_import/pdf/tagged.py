"""Reading a tagged PDF by its structure tree (pikepdf), the text found through marked-content ids.

The structure tree says what each piece is: headings (H, H1–H6), paragraphs
(P), lists (L, LI, Lbl, LBody), tables (Table, THead, TR, TH, TD with their
ColSpan and RowSpan) and figures. Its leaves are marked-content ids on a page;
pdfplumber gives each character its `mcid`, so the characters of a leaf are
those with its page and id. Page headers, footers and page numbers are
artifacts, outside the tree, so they never come in. A custom role is followed
through the RoleMap to the standard one.
"""

from __future__ import annotations

import re

import pikepdf

from app.hearings.draft_import.pdf.flow import Event, Heading, Paragraph, Table
from app.hearings.draft_import.pdf.text import Char, Vocabulary, lines_of, paragraph_segments
from app.hearings.draft_import.table_shape import Cell, Row, html_table, span
from app.hearings.draft_import.word.blocks import Block, render_blocks, render_segments

MAX_DEPTH = 100
_HEADING = re.compile(r"^H([1-6])?$")
_CONTAINERS = {"Document", "DocumentFragment", "Part", "Art", "Sect", "Div", "NonStruct", "Private", "Form",
               "BlockQuote", "Aside", "Index", "Sub"}
_SKIP = {"Artifact", "TOC", "TOCI"}  # a table of contents repeats the headings
_ORDERED_LABEL = re.compile(r"^\(?[0-9a-zA-Z]{1,3}[.)]$")


class TaggedReader:
    def __init__(self, pdf: pikepdf.Pdf, chars_by_page: list[list[Char]], words: Vocabulary) -> None:
        self.words = words
        self.page_of = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        self.marked: dict[tuple[int, int], list[Char]] = {}
        for index, chars in enumerate(chars_by_page):
            for char in chars:
                if char.mcid is not None:
                    self.marked.setdefault((index, char.mcid), []).append(char)
        tree = pdf.Root.get("/StructTreeRoot")
        self.tree = tree
        self.roles = _role_map(tree)
        self.images = 0
        self._seen: set[tuple[int, int]] = set()

    def read(self) -> list[Event]:
        events: list[Event] = []
        if self.tree is not None:
            for kid in _kids(self.tree):
                self._block(kid, None, events, 0)
        return events

    # -- walking

    def _role(self, node) -> str:
        role = str(node.get("/S", "")).lstrip("/")
        for _ in range(5):
            mapped = self.roles.get(role)
            if not mapped or mapped == role:
                break
            role = mapped
        return role

    def _is_element(self, node) -> bool:
        if not isinstance(node, pikepdf.Dictionary) or node.get("/Type") in ("/MCR", "/OBJR"):
            return False
        if node.is_indirect:
            if node.objgen in self._seen:
                return False  # a loop in the tree
            self._seen.add(node.objgen)
        return "/S" in node

    def _page(self, node, inherited: int | None) -> int | None:
        page = node.get("/Pg") if isinstance(node, pikepdf.Dictionary) else None
        return self.page_of.get(page.objgen, inherited) if page is not None else inherited

    def _block(self, node, page: int | None, events: list[Event], depth: int) -> None:
        if depth > MAX_DEPTH or not self._is_element(node):
            return
        page = self._page(node, page)
        role = self._role(node)
        if role in _SKIP:
            return
        heading = _HEADING.match(role)
        if heading:
            chars = self._chars(node, page, depth)
            text = "".join(s.text for s in paragraph_segments(lines_of(chars), self.words))
            if text.strip():
                events.append(Heading(int(heading.group(1) or 1), text, _page_number(chars)))
        elif role == "L":
            self._list(node, page, events, 0, depth)
        elif role == "Table":
            rows = self._table(node, page, depth)
            if rows:
                events.append(Table(rows, _page_number(self._chars(node, page, depth))))
        elif role == "Figure":
            self.images += 1
        elif role in _CONTAINERS or self._has_blocks(node):
            loose: list = []  # marked content straight in a container: one paragraph until the next element
            for kid in _kids(node):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    self._paragraph(loose, page, events, depth)
                    loose = []
                    self._block(kid, page, events, depth + 1)
                else:
                    loose.append(kid)
            self._paragraph(loose, page, events, depth)
        else:
            self._paragraph([node], page, events, depth)

    def _has_blocks(self, node) -> bool:
        return any(isinstance(kid, pikepdf.Dictionary) and self._role(kid) in {"P", "L", "Table", "Figure"}
                   | {f"H{n}" for n in range(1, 7)} for kid in _kids(node))

    def _paragraph(self, nodes, page, events: list[Event], depth: int, item_level: int | None = None,
                   ordered: bool = False) -> None:
        chars = [char for node in nodes for char in self._chars(node, page, depth)]
        lines = lines_of(chars)
        if lines:
            events.append(Paragraph(paragraph_segments(lines, self.words), _page_number(chars),
                                    size=max(line.size for line in lines), item_level=item_level, ordered=ordered))

    def _chars(self, node, page: int | None, depth: int, skip_lists: bool = False) -> list[Char]:
        """The characters of a node's marked content, in the order of the tree.

        Walked with a stack and a set of the objects seen, so a tree that loops back on itself
        is read once, not forever.
        """
        chars: list[Char] = []
        seen: set[tuple[int, int]] = set()
        stack = [(node, page, depth)]
        while stack:
            node, page, depth = stack.pop()
            if depth > MAX_DEPTH:
                continue
            if isinstance(node, int):  # pikepdf gives a PDF integer as a Python int: a marked-content id
                chars.extend(self.marked.get((page, node), []) if page is not None else [])
                continue
            if isinstance(node, pikepdf.Array):
                stack.extend((kid, page, depth + 1) for kid in reversed(list(node)))
                continue
            if not isinstance(node, pikepdf.Dictionary):
                continue
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            page = self._page(node, page)
            if node.get("/Type") == "/MCR":
                mcid = node.get("/MCID")
                if mcid is not None and page is not None:
                    chars.extend(self.marked.get((page, int(mcid)), []))
                continue
            role = self._role(node) if "/S" in node else ""
            if node.get("/Type") == "/OBJR" or role in _SKIP or (skip_lists and role == "L"):
                continue
            stack.extend((kid, page, depth + 1) for kid in reversed(_kids(node)))
        return chars

    # -- lists and tables

    def _list(self, node, page, events: list[Event], level: int, depth: int) -> None:
        for item in _kids(node):
            if not self._is_element(item):
                continue
            item_page = self._page(item, page)
            role = self._role(item)
            if role == "L":
                self._list(item, item_page, events, level + 1, depth + 1)
                continue
            label = "".join(c.text for kid in _kids(item) if isinstance(kid, pikepdf.Dictionary)
                            and self._role(kid) == "Lbl" for c in self._chars(kid, item_page, depth + 1)).strip()
            bodies = [kid for kid in _kids(item) if not (isinstance(kid, pikepdf.Dictionary)
                                                         and self._role(kid) == "Lbl")]
            chars = [c for body in bodies for c in self._chars(body, item_page, depth + 1, skip_lists=True)]
            lines = lines_of(chars)
            if lines:
                events.append(Paragraph(paragraph_segments(lines, self.words), _page_number(chars),
                                        size=max(line.size for line in lines), item_level=level,
                                        ordered=bool(_ORDERED_LABEL.match(label))))
            for body in bodies:
                for nested in self._nested_lists(body, item_page, depth + 1):
                    self._list(nested, item_page, events, level + 1, depth + 2)

    def _nested_lists(self, node, page, depth: int):
        """The lists inside a list item's body (an item's own sublists), each object once."""
        seen: set[tuple[int, int]] = set()
        stack = [(node, depth)]
        while stack:
            node, depth = stack.pop()
            if depth > MAX_DEPTH or not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
                continue
            for kid in _kids(node):
                if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
                    continue
                if kid.is_indirect:
                    if kid.objgen in seen:
                        continue
                    seen.add(kid.objgen)
                if self._role(kid) == "L":
                    yield kid
                else:
                    stack.append((kid, depth + 1))

    def _table(self, node, page, depth: int) -> list[Row]:
        rows: list[Row] = []
        for kid in _kids(node):
            if not self._is_element(kid):
                continue
            role, kid_page = self._role(kid), self._page(kid, page)
            if role in ("THead", "TBody", "TFoot"):
                for tr in _kids(kid):
                    if self._is_element(tr) and self._role(tr) == "TR":
                        rows.append(self._row(tr, self._page(tr, kid_page), role == "THead", depth + 2))
            elif role == "TR":
                rows.append(self._row(kid, kid_page, False, depth + 1))
        while rows and not rows[0].cells:
            rows.pop(0)
        return rows

    def _row(self, tr, page, header: bool, depth: int) -> Row:
        cells, all_th = [], True
        for cell in _kids(tr):
            if not self._is_element(cell):
                continue
            role = self._role(cell)
            if role not in ("TH", "TD"):
                continue
            all_th = all_th and role == "TH"
            attributes = _attributes(cell)
            text, html = self._cell(cell, self._page(cell, page), depth + 1)
            cells.append(Cell(text, html, colspan=span(attributes.get("ColSpan")),
                              rowspan=span(attributes.get("RowSpan"))))
        # A row of TH cells only heads the table even outside a THead (as Word writes its tables).
        return Row(cells, header=header or (all_th and len(cells) > 1))

    def _cell(self, cell, page, depth: int) -> tuple[str, str]:
        events: list[Event] = []
        for kid in _kids(cell):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                self._block(kid, page, events, depth + 1)
            else:
                self._paragraph([kid], page, events, depth + 1)
        blocks: list[Block] = []
        texts: list[str] = []
        for event in events:
            if isinstance(event, Table):
                blocks.append(Block("table", html_table(event.rows)))
                continue
            segments = event.segments if isinstance(event, Paragraph) else []
            text = event.text
            texts.append(text)
            html, _ = render_segments(segments) if segments else (text, False)
            level = getattr(event, "item_level", None)
            blocks.append(Block("li", html, level=level or 0) if level is not None else Block("p", html))
        return " ".join(texts).strip(), render_blocks(blocks)


def _kids(node) -> list:
    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _role_map(tree) -> dict[str, str]:
    if tree is None or not isinstance(tree.get("/RoleMap"), pikepdf.Dictionary):
        return {}
    return {str(key).lstrip("/"): str(value).lstrip("/") for key, value in tree.RoleMap.items()}


def _attributes(node) -> dict:
    found: dict = {}
    value = node.get("/A")
    for item in (list(value) if isinstance(value, pikepdf.Array) else [value]):
        if isinstance(item, pikepdf.Dictionary):
            for key, attribute in item.items():
                if isinstance(attribute, (int, pikepdf.Object)):
                    found[str(key).lstrip("/")] = attribute
    return found


def _page_number(chars: list[Char]) -> int:
    return int(chars[0].page_number) if chars else 0
