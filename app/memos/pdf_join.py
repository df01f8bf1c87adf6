"""Parts of a tagged PDF (as WeasyPrint writes them) joined into one tagged PDF, with page numbers laid
over every page and the bookmarks made for the whole file, written as it is read: one part is open at a
time, and what is kept until the end is a few numbers a page (a national memo's structure tree is half a
million elements; held whole, as pikepdf's own join held it, it took 850 MB).

A link to an anchor in another part (which WeasyPrint, laying out one part, cannot find) is written with
an address that begins with ELSEWHERE ("x-del:svar-12"); the join makes it a link to the named
destination, and the parts' named destinations (WeasyPrint names every anchor) are merged into one tree.

What makes the file tagged PDF/UA is kept: each part's Document element's kids go under one Document
element, the keys that tie marked content to its structure (the pages' StructParents, the annotations'
StructParent and the parent tree, one leaf a part) go on from the part before, and the catalog (language,
MarkInfo, metadata, title shown) is the first part's. Each part's objects keep their bodies, their numbers
moved past the part before (app/memos/pdf_write.py).
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from pathlib import Path

import pikepdf

from app.memos.pdf_footers import FONT_NAME, Footer, read_sample
from app.memos.pdf_write import Writer, renumber

NAME = FONT_NAME.encode()
ELSEWHERE = "x-del:"  # a link's address to an anchor in another part of the same file


class Join:
    """The joined file's own objects (catalog, page tree, structure tree root, Document element), and
    what is gathered for them part by part."""

    def __init__(self, writer: Writer):
        self.writer = writer
        self.catalog, self.pages, self.tree, self.document = (writer.reserve() for _ in range(4))
        self.page_numbers: list[int] = []
        self.document_kids: list[bytes] = []
        self.leaves: list[tuple[int, int, int]] = []  # the parent tree's leaves: (number, first key, last key)
        self.next_key = 0
        self.ids: list[tuple[bytes, int]] = []  # structure elements' IDs (a table's header cells), for the IDTree
        self.destinations: dict[bytes, bytes] = {}  # the parts' named destinations: name → [page /XYZ …]
        self.parts = 0

    def part(self, part: pikepdf.Pdf, footer: Footer | None, total: int, shared: dict) -> int:
        """The part's objects written, its pages numbered on; returns what its object numbers were moved by."""
        tree = part.Root.StructTreeRoot
        document = _document_element(tree)
        size = max(item.objgen[0] for item in part.objects) + 1
        offset, base = self.next_key, self.writer.reserve(size)
        moved = {_number(tree): self.tree, _number(document): self.document}
        skipped = {_number(part.Root), _number(tree), _number(document), *_tree_numbers(part.Root.Pages),
                   *_tree_numbers(tree.ParentTree), *_outline_numbers(part.Root.get("/Outlines"))}
        if self.page_numbers:  # the first part's metadata and document information are the file's
            skipped |= {_number(part.Root.get("/Metadata")), _number(part.trailer.get("/Info"))}
        for node in _tree_numbers(part.Root.Pages):
            moved[node] = self.pages

        def numbers(number: int) -> int:
            return moved.get(number, base + number)

        pages = {}
        for page in part.pages:
            pages[page.objgen[0]] = len(self.page_numbers)
            self.page_numbers.append(base + page.objgen[0])
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
                _tie_link(annotation)
        for number in range(1, size):
            if number in skipped:
                continue
            item = part.get_object(number, 0)
            if number in pages:
                self._page(item, base + number, numbers, offset, footer, pages[number] + 1, total, shared)
            elif isinstance(item, pikepdf.Stream):
                if item.stream_dict.get("/Type") in ("/XRef", "/ObjStm"):  # the part's own file structure
                    continue
                self.writer.add_stream(base + number, _entries(item.stream_dict, numbers, skip="/Length"),
                                       item.read_raw_bytes())
            elif item is not None:
                text = _text(item, resolved=True)
                if _MADE_OWN.search(text) and isinstance(item, pikepdf.Dictionary):  # a few in a thousand
                    if item.get("/Type") == "/StructElem":
                        self._own_ids(item, base + number, prefix=b"p%d-" % self.parts)
                    elif item.get("/Type") in FONT_TYPES:
                        _retag(item, self.parts)
                    text = _text(item, resolved=True)
                self.writer.add(base + number, renumber(text, numbers))
        self.document_kids += [renumber(_text(kid), numbers) for kid in _kids(document)]
        names = part.Root.get("/Names")
        if names is not None and "/Dests" in names:
            found = _flat_names(names.Dests)
            for index in range(0, len(found), 2):  # an anchor named twice: the first part's (as a browser's)
                self.destinations.setdefault(bytes(found[index]), renumber(_text(found[index + 1]), numbers))
        entries = _flat_numbers(tree.ParentTree)
        if entries:  # one leaf of the parent tree, its keys in order
            pairs = sorted(((int(entries[index]) + offset, entries[index + 1]) for index in range(0, len(entries), 2)),
                           key=lambda pair: pair[0])
            leaf = self.writer.reserve()
            body = b" ".join(b"%d %s" % (key, renumber(_text(value), numbers)) for key, value in pairs)
            self.writer.add(leaf, b"<< /Limits [%d %d] /Nums [%s] >>" % (pairs[0][0], pairs[-1][0], body))
            self.leaves.append((leaf, pairs[0][0], pairs[-1][0]))
        self.next_key = offset + int(tree.get("/ParentTreeNextKey", _next_key(entries)))
        self.parts += 1
        return base

    def _own_ids(self, element, number: int, prefix: bytes) -> None:
        """A structure element's ID, and the header cells a table cell names (`/A /Headers`), made the
        part's own: each part numbers them from its own objects, so two parts' tables would share IDs and
        a cell's headers would be ambiguous (PDF/UA wants them unique, and an IDTree to find them)."""
        if "/ID" in element:
            element.ID = pikepdf.String(prefix + bytes(element.ID))
            self.ids.append((bytes(element.ID), number))
        attributes = element.get("/A")
        for attribute in (attributes if isinstance(attributes, pikepdf.Array) else [attributes]):
            if isinstance(attribute, pikepdf.Dictionary) and "/Headers" in attribute:
                attribute.Headers = pikepdf.Array([pikepdf.String(prefix + bytes(h)) for h in attribute.Headers])

    def _page(self, page, number, numbers, offset, footer, page_number, total, shared) -> None:
        entries = []
        for key, value in page.items():
            name = pikepdf.Name(key).unparse()
            if key == "/Parent":
                entries.append(b"/Parent %d 0 R" % self.pages)
            elif key == "/StructParents":
                entries.append(b"/StructParents %d" % (int(value) + offset))
            elif key == "/Contents" and footer is not None:
                contents = renumber(_text(value), numbers).strip(b"[] ")
                own = self.writer.reserve()
                self.writer.add_stream(own, b"", footer.content(page_number, total))
                entries.append(b"/Contents [%d 0 R %s %d 0 R]" % (shared["save"], contents, own))
            elif key == "/Resources" and footer is not None:
                entries.append(b"/Resources " + _with_font(value, numbers, shared["font"]))
            else:
                entries.append(name + b" " + renumber(_text(value), numbers))
        self.writer.add(number, b"<< " + b" ".join(entries) + b" >>")

    def finish(self, first: pikepdf.Pdf, first_base: int, outline: list[tuple[int, str, int]]) -> None:
        writer = self.writer

        def numbers(number: int) -> int:
            return first_base + number

        kids = b" ".join(b"%d 0 R" % number for number in self.page_numbers)
        writer.add(self.pages, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(self.page_numbers), kids))
        tree = first.Root.StructTreeRoot
        document = _document_element(tree)
        extra = _entries(document, numbers, skip=("/K", "/P", "/Type", "/S"))
        writer.add(self.document, b"<< /Type /StructElem /S /Document /P %d 0 R /K [%s] %s >>" % (
            self.tree, b" ".join(self.document_kids), extra))
        parent_tree = writer.reserve()
        leaves = b" ".join(b"%d 0 R" % leaf for leaf, _first, _last in self.leaves)
        writer.add(parent_tree, b"<< /Kids [%s] >>" % leaves)
        extra = _entries(tree, numbers, skip=("/K", "/ParentTree", "/ParentTreeNextKey", "/IDTree", "/Type"))
        ids = _write_name_tree(writer, [(name, b"%d 0 R" % number) for name, number in self.ids])
        destinations = _write_name_tree(writer, list(self.destinations.items()))
        writer.add(self.tree, b"<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d %s %s >>"
                   % (self.document, parent_tree, self.next_key, b"/IDTree %d 0 R" % ids if ids else b"", extra))
        outlines = _write_outline(writer, outline, self.page_numbers)
        extra = _entries(first.Root, numbers, skip=("/Pages", "/StructTreeRoot", "/Outlines", "/Names", "/Type"))
        writer.add(self.catalog, b"<< /Type /Catalog /Pages %d 0 R /StructTreeRoot %d 0 R %s %s %s >>" % (
            self.pages, self.tree, b"/Outlines %d 0 R" % outlines if outlines else b"",
            b"/Names << /Dests %d 0 R >>" % destinations if destinations else b"", extra))


