"""Every imported section's number, and where it came from: one step over any reader's tree.

A reader (Word, pasted text, ODT, PDF) hands over its sections with the
numbers it saw at the start of a heading ("1.2 Formål") or in Word's automatic
numbering. `number_sections` then looks further, the same way for every
format:

1. the heading, wherever the number stands: "§ 84 Aflastning",
   "Kvalitetsstandard for aflastningsordning – § 84", "… efter servicelovens
   § 84", "§§ 103 og 104", "Kapitel 4", "Bilag 2", "Punkt 5";
2. else the section's own legal basis: its first field when that field is the
   legal basis ("Lovgrundlag for ydelsen" | "Lov om Social Service § 84
   stk. 1." gives "§ 84"), or its first paragraph when that reads like one
   ("§ 107 i Lov om Social Service."). The first § named wins: "§ 108 og
   almenboligloven § 105 jf. § 85" gives "§ 108".

The heading keeps its words; `section_label` shows the number once, so a
heading that already says "§ 84" is not shown as "§ 84 … § 84".
"""

from __future__ import annotations

import re
from html import unescape

from flask_babel import lazy_gettext as _l

from app.labels import LabelledEnum


class NumberSource(LabelledEnum):
    HEADING = "heading", _l("Fundet i overskriften.")
    LEGAL_BASIS = "legal_basis", _l("Fundet i lovgrundlaget.")
    STAFF = "staff", _l("Skrevet af dig.")
    NONE = "none", _l("Intet nummer fundet.")


_LETTER = r"(?:[a-zæøå](?![a-zæøå]))?"  # "§ 83a", but not the "s" of "§ 84stk"
_PARAGRAPHS = re.compile(
    rf"§§\s*\d+{_LETTER}(?:\s*(?:[-–,]|og|eller)\s*\d+{_LETTER})*"  # "§§ 103 og 104", "§§ 97-99"
    rf"|§\s*\d+{_LETTER}(?:\s*[-–]\s*\d+{_LETTER}\b)?"  # "§ 84", "§ 83-83a"
)
# Words that number a part of a document, capitalised as a heading writes them.
_NAMED = re.compile(r"\b(?:Kapitel|Bilag|Punkt|Pkt\.|Afsnit|Del|Artikel)\s+\d+(?:\.\d+)*[a-zæøå]?\b")
_LEADING_DIGITS = re.compile(r"^\d{1,3}\.(?:\d{1,3}\.?)*(?=\s|$)")  # "1.", "2.3": a dot, so not "12 uger"
_LEGAL_BASIS_FIELD = re.compile(r"^(?:lovgrundlag|lovhjemmel|hjemmel|retsgrundlag|lovgivning|lovbestemmelse|lov\b)",
                                re.IGNORECASE)
_LEGAL_BASIS_START = re.compile(
    r"^(?:(?:lovgrundlag|lovhjemmel|hjemmel|retsgrundlag)\b|lov om\b|§|[\wæøå-]+lovens?\s+§|serviceloven\b)",
    re.IGNORECASE,
)
_FIRST_PARAGRAPH = re.compile(r"<(?:p|li|td|th)\b[^>]*>(.*?)</(?:p|li|td|th)>", re.S)
_TAG = re.compile(r"<[^>]+>")


def number_in_heading(heading: str) -> str | None:
    """The number a heading names, wherever it stands; None when it names none."""
    if match := _PARAGRAPHS.search(heading):
        return _tidy(match[0])
    if match := _NAMED.search(heading):
        return _tidy(match[0])
    if match := _LEADING_DIGITS.match(heading):
        return match[0].rstrip(".")
    return None


def number_in_legal_basis(text: str) -> str | None:
    """The first § a legal basis names: "Lov om Social Service § 84 stk. 1." gives "§ 84"."""
    match = _PARAGRAPHS.search(text)
    return _tidy(match[0]) if match else None


def number_sections(sections: list, max_chars: int) -> None:
    """Set `number` and `number_source` on every section of the tree, in place."""
    for section in sections:
        _number(section, top_level=True, max_chars=max_chars)


def _number(section, top_level: bool, max_chars: int) -> None:
    if section.number:
        if section.number_source is NumberSource.NONE:
            section.number_source = NumberSource.HEADING  # the reader found it (a leading or Word's own number)
    elif (number := number_in_heading(section.heading)) and len(number) <= max_chars:
        section.number, section.number_source = number, NumberSource.HEADING
    elif (number := _from_legal_basis(section, top_level)) and len(number) <= max_chars:
        section.number, section.number_source = number, NumberSource.LEGAL_BASIS
    else:
        section.number_source = NumberSource.NONE
    for child in section.children:
        _number(child, top_level=False, max_chars=max_chars)


def _from_legal_basis(section, top_level: bool) -> str | None:
    """From the first field when it is the legal basis, else from a first paragraph that reads like one.

    A field's own text is never its number: "Andre bestemmelser" | "Lov om social
    service § 83" names another §, so only a section with fields, or one at the
    top, looks at its first paragraph.
    """
    if section.children:
        first = section.children[0]
        if _LEGAL_BASIS_FIELD.match(first.heading):
            return number_in_legal_basis(first_paragraph(first.body_html))
    if not (top_level or section.children) or _LEGAL_BASIS_FIELD.match(section.heading):
        return None
    text = first_paragraph(section.body_html)
    return number_in_legal_basis(text) if _LEGAL_BASIS_START.match(text) else None


def change_numbers(sections: list, numbers: list[str | None]) -> None:
    """Staff's numbers from the preview, one per section in draft order; a changed one is theirs."""
    for section, number in zip(sections, numbers, strict=True):
        number = number or None
        if number != section.number:
            section.number = number
            section.number_source = NumberSource.STAFF if number else NumberSource.NONE


def first_paragraph(html: str) -> str:
    match = _FIRST_PARAGRAPH.search(html or "")
    return " ".join(unescape(_TAG.sub(" ", match[1])).split()) if match else ""


def _tidy(number: str) -> str:
    """One space after the § sign and none doubled: "§84" and "§  84" are "§ 84"."""
    number = re.sub(r"(§+)\s*", r"\1 ", number)
    return " ".join(number.split()).rstrip(".")


def section_label(number: str | None, heading: str) -> str:
    """"§ 84 Aflastning", but "Kvalitetsstandard for aflastning – § 84" as it is: the number once."""
    if not number or contains_number(heading, number):
        return heading
    return f"{number} {heading}"


def contains_number(heading: str, number: str) -> bool:
    pattern = r"\s*".join(re.escape(part) for part in number.replace("§", " § ").split())
    return re.search(rf"(?<![\w.]){pattern}(?![\w])", heading) is not None
