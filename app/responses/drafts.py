"""The working copy of a party's response, and how two people's saves meet.

A response is written by several people of one council, often at once and
while the page saves by itself. The working copy (`Response.draft`) is a flat
dict of texts by field name. Each save says, for every field it sends, the
digest of the text that field held when the page got it (its base). A field
is taken only if nobody else changed it since; otherwise the other person's
text stays, and the one saving is shown it beside their own, which stays in
their field. Nothing is overwritten without being seen.
"""

import hashlib
from dataclasses import dataclass, field

GENERAL = "general"
NO_REMARKS = "no_remarks"
SIGNED_NAME = "signed_name"
SIGNED_ROLE = "signed_role"
SECTION_PREFIX = "section-"
FIXED_FIELDS = (GENERAL, NO_REMARKS, SIGNED_NAME, SIGNED_ROLE)

# Long enough for any point a council makes (Handicaprådet's whole 2019
# letter is about 11,000 characters); a longer text is refused, never cut.
MAX_COMMENT_CHARS = 30_000
MAX_NAME_CHARS = 200
MAX_ROLE_CHARS = 100


def section_field(section_key: str) -> str:
    return f"{SECTION_PREFIX}{section_key}"


def normalise(text: str | None) -> str:
    """Browsers send CRLF; store LF, so the same text always has the same digest."""
    if not text or "\r" not in text:  # most of a save's 800 calls: an empty field, or a text without CR
        return text or ""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def digest(text: str | None) -> str:
    return hashlib.sha256(normalise(text).encode()).hexdigest()[:16]


def bases(draft: dict[str, str], names: list[str]) -> dict[str, str]:
    """The base digest of each named field, for the page to send back."""
    return {name: digest(draft.get(name)) for name in names}


@dataclass
class Merge:
    draft: dict[str, str]
    changed: list[str] = field(default_factory=list)
    # field name -> the text someone else saved there meanwhile
    conflicts: dict[str, str] = field(default_factory=dict)


def merge(current: dict[str, str], sent: dict[str, str], sent_bases: dict[str, str]) -> Merge:
    """Apply the fields that were sent onto the current working copy, field by field."""
    result = Merge(draft=dict(current))
    for name, value in sent.items():
        mine = normalise(value)
        theirs = normalise(current.get(name))
        if mine == theirs:
            continue
        if sent_bases.get(name, digest("")) == digest(theirs):
            result.draft[name] = mine
            result.changed.append(name)
        else:
            result.conflicts[name] = theirs
    return result


def has_content(draft: dict[str, str], section_keys: list[str]) -> bool:
    return bool(draft.get(GENERAL, "").strip()) or any(
        draft.get(section_field(key), "").strip() for key in section_keys
    )


def commented_keys(draft: dict[str, str], section_keys: list[str]) -> list[str]:
    return [key for key in section_keys if draft.get(section_field(key), "").strip()]
