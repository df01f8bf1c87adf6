"""Parts of a tagged PDF (as WeasyPrint writes them) joined into one tagged PDF, with page numbers laid
over every page and the bookmarks made for the whole file.

pikepdf keeps what makes the file tagged PDF/UA: each part's structure tree goes under the first part's
Document element, and the keys that tie marked content to its structure (the pages' StructParents and
the parent tree) are renumbered. (pypdf's `PdfWriter.append` drops the structure tree, MarkInfo, Lang and
the pages' StructParents: the joined file would not be tagged.)
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pikepdf

from app.memos.pdf_footers import FONT_NAME, Footer, read_sample


def join_tagged(paths: list[Path], outline: list[tuple[int, str, int]], target: Path,
                footer_sample: Path | None = None) -> int:
    """The PDFs in `paths` (tagged, as WeasyPrint writes them) as one tagged PDF with `outline`:
    (level, title, page index), in order, each nested under the last one of a lower level, and with
    "Side N af M" on each page in the font of `footer_sample` (app/memos/pdf_footers.py); written to
    `target` (saved as it is written: no copy of the file in memory). Returns its number of pages."""
    with ExitStack() as stack, pikepdf.open(paths[0]) as joined:
        tree = joined.Root.StructTreeRoot
        document = _document_element(tree)
        numbers = _flat_numbers(tree.ParentTree)
        next_key = int(tree.get("/ParentTreeNextKey", _next_key(numbers)))
        for path in paths[1:]:
            with pikepdf.open(path) as part:
                offset, first_page = next_key, len(joined.pages)
                joined.pages.extend(part.pages)  # copied objects are remembered: the tree below reuses them
                for page in joined.pages[first_page:]:
                    if "/StructParents" in page.obj:
                        page.obj.StructParents = int(page.obj.StructParents) + offset
                    for annotation in page.obj.get("/Annots", []):
                        if "/StructParent" in annotation:
                            annotation.StructParent = int(annotation.StructParent) + offset
                part_tree = part.Root.StructTreeRoot
                part_numbers = _flat_numbers(part_tree.ParentTree)
                for index in range(0, len(part_numbers), 2):
                    numbers.append(int(part_numbers[index]) + offset)
                    numbers.append(_copy(joined, part_numbers[index + 1]))
                for kid in _kids(_document_element(part_tree)):
                    copied = _copy(joined, kid)
                    if isinstance(copied, pikepdf.Dictionary):
                        copied.P = document
                    document.K.append(copied)
                next_key = offset + int(part_tree.get("/ParentTreeNextKey", _next_key(part_numbers)))
        if footer_sample is not None:
            sample = stack.enter_context(pikepdf.open(footer_sample))  # open until saved: its font is copied
            _number_pages(joined, read_sample(sample))
        tree.ParentTree = joined.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(numbers)))
        tree.ParentTreeNextKey = next_key
        with joined.open_outline() as bookmarks:
            bookmarks.root.clear()
            parents: list[tuple[int, list]] = [(0, bookmarks.root)]
            for level, title, page in outline:
                while parents[-1][0] >= level:
                    parents.pop()
                item = pikepdf.OutlineItem(title, page)
                parents[-1][1].append(item)
                parents.append((level, item.children))
        # Object streams: the file is a third of the size (the parts' objects are written one by one otherwise).
        joined.save(target, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return len(joined.pages)


def _number_pages(joined: pikepdf.Pdf, footer: Footer) -> None:
    """Each page's footer after its own content, which is wrapped in q … Q (WeasyPrint leaves its page
    transform in place); the font is one object, shared by every page."""
    font = joined.copy_foreign(footer.font)
    save = joined.make_stream(b"q\n")
    total = len(joined.pages)
    for number, page in enumerate(joined.pages, start=1):
        if "/Font" not in page.Resources:
            page.Resources.Font = pikepdf.Dictionary()
        page.Resources.Font[FONT_NAME] = font
        page.contents_add(save, prepend=True)
        page.contents_add(joined.make_stream(footer.content(number, total)))


def _copy(joined, value):
    """`value` of another file, in `joined`: an indirect object copied once (the same copy as the pages'
    references), a direct array or dictionary item by item, a number or name as it is."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return joined.copy_foreign(value)
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_copy(joined, item) for item in value])
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copy(joined, item) for key, item in value.items()})
    return value


def _document_element(tree):
    """The structure tree's Document element (WeasyPrint's root element), its kids made an array."""
    kids = tree.K
    element = kids[0] if isinstance(kids, pikepdf.Array) else kids
    if not isinstance(element.get("/K"), pikepdf.Array):
        element.K = pikepdf.Array([element.K] if "/K" in element else [])
    return element


def _kids(element) -> list:
    return list(element.K) if isinstance(element.K, pikepdf.Array) else [element.K]


def _flat_numbers(parent_tree) -> list:
    """A number tree's [key, value, key, value, …], its kids' too."""
    if "/Nums" in parent_tree:
        return list(parent_tree.Nums)
    return [item for kid in parent_tree.get("/Kids", []) for item in _flat_numbers(kid)]


def _next_key(numbers: list) -> int:
    return max((int(numbers[index]) for index in range(0, len(numbers), 2)), default=-1) + 1
