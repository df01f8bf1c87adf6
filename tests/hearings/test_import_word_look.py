"""A Word draft written without heading styles: its headings found by how they look (word/visual_headings.py).

The corpus's `action-plan-2021-no-styles.docx` scores the whole plan; these are the rules one by one.
"""

from docx import Document
from docx.shared import Pt

from app.hearings.draft_import import import_docx
from tests.hearings.draft_files import docx_bytes, headings_of

BODY = "Kommunen tilbyder aflastning til borgere, der passer en nærtstående med nedsat funktionsevne."
BY_LOOK = "Dokumentet bruger ikke Words typografier til overskrifter."


def _typed(document, text: str, *, points: int | None = None, bold: bool = False, style: str | None = None):
    run = document.add_paragraph(style=style).add_run(text)
    run.bold = bold or None
    if points:
        run.font.size = Pt(points)


def test_larger_headings_are_levels_by_size_and_bold_ones_at_body_size_the_level_below(danish):
    document = Document()
    _typed(document, "Kvalitetsstandarder 2019", points=22, bold=True)  # alone in its size, first: the title
    for chapter in ("Aflastning", "Madservice"):
        _typed(document, chapter, points=16, bold=True)
        document.add_paragraph(BODY)
        _typed(document, "Formål", points=13)  # larger, not bold: still a heading
        document.add_paragraph(BODY)
        _typed(document, "Hvem kan få ydelsen", bold=True)
        document.add_paragraph(BODY)
    result = import_docx(docx_bytes(document))

    assert result.title == "Kvalitetsstandarder 2019"
    assert headings_of(result.sections) == ["Aflastning", "Madservice"]
    formaal = result.sections[0].children
    assert headings_of(formaal) == ["Formål"]
    assert headings_of(formaal[0].children) == ["Hvem kan få ydelsen"]
    assert formaal[0].children[0].body_html == f"<p>{BODY}</p>"
    assert any(warning.startswith(BY_LOOK) for warning in result.warnings)


def test_bold_sentences_list_items_and_long_bold_paragraphs_stay_text(danish):
    document = Document()
    _typed(document, "Aflastning", bold=True)
    _typed(document, "Bemærk: fristen er fire uger.", bold=True)
    _typed(document, "Praktisk hjælp", bold=True, style="List Bullet")
    _typed(document, "Aflastning ydes " * 12, bold=True)
    document.add_paragraph(BODY)
    result = import_docx(docx_bytes(document))

    assert headings_of(result.sections) == ["Aflastning"]
    body = result.sections[0].body_html
    assert "fristen er fire uger" in body and "<li><strong>Praktisk hjælp</strong></li>" in body


def test_a_file_with_heading_styles_is_read_by_them_alone(danish):
    document = Document()
    document.add_heading("Aflastning", level=1)
    _typed(document, "Formål", points=16, bold=True)  # looks like a heading, but the file has its own
    document.add_paragraph(BODY)
    result = import_docx(docx_bytes(document))

    assert headings_of(result.sections) == ["Aflastning"] and not result.sections[0].children
    assert "Formål" in result.sections[0].body_html
    assert not any(warning.startswith(BY_LOOK) for warning in result.warnings)


def test_a_file_with_no_heading_of_any_kind_is_one_section_without_the_warning(danish):
    document = Document()
    for _ in range(3):
        document.add_paragraph(BODY)
    result = import_docx(docx_bytes(document))

    assert len(result.sections) == 1 and not any(warning.startswith(BY_LOOK) for warning in result.warnings)
