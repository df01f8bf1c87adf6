"""What a memo (høringsnotat) says, as plain data: compiled from the database, rendered to
HTML, Word, PDF and tables, and frozen as JSON when the memo is finalised.

Dates are ISO strings and outcomes their enum values, so a frozen memo reads
back exactly as it was compiled, whatever changes in the database later.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.committee.meetings.record import MeetingRecord
from app.labels import LabelledEnum
from app.memos.shape import Shape


class PartyStatus(LabelledEnum):
    """A party's status in the introduction's list of parties (stored by its value)."""

    ANSWERED = "answered", _l("Har afgivet høringssvar")
    NO_REMARKS = "no_remarks", _l("Ingen bemærkninger")
    NOT_ANSWERED = "not_answered", _l("Har ikke svaret")
    DECLINED = "declined", _l("Har meldt fra")


_WORD = re.compile(r"\w+")

ANSWERED = PartyStatus.ANSWERED.value
NO_REMARKS = PartyStatus.NO_REMARKS.value
NOT_ANSWERED = PartyStatus.NOT_ANSWERED.value
DECLINED = PartyStatus.DECLINED.value


@dataclass
class MemoComment:
    sender: str
    text: str
    heading: str | None = None  # the party's own sub-heading, if it had one
    section_label: str | None = None
    # In a large memo, a long comment's opening (app/memos/shape.py), and where it stands in full in the
    # appendix ("3:2": the third response's second comment); None where the memo shows it whole.
    excerpt: str | None = None
    ref: str | None = None

    @property
    def shown_text(self) -> str:
        return self.excerpt or self.text

    def excerpt_note(self) -> str | None:
        """That the text shown is an excerpt, and where the comment stands in full; called where the memo
        is rendered, in Danish."""
        if not self.excerpt:
            return None
        return _("Uddrag. Hele bemærkningen står i bilaget, høringssvar nr. %(number)s.",
                 number=(self.ref or "").split(":")[0])

    @property
    def own_heading(self) -> str | None:
        """The party's sub-heading where it says more than the section's label: "Beskyttet
        beskæftigelse § 103" under "§ 103 Beskyttet beskæftigelse – Omfang/varighed" would say it twice."""
        if not self.heading or not self.section_label:
            return self.heading
        label = _WORD.findall(self.section_label.casefold())
        repeats = all(any(known.startswith(word) for known in label)
                      for word in _WORD.findall(self.heading.casefold()))
        return None if repeats else self.heading


@dataclass
class MemoCampaign:
    """Near-duplicate copies of one letter (a campaign) among a point's citizens: named once."""

    count: int
    example: MemoComment

    def heading(self) -> str:
        return ngettext("%(count)s borger har sendt den samme bemærkning. Et eksempel:",
                        "%(count)s borgere har sendt enslydende bemærkninger. Et eksempel:", self.count,
                        count=format_decimal(self.count))


@dataclass
class MemoPoint:
    """One reply and the comments it answers; a comment not yet answered is a point without a reply.

    The point stands once however many raised it: the parties' comments in full, the citizens'
    campaigns once each with their count and one example, a few other citizens' comments (app/memos/shape.py),
    and the rest counted (their words are in the appendix)."""

    comments: list[MemoComment]
    reply: str | None = None
    outcome: str | None = None  # an Outcome value
    financial_consequence: bool = False
    financial_note: str | None = None
    approved: bool = False
    # Answered in the general remarks (their reply's opening words), not by words of its own.
    in_general: str | None = None
    # Who raised it: the parties by name, the citizens counted (a memo frozen before this had neither).
    party_names: list[str] = field(default_factory=list)
    citizens: int = 0
    campaigns: list[MemoCampaign] = field(default_factory=list)
    more_citizens: int = 0  # citizens' comments neither shown nor in a campaign (in the appendix)
    # Every comment it answers, shown or counted, by its place in the appendix ("3:2": the third response's
    # second comment); for the open data (a memo frozen before this has none).
    comment_refs: list[str] = field(default_factory=list)

    def raised_by(self) -> str | None:
        """"Handicaprådet, Seniorrådet og 4.212 borgere", where more than one raised the point; called
        where the memo is rendered, in Danish."""
        if not self.citizens:
            return None if len(self.senders) < 2 else _join(self.senders)
        citizens = ngettext("%(count)s borger", "%(count)s borgere", self.citizens,
                            count=format_decimal(self.citizens))
        return _join([*self.party_names, citizens]) if self.party_names or self.citizens > 1 else None

    def more_citizens_text(self) -> str | None:
        if not self.more_citizens:
            return None
        return ngettext("Yderligere %(count)s bemærkning fra en borger står i bilaget med høringssvarene.",
                        "Yderligere %(count)s bemærkninger fra borgere står i bilaget med høringssvarene.",
                        self.more_citizens, count=format_decimal(self.more_citizens))

    def answer(self, final: bool) -> str | None:
        """What the memo says where a reply has no words of its own; None when it has them.

        Called where the memo is rendered, in Danish. A finalised memo never says "not answered yet":
        a point left without a reply reads as the administration having no remarks to it."""
        if self.reply:
            return None
        if self.in_general:
            return _("Bemærkningen indgår i forvaltningens generelle bemærkninger (afsnit 2), i svaret, der "
                     "begynder \u201d%(opening)s\u201d.", opening=self.in_general)
        if self.outcome == "noted":
            return _("Forvaltningen tager bemærkningen til efterretning.")
        return _("Forvaltningen har ingen bemærkninger hertil.") if final else _("Ikke besvaret endnu.")

    @property
    def shows_outcome(self) -> bool:
        """"Taget til efterretning" is said once: by the sentence, when there is no reply text."""
        return bool(self.outcome) and (bool(self.reply) or self.outcome != "noted" or bool(self.in_general))

    @property
    def senders(self) -> list[str]:
        return list(dict.fromkeys(comment.sender for comment in self.comments))


