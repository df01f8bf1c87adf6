"""Party letters as the minutes write them: "C, F, V og O", "(C), (A) og (V)" or "3 (C), 2 (A), 1 (V)"."""

import re

_LETTERS = r"[A-ZÆØÅ]{1,3}"
_ITEM = re.compile(rf"^(?:(\d+) \(({_LETTERS})\)|\(({_LETTERS})\)|({_LETTERS}))$")
_SEPARATOR = re.compile(r"\s*,\s*|\s+og\s+")


def parse_party_letters(text: str) -> list[tuple[int | None, str]] | None:
    """[(count or None, letter)], or None when the text is not a list of party letters."""
    items = []
    for part in _SEPARATOR.split(text.strip()):
        match = _ITEM.match(part)
        if match is None:
            return None
        count, counted, bracketed, bare = match.groups()
        items.append((int(count) if count else None, counted or bracketed or bare))
    return items
