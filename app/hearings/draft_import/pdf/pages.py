"""Every page's characters (text, box, font, marked-content id) and ruled tables, read with PDFium.

pdfplumber's own parser (pdfminer, in Python) needed 10–12 s for the 39 pages
of the corpus catalogue; PDFium (pypdfium2, which pdfplumber itself depends
on) reads the same characters in about a second. The characters come out with
what pdfplumber gives (x0, x1, top, bottom from the top of the page, size,
fontname, mcid, page_number), and the tables are found by pdfplumber's
table finder (its edges → intersections → cells → tables steps), fed with the
ruling lines PDFium reads from the page's paths.
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

from app.hearings.draft_import.pdf.layout import PageContent
from app.hearings.draft_import.pdf.text import Char

TOLERANCE = 3  # pdfplumber's defaults for snapping, joining and intersecting edges
_LINE_ENDS = {"\r", "\n"}


@dataclass
class FoundTable:
    bbox: tuple[float, float, float, float]
    cells: list[tuple[float, float, float, float]]


# PDFium may not be called from two threads at once, not even on different documents, and
# gunicorn runs two threads a worker: one import reads its pages at a time.
_PDFIUM = threading.Lock()


def read_pages(data: bytes, *, tables: bool) -> list[PageContent]:
    with _PDFIUM:
        return _read_pages(data, tables=tables)


def _read_pages(data: bytes, *, tables: bool) -> list[PageContent]:
    document = pdfium.PdfDocument(data)
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                height = page.get_height()
                textpage = page.get_textpage()
                try:
                    chars = _chars(textpage, height, index + 1)
                finally:
                    textpage.close()
                found = _tables(page, height) if tables else []
                pages.append(PageContent(index + 1, height, chars, found))
            finally:
                page.close()
    finally:
        document.close()
    return pages


def _chars(textpage, height: float, number: int) -> list[Char]:
    handle = textpage.raw
    count = pdfium_c.FPDFText_CountChars(handle)
    if count <= 0:
        return []
    units = (ctypes.c_ushort * (count + 1))()
    pdfium_c.FPDFText_GetText(handle, 0, count, units)
    box = pdfium_c.FS_RECTF()
    objects: dict[int, tuple[int | None, str]] = {}
    chars = []
    for index in range(count):
        unit = units[index]
        if 0xD800 <= unit <= 0xDFFF:
            continue  # half of a character outside the basic plane: left out rather than broken
        text = "-" if unit in (2, 0xFFFE) else chr(unit)  # how PDFium marks a hyphen that ends a line
        obj = pdfium_c.FPDFText_GetTextObject(handle, index)
        address = ctypes.c_void_p.from_buffer(obj).value  # the object's address, the cheap way
        if not address or text in _LINE_ENDS:
            continue  # a space or line end PDFium made up: positions decide those
        if address not in objects:
            objects[address] = _object_info(obj)
        pdfium_c.FPDFText_GetLooseCharBox(handle, index, ctypes.byref(box))
        top, bottom = height - box.top, height - box.bottom
        mcid, font = objects[address]
        chars.append(Char(text, box.left, box.right, top, bottom, max(bottom - top, 0.1), font, mcid, number))
    return chars


def _object_info(obj) -> tuple[int | None, str]:
    mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(obj)
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    name = ""
    if font:
        buffer = ctypes.create_string_buffer(256)
        length = pdfium_c.FPDFFont_GetBaseFontName(font, buffer, 256)
        name = buffer.value.decode("latin-1") if length else ""
        if pdfium_c.FPDFFont_GetWeight(font) >= 600 and "bold" not in name.lower():
            name += ",Bold"
    return (mcid if mcid >= 0 else None), name


# -- ruled tables ------------------------------------------------------------------------


def _tables(page, height: float) -> list[FoundTable]:
    edges = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=1):
        edges.extend(_path_edges(obj, height))
    if not edges:
        return []
    # A row split by a page break has no line under (or over) it: close it where the column lines end.
    upright = [e for e in edges if e["orientation"] == "v"]
    if upright:
        width = page.get_width()
        edges += [_edge(0, y, width, y) for y in (min(e["top"] for e in upright), max(e["bottom"] for e in upright))]
    edges = merge_edges(edges, TOLERANCE, TOLERANCE, TOLERANCE, TOLERANCE)
    edges = [e for e in edges if (e["width"] if e["orientation"] == "h" else e["height"]) >= TOLERANCE]
    cells = intersections_to_cells(edges_to_intersections(edges, TOLERANCE, TOLERANCE))
    found = []
    for group in cells_to_tables(cells):
        bbox = (min(c[0] for c in group), min(c[1] for c in group), max(c[2] for c in group), max(c[3] for c in group))
        found.append(FoundTable(bbox, group))
    return found


def _path_edges(obj, height: float) -> list[Char]:
    """The straight, level or upright strokes of a path, as pdfplumber's edges (top-down)."""
    matrix = obj.get_matrix()
    x = ctypes.c_float()
    y = ctypes.c_float()
    points: list[tuple[float, float]] = []
    start: tuple[float, float] | None = None
    edges = []
    for index in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        px = matrix.a * x.value + matrix.c * y.value + matrix.e
        py = height - (matrix.b * x.value + matrix.d * y.value + matrix.f)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not points:
            points, start = [(px, py)], (px, py)
        else:
            if kind == pdfium_c.FPDF_SEGMENT_LINETO:
                edges.extend(_straight(points[-1], (px, py)))
            points.append((px, py))
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start:
            edges.extend(_straight(points[-1], start))
    return edges


def _straight(a: tuple[float, float], b: tuple[float, float]) -> list[Char]:
    if abs(a[0] - b[0]) < 1 and abs(a[1] - b[1]) >= 1:
        return [_edge(a[0], min(a[1], b[1]), a[0], max(a[1], b[1]))]
    if abs(a[1] - b[1]) < 1 and abs(a[0] - b[0]) >= 1:
        return [_edge(min(a[0], b[0]), a[1], max(a[0], b[0]), a[1])]
    return []


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "width": x1 - x0,
            "height": bottom - top, "orientation": "v" if x0 == x1 else "h"}
