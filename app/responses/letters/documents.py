"""Paragraphs of a letter written as Word, OpenDocument or an e-mail.

Each heading and paragraph is a block of its own (Word's and ODF's paragraphs
already are); a quotation (a Quote style, an e-mail's "> " lines or
<blockquote>) comes back with "> " before it, the Markdown of a quotation, so
it stays one in the comment and is never taken for a heading.
"""

from __future__ import annotations

import email
import email.policy
import io
import re
import zipfile

QUOTE = "> "
# Word's and LibreOffice's names for a quotation's paragraph style, in English and Danish.
_QUOTE_STYLE = re.compile(r"quot|citat|block ?text", re.I)
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200d\u2060\ufeff]")


class DocumentUnreadable(ValueError):
    """The file looked like a document but does not open as one."""


def one_line(text: str) -> str:
    return " ".join(_INVISIBLE.sub("", text).split())


def quoted(text: str) -> str:
    return QUOTE + text if text else text


# ---------------------------------------------------------------- Word


def docx_paragraphs(data: bytes) -> list[str]:
    """Paragraphs in order, quotations marked, and each table row as a paragraph of its cells."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (ValueError, KeyError, zipfile.BadZipFile, OSError) as error:
        raise DocumentUnreadable(str(error)) from error
    paragraphs = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = []
                for cell in row.cells:  # a merged cell is repeated once per grid column
                    text = one_line(cell.text)
                    if text and (not cells or cells[-1] != text):
                        cells.append(text)
                if cells:
                    paragraphs.append(" – ".join(cells))
        else:
            text = one_line(block.text)
            style = block.style.name if block.style is not None else ""
            if text:
                paragraphs.append(quoted(text) if _QUOTE_STYLE.search(style or "") else text)
    return paragraphs


# ---------------------------------------------------------------- OpenDocument


def odt_paragraphs(data: bytes) -> list[str]:
    """Headings and paragraphs in order (lists item by item, tables row by row), quotations marked."""
    from odfdo import Document

    try:
        document = Document(io.BytesIO(data))
        body = document.body
    except (ValueError, KeyError, zipfile.BadZipFile, OSError, TypeError, AttributeError) as error:
        raise DocumentUnreadable(str(error)) from error
    paragraphs: list[str] = []
    _odt_blocks(document, body.children, paragraphs)
    return paragraphs


def _odt_blocks(document, elements, paragraphs: list[str]) -> None:
    for element in elements:
        tag = element.tag
        if tag in ("text:p", "text:h"):
            text = one_line(str(element))
            if text:
                paragraphs.append(quoted(text) if _odt_quote(document, element.style) else text)
        elif tag == "table:table-row":
            cells = [one_line(str(cell)) for cell in element.children if cell.tag == "table:table-cell"]
            cells = [c for c in cells if c]
            if cells:
                paragraphs.append(" – ".join(dict.fromkeys(cells)))
        elif tag in ("text:list", "text:list-item", "table:table", "table:table-header-rows", "table:table-rows",
                     "text:section"):
            _odt_blocks(document, element.children, paragraphs)


def _odt_quote(document, style_name: str | None, depth: int = 0) -> bool:
    """A Quotations style, or an automatic style ("P3") based on one."""
    if not style_name or depth > 5:
        return False
    if _QUOTE_STYLE.search(style_name):
        return True
    style = document.get_style("paragraph", style_name)
    parent = style.parent_style if style is not None else None
    return _odt_quote(document, parent, depth + 1)


# ---------------------------------------------------------------- e-mail


def eml_paragraphs(data: bytes) -> list[str]:
    """The mail's text: its plain-text body, else its HTML body; "> " lines stay quotations."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    plain = message.get_body(("plain",))
    if plain is not None:
        return text_paragraphs(plain.get_content())
    html = message.get_body(("html",))
    return html_paragraphs(html.get_content()) if html is not None else []


def text_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain text: a blank line ends one; consecutive "> " lines make one quotation."""
    paragraphs: list[str] = []
    block: list[str] = []
    block_quoted = False

    def close():
        if block:
            text = one_line(" ".join(block))
            paragraphs.append(quoted(text) if block_quoted else text)
            block.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        is_quote = line.startswith(">")
        line = line.lstrip("> ").strip() if is_quote else line
        if not line or is_quote != block_quoted:
            close()
            block_quoted = is_quote
        if line:
            block.append(line)
    close()
    return paragraphs


def html_paragraphs(html: str) -> list[str]:
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, TypeError) as error:
        raise DocumentUnreadable(str(error)) from error
    paragraphs: list[str] = []
    for element in root.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "td"):
        if any(child.tag in ("p", "li", "table") for child in element.iterdescendants()):
            continue  # an outer block: its inner ones are read on their own
        text = one_line(element.text_content())
        in_quote = any(a.tag == "blockquote" for a in element.iterancestors())
        if text:
            paragraphs.append(quoted(text) if in_quote else text)
    return paragraphs
