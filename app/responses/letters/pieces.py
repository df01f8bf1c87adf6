"""Joining and splitting the letter's pieces with a button, so the officer never retypes text.

Join puts a piece and the next one together (a paragraph a PDF broke in two);
split cuts a piece at its sentences, and where a heading ran into the text
after it ("Socialpædagogisk støtte § 85 Handicaprådet vurderer …"). The other
pieces keep what the officer chose for them (choices follow each piece's text).
"""

from __future__ import annotations

import re

from app.responses.letters.documents import QUOTE

# After a sentence's end, or after the § a heading names, where a capital letter starts the next words.
_CUT = re.compile(r"(?<=[.!?:»”\"])\s+(?=[A-ZÆØÅ»“\"])|(?<=§ \d)\s+(?=[A-ZÆØÅ])|(?<=§ \d\d)\s+(?=[A-ZÆØÅ])"
                  r"|(?<=§ \d\d\d)\s+(?=[A-ZÆØÅ])")
JOIN, SPLIT = "join:", "split:"


def parts_of(paragraph: str) -> list[str]:
    """The sentences (and a run-in heading) a piece would be split into; one item: nothing to split."""
    quoted = paragraph.startswith(QUOTE)
    parts = [p.strip() for p in _CUT.split(paragraph.removeprefix(QUOTE)) if p.strip()]
    return [QUOTE + p for p in parts] if quoted else parts


def edit_pieces(paragraphs: list[str], action: str) -> list[str] | None:
    """The pieces after "join:N" (N with N+1) or "split:N"; None for an action that fits no piece."""
    kind, _, number = action.partition(":")
    if not re.fullmatch(r"[0-9]{1,6}", number) or f"{kind}:" not in (JOIN, SPLIT):  # "²".isdigit(), int() refuses
        return None
    at = int(number)
    if f"{kind}:" == JOIN and at + 1 < len(paragraphs):
        second = paragraphs[at + 1].removeprefix(QUOTE) if paragraphs[at].startswith(QUOTE) else paragraphs[at + 1]
        return [*paragraphs[:at], f"{paragraphs[at]} {second}", *paragraphs[at + 2:]]
    if f"{kind}:" == SPLIT and at < len(paragraphs) and len(parts := parts_of(paragraphs[at])) > 1:
        return [*paragraphs[:at], *parts, *paragraphs[at + 1:]]
    return None
