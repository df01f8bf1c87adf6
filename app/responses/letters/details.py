"""Who sent a letter, who signed it and when, read from its text to fill in the details form.

A letter ends "Med venlig hilsen", then the signatory's name, often a role
("Formand") and the sender ("Lyngby-Taarbæk Kommunes Handicapråd"), and
carries its date near the top or at the foot ("3. juni 2019", "Dato:
03.06.2019"). The sender is matched to a party of the hearing by its name
(rapidfuzz, so "Lyngby-Taarbæk Kommunes Handicapråd" is the party
"Handicaprådet"). Only a guess: the officer sees the fields filled in and
corrects them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7, "august": 8,
    "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10,
    "nov": 11, "dec": 12,
}
_WORD_DATE = re.compile(r"\b(\d{1,2})\.?\s*(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{4})\b",
                        re.I)
_NUMBER_DATE = re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b")
_CLOSING = re.compile(r"^(med )?(venlig|venligst|mange|bedste|kærlig)e? hilsen|^på .{0,60}vegne", re.I)
ROLES = re.compile(
    r"^(forperson|formand|næstformand|forkvinde|sekretær|sekretariat|direktør|leder|afdelingsleder|centerchef|"
    r"kontaktperson|medlem|bestyrelsesformand|kasserer|koordinator|konsulent|chef)\b", re.I)
_NAME = re.compile(r"^[A-ZÆØÅ][\w'-]+(?: [A-ZÆØÅ][\w.'-]*){1,3}$")
PARTY_SCORE = 80  # how alike a line and a party's name must be (rapidfuzz, 0–100)


@dataclass
class LetterFacts:
    sent_on: date | None = None
    signed_name: str | None = None
    signed_role: str | None = None
    sender: str | None = None  # the party's name as the hearing's list has it


def read_details(paragraphs: list[str], parties: list[str]) -> LetterFacts:
    closing = next((i for i, p in enumerate(paragraphs) if _CLOSING.match(p)), None)
    signature = [p for p in paragraphs[closing + 1:] if len(p) <= 80] if closing is not None else []
    facts = LetterFacts(sent_on=letter_date(signature + paragraphs[:6]))
    for line in signature:
        if facts.signed_name is None and _NAME.match(line) and not _party_of(line, parties) \
                and not ROLES.match(line):
            facts.signed_name = line
        elif facts.signed_name and facts.signed_role is None and ROLES.match(line):
            facts.signed_role = line
    facts.sender = next(
        (party for line in signature + paragraphs[:4] if (party := _party_of(line, parties))), None
    )
    return facts


def letter_date(lines: list[str]) -> date | None:
    """The first date that is a real day: "3. juni 2019", "Dato: 03.06.2019"."""
    for line in lines:
        for match in _WORD_DATE.finditer(line):
            if found := _date(int(match.group(3)), MONTHS[match.group(2).casefold()], int(match.group(1))):
                return found
        for match in _NUMBER_DATE.finditer(line):
            if found := _date(int(match.group(3)), int(match.group(2)), int(match.group(1))):
                return found
    return None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _party_of(line: str, parties: list[str]) -> str | None:
    """The party whose name the line is (or holds): "Lyngby-Taarbæk Kommunes Handicapråd" is "Handicaprådet"."""
    said = _stem(line)
    best, best_score = None, 0.0
    for party in parties:
        name = _stem(party)
        if not name or not said:
            continue
        score = max(fuzz.ratio(said, name), fuzz.partial_ratio(name, said) if len(name) >= 6 else 0)
        if score > best_score:
            best, best_score = party, score
    return best if best_score >= PARTY_SCORE else None


def _stem(name: str) -> str:
    """The name without the definite ending ("rådet" → "råd") and without what every council's name says."""
    words = [re.sub(r"(et|en)$", "", w) if len(w) > 6 else w for w in re.findall(r"\w+", name.casefold())]
    return " ".join(w for w in words if w not in {"kommune", "kommunes", "i", "for"})