def _join(names: list[str]) -> str:
    """"A, B og C"."""
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " " + _("og") + " " + names[-1]


@dataclass
class MemoSection:
    """The remarks on one section of the draft (or on several, when one reply answers them together)."""

    keys: list[str]
    label: str  # "§ 84 Aflastningsordning – Omfang/varighed"
    pages: list[int]
    points: list[MemoPoint]
    no_remarks: list[str] = field(default_factory=list)  # who said "ingen bemærkninger" to it

    @property
    def names_each_section(self) -> bool:
        """Whether a point's comments each say which section they are on: under several sections ("§ 103
        og § 104"), where one reply answers them together. Under one, its heading says it for all of them
        (a national hearing's memo said it 3,355 times, up to three lines each)."""
        return len(self.keys) > 1


@dataclass
class MemoParty:
    name: str
    status: str  # ANSWERED, NO_REMARKS, NOT_ANSWERED, DECLINED
    responded_on: str | None = None  # ISO date


@dataclass
class MemoPreference:
    """One line of the tally of preferences on a hearing with alternatives (see app.memos.tally)."""

    kind: str  # a Preference value: "alternative", "none" or "variant"
    label: str  # the alternative's name, or the variant's own name ("model 2½"), or ""
    senders: list[str]
    responses: int
    parties: int
    text: str = ""  # a variant's text
    reasons: list[str] = field(default_factory=list)  # "Sender: the reason given"


@dataclass
class MemoChange:
    key: str
    label: str
    marked_html: str  # the new wording, inserted and deleted words marked (escaped, safe)


@dataclass
class MemoResponse:
    """A response in full, for the appendix."""

    sender: str
    kind: str  # a ResponseKind value
    submitted_on: str | None
    no_remarks: bool
    signed: str | None
    comments: list[MemoComment]
    full_text: str | None = None  # the response as it came, where it came as one text (a letter)


@dataclass
class MemoGap:
    """Something the memo still lacks: a comment without a reply, or a reply not approved."""

    kind: str  # "no_reply" or "not_approved"
    label: str
    sender: str
    comment_id: int | None = None
    reply_id: int | None = None


class _OnFirstRead:
    """A field given as a list, or as a function that makes it, called when the field is first read: the
    compiled memo's appendix (every response in full) is built only where it is exported, shown or frozen."""

    def __set_name__(self, owner, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, memo, owner=None):
        if memo is None:
            raise AttributeError(self.slot)  # no default at class level: the dataclass field stays required
        value = memo.__dict__[self.slot]
        if callable(value):
            value = memo.__dict__[self.slot] = value()
        return value

    def __set__(self, memo, value) -> None:
        memo.__dict__[self.slot] = value


@dataclass
class MemoContent:
    municipality: str
    slug: str
    hearing_title: str
    case_number: str | None
    committee: str | None
    summary: str
    opens_at: str | None  # ISO datetimes
    deadline_at: str | None
    parties: list[MemoParty]
    citizen_count: int
    response_count: int
    general: list[MemoPoint]
    sections: list[MemoSection]
    changes: list[MemoChange]
    appendix: list[MemoResponse] | Callable[[], list[MemoResponse]] = _OnFirstRead()  # type: ignore[assignment]
    gaps: list[MemoGap] = field(default_factory=list)
    # Compiled for the preview (False), or frozen by finalising (True; a memo frozen before this had no key).
    is_final: bool = True
    # The case's path through the political bodies so far (a memo finalised before any meeting has none).
    meetings: list[MeetingRecord] = field(default_factory=list)
    # The tally of preferences, on a hearing with alternatives (a memo finalised before this had none).
    preferences: list[MemoPreference] = field(default_factory=list)
    # The members' written questions and the answers (app/memos/questions_appendix.py), as plain dicts.
    questions: list[dict] = field(default_factory=list)
    # A second round (genhøring) says so, and names the round before it; empty for a first round.
    round_note: str = ""

    @property
    def is_complete(self) -> bool:
        return not self.gaps

    @property
    def large(self) -> bool:
        """A memo of more than LARGE_MEMO_POINTS points: set as tables, after an overview (app/memos/overview.py)."""
        return Shape.of(len(self.general) + sum(len(section.points) for section in self.sections)).large

    @property
    def points(self) -> list[MemoPoint]:
        return self.general + [point for section in self.sections for point in section.points]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MemoContent:
        def points(items):
            return [MemoPoint(**{**p, "comments": [MemoComment(**c) for c in p["comments"]],
                                 "campaigns": [MemoCampaign(c["count"], MemoComment(**c["example"]))
                                               for c in p.get("campaigns", [])]}) for p in items]

        return cls(**{
            **data,
            "parties": [MemoParty(**p) for p in data["parties"]],
            "general": points(data["general"]),
            "sections": [MemoSection(**{**s, "points": points(s["points"])}) for s in data["sections"]],
            "changes": [MemoChange(**c) for c in data["changes"]],
            "appendix": [MemoResponse(**{**r, "comments": [MemoComment(**c) for c in r["comments"]]})
                         for r in data["appendix"]],
            "gaps": [MemoGap(**g) for g in data.get("gaps", [])],
            "meetings": [MeetingRecord.from_dict(m) for m in data.get("meetings", [])],
            "preferences": [MemoPreference(**p) for p in data.get("preferences", [])],
        })