def join_tagged(paths: list[Path], outline: list[tuple[int, str, int]], target: Path,
                footer_sample: Path | None = None, total: int | None = None) -> int:
    """The PDFs in `paths` (tagged, as WeasyPrint writes them) as one tagged PDF with `outline`:
    (level, title, page index), in order, each nested under the last one of a lower level, and with
    "Side N af M" on each page in the font of `footer_sample` (app/memos/pdf_footers.py); written to
    `target` as it is read. `total`: their pages, where the caller knows them (else they are counted).
    Returns its number of pages."""
    if total is None:
        total = 0
        for path in paths:
            with pikepdf.open(path) as part:
                total += len(part.pages)
    with target.open("wb") as file, pikepdf.open(paths[0]) as first:
        writer = Writer(file)
        join = Join(writer)
        shared, footer = {}, None
        if footer_sample is not None:
            with pikepdf.open(footer_sample) as sample:
                footer = read_sample(sample)
                shared["font"] = _copy_reachable(writer, sample, footer.font)
                shared["save"] = writer.reserve()
                writer.add_stream(shared["save"], b"", b"q\n")
        first_base = join.part(first, footer, total, shared)
        for path in paths[1:]:
            with pikepdf.open(path) as part:
                join.part(part, footer, total, shared)
        if len(join.page_numbers) != total:
            raise ValueError(f"the parts have {len(join.page_numbers)} pages, not {total}")
        join.finish(first, first_base, outline)
        info = first.trailer.get("/Info")
        identifier = first.trailer.get("/ID")
        writer.close(join.catalog, first_base + info.objgen[0] if info is not None else None,
                     identifier.unparse() if identifier is not None else None)
    return total


