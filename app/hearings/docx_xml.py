"""The WordprocessingML vocabulary the other docx modules share.

Element names, reading Word's on/off, number and value attributes, a
paragraph's or run's style id, and the walk over a container's paragraphs and
tables in document order (also inside content controls, but not inside a
table of contents) that both the body and a table cell are read with.
"""

from __future__ import annotations

from docx.oxml.ns import qn

_P, _TBL, _TR, _TC, _R = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r")
_SDT, _SDT_CONTENT, _CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")


def _on(element) -> bool | None:
    """A Word on/off property: present means on unless its value says off."""
    if element is None:
        return None
    return element.get(qn("w:val")) not in ("0", "false", "off", "none")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _val(element) -> str | None:
    return element.get(qn("w:val")) if element is not None else None


def _style_id(properties, tag: str) -> str | None:
    style = properties.find(qn(tag)) if properties is not None else None
    return style.get(qn("w:val")) if style is not None else None


def _block_elements(container):
    """Paragraphs and tables in document order, looking inside content controls."""
    for child in container.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT and not _is_table_of_contents(child):
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _block_elements(content)
        elif child.tag == _CUSTOM_XML:
            yield from _block_elements(child)


def _is_table_of_contents(sdt) -> bool:
    gallery = sdt.find(f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
    return gallery is not None and "contents" in (gallery.get(qn("w:val")) or "").lower()
