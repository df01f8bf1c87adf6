"""Changing a draft's sections: edit, move, split, merge, renumber.

While the hearing is a draft or scheduled, the current version changes in
place. Once it is open the text parties read is frozen: a correction makes a
new version (a copy of every section with the same keys, positions, numbers,
pages and parents), changes the copy, and tells the invited parties. The old
version stays as it was, since responses already given point at its
sections. The structure (order, splits, merges, numbers) cannot change once
the hearing is open, and nothing changes after it closed.

Positions are unique per version; every reordering rewrites them in two
steps (first out of the way, then the final values), so the UNIQUE
constraint never sees two sections on one position.

Each function changes the session and writes the audit trail; the view
commits once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import Enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update

from app.accounts.models import User
from app.audit.operations import record
from app.extensions import db
from app.hearings import invitations
from app.hearings.draft_import import clean_body
from app.hearings.models import DraftVersion, Hearing, HearingState, Section, SectionAssignment
from app.hearings.operations import slugify
from app.hearings.text_format import split_blocks
from app.refusals import Refused
from app.responses.models import Comment

CLOSED_MESSAGE = _l(
    "Høringen er lukket for høringssvar, så udkastet kan ikke længere rettes. "
    "Ændringer efter høringen skrives i høringsnotatet."
)
FROZEN_STRUCTURE_MESSAGE = _l(
    "Høringen er åben, så udkastets opbygning ligger fast: afsnit kan ikke flyttes, deles, "
    "slås sammen eller nummereres om. Du kan rette teksten i et afsnit; det giver en ny version af udkastet."
)
NOTE_REQUIRED_MESSAGE = _l("Skriv, hvad der er rettet. De inviterede parter får det at vide.")
FIRST_ALREADY = _l("Afsnittet står allerede øverst på sit niveau.")
LAST_ALREADY = _l("Afsnittet står allerede nederst på sit niveau.")
NO_NEXT = _l("Afsnittet er det sidste på sit niveau, så der er ikke et næste afsnit at slå det sammen med.")
BAD_SPLIT = _l("Vælg det tekstafsnit, den nye del skal begynde med.")


class Mode(Enum):
    IN_PLACE = "in_place"  # draft or scheduled: change the current version
    NEW_VERSION = "new_version"  # open: a correction makes a new version
    CLOSED = "closed"  # closed and later: nothing changes


def mode(hearing: Hearing) -> Mode:
    if not hearing.draft_is_frozen:
        return Mode.IN_PLACE
    if hearing.state is HearingState.OPEN:
        return Mode.NEW_VERSION
    return Mode.CLOSED


@dataclass
class SectionContent:
    """What the section form edits, already validated; body_html is cleaned here."""

    number: str | None
    heading: str
    page: int | None
    body_html: str = ""


def content_hash(section: Section) -> str:
    """Changes when anything the form edits changes: the optimistic lock of the edit form."""
    parts = (section.number or "", section.heading, str(section.page or ""), section.body_html or "")
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def find_section(version: DraftVersion, key: str) -> Section | None:
    return db.session.scalar(select(Section).where(Section.version_id == version.id, Section.key == key))


# -- editing -------------------------------------------------------------------------


def edit_section(
    hearing: Hearing, key: str, content: SectionContent, user: User, note: str | None = None
) -> Section | None:
    """Change one section; None when nothing changed (and then nothing is made or sent).

    On an open hearing this is a correction: it needs a note, makes a new
    version and tells the invited parties.
    """
    current = mode(hearing)
    if current is Mode.CLOSED:
        raise Refused(CLOSED_MESSAGE)
    version = hearing.current_version
    section = find_section(version, key)
    if section is None:
        raise LookupError(key)
    body_html = clean_body(content.body_html)
    new = (content.number or None, content.heading, content.page, body_html)
    if new == (section.number, section.heading, section.page, section.body_html):
        return None
    if current is Mode.NEW_VERSION:
        note = (note or "").strip()
        if not note:
            raise Refused(NOTE_REQUIRED_MESSAGE)
        version = copy_current_version(hearing, note, user)
        section = find_section(version, key)
    section.number, section.heading, section.page, section.body_html = new
    db.session.flush()
    record("section_edited", section, hearing_id=hearing.id, key=key, version=version.number)
    if current is Mode.NEW_VERSION:
        record("draft_corrected", version, hearing_id=hearing.id, number=version.number, note=note, key=key)
        invitations.notify_new_version(hearing)
    return section


def copy_current_version(hearing: Hearing, note: str, user: User, *, is_revision: bool = False,
                         source: DraftVersion | None = None) -> DraftVersion:
    """A copy of the current version (or of `source`): same keys, positions, numbers, pages, parents and
    texts, numbered after every version so far (a revision included)."""
    old = source or hearing.current_version
    version = DraftVersion(
        number=max(v.number for v in hearing.versions) + 1, note=note, created_by_id=user.id,
        original_attachment_id=old.original_attachment_id, is_revision=is_revision,
    )
    hearing.versions.append(version)
    copy_sections(old, version)
    return version


def copy_sections(old: DraftVersion, version: DraftVersion) -> None:
    """Every section of `old` into `version`, with the same keys, positions, numbers, pages, parents and texts."""
    copies: dict[int, Section] = {}
    for section in sorted(old.sections, key=lambda s: s.position):  # parents come before children
        copies[section.id] = Section(
            version=version, key=section.key, position=section.position, number=section.number,
            heading=section.heading, body_html=section.body_html, page=section.page,
            parent=copies[section.parent_id] if section.parent_id else None,
        )
        db.session.add(copies[section.id])
    db.session.flush()


# -- structure: only before the hearing opens ----------------------------------------------


def _structure_version(hearing: Hearing) -> DraftVersion:
    current = mode(hearing)
    if current is Mode.CLOSED:
        raise Refused(CLOSED_MESSAGE)
    if current is Mode.NEW_VERSION:
        raise Refused(FROZEN_STRUCTURE_MESSAGE)
    return hearing.current_version


def _tree(version: DraftVersion) -> dict[int | None, list[Section]]:
    """Children by parent id (None for the top level), each list in draft order."""
    children: dict[int | None, list[Section]] = {}
    for section in sorted(version.sections, key=lambda s: s.position):
        children.setdefault(section.parent_id, []).append(section)
    return children


def _depth_first(children: dict[int | None, list[Section]]) -> list[Section]:
    ordered: list[Section] = []

    def walk(parent_id: int | None) -> None:
        for section in children.get(parent_id, []):
            ordered.append(section)
            walk(section.id)

    walk(None)
    return ordered


def _set_positions(version: DraftVersion, ordered: list[Section]) -> None:
    """Give `ordered` the positions 0, 1, 2 … in two steps, so no two rows ever share one."""
    db.session.flush()  # new sections get their ids; their provisional positions are high
    highest = db.session.scalar(
        select(func.max(Section.position)).where(Section.version_id == version.id)
    ) or 0
    offset = highest + len(ordered) + 1
    for index, section in enumerate(ordered):
        section.position = offset + index
    db.session.flush()
    for index, section in enumerate(ordered):
        section.position = index
    db.session.flush()
    db.session.expire(version, ["sections"])


def _high_position(version: DraftVersion) -> int:
    """A free position above every other, for a section until _set_positions places it."""
    highest = db.session.scalar(
        select(func.max(Section.position)).where(Section.version_id == version.id)
    )
    return (highest or 0) + 1


def move_section(hearing: Hearing, key: str, step: int) -> Section:
    """Move a section (with its subsections) one place up (-1) or down (+1) among its siblings."""
    version = _structure_version(hearing)
    section = _existing(version, key)
    children = _tree(version)
    siblings = children[section.parent_id]
    index = siblings.index(section)
    target = index + step
    if target < 0:
        raise Refused(FIRST_ALREADY)
    if target >= len(siblings):
        raise Refused(LAST_ALREADY)
    siblings[index], siblings[target] = siblings[target], siblings[index]
    _set_positions(version, _depth_first(children))
    record("section_moved", section, hearing_id=hearing.id, key=key, direction="up" if step < 0 else "down")
    return section


def split_section(hearing: Hearing, key: str, before: int, new: SectionContent) -> Section:
    """Cut the text before its block number `before` (1 = the second block); the rest becomes
    a new section right after, with its own key. The subsections follow the rest, so the
    draft reads in the same order as before."""
    version = _structure_version(hearing)
    section = _existing(version, key)
    blocks = split_blocks(section.body_html)
    if not 1 <= before < len(blocks):
        raise Refused(BAD_SPLIT)
    children = _tree(version)
    second = Section(
        version=version, parent=section.parent, key=new_key(hearing, new.number, new.heading),
        position=_high_position(version), number=new.number or None, heading=new.heading, page=new.page,
        body_html=clean_body("".join(blocks[before:])),
    )
    db.session.add(second)
    section.body_html = clean_body("".join(blocks[:before]))
    db.session.flush()
    moved = children.pop(section.id, [])
    for child in moved:
        child.parent = second
    children[second.id] = moved
    siblings = children[section.parent_id]
    siblings.insert(siblings.index(section) + 1, second)
    _set_positions(version, _depth_first(children))
    record("section_split", section, hearing_id=hearing.id, key=key, new_key=second.key, at=before)
    return second


def merge_with_next(hearing: Hearing, key: str) -> tuple[Section, str]:
    """Join the next sibling's text to this section's; its subsections move under this one,
    and its key is gone. Returns the section and the heading that went away."""
    version = _structure_version(hearing)
    section = _existing(version, key)
    children = _tree(version)
    siblings = children[section.parent_id]
    index = siblings.index(section)
    if index + 1 >= len(siblings):
        raise Refused(NO_NEXT)
    following = siblings.pop(index + 1)
    section.body_html = clean_body((section.body_html or "") + (following.body_html or ""))
    if section.page is None:
        section.page = following.page
    moved = children.pop(following.id, [])
    for child in moved:
        child.parent = section
    children.setdefault(section.id, []).extend(moved)
    # Comments on the section that goes away now belong to the one it joined
    # (there are none before the hearing opens, but a letter may be registered early).
    db.session.execute(update(Comment).where(Comment.section_id == following.id).values(section_id=section.id))
    db.session.execute(delete(SectionAssignment).where(
        SectionAssignment.hearing_id == hearing.id, SectionAssignment.section_key == following.key
    ))
    db.session.flush()
    gone_key, gone_heading = following.key, following.label
    db.session.delete(following)
    db.session.flush()
    _set_positions(version, _depth_first(children))
    record("sections_merged", section, hearing_id=hearing.id, key=key, merged_key=gone_key)
    return section, gone_heading


def renumber(hearing: Hearing) -> int:
    """Number the sections 1, 1.1, 1.2, 2 … by their place in the tree.

    A number that starts with "§" is the law's and is kept (its place still
    counts). Returns how many numbers changed.
    """
    version = _structure_version(hearing)
    children = _tree(version)
    changed = 0

    def walk(parent_id: int | None, prefix: str) -> None:
        nonlocal changed
        for index, section in enumerate(children.get(parent_id, []), 1):
            number = f"{prefix}{index}"
            if not (section.number or "").lstrip().startswith("§") and section.number != number:
                section.number = number
                changed += 1
            walk(section.id, number + ".")

    walk(None, "")
    db.session.flush()
    record("sections_renumbered", version, hearing_id=hearing.id, changed=changed)
    return changed


def new_key(hearing: Hearing, number: str | None, heading: str) -> str:
    """A key no section of any version of this hearing has had, so comments never mix."""
    taken = set(db.session.scalars(
        select(Section.key).join(DraftVersion).where(DraftVersion.hearing_id == hearing.id)
    ))
    taken |= set(db.session.scalars(
        select(SectionAssignment.section_key).where(SectionAssignment.hearing_id == hearing.id)
    ))
    base = slugify(f"{number or ''} {heading}")[:60] or "afsnit"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def _existing(version: DraftVersion, key: str) -> Section:
    section = find_section(version, key)
    if section is None:
        raise LookupError(key)
    return section