def _text(value, resolved: bool = False) -> bytes:
    """A value as PDF text (pikepdf gives numbers, booleans and null as Python's own)."""
    if isinstance(value, pikepdf.Object):
        return value.unparse(resolved=resolved)
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if value is None:
        return b"null"
    return format(value, "f").encode() if isinstance(value, Decimal) else str(value).encode()


def _number(item) -> int | None:
    return item.objgen[0] if isinstance(item, pikepdf.Object) and item.is_indirect else None


def _tree_numbers(node) -> list[int]:
    """A page tree's or number tree's own nodes (not the pages it holds)."""
    found, todo = [], [node]
    while todo:
        node = todo.pop()
        if node.get("/Type") == "/Page":
            continue
        if node.is_indirect:
            found.append(node.objgen[0])
        todo.extend(node.get("/Kids", []))
    return found


def _outline_numbers(root) -> list[int]:
    found, todo = [], [root] if root is not None else []
    while todo:
        item = todo.pop()
        if item.is_indirect:
            found.append(item.objgen[0])
        todo += [item[key] for key in ("/First", "/Next") if key in item]
    return found


def _entries(dictionary, numbers, skip=()) -> bytes:
    """A dictionary's entries (but `skip`) as unparsed text, their references moved."""
    skip = (skip,) if isinstance(skip, str) else skip
    return b" ".join(pikepdf.Name(key).unparse() + b" " + renumber(_text(value), numbers)
                     for key, value in dictionary.items() if key not in skip)


