"""A large memo on a page of the app (the preview, the committee's page, the public page): one part of it at a
time, the general remarks or one section's points, after the memo's front with its overview.

Whole, the full-size bench hearing's memo is 12 MB of HTML, 39 MB with the responses in full: more than a
browser or a screen reader can take in. The overview's rows lead to each part's page, each page to the part
before and after it. The memo's files (Word, PDF, HTML) hold it whole, and the responses in full are their
appendix. A memo of ordinary size is shown whole, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.memos.content import MemoContent, MemoSection
from app.memos.overview import GENERAL_ANCHOR, OverviewRow, overview, section_anchor

PART_ARGUMENT = "afsnit"  # the query argument that names the part shown: ?afsnit=afsnit-p100-omfang


@dataclass(frozen=True)
class Paging:
    rows: list[OverviewRow]  # the parts, in the memo's order: the general remarks, then each section (overview.py)
    index: int  # the part shown
    url: Callable[[str], str]  # the page of a part, by its anchor

    @property
    def shown(self) -> OverviewRow:
        return self.rows[self.index]

    @property
    def previous(self) -> OverviewRow | None:
        return self.rows[self.index - 1] if self.index > 0 else None

    @property
    def next(self) -> OverviewRow | None:
        return self.rows[self.index + 1] if self.index + 1 < len(self.rows) else None

    @property
    def shows_general(self) -> bool:
        return self.shown.anchor == GENERAL_ANCHOR

    def sections(self, memo: MemoContent) -> list[MemoSection]:
        """The section shown (none when the general remarks are)."""
        return [section for section in memo.sections if section_anchor(section) == self.shown.anchor]


def paging(memo: MemoContent, shown: str | None, url: Callable[[str], str]) -> Paging | None:
    """How a large memo is shown on a page: the part whose anchor is `shown` (the first where it names none
    of them); None for a memo shown whole."""
    if not memo.large:
        return None
    rows = overview(memo)
    if not rows:
        return None
    anchors = [row.anchor for row in rows]
    return Paging(rows, anchors.index(shown) if shown in anchors else 0, url)
