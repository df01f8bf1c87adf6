"""A hearing's alternatives ("3 modeller"): which top-level sections of the draft are the alternatives.

Each alternative is named by its section's label and keeps the section's key,
which stays the same in every version of the draft. They are set up while the
hearing is being prepared; once it is out for hearing, the parties' answers
name them, so they stay as they are.
"""

from flask_babel import lazy_gettext as _l

from app.audit.operations import record
from app.extensions import db
from app.hearings.alternatives.models import Alternative
from app.hearings.models import Hearing, Section
from app.refusals import Refused


def top_sections(hearing: Hearing) -> list[Section]:
    """The sections that may be alternatives: the top level of the draft out for hearing, in its order."""
    version = hearing.current_version
    return [s for s in version.sections if s.parent_id is None] if version is not None else []


def can_change(hearing: Hearing) -> bool:
    return not hearing.draft_is_frozen


def set_alternatives(hearing: Hearing, keys: list[str]) -> None:
    """The chosen sections become the alternatives, in the draft's order; none, and there are none."""
    if not can_change(hearing):
        raise Refused(_l("Høringen er sendt ud. Alternativerne kan ikke ændres, når parterne har fået dem."))
    chosen = [s for s in top_sections(hearing) if s.key in set(keys)]
    if len(chosen) == 1:
        raise Refused(_l("Vælg mindst to afsnit som alternativer, eller ingen."))
    # The deselected go first, and those kept move out of the way, each in a flush of its own: SQLAlchemy
    # writes updates before deletes, and (hearing_id, position) and (hearing_id, name) are unique.
    keys_chosen = {s.key for s in chosen}
    existing = {a.section_key: a for a in hearing.alternatives}
    for alternative in [a for a in hearing.alternatives if a.section_key not in keys_chosen]:
        hearing.alternatives.remove(alternative)
    db.session.flush()
    kept = list(hearing.alternatives)
    offset = max([a.position for a in kept] + [len(chosen)]) + 1  # past both the old and the new positions
    for index, alternative in enumerate(kept):
        alternative.position, alternative.name = offset + index, f"#{alternative.id}"  # (hearing_id, name) too
    db.session.flush()
    for position, section in enumerate(chosen):
        alternative = existing.get(section.key) or Alternative(section_key=section.key)
        alternative.position, alternative.name = position, section.label[:120]
        if alternative not in hearing.alternatives:
            hearing.alternatives.append(alternative)
    hearing.alternatives.sort(key=lambda a: a.position)
    record("alternatives_set", hearing, hearing_id=hearing.id, alternatives=[s.label for s in chosen])