def _with_font(resources, numbers, font: int) -> bytes:
    """A page's resources (a copy, direct: they may be shared) with the footer's font among its fonts."""
    fonts = _entries(resources.Font, numbers) if "/Font" in resources else b""
    return b"<< %s /Font << %s %s %d 0 R >> >>" % (_entries(resources, numbers, skip="/Font"), fonts, NAME, font)


def _copy_reachable(writer: Writer, pdf: pikepdf.Pdf, item) -> int:
    """`item` (an indirect object of `pdf`) and every indirect object it reaches, written; its new number."""
    base = writer.reserve(max(each.objgen[0] for each in pdf.objects) + 1)
    seen, todo = set(), [item]
    while todo:
        value = todo.pop()
        if isinstance(value, pikepdf.Stream) and value.objgen[0] not in seen:
            seen.add(value.objgen[0])
            writer.add_stream(base + value.objgen[0], _entries(value.stream_dict, lambda n: base + n, skip="/Length"),
                              value.read_raw_bytes())
            todo.extend(value.stream_dict.values())
        elif isinstance(value, pikepdf.Dictionary | pikepdf.Array):
            if value.is_indirect:
                if value.objgen[0] in seen:
                    continue
                seen.add(value.objgen[0])
                if isinstance(value, pikepdf.Dictionary) and value.get("/Type") in FONT_TYPES:
                    _retag(value, -1)  # the footer's font: a subset of its own
                writer.add(base + value.objgen[0], renumber(_text(value, resolved=True), lambda n: base + n))
            todo.extend(value.values() if isinstance(value, pikepdf.Dictionary) else list(value))
    return base + item.objgen[0]


FONT_TYPES = ("/Font", "/FontDescriptor")
# What a part's object may hold that the join makes the part's own (_own_ids, _retag): looked for in its text
# first, as reading a key of each of half a million structure elements through pikepdf cost seconds.
_MADE_OWN = re.compile(rb"/(?:ID|Headers|BaseFont|FontName)\b")
SUBSET = re.compile(r"/[A-Z]{6}\+")


def _retag(font, part: int) -> None:
    """A font subset's tag ("XKQQSR+DejaVu-Sans") made the part's own: each part's subset of a font holds
    other glyphs under the same tag WeasyPrint gives it, and a file's different subsets must have different
    tags (ISO 32000-1, 9.6.4), or a tool that keeps fonts by name draws one part's text with another's."""
    for key in ("/BaseFont", "/FontName"):
        name = str(font.get(key, ""))
        if SUBSET.match(name):
            digest = hashlib.blake2s(f"{part}:{name[1:7]}".encode(), digest_size=6).digest()
            font[key] = pikepdf.Name("/" + "".join(chr(65 + byte % 26) for byte in digest) + name[7:])


NAME_LEAF = 2000  # names a leaf of a name tree


def _tie_link(annotation) -> None:
    """A link to an anchor in another part (its address ELSEWHERE + the anchor) made a link to the
    anchor's named destination, which the join keeps."""
    action = annotation.get("/A")
    address = str(action.get("/URI", "")) if isinstance(action, pikepdf.Dictionary) else ""
    if address.startswith(ELSEWHERE):
        del annotation["/A"]
        annotation.Dest = pikepdf.String(address.removeprefix(ELSEWHERE))
        annotation.Contents = annotation.Dest  # as WeasyPrint names a link within one document


