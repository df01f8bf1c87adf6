"""The draft section by section on a response page, its part that is the same for every party kept in the cache.

Of a party's page of a 200-section draft nine tenths is the draft: each section's heading and text and an
empty comment field under it, labelled with the section's name. That part is rendered once with empty
fields and kept (`app.fragments`), cut at each field. A request puts together the kept pieces and renders
only the fields that are this reader's own: one with text, an error or a colleague's conflicting text.
Whether the fields may be written in (the hearing open, the deadline not passed) is decided per request
and is part of the key, so a kept part never shows an open field after the deadline.
"""

from __future__ import annotations

from flask import current_app
from markupsafe import Markup

from app.fragments import kept, sections_digest
from app.hearings.models import Section
from app.responses import drafts

MACROS = "responses/_macros.html"
# Cuts the kept rendering at each comment field. No draft's text holds it (PostgreSQL cannot even store it);
# should one, the pieces do not add up and the part is rendered as before.
MARK = "\x00"


def kept_draft_sections(sections: list[Section], form, editable: bool, conflicts: dict, heading: str,
                        texts: dict) -> Markup:
    """The `draft_sections` macro's HTML, the same to the byte, from the kept pieces and this reader's fields."""
    macros = current_app.jinja_env.get_template(MACROS).module
    form_kind = type(form).__mro__[1].__name__  # the form a draft's class is made from: party's, citizen's
    pieces = kept("draft-sections", (form_kind, editable, heading, *texts.values(), sections_digest(sections)),
                  lambda: _pieces(macros, sections, form, editable, heading, texts))
    if pieces is None or len(pieces) != 2 * len(sections) + 1:
        return macros.draft_sections(sections, form, editable, conflicts, heading, texts)
    html = [pieces[0]]
    for index, section in enumerate(sections):
        field = form._fields[drafts.section_field(section.key)]
        if field.data or field.errors or field.name in conflicts:
            html.append(str(macros.comment_box(field, section, editable, conflicts, texts)))
        else:
            html.append(pieces[2 * index + 1])
        html.append(pieces[2 * index + 2])
    return Markup("".join(html))  # noqa: S704 (pieces of a rendering whose template escaped them)  # nosec B704


def _pieces(macros, sections: list[Section], form, editable: bool, heading: str, texts: dict) -> list[str] | None:
    """The part rendered with every field empty, cut at each field: text, field, text, field, …, text."""
    empty = type(form)(formdata=None, meta={"csrf": False})  # of the same class: the same fields, none filled
    pieces = str(macros.draft_sections(sections, empty, editable, {}, heading, texts, mark=MARK)).split(MARK)
    return pieces if len(pieces) == 2 * len(sections) + 1 else None


def toc_counts(sections: list[Section], commented: set[str]) -> list[tuple[Section, int]]:
    """The draft's top sections, each with how many of it and its subsections have a comment (for the contents)."""
    counts = {s.id: 0 for s in sections if s.parent_id is None}
    for s in sections:
        if s.key in commented:
            top = s.id if s.parent_id is None else s.parent_id
            if top in counts:
                counts[top] += 1
    return [(s, counts[s.id]) for s in sections if s.parent_id is None]
