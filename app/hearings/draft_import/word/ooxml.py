"""The WordprocessingML vocabulary the other docx modules share.

Element names, reading Word's on/off, number and value attributes, a
paragraph's or run's style id, and the walk over a container's paragraphs and
tables in document order (also inside content controls, but not inside a
table of contents) that both the body and a table cell are read with.
"""

from __future__ import annotations

from docx.oxml.ns import qn

P, TBL, TR, TC, R = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r")
SDT, SDT_CONTENT, CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")


def on_off(element) -> bool | None:
    """A Word on/off property: present means on unless its value says off."""
    if element is None:
        return None
    return element.get(qn("w:val")) not in ("0", "false", "off", "none")


def int_value(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def value_of(element) -> str | None:
    return element.get(qn("w:val")) if element is not None else None


def style_id(properties, tag: str) -> str | None:
    style = properties.find(qn(tag)) if properties is not None else None
    return style.get(qn("w:val")) if style is not None else None


def block_elements(container):
    """Paragraphs and tables in document order, looking inside content controls."""
    for child in container.iterchildren():
        if child.tag in (P, TBL):
            yield child
        elif child.tag == SDT and not _is_table_of_contents(child):
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from block_elements(content)
        elif child.tag == CUSTOM_XML:
            yield from block_elements(child)


def _is_table_of_contents(sdt) -> bool:
    gallery = sdt.find(f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
    return gallery is not None and "contents" in (gallery.get(qn("w:val")) or "").lower()
