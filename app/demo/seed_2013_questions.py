"""The members' written questions of the 2013 round and the administration's answers, from seed 000's table
"Spørgsmålsstiller | Spørgsmål | Forvaltningens svar" (from line 171), stored on a hearing as approved.

The PDF's three columns come out of the extraction one after the other: the
asker ("Gitte Westermann" / "(V)"), the mark ("1)", or "a)" … "g)" for the
points the administration answers under 16), the question in a narrow column,
then the answer in a wide one. Where a page breaks inside a question, the rest
of it comes after the answer's first part, as a run of short lines; the
Social- og Sundhedsudvalget stamp of the page ("hjp", "Maskinskrevet tekst" …)
is left out. Lines are joined and paragraphs found with `seed_text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app

from app.committee.questions import operations as questions
from app.committee.questions.models import AnswerStatus, CommitteeQuestion
from app.demo.seed_text import find_line, join_parts, norm
from app.hearings.models import Hearing

SEED_2013 = "000_5fb5fb59a46b40c9.txt"
_MARK = re.compile(r"^(\d+|[a-z])\)$")
_ASKER = re.compile(r"^(?P<name>.+?)\s*\((?P<party>[A-ZÆØÅ]{1,3})\)$")
# The stamp put on a page of the appendix when it was sent after the meeting.
_STAMP = ("hjp", "Maskinskrevet tekst", "Social- og Sundhedsudvalget", "11. september 2013,",
          "Bilag til sag 2 eftersendt")
_QUESTION_COLUMN = 27  # the question column's widest line, in characters
_TERMINAL = (".", "?", "!")
_SHORT_ANSWER_LINE = 65  # the answer column's lines run to about 80 characters; a shorter one ends a paragraph
# A word the narrow column broke with a hyphen: "forskel-" / "lige", "opgave-" / "løsningen".
_BROKEN_WORD = re.compile(r"(?<=[a-zæøå])- (?=[a-zæøå])")


@dataclass(frozen=True)
class SeedQuestion:
    mark: str  # "1)" … "18)", "a)" … "g)"
    asker: str  # "Gitte Westermann (V)"
    name: str
    party: str
    text: str
    answer: str  # paragraphs separated by a blank line


# The answers were sent to the members before the meeting of 11 September 2013 ("Bilag til sag 2 eftersendt").
ANSWERED_AT = datetime(2013, 9, 10, 12, 0, tzinfo=UTC)


def load_2013_questions(hearing: Hearing, seed_path: str | Path | None = None) -> list[CommitteeQuestion]:
    """Store the seed's questions on `hearing` as asked, answered and approved (the caller commits).
    A hearing that has questions already keeps them. The seed is found beside the 2019 demo's."""
    existing = questions.questions(hearing)
    if existing:
        return existing
    path = Path(seed_path) if seed_path else Path(current_app.config["DEMO_SEED_FILE"]).parent / SEED_2013
    stored = []
    for parsed in parse_questions(path.read_text(encoding="utf-8")):
        question = questions.add_question(hearing, parsed.asker, parsed.text, mark=parsed.mark, now=ANSWERED_AT)
        question.answer, question.status = parsed.answer, AnswerStatus.APPROVED
        question.answered_at = question.approved_at = question.members_told_at = ANSWERED_AT
        stored.append(question)
    return stored


def parse_questions(text: str) -> list[SeedQuestion]:
    """Every question of the table, in the seed's order."""
    lines = text.splitlines()
    first = find_line(lines, r"^Spørgsmålsstiller Spørgsmål Forvaltningens svar$", what="questions table") + 1
    last = find_line(lines, r"^Helhedsplan for socialpsykiatrien$", first, what="end of the questions table")
    body = _without_stamp([norm(line) for line in lines[first:last]])
    marks = [i for i, line in enumerate(body) if _MARK.match(line)]
    found = []
    for n, at in enumerate(marks):
        asker_lines = _asker_lines(body, at)
        end = _asker_lines(body, marks[n + 1])[0] if n + 1 < len(marks) else len(body)
        found.append(_entry(body[at], [body[i] for i in asker_lines], body[at + 1:end]))
    return found


def _without_stamp(lines: list[str]) -> list[str]:
    out, i = [], 0
    while i < len(lines):
        if lines[i] == _STAMP[0] and tuple(lines[i:i + len(_STAMP)]) == _STAMP:
            i += len(_STAMP)
            continue
        out.append(lines[i])
        i += 1
    return out


def _asker_lines(body: list[str], mark_at: int) -> list[int]:
    """The two lines before a mark that name the asker ("Hans Henrik" / "Madsen (SF)")."""
    found, i = [], mark_at - 1
    while len(found) < 2:
        if body[i]:
            found.insert(0, i)
        i -= 1
    return found


def _entry(mark: str, asker_lines: list[str], lines: list[str]) -> SeedQuestion:
    asker = " ".join(asker_lines)
    match = _ASKER.match(asker)
    if match is None:
        raise ValueError(f"seed: no asker with a party letter before {mark}: {asker!r}")
    question, rest = _first_block(lines)
    if not question[-1].endswith(_TERMINAL):
        more, rest = _continued(rest)
        question += more
    return SeedQuestion(mark, asker, match["name"], match["party"], _joined(question),
                        "\n\n".join(_paragraphs(rest)))


def _first_block(lines: list[str]) -> tuple[list[str], list[str]]:
    start = next(i for i, line in enumerate(lines) if line)
    end = next((i for i in range(start, len(lines)) if not lines[i]), len(lines))
    return lines[start:end], lines[end:]


def _continued(lines: list[str]) -> tuple[list[str], list[str]]:
    """The rest of a question a page break cut: the first run of two or more short lines in the answer."""
    i = 0
    while i < len(lines) - 1:
        if _short(lines[i]) and _short(lines[i + 1]):
            end = i
            while end < len(lines) and _short(lines[end]):
                end += 1
            return lines[i:end], lines[:i] + lines[end:]
        i += 1
    return [], lines


def _short(line: str) -> bool:
    return bool(line) and len(line) <= _QUESTION_COLUMN


def _paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs and "- " items; a blank line inside a sentence (a page break) does not end it."""
    paragraphs: list[list[str]] = []
    blank = True
    for line in lines:
        if not line:
            blank = True
            continue
        item = line.startswith("- ")
        goes_on = paragraphs and not item and (_mid_sentence(paragraphs[-1][-1], line) if blank
                                               else not _new_paragraph(paragraphs[-1], line))
        if goes_on:
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
        blank = False
    return [_joined(parts) for parts in paragraphs]


def _joined(parts: list[str]) -> str:
    """Wrapped lines as one text; a word broken at a line's end is whole again ("og"/"eller" aside:
    "aktivitets- og samværstilbud" keeps its space)."""
    text = ""
    for part in parts:
        if text.endswith("-") and _BROKEN_WORD.search(text[-2:] + " " + part[:1]) \
                and not re.match(r"(og|eller)\b", part):
            text = text[:-1] + part
        else:
            text = join_parts([text, part]) if text else part
    return text


def _new_paragraph(paragraph: list[str], line: str) -> bool:
    """A sentence that begins a line after one that ended short of the column (or ended an item) begins a
    paragraph: the extraction lost the space between paragraphs."""
    last = paragraph[-1]
    ended = last.endswith(_TERMINAL) and line[:1].isupper()
    return ended and (paragraph[0].startswith("- ") or len(last) < _SHORT_ANSWER_LINE)


def _mid_sentence(last: str, line: str) -> bool:
    return not last.endswith((*_TERMINAL, ":")) and line[:1].islower()
