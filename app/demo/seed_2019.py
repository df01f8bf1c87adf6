"""Turn the 2019 hearing round in seed 001 into plain structured demo data.

The seed is a PDF-to-text extraction of a committee agenda (Social- og
Sundhedsudvalget, Lyngby-Taarbæk Kommune, June 2019). It holds a complete
hearing round: the committee case, the draft catalogue of 11 quality
standards, the administration's background note, the administration's replies
and Handicaprådet's letter. The draft is parsed generically; how the letter and
the replies split into points is editorial judgement, kept as a declarative
table in `seed_2019_points`.

This module is the round: its dataclasses and `load_round`, the committee
case, and the council's points with the administration's replies. The
draft is parsed in `seed_draft` (where `SeedSection`, re-exported here, is
defined) and the extraction's text is cleaned up in `seed_text`. Standard
library only: these modules must not need Flask or a database.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from app.demo import seed_2019_points as points
from app.demo.seed_draft import BILAG1_PARTS, FIELDS, VUM_THEMES, SeedSection, parse_draft
from app.demo.seed_text import MONTHS, find_line, join_parts, norm, prose_paragraphs

# The draft's names are kept importable from here, where they were before the split.
__all__ = [
    "BILAG1_PARTS",
    "FIELDS",
    "FOREWORD_PAGE",
    "OUTCOMES",
    "VUM_THEMES",
    "SeedComment",
    "SeedReply",
    "SeedRound",
    "SeedSection",
    "load_round",
]


@dataclass(frozen=True)
class SeedComment:
    section_key: str | None  # None: a general remark; else the field (or standard) it concerns
    heading: str | None  # the letter's own sub-heading the point sits under
    text: str  # the council's words, paragraphs separated by a blank line
    no_remarks: bool = False  # "ingen bemærkninger" to its standard: shown in the memo, needs no reply


@dataclass(frozen=True)
class SeedReply:
    comment_indexes: tuple[int, ...]  # into SeedRound.comments; one reply may answer several
    text: str  # the administration's words, without its summary of the council's point
    outcome: str  # one of OUTCOMES
    financial_consequence: bool
    financial_note: str | None
    draft_change: points.DraftChange | None  # what the draft changes because of this reply
    page_ref: str | None  # as cited: "s. 4", "s. 44 og 47"


@dataclass(frozen=True)
class SeedRound:
    title: str
    committee: str
    summary: str
    background_note: str
    sections: tuple[SeedSection, ...]  # the foreword, then the standards in draft order
    party_name: str
    signed_name: str
    signed_role: str
    response_date: datetime.date
    letter_text: str  # the letter as it came, lead-in, "ingen bemærkninger" points and signature included
    comments: tuple[SeedComment, ...]
    replies: tuple[SeedReply, ...]
    decision_date: datetime.date
    decision_text: str


OUTCOMES = ("accepted", "partly_accepted", "not_accepted", "noted")

# The extraction drops the catalogue's cover and table of contents, so page
# numbers can only be counted relative to the foreword. This one constant
# calibrates them so that § 84 starts on s. 4, as the administration cites;
# every other page the administration cites is then checked against the count
# (see `_check_page_refs`), so a wrong count fails loudly.
FOREWORD_PAGE = 3

_DATE = re.compile(r"(\d{1,2})\. (\w+) (\d{4})")
# "HR har ingen bemærkninger", "Ingen bemærkninger.": the whole paragraph says no more than that.
_NO_REMARKS = re.compile(r"^(?:\S+(?: \S+){0,3} har )?ingen bemærkninger\.?$", re.I)
_PARAGRAPH_NUMBER = re.compile(r"§ ?\d+")


def load_round(path: Path) -> SeedRound:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    case = _parse_case(lines)
    sections, spans = parse_draft(lines, FOREWORD_PAGE)
    note_at = find_line(lines, r"Notat vedr\. høring over kvalitetsstandarder", what="background note")
    replies_at = find_line(lines, r"Forvaltningens bemærkninger til Handicaprådets", note_at, "replies")
    letter_at = find_line(lines, r"Handicaprådets høringssvar$", replies_at, "council letter")
    closing_at = find_line(lines, r"Med venlig hilsen$", letter_at, "letter closing")
    letter = "\n\n".join(prose_paragraphs(lines[letter_at:closing_at]))
    admin = "\n\n".join(prose_paragraphs(lines[replies_at:letter_at]))
    comments, ids = _comments(letter, sections)
    replies = _replies(admin, ids)
    _check_page_refs(replies, comments, spans)
    signed_name, signed_role, response_date = _signature(lines, closing_at)
    # "Med venlig hilsen", then name, role, council and date, as the letter closes
    signature = [norm(line) for line in lines[closing_at : closing_at + 12] if line.strip()][:5]
    return SeedRound(
        title=case["title"],
        committee=case["committee"],
        summary=case["summary"],
        background_note="\n\n".join(prose_paragraphs(lines[note_at + 1 : replies_at])),
        sections=sections,
        # "Handicaprådets høringssvar": the party is the council, in its definite form.
        party_name=norm(lines[letter_at]).split()[0].removesuffix("s"),
        signed_name=signed_name,
        signed_role=signed_role,
        response_date=response_date,
        letter_text="\n\n".join([*prose_paragraphs(lines[letter_at + 1 : closing_at]), "\n".join(signature)]),
        comments=comments,
        replies=replies,
        decision_date=case["decision_date"],
        decision_text=case["decision_text"],
    )


# --- the committee case ----------------------------------------------------


def _parse_case(lines: list[str]) -> dict:
    title_at = find_line(
        lines, r"Kvalitetsstandarder på det specialiserede voksenområde - ", 0, "case title"
    )
    resume_at = find_line(lines, r"Resumé$", title_at, "case resumé")
    proposal_at = find_line(lines, r"Indstilling$", resume_at, "case proposal")
    attachments_at = find_line(lines, r"Bilag$", proposal_at, "case attachments")
    # The case was treated twice; the final decision is the last dated one.
    dated = re.compile(r"\S.*, den \d+\. \w+ \d{4}$")
    decisions = [i for i in range(proposal_at, attachments_at) if dated.match(norm(lines[i]))]
    if not decisions:
        raise ValueError("seed: committee decision line ('<udvalg>, den <dato>') not found")
    decided_at = decisions[-1]
    committee, _, when = norm(lines[decided_at]).partition(", den ")
    return {
        # "- genforelæggelse" says the case came back; it is not part of the subject.
        "title": re.sub(r"\s*-\s*genforelæggelse$", "", norm(lines[title_at])),
        "committee": committee,
        "summary": "\n\n".join(_case_paragraphs(lines[resume_at + 1 : proposal_at])),
        "decision_date": _parse_date(when),
        "decision_text": "\n\n".join(_case_paragraphs(lines[decided_at + 1 : attachments_at])),
    }


def _case_paragraphs(lines: list[str]) -> list[str]:
    """The agenda puts an empty line after every line; a line of spaces ends a paragraph."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line and not line.strip():
            paragraphs.append([])
        elif line.strip():
            paragraphs[-1].append(norm(line))
    return [join_parts(p) for p in paragraphs if p]


