"""A meeting as plain data, and the one way its treatment is put into words.

The same record is shown on the hearing's pages, frozen into the memo (so a
finalised memo says what was known when it was finalised) and kept in the
audit trail as the earlier version of a corrected meeting.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _

from app.committee.meetings.models import Meeting, MeetingOutcome, VoteSide


@dataclass
class VoteRecord:
    side: str  # a VoteSide value
    count: int
    parties: str = ""  # "C, F, V og O"
    reason: str = ""  # "idet model 2 ikke bør indgå …"

    def sentence(self) -> str:
        """"6 (C, F, V og O) stemte for." – "1 (A) stemte imod, idet …"."""
        who = f"{self.count} ({self.parties})" if self.parties else str(self.count)
        if self.side == VoteSide.FOR.value:
            text = _("%(who)s stemte for", who=who)
        elif self.side == VoteSide.AGAINST.value:
            text = _("%(who)s stemte imod", who=who)
        else:
            text = _("%(who)s undlod at stemme", who=who)
        if self.reason:
            text += ", " + self.reason.rstrip(" .")
        return text + "."


@dataclass
class MeetingRecord:
    held_on: str  # ISO date
    body: str
    outcome: str  # a MeetingOutcome value
    decision_text: str = ""
    votes: list[VoteRecord] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, meeting: Meeting) -> MeetingRecord:
        return cls(
            held_on=meeting.held_on.isoformat(), body=meeting.body.name, outcome=meeting.outcome.value,
            decision_text=meeting.decision_text or "",
            votes=[VoteRecord(vote.side.value, vote.count, vote.parties, vote.reason) for vote in meeting.votes],
            absent=meeting.absent_members,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MeetingRecord:
        return cls(**{**data, "votes": [VoteRecord(**vote) for vote in data.get("votes", [])]})

    @property
    def held_on_date(self) -> date:
        return date.fromisoformat(self.held_on)

    def heading(self) -> str:
        """"21. august 2013 – Social- og Sundhedsudvalget"."""
        return f"{format_date(self.held_on_date, 'long')} – {self.body}"

    def outcome_sentence(self) -> str:
        return f"{MeetingOutcome(self.outcome).label}."

    def vote_sentences(self) -> list[str]:
        return [vote.sentence() for vote in self.votes]

    def absent_sentence(self) -> str | None:
        """"Jørn Moos (V) var fraværende." – several: "A (V) og B (O) var fraværende."."""
        if not self.absent:
            return None
        names = self.absent[0] if len(self.absent) == 1 else \
            ", ".join(self.absent[:-1]) + " " + _("og") + " " + self.absent[-1]
        return _("%(names)s var fraværende.", names=names)

    def summary(self) -> str:
        """The whole treatment in one line, as the case's path reads: heading, outcome, vote, absence."""
        parts = [f"{self.heading()}: {self.outcome_sentence()}", *self.vote_sentences()]
        if absent := self.absent_sentence():
            parts.append(absent)
        return " ".join(parts)


def case_path(meetings: list[Meeting]) -> list[MeetingRecord]:
    """The case's path through the bodies, in the order of the meetings."""
    return [MeetingRecord.of(meeting) for meeting in sorted(meetings, key=lambda m: (m.held_on, m.id or 0))]
