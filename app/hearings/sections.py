"""Reading a version's sections as a tree."""

from app.hearings.models import Section


def with_depth(sections: list[Section]) -> list[tuple[Section, int]]:
    """Sections in draft order, each with how deep it sits (0 = top level)."""
    depth: dict[int, int] = {}
    ordered = sorted(sections, key=lambda s: s.position)
    for section in ordered:
        depth[section.id] = depth.get(section.parent_id, -1) + 1 if section.parent_id else 0
    return [(section, depth[section.id]) for section in ordered]
