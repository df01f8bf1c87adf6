"""The draft's sections as a save or a submission needs them: ids, keys, numbers and headings, not their text.

A party's save of a 200-section draft read every section as a full object with its text (80 KB at the
bench's size) only to name the form's fields and the submitted copy's labels (issue 20: intake). These
rows answer to what those read of a `Section` (`id`, `parent_id`, `key`, `number`, `heading`, `label`,
`full_label`), so the form class made from them is the one made from the sections themselves. A page that
shows the draft reads the sections in full.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import Select, bindparam, select

from app.extensions import db
from app.hearings.draft_import.numbering import section_label
from app.hearings.models import Hearing, Section


@dataclass(eq=False)
class SectionRow:
    id: int
    parent_id: int | None
    key: str
    number: str | None
    heading: str
    parent: SectionRow | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return section_label(self.number, self.heading)

    @property
    def full_label(self) -> str:
        """As `Section.full_label`: the labels from the top section down, joined with " – "."""
        labels, section = [], self
        while section is not None:
            labels.insert(0, section.label)
            section = section.parent
        return " – ".join(labels)


def current_section_rows(hearing_id: int) -> list[SectionRow]:
    """The sections of the hearing's current draft version (`Hearing.current_version_id`) in the draft's
    order, each linked to its parent."""
    # Plain rows through the session's connection: the ORM's handling of a statement doubled the time.
    rows = db.session.connection().execute(_current_rows_query(), {"hearing_id": hearing_id}).all()
    by_id = {row[0]: SectionRow(*row) for row in rows}
    for section in by_id.values():
        section.parent = by_id.get(section.parent_id) if section.parent_id is not None else None
    return list(by_id.values())


@cache
def _current_rows_query() -> Select:
    """Built once, the hearing a bind parameter: every save runs it (issue 20)."""
    return (
        select(Section.id, Section.parent_id, Section.key, Section.number, Section.heading)
        .where(Section.version_id == Hearing.current_version_id(bindparam("hearing_id"))).order_by(Section.position)
    )
