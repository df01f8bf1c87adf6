"""Reading pasted text into sections: Markdown headings (# …) mark the sections.

markdown-it-py parses the whole text once (CommonMark, tables on, raw HTML
off, so a pasted <script> stays text); the top-level headings cut the token
stream into sections, and the tokens between two headings are rendered as
that section's body. A heading inside a code block or a quote is therefore
not a section. Setext headings (a line underlined with === or ---) count as
headings too, since CommonMark reads them so.
"""

from __future__ import annotations

import re

from flask_babel import gettext
from markdown_it import MarkdownIt
from markdown_it.token import Token

from app.hearings import draft_import as shared
from app.hearings.draft_import import DraftImportError, ImportResult, TreeBuilder

# A pasted table's header row is one row of column headers: each cell says so, as a Word table's do.
_HEADER_CELL = re.compile(r"<th(?=[\s>])")


def markdown_parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def import_markdown(text: str) -> ImportResult:
    if len(text) > shared.MAX_MARKDOWN_CHARS:
        raise DraftImportError(shared.MARKDOWN_TOO_LONG)
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DraftImportError(shared.MARKDOWN_EMPTY)
    md = markdown_parser()
    env: dict = {}
    tokens = md.parse(text, env)
    if not any(token.type == "inline" and token.content.strip() for token in tokens):
        raise DraftImportError(shared.MARKDOWN_EMPTY)  # only rules, empty headings, markup
    warnings: list[str] = []
    builder = TreeBuilder(warnings)
    body: list[Token] = []

    def flush() -> None:
        if body:
            builder.body(_HEADER_CELL.sub('<th scope="col"', md.renderer.render(body, md.options, env)))
            body.clear()

    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open" and token.level == 0:
            flush()
            builder.heading(int(token.tag[1]), _inline_text(tokens[index + 1]))
            index += 3  # heading_open, inline, heading_close
            continue
        body.append(token)
        index += 1
    flush()
    sections = builder.build()
    if not sections:
        raise DraftImportError(shared.MARKDOWN_EMPTY)
    if any(child.type == "image" for token in tokens for child in token.children or []):
        warnings.append(gettext("Billeder er ikke taget med. Sæt dem ind bagefter, hvis de skal med i høringen."))
    return ImportResult(title=None, sections=sections, warnings=list(dict.fromkeys(warnings)))


def _inline_text(inline: Token) -> str:
    """A heading as plain text: emphasis and links dropped, their words kept."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)