def _parse_date(text: str) -> datetime.date:
    match = _DATE.search(text)
    if not match or match.group(2).lower() not in MONTHS:
        raise ValueError(f"seed: no Danish date in {text!r}")
    day, month, year = match.groups()
    return datetime.date(int(year), MONTHS.index(month.lower()) + 1, int(day))


def _signature(lines: list[str], closing_at: int) -> tuple[str, str, datetime.date]:
    """Name, role, council, date: the four lines under "Med venlig hilsen"."""
    block = [norm(line) for line in lines[closing_at + 1 : closing_at + 12] if line.strip()]
    if len(block) < 4:
        raise ValueError("seed: the letter's signature block is incomplete")
    return block[0], block[1], _parse_date(block[3])


# --- the council's points and the administration's replies ---------------------


def _comments(letter: str, sections) -> tuple[tuple[SeedComment, ...], dict[str, int]]:
    """The editorial table's points and the letter's "ingen bemærkninger" points, in the letter's order."""
    keys = {s.key for s in _walk(sections)}
    placed, cursor, heading = [], 0, None  # (where the point starts in the letter, its id, the comment)
    for point in points.COMMENTS:
        if point.section_key is not None and point.section_key not in keys:
            raise ValueError(f"seed: comment {point.id!r} targets unknown section {point.section_key!r}")
        # A sub-heading is a paragraph of its own; points under it follow it.
        if point.heading and point.heading != heading:
            cursor = _find(letter, f"\n\n{point.heading}\n\n", cursor, f"comment {point.id} heading")
        heading = point.heading
        text, cursor = _between(letter, point.start, point.end, cursor, f"comment {point.id}")
        placed.append((cursor - len(text), point.id, SeedComment(point.section_key, point.heading, text)))
    placed += [(at, None, comment) for at, comment in _no_remarks(letter, sections)]
    placed.sort(key=lambda item: item[0])
    ids = {point_id: index for index, (_at, point_id, _comment) in enumerate(placed) if point_id}
    return tuple(comment for _at, _id, comment in placed), ids


