"""Enums whose members carry the name people read.

A member is written `DRAFT = "draft", _l("Kladde")`: the first value is what
the database stores (unchanged by the label), the second a lazy translation,
so `member.label` reads in the language of the request it is shown in.
"""

import enum


class LabelledEnum(enum.Enum):
    def __new__(cls, value: str, label=None):
        member = object.__new__(cls)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self):
        """The translated name (a lazy string; falls back to the stored value)."""
        return self._label if self._label is not None else self.value

    @classmethod
    def choices(cls) -> list[tuple[str, object]]:
        """(value, label) pairs in definition order, for a form's choices."""
        return [(member.value, member.label) for member in cls]
