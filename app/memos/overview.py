"""The overview at the front of a large memo (issue 20): per section, how many comments came, how many
points the memo answers them in, how many of those are accepted wholly or partly, and whether the draft
changes there; and the same in one sentence for the whole memo.

A committee member facing a memo of 10,000 points reads this first and turns to the sections that
matter; a memo of ordinary size (the 2019 and 2013 rounds) is read whole and has no overview.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from app.memos.content import MemoContent, MemoPoint, MemoSection

ACCEPTED = ("accepted", "partly_accepted")  # Outcome values: the draft meets the point, wholly or partly
_NOT_IN_ID = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class OverviewRow:
    label: str
    anchor: str  # the id of the part's or section's heading
    comments: int
    points: int
    accepted: int
    changed: bool | None  # None for the general remarks (they are on no section)


def section_anchor(section: MemoSection) -> str:
    """The id of a section's heading in a large memo: "afsnit-p100-omfang-varighed" (stable: the draft's keys)."""
    return "afsnit-" + _NOT_IN_ID.sub("-", "-".join(section.keys))


GENERAL_ANCHOR = "generelle-bemaerkninger"


def comments_of(point: MemoPoint) -> int:
    """The comments a point answers, shown or counted; a memo frozen before the references counts those it shows."""
    if point.comment_refs:
        return len(point.comment_refs)
    return len(point.comments) + sum(c.count for c in point.campaigns) + point.more_citizens


def _row(label: str, anchor: str, points: list[MemoPoint], changed: bool | None) -> OverviewRow:
    return OverviewRow(label=label, anchor=anchor, comments=sum(map(comments_of, points)), points=len(points),
                       accepted=sum(1 for p in points if p.outcome in ACCEPTED), changed=changed)


def overview(memo: MemoContent) -> list[OverviewRow]:
    """A row for the general remarks (where there are any), then one per section in the memo, in the draft's
    order: those with points, and those a party had no remarks to (the memo says so; a large memo on a page
    shows each row's part alone, so a row is how a reader gets there)."""
    changed = {change.key for change in memo.changes}
    rows = [_row(_("Generelle bemærkninger"), GENERAL_ANCHOR, memo.general, None)] if memo.general else []
    return rows + [_row(section.label, section_anchor(section), section.points, bool(changed & set(section.keys)))
                   for section in memo.sections if section.points or section.no_remarks]


def overview_sentence(memo: MemoContent, rows: list[OverviewRow]) -> str:
    """"Høringssvarene har 50.000 bemærkninger. Notatet samler dem i 10.356 punkter. …"; in Danish."""
    comments, points = sum(r.comments for r in rows), sum(r.points for r in rows)
    accepted = sum(r.accepted for r in rows)
    sections = len({change.key for change in memo.changes})
    return " ".join([
        ngettext("Høringssvarene har %(count)s bemærkning.", "Høringssvarene har %(count)s bemærkninger.", comments,
                 count=format_decimal(comments)),
        ngettext("Notatet samler dem i %(count)s punkt.", "Notatet samler dem i %(count)s punkter.", points,
                 count=format_decimal(points)),
        ngettext("%(count)s punkt er imødekommet helt eller delvist.",
                 "%(count)s punkter er imødekommet helt eller delvist.", accepted, count=format_decimal(accepted)),
        ngettext("Udkastet ændres i %(count)s afsnit.", "Udkastet ændres i %(count)s afsnit.", sections,
                 count=format_decimal(sections)) if sections else _("Udkastet ændres ikke."),
    ])


def number(value: int) -> str:
    """A count as Danish writes it: "10.356"."""
    return format_decimal(value)