def _no_remarks(letter: str, sections) -> list[tuple[int, SeedComment]]:
    """Each "ingen bemærkninger" paragraph under a sub-heading that names a standard by its §
    ("Merudgifter § 100"): a no-remarks point on that standard, with where it starts in the letter."""
    standards = {s.number.replace(" ", ""): s.key for s in sections if s.number}
    found, at = [], 0
    paragraphs = letter.split("\n\n")
    for before, paragraph in zip(paragraphs, paragraphs[1:], strict=False):
        at += len(before) + 2
        if not _NO_REMARKS.match(paragraph):
            continue
        number = _PARAGRAPH_NUMBER.search(before)
        key = standards.get(number.group(0).replace(" ", "")) if number else None
        if key is None:
            raise ValueError(f"seed: {paragraph!r} follows {before!r}, which names no standard of the draft")
        found.append((at, SeedComment(key, before, paragraph, no_remarks=True)))
    return found


def _replies(admin: str, ids: dict[str, int]) -> tuple[SeedReply, ...]:
    replies, cursor = [], 0
    for point in points.REPLIES:
        if point.outcome not in OUTCOMES:
            raise ValueError(f"seed: reply to {point.answers} has unknown outcome {point.outcome!r}")
        entry = _find(admin, point.entry, cursor, f"reply entry {point.entry!r}")
        page_ref = re.match(r"s\.\s*\d+(?:\s*og\s*\d+)?", admin[entry:])
        text, cursor = _between(admin, point.start, point.end, entry, f"reply to {', '.join(point.answers)}")
        replies.append(
            SeedReply(
                comment_indexes=tuple(ids[a] for a in point.answers),
                # The seed's § 107 reply stops on a comma where its sentence ends.
                text=re.sub(r",$", ".", text),
                outcome=point.outcome,
                financial_consequence=point.financial_note is not None,
                financial_note=point.financial_note,
                draft_change=point.draft_change,
                page_ref=norm(page_ref.group(0)) if page_ref else None,
            )
        )
    return tuple(replies)


def _find(text: str, anchor: str, cursor: int, what: str) -> int:
    at = text.find(anchor, cursor)
    if at < 0:
        raise ValueError(f"seed: {what}: anchor {anchor.strip()!r} not found")
    return at + (len(anchor) - len(anchor.lstrip("\n")))


def _between(text: str, start: str, end: str, cursor: int, what: str) -> tuple[str, int]:
    a = _find(text, start, cursor, what)
    b = _find(text, end, a, what) + len(end)
    return text[a:b], b


def _check_page_refs(replies, comments, spans) -> None:
    """Each page the administration cites must lie in the standard it answers about."""
    for reply in replies:
        if not reply.page_ref:
            continue
        pages = {int(p) for p in re.findall(r"\d+", reply.page_ref)}
        for index in reply.comment_indexes:
            std = (comments[index].section_key or "").split("-")[0]
            first, last = spans.get(std, (0, -1))
            if not any(first <= p <= last for p in pages):
                raise ValueError(f"seed: {reply.page_ref} is not within {std} (pages {first}-{last})")


def _walk(sections):
    for section in sections:
        yield section
        yield from _walk(section.children)
