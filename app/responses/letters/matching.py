"""Which section of the draft a letter's heading (or a paragraph's opening words) names.

By number first: a "§ 85" in the heading is the section numbered § 85, or the
one whose own heading or legal basis names § 85 (an imported draft may have no
numbers set: "Kvalitetsstandard for aflastningsordning – § 84", or a first field
"Lovgrundlag" saying "Lov om Social Service § 84 stk. 1."); "pkt. 3" and
"Ad pkt. 2.1" are the sections numbered 3 and 2.1. Then by words, for a heading
without a number: its words against each section's heading, its parent's and
its legal basis (rapidfuzz, so "Aflastningsordning" finds "Kvalitetsstandard
for aflastningsordning" and "BPA- ordning" finds "Borgerstyret personlig
assistance (BPA)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

if TYPE_CHECKING:
    from app.responses.letters import SectionRef

# "§ 84", "§§ 103 og 104", "§ 82 d", "§ 108/ § 105"
PARAGRAPH_MENTION = re.compile(r"§§?\s*(\d+(?:\s?[a-zæøå]\b)?)((?:\s*(?:,|og|/|-|–)\s*§?\s*\d+\b)*)", re.I)
# "pkt. 3", "punkt 2.1", "Ad pkt. 3", "afsnit 4", "kapitel 2"
POINT_MENTION = re.compile(r"\b(?:pkt\.?|punkt|afsnit|kapitel|kap\.)\s*(\d+(?:\.\d+)*)", re.I)
# A field that holds a standard's legal basis: "Lovgrundlag", "Lovgrundlag for ydelsen", "Lovhjemmel".
BASIS_FIELD = re.compile(r"^(lovgrundlag|lovhjemmel|hjemmel|retsgrundlag)", re.I)
# Words that say nothing about which section: the kind of document, the law, the letter's own words.
STOPWORDS = {
    "og", "i", "for", "til", "af", "om", "med", "på", "efter", "ved", "de", "den", "det", "en", "et", "ad",
    "kvalitetsstandard", "kvalitetsstandarder", "standard", "lov", "loven", "social", "service", "serviceloven",
    "servicelovens", "stk", "pkt", "punkt", "bemærkninger", "bemærkning", "vedr", "vedrørende", "ydelsen",
    "ydelse", "tilbud", "ordning", "ordningen",
}
LETTERS = "abcdefghijklmnopqrstuvwxyzæøå"
WORD_SCORE = 85  # rapidfuzz ratio at which two words are the same word ("ledsageordning", "ledsagerordning")
MIN_SHARE = 0.6  # of a heading's telling words that must be found in a section's words


@dataclass
class Candidate:
    ref: SectionRef
    numbers: list[str] = field(default_factory=list)  # normalised: "84", "82d", "2.1"
    words: set[str] = field(default_factory=set)


class Index:
    """The draft's sections prepared for matching, built once per letter."""

    def __init__(self, sections: list[SectionRef]):
        by_key = {s.key: s for s in sections}
        children: dict[str | None, list[SectionRef]] = {}
        for section in sections:
            children.setdefault(section.parent_key, []).append(section)
        self.sections = sections
        self.top = [self._candidate(s, children.get(s.key, [])) for s in sections if s.parent_key is None]
        self.numbered = [
            Candidate(s, [normal_number(s.number)]) for s in sections if s.parent_key is not None and s.number
        ]
        self.by_key = by_key

    def _candidate(self, section: SectionRef, children: list[SectionRef]) -> Candidate:
        basis = " ".join(c.text for c in children if BASIS_FIELD.match(c.heading))
        if BASIS_FIELD.match(section.text or ""):
            basis += " " + section.text
        numbers = [normal_number(section.number)] if section.number else []
        numbers += paragraph_numbers(section.heading)
        numbers += paragraph_numbers(basis)[:1]  # "§ 108 og almenboligloven § 105 jf. § 85": § 108
        words = telling_words(f"{section.heading} {_law_free(basis)}")
        # "§ 82 a, c, d" is § 82 too; "§ 107 i …" may be the Danish "i" (in), not § 107 i.
        numbers += [n.rstrip(LETTERS) for n in numbers]
        return Candidate(section, list(dict.fromkeys(n for n in numbers if n)), words)

    def by_number(self, text: str, *, near_start: int | None = None) -> tuple[str | None, bool]:
        """(the key of the section the text names by number, whether it names a number at all)."""
        named = False
        for match in PARAGRAPH_MENTION.finditer(text):
            if near_start is not None and match.start() > near_start:
                break
            named = True
            number = normal_number(match.group(1))
            # "§ 82 d" is § 82 d if the draft has it, else the letter means § 82.
            for wanted in dict.fromkeys([number, number.rstrip(LETTERS)]):
                for candidate in self.top:
                    if wanted in candidate.numbers:
                        return candidate.ref.key, True
        for match in POINT_MENTION.finditer(text):
            if near_start is not None and match.start() > near_start:
                break
            named = True
            wanted = normal_number(match.group(1))
            for candidate in self.top + self.numbered:
                if wanted in candidate.numbers:
                    return candidate.ref.key, True
        return None, named

    def by_words(self, heading: str) -> str | None:
        """The top section whose heading or legal basis holds most of the heading's telling words."""
        said = telling_words(PARAGRAPH_MENTION.sub(" ", heading))
        if not said:
            return None
        scored = sorted(((_share(said, c.words), c.ref.key) for c in self.top), reverse=True)
        if not scored or scored[0][0] < MIN_SHARE:
            return None
        if len(scored) > 1 and scored[1][0] == scored[0][0]:
            return None  # two sections equally likely: the officer chooses
        return scored[0][1]

    def field_of(self, heading: str, current_key: str | None) -> str | None:
        """A field of the standard being read, by its heading: "Målgruppe"."""
        current = self.by_key.get(current_key) if current_key else None
        top = (current.parent_key or current.key) if current else None
        said = words_of(heading)
        for section in self.sections:
            if section.parent_key and section.parent_key == top and words_of(section.heading) == said:
                return section.key
        return None


def normal_number(number: str | None) -> str:
    """"§ 84" → "84", "§ 82 d" → "82d", "2.1." → "2.1", "3." → "3"."""
    return "".join((number or "").replace("§", "").split()).casefold().rstrip(".")


def paragraph_numbers(text: str) -> list[str]:
    return [normal_number(m.group(1)) for m in PARAGRAPH_MENTION.finditer(text or "")]


def words_of(text: str) -> str:
    return " ".join(re.findall(r"\w+", (text or "").casefold()))


def telling_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]+", (text or "").casefold()) if len(w) > 2 and w not in STOPWORDS}


def _law_free(basis: str) -> str:
    """The legal basis without the law's name: "Lov om Social Service § 84 stk. 1." says nothing in words."""
    return PARAGRAPH_MENTION.sub(" ", re.sub(r"\b\w*lov\w*\b", " ", basis, flags=re.I))


def _share(said: set[str], known: set[str]) -> float:
    found = sum(1 for word in said if any(_same_word(word, other) for other in known))
    return found / len(said)


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) >= 5 and (a.startswith(b) or b.startswith(a)):
        return True  # "samvær" and "samværstilbud", "aflastning" and "aflastningsordning"
    return fuzz.ratio(a, b) >= WORD_SCORE


def plain_start(html: str, limit: int = 300) -> str:
    """The first words of a section's text, without tags: enough to read a legal basis from."""
    text = re.sub(r"<[^>]*>", " ", (html or "")[: limit * 4])
    return " ".join(text.replace("&nbsp;", " ").replace("&amp;", "&").split())[:limit]
