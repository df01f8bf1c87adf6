"""The committee's meetings as the seed's minutes write them: outcome, vote and decision, parsed from the text.

"For stemte: 6 (3 (C), 2 (A), 1 (V)) Imod stemte: 1 (F), idet …" (2019) and
"6 (C, F, V og O) stemte for. 1 (A) stemte imod, idet …" (2013) both become
votes by side, count, party letters and reason; what remains is the decision text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.committee.meetings.models import MeetingOutcome, VoteSide

_PARTIES = r"\(((?:[^()]|\([^()]*\))*)\)"  # "(C, F, V og O)" or "(3 (C), 2 (A), 1 (V))"
_SIDES = {"for": VoteSide.FOR, "imod": VoteSide.AGAINST, "undlod at stemme": VoteSide.ABSTAINING}
# "For stemte: 6 (…)" / "Imod stemte: 1 (F), idet …", up to the next side or the paragraph's end.
_HEADED = re.compile(rf"(For|Imod) stemte:\s*(\d+)\s*{_PARTIES}(?:,\s*(idet .*?))?\s*(?=(?:For|Imod) stemte:|$)")
# "6 (C, F, V og O) stemte for." / "1 (A) stemte imod, idet …."
_TRAILING = re.compile(rf"(\d+)\s*{_PARTIES}\s*(stemte for|stemte imod|undlod at stemme)(?:,\s*(idet [^\n]*?))?\.")
_OUTCOMES = {"anbefalet": MeetingOutcome.RECOMMENDED, "godkendt": MeetingOutcome.APPROVED,
             "taget til efterretning": MeetingOutcome.NOTED, "udsat": MeetingOutcome.POSTPONED,
             "udsættes": MeetingOutcome.POSTPONED, "forkastet": MeetingOutcome.REJECTED,
             "oversendt": MeetingOutcome.REFERRED}
_OUTCOME = re.compile(r"\b(" + "|".join(_OUTCOMES) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class SeedVote:
    side: VoteSide
    count: int
    parties: str
    reason: str


@dataclass(frozen=True)
class SeedMeeting:
    decision_text: str  # the paragraphs that are not the vote
    outcome: MeetingOutcome
    votes: tuple[SeedVote, ...]


def parse_minutes(text: str) -> SeedMeeting:
    """Split a decision's paragraphs into the vote and the rest; the outcome is the first one the text names."""
    kept, votes = [], []
    for paragraph in text.split("\n\n"):
        found = [SeedVote(_SIDES[m.group(1).lower()], int(m.group(2)), m.group(3), (m.group(4) or "").rstrip("."))
                 for m in _HEADED.finditer(paragraph)]
        found += [SeedVote(_SIDES[m.group(3).removeprefix("stemte ")], int(m.group(1)), m.group(2), m.group(4) or "")
                  for m in _TRAILING.finditer(paragraph)]
        rest = _TRAILING.sub("", _HEADED.sub("", paragraph)).strip()
        votes += found
        if rest:
            kept.append(rest)
    decision = "\n\n".join(kept)
    outcome = _OUTCOME.search(decision)
    if outcome is None:
        raise ValueError(f"seed: no outcome (anbefalet, godkendt, udsat …) in the decision {decision[:80]!r}")
    return SeedMeeting(decision, _OUTCOMES[outcome.group(1).lower()], tuple(votes))
