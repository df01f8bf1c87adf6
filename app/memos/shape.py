"""How much of each comment a memo shows: all of it in a hearing of ordinary size, the opening of a long
one in a large memo (issue 20).

A høringsnotat summarises each comment and answers it; the responses in full are its appendix. A memo of
a few dozen points (the 2019 and 2013 rounds) shows every comment whole, as the committee's papers did.
A national hearing's memo has about 10,000 points, each answering one comment of some 225 words: whole,
they made 5,773 pages. So a memo of more than LARGE_MEMO_POINTS points is a large memo, and in it

- a comment of more than EXCERPT_OVER words shows its opening: whole sentences up to EXCERPT_WORDS
  words (the first EXCERPT_WORDS words where the first sentence is longer), marked with " …", followed by
  a line that says it is an excerpt and where the comment stands in full: "Uddrag. Hele bemærkningen står
  i bilaget, høringssvar nr. 3." (the appendix's numbered contents lead to it); never cut silently;
- a point shows CITIZENS_SHOWN_LARGE citizens' comments besides one example per campaign (CITIZENS_SHOWN
  in a smaller memo); the rest are counted, with the same pointer to the appendix.

The rule is memo-wide, so a memo reads one way throughout; the opening is chosen when the memo is
compiled and frozen with it, so a finalised memo reads the same in HTML, Word and PDF, now and later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LARGE_MEMO_POINTS = 200
EXCERPT_OVER = 60  # about five lines of the PDF
EXCERPT_WORDS = 40  # about three lines
CITIZENS_SHOWN = 5
CITIZENS_SHOWN_LARGE = 2

_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?][\"»”')]*$")


@dataclass(frozen=True)
class Shape:
    """How much a memo shows: `large` for a memo of more than LARGE_MEMO_POINTS points."""

    large: bool

    @classmethod
    def of(cls, points: int) -> Shape:
        return cls(large=points > LARGE_MEMO_POINTS)

    @property
    def citizens_shown(self) -> int:
        return CITIZENS_SHOWN_LARGE if self.large else CITIZENS_SHOWN

    def excerpt(self, text: str) -> str | None:
        """The opening a large memo shows of `text`, ending in " …"; None where it shows all of it."""
        if not self.large or len(text.split(maxsplit=EXCERPT_OVER)) <= EXCERPT_OVER:
            return None
        words = list(_WORD.finditer(text))
        ends = [w.end() for w in words[EXCERPT_WORDS // 2:EXCERPT_WORDS] if _SENTENCE_END.search(w.group())]
        cut = ends[-1] if ends else words[EXCERPT_WORDS - 1].end()
        return text[:cut].rstrip() + " …"
