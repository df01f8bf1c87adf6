"""A Word draft written without heading styles: its headings found by how they look (word/visual_headings.py).

The corpus's `action-plan-2021-no-styles.docx` scores the whole plan; these are the rules one by one.
"""

from docx import Document
from docx.enum.text import WD_BREAK
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


def test_bold_headings_a_little_larger_than_the_body_are_headings(danish):
    document = Document()
    for chapter in ("Aflastning", "Madservice"):
        _typed(document, chapter, points=12, bold=True)  # 12 pt on 11 pt: not "larger", but bold
        document.add_paragraph(BODY)
    assert headings_of(import_docx(docx_bytes(document)).sections) == ["Aflastning", "Madservice"]


def test_a_signature_or_an_address_of_bold_lines_is_no_string_of_sections(danish):
    document = Document()
    _typed(document, "Aflastning", bold=True)
    document.add_paragraph(BODY)
    for line in ("Med venlig hilsen", "Jens Jensen", "Borgmester"):
        _typed(document, line, bold=True)
    result = import_docx(docx_bytes(document))

    assert headings_of(result.sections) == ["Aflastning"] and "Jens Jensen" in result.sections[0].body_html


def test_a_title_page_ending_in_a_break_typed_before_the_first_heading_gives_the_title(danish):
    document = Document()
    _typed(document, "Handleplan for det psykosociale område", points=20, bold=True)
    document.add_paragraph("Høringsudkast")
    heading = document.add_paragraph()
    heading.add_run().add_break(WD_BREAK.PAGE)  # Word's way: the break opens the next page's first paragraph
    heading.add_run("Indledning").bold = True
    heading.runs[1].font.size = Pt(16)
    document.add_paragraph(BODY)
    _typed(document, "Samskabelse", points=16, bold=True)
    document.add_paragraph(BODY)
    result = import_docx(docx_bytes(document))

    assert (result.title, result.subtitle) == ("Handleplan for det psykosociale område", "Høringsudkast")
    assert headings_of(result.sections) == ["Indledning", "Samskabelse"]


def test_a_paragraph_in_the_title_style_stays_the_title(danish):
    document = Document()
    _typed(document, "Høringsudkast", bold=True)
    document.add_paragraph("Handleplan 2021", style="Title")
    for chapter in ("Indledning", "Samskabelse"):
        _typed(document, chapter, points=16, bold=True)
        document.add_paragraph(BODY)
    result = import_docx(docx_bytes(document))

    assert result.title == "Handleplan 2021"
    assert headings_of(result.sections)[-2:] == ["Indledning", "Samskabelse"]
    assert "Høringsudkast" not in headings_of(result.sections), "a line of the cover, not a heading"
