"""What the memo still lacks, as the preview lists it: each gap, or for a large hearing, counted by section.

A national hearing's preview can lack thousands of answers; a list of 10,000 lines helps nobody find where
to work. Above LISTED_GAPS, the preview says per section how many comments are not answered and how many
answers are not approved, with a link to where the first of them is answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.memos.content import MemoGap

LISTED_GAPS = 20


@dataclass
class SectionGaps:
    label: str
    unanswered: list[MemoGap] = field(default_factory=list)
    unapproved: list[MemoGap] = field(default_factory=list)


def gaps_by_section(gaps: list[MemoGap]) -> list[SectionGaps]:
    """The gaps under their section's label, in the memo's order."""
    sections: dict[str, SectionGaps] = {}
    for gap in gaps:
        section = sections.setdefault(gap.label, SectionGaps(gap.label))
        (section.unanswered if gap.kind == "no_reply" else section.unapproved).append(gap)
    return list(sections.values())


def gaps_to_link(gaps: list[MemoGap]) -> list[MemoGap]:
    """The gaps the preview links to: each listed one, or each section's first unanswered one."""
    if len(gaps) <= LISTED_GAPS:
        return gaps
    return [section.unanswered[0] for section in gaps_by_section(gaps) if section.unanswered]
