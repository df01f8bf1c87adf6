"""What a new password must be: long enough, not common, not the person's own name or address.

Length matters most (NIST SP 800-63B): at least 12 characters, and no rules
about digits or symbols, which people meet with "Sommer2024!". Instead the
password is compared with a list of common passwords (common_passwords.txt),
also when digits or symbols are added at the end or letters are swapped for
look-alikes ("P@ssw0rd123").
"""

import re
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

MIN_LENGTH = 12
MAX_LENGTH = 200
LIST_FILE = Path(__file__).with_name("common_passwords.txt")

TOO_SHORT = _l("Adgangskoden skal være mindst %(min)d tegn.", min=MIN_LENGTH)
TOO_LONG = _l("Adgangskoden må højst være %(max)d tegn.", max=MAX_LENGTH)
TOO_COMMON = _l(
    "Adgangskoden er for almindelig og let at gætte. Vælg en anden, fx fire tilfældige ord med mellemrum."
)
TOO_SIMPLE = _l("Adgangskoden gentager de samme tegn. Vælg en anden, fx fire tilfældige ord med mellemrum.")
TOO_PERSONAL = _l("Adgangskoden må ikke indeholde din e-mailadresse eller dit navn.")

_TRAILING = re.compile(r"[\d\W_]+$")
_LEADING = re.compile(r"^[\d\W_]+")
_LOOK_ALIKES = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "$": "s", "5": "s",
                              "7": "t", "+": "t"})
_REPEATED = re.compile(r"^(.{1,6}?)\1+$", re.DOTALL)


@cache
def common_passwords() -> frozenset[str]:
    lines = LIST_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def is_common(password: str) -> bool:
    known = common_passwords()
    lowered = password.strip().lower()
    compact = re.sub(r"\s+", "", lowered)
    candidates = {lowered, compact}
    for text in (lowered, compact):
        stem = _LEADING.sub("", _TRAILING.sub("", text))
        candidates |= {stem, stem.translate(_LOOK_ALIKES), text.translate(_LOOK_ALIKES)}
        # "P@ssw0rd123": the look-alikes first, then what was added at the end.
        candidates.add(_TRAILING.sub("", text.translate(_LOOK_ALIKES)))
    return any(len(c) >= 4 and c in known for c in candidates)


def is_too_simple(password: str) -> bool:
    """Few different characters, or one short piece repeated ("abcabcabcabc", "121212121212")."""
    return len(set(password.lower())) < 5 or bool(_REPEATED.match(password.lower()))


def is_personal(password: str, email: str | None = None, name: str | None = None) -> bool:
    """The whole e-mail name or full name in it, or one of its words with only digits or symbols added."""
    compact = re.sub(r"[\s._+-]", "", password.lower())
    stem = _LEADING.sub("", _TRAILING.sub("", compact))
    wholes: list[str] = []
    words: list[str] = []
    if email:
        local = email.lower().partition("@")[0]
        wholes.append(re.sub(r"[._+-]", "", local))
        words += re.split(r"[._+-]", local)
    if name:
        wholes.append(re.sub(r"\s", "", name.lower()))
        words += name.lower().split()
    return any(len(w) >= 4 and w in compact for w in wholes) or any(len(w) >= 3 and stem == w for w in words)


def problems(password: str, email: str | None = None, name: str | None = None) -> list[str]:
    """What is wrong with `password` as a new password, in Danish; empty when it is good."""
    if len(password) < MIN_LENGTH:
        return [str(TOO_SHORT)]
    if len(password) > MAX_LENGTH:
        return [str(TOO_LONG)]
    if is_common(password):
        return [str(TOO_COMMON)]
    if is_too_simple(password):
        return [str(TOO_SIMPLE)]
    if is_personal(password, email, name):
        return [str(TOO_PERSONAL)]
    return []


class StrongPassword:
    """WTForms validator. The form may name whose password it is with `form.password_owner = (email, name)`."""

    def __call__(self, form, field) -> None:
        if not field.data:
            return
        email, name = getattr(form, "password_owner", (None, None))
        found = problems(field.data, email, name)
        if found:
            raise ValidationError(found[0])
