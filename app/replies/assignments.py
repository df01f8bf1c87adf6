"""Which case officer answers which part of the draft.

A top section (a standard, with its fields) is given to one officer by its
stable key; its subsections go with it. Officers of the hearing may be
chosen; choosing no one removes the assignment.
"""

from sqlalchemy import select

from app.accounts.models import User
from app.audit.operations import record
from app.extensions import db
from app.hearings.models import Hearing, Section, SectionAssignment
from app.replies.operations import GENERAL_KEY


def assignments(hearing: Hearing) -> dict[str, User]:
    """Section key (top sections and "generelt") -> the officer answering it."""
    rows = db.session.scalars(select(SectionAssignment).where(SectionAssignment.hearing_id == hearing.id)).all()
    return {row.section_key: row.user for row in rows}


def assignee_of(key: str, sections_by_key: dict[str, Section], assigned: dict[str, User]) -> User | None:
    """The officer of a section: its own assignment, or its top section's."""
    section = sections_by_key.get(key)
    while section is not None:
        if section.key in assigned:
            return assigned[section.key]
        section = section.parent
    return assigned.get(GENERAL_KEY) if key == GENERAL_KEY else None


def assign(hearing: Hearing, choices: dict[str, int | None]) -> int:
    """Set who answers each top section (key -> user id, or None). Returns how many changed."""
    current = {row.section_key: row for row in db.session.scalars(
        select(SectionAssignment).where(SectionAssignment.hearing_id == hearing.id))}
    changed = 0
    for key, user_id in choices.items():
        row = current.get(key)
        if row is not None and row.user_id == user_id:
            continue
        if row is not None:
            db.session.delete(row)
        if user_id is not None:
            db.session.add(SectionAssignment(hearing_id=hearing.id, section_key=key, user_id=user_id))
        changed += 1
    if changed:
        db.session.flush()
        record("sections_assigned", hearing, hearing_id=hearing.id,
               assignments={k: v for k, v in choices.items() if v is not None})
    return changed
