"""The appendix (the responses in full) as a tagged PDF made in parts, so the memory it takes does not
grow with the hearing: WeasyPrint lays out a whole document in memory, which for a national hearing's
5,000 responses is several GB.

Each part is a few hundred responses, rendered on its own with its page numbers going on from the part
before (`@page:first { counter-reset: page N }`); the contents come first, with each response's page
(where each part's layout put it). The parts are joined with pikepdf, which keeps what makes the file
tagged PDF/UA: each part's structure tree goes under the first part's Document element, and the keys that
tie marked content to its structure (the pages' StructParents and the parent tree) are renumbered.
The bookmarks are made for the whole file: the contents, then one per response. (pypdf's
`PdfWriter.append` drops the structure tree, MarkInfo, Lang and the pages' StructParents: the joined
file would not be tagged.)
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pikepdf
from flask_babel import force_locale
from flask_babel import gettext as _

from app.memos.content import MemoContent
from app.memos.render import MEMO_LANGUAGE, PDF_VARIANT, appendix_document_html, memo_document_html

PART_RESPONSES = 250  # responses in each part: a few MB of layout each
PART_POINTS = 400  # a memo with more points than this is made in parts of about this many points


def memo_pdf_in_parts(memo: MemoContent, identifier: str, appendix_name: str | None,
                      part_points: int = PART_POINTS) -> bytes:
    return _read_back(write_memo_pdf_in_parts, memo, identifier, appendix_name, part_points=part_points)


def write_memo_pdf_in_parts(memo: MemoContent, identifier: str, appendix_name: str | None, target: Path,
                            part_points: int = PART_POINTS) -> int:
    """The memo as a tagged PDF in parts, written to `target`; returns its pages. The title with parts 1
    and 2; runs of part 3's sections of about `part_points` points (a section is never split); part 4 and
    the appendix's name. The pages say "Side 12" (the number of pages is not known while a part is laid
    out); the bookmarks are each part's headings, nested by their level."""
    from weasyprint import HTML  # imported here: it loads Pango, which only the PDF needs

    runs, run = [], []
    for section in memo.sections:
        if run and sum(len(s.points) for s in run) + len(section.points) > part_points:
            runs.append(run)
            run = []
        run.append(section)
    runs.append(run)
    parts = [{"blocks": ("head",)}] + [{"blocks": ("sections",), "section_run": run, "first_run": n == 0}
                                       for n, run in enumerate(runs)] + [{"blocks": ("end",)}]
    with tempfile.TemporaryDirectory(prefix="notat-") as folder:
        paths, bookmarks, page = [], [], 1
        for number, part in enumerate(parts):
            document = HTML(string=memo_document_html(memo, for_print=True, appendix_name=appendix_name,
                                                      start_page=page, **part)).render()
            for index, laid_out in enumerate(document.pages):
                bookmarks += [(level, label, page - 1 + index) for level, label, _target, _state in laid_out.bookmarks]
            paths.append(Path(folder) / f"part-{number:04d}.pdf")
            document.write_pdf(paths[-1], pdf_variant=PDF_VARIANT, pdf_identifier=identifier.encode())
            page += len(document.pages)
            del document
        return join_tagged(paths, bookmarks, target)


def appendix_pdf(memo: MemoContent, identifier: str, part_responses: int = PART_RESPONSES) -> bytes:
    return _read_back(write_appendix_pdf, memo, identifier, part_responses=part_responses)


def write_appendix_pdf(memo: MemoContent, identifier: str, target: Path, part_responses: int = PART_RESPONSES) -> int:
    """The appendix as a tagged PDF in parts, written to `target`; returns its pages."""
    from weasyprint import HTML  # imported here: it loads Pango, which only the PDF needs

    def render(**parts):
        return HTML(string=appendix_document_html(memo, for_print=True, **parts)).render()

    responses = memo.appendix
    if not responses:
        document = render()
        document.write_pdf(target, pdf_variant=PDF_VARIANT, pdf_identifier=identifier.encode())
        return len(document.pages)
    # The contents with a page number as wide as any (so the real numbers take the same pages).
    wide = [(number, response.sender, 9999) for number, response in enumerate(responses, start=1)]
    contents_pages = len(render(responses=[], toc=wide, start_page=1).pages)
    with tempfile.TemporaryDirectory(prefix="bilag-") as folder:
        paths, starts, page = [], {}, contents_pages + 1
        for first in range(0, len(responses), part_responses):
            document = render(responses=responses[first:first + part_responses], first_number=first + 1, toc=None,
                              start_page=page)
            for index, laid_out in enumerate(document.pages):
                for anchor in laid_out.anchors:
                    if anchor.startswith("svar-"):
                        starts.setdefault(int(anchor.removeprefix("svar-")), page + index)
            paths.append(Path(folder) / f"part-{first:06d}.pdf")
            document.write_pdf(paths[-1], pdf_variant=PDF_VARIANT, pdf_identifier=identifier.encode())
            page += len(document.pages)
            del document
        toc = [(number, response.sender, starts.get(number)) for number, response in enumerate(responses, start=1)]
        document = render(responses=[], toc=toc, start_page=1)
        if len(document.pages) != contents_pages:  # cannot happen with the widest numbers; never mis-number
            raise RuntimeError("the appendix's contents changed length with their page numbers")
        contents = Path(folder) / "contents.pdf"
        document.write_pdf(contents, pdf_variant=PDF_VARIANT, pdf_identifier=identifier.encode())
        del document
        with force_locale(MEMO_LANGUAGE):
            outline = [(1, _("Indhold"), 0), (1, _("Bilag: Høringssvarene"), contents_pages)] + [
                (2, response.sender, starts[number] - 1) for number, response in enumerate(responses, start=1)
                if number in starts]
        return join_tagged([contents, *paths], outline, target)


def join_tagged(paths: list[Path], outline: list[tuple[int, str, int]], target: Path) -> int:
    """The PDFs in `paths` (tagged, as WeasyPrint writes them) as one tagged PDF with `outline`:
    (level, title, page index), in order, each nested under the last one of a lower level; written to
    `target` (saved as it is written: no copy of the file in memory). Returns its number of pages."""
    with pikepdf.open(paths[0]) as joined:
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


def _read_back(write, *args, **options) -> bytes:
    """The bytes of a PDF that `write` writes to a file (for the callers that store or send bytes): read
    once, after the join has let go of its objects."""
    with tempfile.TemporaryDirectory(prefix="pdf-") as folder:
        target = Path(folder) / "out.pdf"
        write(*args, target=target, **options)
        return target.read_bytes()


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