def _write_name_tree(writer: Writer, pairs: list[tuple[bytes, bytes]]) -> int | None:
    """A name tree of (name, value as PDF text), sorted, in leaves with their limits; its number."""
    if not pairs:
        return None
    pairs = sorted(pairs)
    leaves = []
    for start in range(0, len(pairs), NAME_LEAF):
        chunk = pairs[start:start + NAME_LEAF]
        leaf = writer.reserve()
        names = b" ".join(pikepdf.String(name).unparse() + b" " + value for name, value in chunk)
        writer.add(leaf, b"<< /Limits [%s %s] /Names [%s] >>" % (
            pikepdf.String(chunk[0][0]).unparse(), pikepdf.String(chunk[-1][0]).unparse(), names))
        leaves.append(leaf)
    root = writer.reserve()
    writer.add(root, b"<< /Kids [%s] >>" % b" ".join(b"%d 0 R" % leaf for leaf in leaves))
    return root


def _write_outline(writer: Writer, outline: list[tuple[int, str, int]], pages: list[int]) -> int | None:
    """The bookmarks, each under the last one of a lower level, all open; the outline's number."""
    if not outline:
        return None
    root = writer.reserve(len(outline) + 1)
    parents, children = [], {-1: []}  # an item's index; -1 the outline itself
    for index, (level, _title, _page) in enumerate(outline):
        while parents and outline[parents[-1]][0] >= level:
            parents.pop()
        children[parents[-1] if parents else -1].append(index)
        children[index] = []
        parents.append(index)

    def number(index: int) -> int:
        return root if index == -1 else root + 1 + index

    def visible(index: int) -> int:
        return sum(1 + visible(kid) for kid in children[index])

    for parent, kids in children.items():
        for position, index in enumerate(kids):
            level, title, page = outline[index]
            links = [b"/Parent %d 0 R" % number(parent)]
            if position:
                links.append(b"/Prev %d 0 R" % number(kids[position - 1]))
            if position + 1 < len(kids):
                links.append(b"/Next %d 0 R" % number(kids[position + 1]))
            if children[index]:
                links.append(b"/First %d 0 R /Last %d 0 R /Count %d" % (
                    number(children[index][0]), number(children[index][-1]), visible(index)))
            writer.add(number(index), b"<< /Title %s /Dest [%d 0 R /Fit] %s >>" % (
                pikepdf.String(title).unparse(), pages[page], b" ".join(links)))
    top = children[-1]
    writer.add(root, b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>" % (
        number(top[0]), number(top[-1]), visible(-1)))
    return root


def _document_element(tree):
    """The structure tree's Document element (WeasyPrint's root element), its kids made an array."""
    kids = tree.K
    element = kids[0] if isinstance(kids, pikepdf.Array) else kids
    if not isinstance(element.get("/K"), pikepdf.Array):
        element.K = pikepdf.Array([element.K] if "/K" in element else [])
    return element


def _kids(element) -> list:
    return list(element.K) if isinstance(element.K, pikepdf.Array) else [element.K]


def _flat_names(tree) -> list:
    """A name tree's [name, value, name, value, …], its kids' too."""
    if "/Names" in tree:
        return list(tree.Names)
    return [item for kid in tree.get("/Kids", []) for item in _flat_names(kid)]


def _flat_numbers(parent_tree) -> list:
    """A number tree's [key, value, key, value, …], its kids' too."""
    if "/Nums" in parent_tree:
        return list(parent_tree.Nums)
    return [item for kid in parent_tree.get("/Kids", []) for item in _flat_numbers(kid)]


def _next_key(numbers: list) -> int:
    return max((int(numbers[index]) for index in range(0, len(numbers), 2)), default=-1) + 1
