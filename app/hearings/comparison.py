"""Two versions of a draft compared section by section, words marked.

Sections are matched by their stable key. Each section's text is read as
plain paragraphs (`split_blocks` + `block_text`, so a table row is a line of
text; a list's items stay items, written back as a list) and compared word by word with difflib; inserted words are
wrapped in <ins>, deleted words in <del>. Screen readers do not announce
<ins> and <del> by default, so each run also carries a visually hidden
"inserted:"/"deleted:" and a closing mark. The result is safe HTML built from
escaped text, for staff pages and for the memo.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import Enum
from html import escape

from flask_babel import gettext as _
from markupsafe import Markup

from app.hearings.models import DraftVersion, Section
from app.hearings.text_format import block_text, list_items, split_blocks

_TOKEN = re.compile(r"\S+")
PARAGRAPH = "\n"  # a token that ends a paragraph; never inside a word
ITEM = "\n\N{BULLET}"  # a token that ends a list item; never inside a word either
BREAKS = (PARAGRAPH, ITEM)


class Change(Enum):
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"
    SAME = "same"


@dataclass
class SectionDifference:
    key: str
    label: str
    change: Change
    marked: Markup  # the section's text with inserted and deleted words marked
    inserted_words: int
    deleted_words: int

    @property
    def is_added(self) -> bool:
        return self.change is Change.ADDED

    @property
    def is_removed(self) -> bool:
        return self.change is Change.REMOVED

    @property
    def is_changed(self) -> bool:
        """The section is in both versions, with other words."""
        return self.change is Change.CHANGED

    @property
    def differs(self) -> bool:
        return self.change is not Change.SAME


def paragraphs(body_html: str) -> list[str]:
    """A section body as paragraphs of plain text, white space tidied."""
    texts = (" ".join(block_text(block).split()) for block in split_blocks(body_html or ""))
    return [text for text in texts if text]


def _blocks(body_html: str) -> list[tuple[str, str]]:
    """Like `paragraphs`, with each list item a paragraph of its own: (text, the token that ends it)."""
    blocks: list[tuple[str, str]] = []
    for block in split_blocks(body_html or ""):
        items = list_items(block)
        for text, end in ([(item, ITEM) for item in items] if items else [(block, PARAGRAPH)]):
            text = " ".join(block_text(text).split())
            if text:
                blocks.append((text, end))
    return blocks


def _tokens(blocks: list[tuple[str, str]]) -> list[str]:
    tokens: list[str] = []
    for text, end in blocks:
        tokens.extend(_TOKEN.findall(text))
        tokens.append(end)
    return tokens


def compare_text(old_html: str, new_html: str, *, only_changed: bool = False) -> tuple[Markup, int, int]:
    """The new text with the words inserted since the old one and those deleted marked,
    and the number of words inserted and deleted. With `only_changed`, just the paragraphs
    that changed, an ellipsis where unchanged ones are left out (a long section's one change)."""
    old, new = _tokens(_blocks(old_html)), _tokens(_blocks(new_html))
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    out = _Writer()
    inserted = deleted = 0
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            out.plain(new[b1:b2])
            continue
        if operation in ("delete", "replace"):
            deleted += sum(1 for t in old[a1:a2] if t not in BREAKS)
            out.marked("del", old[a1:a2])
        if operation in ("insert", "replace"):
            inserted += sum(1 for t in new[b1:b2] if t not in BREAKS)
            out.marked("ins", new[b1:b2])
    return out.html(only_changed), inserted, deleted


class _Writer:
    """Writes tokens as paragraphs; a marked run may span a paragraph break."""

    def __init__(self) -> None:
        self.paragraphs: list[list[str]] = [[]]
        self.ends: list[str] = []  # what ended each paragraph: PARAGRAPH, or ITEM for a list item
        self.changed: set[int] = set()  # the paragraphs with a marked run

    def _add(self, piece: str) -> None:
        self.paragraphs[-1].append(piece)

    def _break(self, end: str) -> None:
        self.ends.append(end)
        self.paragraphs.append([])

    def plain(self, tokens: list[str]) -> None:
        for token in tokens:
            if token in BREAKS:
                self._break(token)
            else:
                self._add(escape(token))

    def marked(self, tag: str, tokens: list[str]) -> None:
        label = _("indsat:") if tag == "ins" else _("slettet:")
        end = _("slut på indsat") if tag == "ins" else _("slut på slettet")
        words: list[str] = []

        def flush() -> None:
            if words:
                self.changed.add(len(self.paragraphs) - 1)
                self._add(
                    f'<{tag}><span class="sr-only">[{escape(label)} </span>{" ".join(words)}'
                    f'<span class="sr-only"> ({escape(end)})]</span></{tag}>'
                )
                words.clear()

        for token in tokens:
            if token in BREAKS:
                flush()
                if tag == "ins":  # the new text has a break here; a deleted break is not shown
                    self._break(token)
            else:
                words.append(escape(token))
        flush()

    def html(self, only_changed: bool = False) -> Markup:
        """Paragraphs as <p>, and list items as <li> in one <ul> per run of them; with `only_changed`,
        unchanged paragraphs are left out, each run of them shown as one "[…]"."""
        out, in_list, left_out = [], False, False
        ends = self.ends + [PARAGRAPH] * (len(self.paragraphs) - len(self.ends))
        for index, (words, end) in enumerate(zip(self.paragraphs, ends, strict=True)):
            if not words:
                continue
            if only_changed and index not in self.changed:
                left_out = True
                continue
            if left_out:
                in_list = _left_out_mark(out, in_list)
                left_out = False
            if (end == ITEM) != in_list:
                out.append("<ul>" if not in_list else "</ul>")
                in_list = not in_list
            tag = "li" if end == ITEM else "p"
            out.append(f"<{tag}>{' '.join(words)}</{tag}>")
        if left_out:
            in_list = _left_out_mark(out, in_list)
        if in_list:
            out.append("</ul>")
        return Markup("".join(out))  # noqa: S704 (every word was escaped)  # nosec B704


def _left_out_mark(out: list[str], in_list: bool) -> bool:
    """Close an open list and write the mark of unchanged text left out; the list is closed after."""
    if in_list:
        out.append("</ul>")
    left_out = escape(_("uændret tekst udeladt"))
    out.append(f'<p class="app-left-out">[…]<span class="sr-only"> {left_out}</span></p>')
    return False


def compare_versions(old: DraftVersion, new: DraftVersion, *, include_same: bool = False) -> list[SectionDifference]:
    """Every section of `new` in draft order (and sections only in `old` after them), with
    what changed since `old`; only the changed ones unless `include_same`."""
    old_by_key = {section.key: section for section in old.sections}
    new_keys = {section.key for section in new.sections}
    differences = []
    for section in new.sections:
        before = old_by_key.get(section.key)
        difference = _difference(section, before)
        if include_same or difference.change is not Change.SAME:
            differences.append(difference)
    for section in old.sections:
        if section.key not in new_keys:
            marked, _inserted, deleted = compare_text(section.body_html, "")
            differences.append(SectionDifference(section.key, section.full_label, Change.REMOVED, marked, 0, deleted))
    return differences


def _difference(section: Section, before: Section | None) -> SectionDifference:
    if before is None:
        marked, inserted, _deleted = compare_text("", section.body_html)
        return SectionDifference(section.key, section.full_label, Change.ADDED, marked, inserted, 0)
    marked, inserted, deleted = compare_text(before.body_html, section.body_html)
    same = (inserted, deleted) == (0, 0) and before.label == section.label
    return SectionDifference(section.key, section.full_label, Change.SAME if same else Change.CHANGED,
                             marked, inserted, deleted)
