"""The preview's round trip: the imported tree goes to the browser as JSON and comes back checked.

Nothing is stored before the person confirms; the tree travels in the preview
form (signed by the view), and what comes back is checked as if it came from
anywhere: its shape, the limits of the import, and its HTML cleaned again.
"""

from __future__ import annotations

import json

from app.hearings.draft_import import (
    MAX_DEPTH,
    MAX_HEADING_CHARS,
    MAX_NUMBER_CHARS,
    MAX_SECTIONS,
    ImportedSection,
    ImportResult,
    clean_body,
    plain_text,
    shorten,
)
from app.hearings.draft_import.numbering import NumberSource


def result_to_json(result: ImportResult) -> str:
    return json.dumps(
        {"title": result.title, "subtitle": result.subtitle,
         "sections": [_section_to_dict(s) for s in result.sections], "warnings": list(result.warnings)},
        ensure_ascii=False,
    )


def _section_to_dict(section: ImportedSection) -> dict:
    return {
        "heading": section.heading, "number": section.number, "number_source": section.number_source.value,
        "body_html": section.body_html, "children": [_section_to_dict(child) for child in section.children],
    }


def result_from_json(payload: str) -> ImportResult:
    """The tree back from the browser: checked shape, limits kept, HTML cleaned again.

    Raises ValueError (or TypeError for a non-string) when it is not a tree this
    module could have made.
    """
    if not isinstance(payload, str):
        raise TypeError("the preview payload must be a JSON string")
    try:
        data = json.loads(payload)
    except RecursionError as error:
        raise ValueError("the preview is nested too deeply") from error
    if not isinstance(data, dict):
        raise ValueError("the preview must be an object")
    title, subtitle = data.get("title"), data.get("subtitle")
    warnings = data.get("warnings", [])
    if not all(text is None or isinstance(text, str) for text in (title, subtitle)):
        raise ValueError("title and subtitle must be text")
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        raise ValueError("warnings must be a list of text")
    counter = [0]
    sections = _sections_from(data.get("sections"), depth=1, counter=counter)
    if not sections:
        raise ValueError("the preview has no sections")
    title = shorten(plain_text(title)) if title else None
    subtitle = shorten(plain_text(subtitle)) if subtitle else None
    return ImportResult(title=title or None, subtitle=subtitle or None, sections=sections,
                        warnings=[plain_text(w) for w in warnings])


def _sections_from(items, depth: int, counter: list[int]) -> list[ImportedSection]:
    if not isinstance(items, list):
        raise ValueError("sections must be a list")
    if items and depth > MAX_DEPTH:
        raise ValueError("sections are nested too deeply")
    return [_section_from(item, depth, counter) for item in items]


def _section_from(item, depth: int, counter: list[int]) -> ImportedSection:
    if not isinstance(item, dict):
        raise ValueError("a section must be an object")
    counter[0] += 1
    if counter[0] > MAX_SECTIONS:
        raise ValueError("too many sections")
    heading, number, body = item.get("heading"), item.get("number"), item.get("body_html", "")
    if not isinstance(heading, str) or not isinstance(body, str):
        raise ValueError("heading and body_html must be text")
    if number is not None and not isinstance(number, str):
        raise ValueError("number must be text")
    source = NumberSource(item.get("number_source", NumberSource.NONE.value))  # ValueError when unknown
    heading = plain_text(heading)
    number = plain_text(number) if number else None
    if not heading or len(heading) > MAX_HEADING_CHARS or (number and len(number) > MAX_NUMBER_CHARS):
        raise ValueError("a heading is empty or too long")
    return ImportedSection(
        heading=heading, number=number or None, body_html=clean_body(body),
        children=_sections_from(item.get("children", []), depth + 1, counter),
        number_source=source if number else NumberSource.NONE,
    )
