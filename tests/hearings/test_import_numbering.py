"""Each imported section's number and where it came from, a title page that is not a section, and
Word tables that keep their header rows: the steps every draft goes through, whatever its format."""

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from app.hearings.draft_import import (
    ImportedSection,
    import_docx,
    import_markdown,
)
from app.hearings.draft_import.numbering import (
    NumberSource,
    number_in_heading,
    number_in_legal_basis,
    number_sections,
    section_label,
)
from app.hearings.draft_import.preview import result_from_json, result_to_json
from tests.corpus import scoring
from tests.hearings.draft_files import all_sections, docx_bytes, headings_of

# -- numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "number"),
    [
        ("§ 84", "§ 84"),
        ("§ 84 Aflastning", "§ 84"),
        ("Kvalitetsstandard for aflastningsordning – § 84", "§ 84"),
        ("Aflastning efter servicelovens § 84", "§ 84"),
        ("Beskyttet beskæftigelse og aktivitetstilbud §§ 103 og 104", "§§ 103 og 104"),
        ("§§ 97-99 Ledsagelse", "§§ 97-99"),
        ("Rehabilitering §83a", "§ 83a"),
        ("1.", "1"),
        ("2.3", "2.3"),
        ("2.3 Målgruppe", "2.3"),
        ("Kapitel 4", "Kapitel 4"),
        ("Kapitel 4 Boliger", "Kapitel 4"),
        ("Bilag 2", "Bilag 2"),
        ("Punkt 5 Klageadgang", "Punkt 5"),
        ("Aflastningsordning", None),
        ("12 ugers forløb", None),
        ("2019-kataloget", None),
    ],
)
def test_a_heading_gives_the_number_it_names_wherever_it_stands(heading, number):
    assert number_in_heading(heading) == number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Lov om Social Service § 84 stk. 1.", "§ 84"),
        ("§ 108 og almenboligloven § 105 jf. § 85", "§ 108"),
        ("Lov om social service § 82 a, c, d", "§ 82"),
        ("§ 107 i Lov om Social Service.", "§ 107"),
        ("Lov om social service", None),
    ],
)
def test_a_legal_basis_gives_the_first_paragraph_it_names(text, number):
    assert number_in_legal_basis(text) == number


def _standard(heading: str, legal_basis: str, *, field: str = "Lovgrundlag for ydelsen") -> ImportedSection:
    return ImportedSection(heading, "", children=[
        ImportedSection(field, f"<p>{legal_basis}</p>"),
        ImportedSection("Andre bestemmelser", "<p>Lov om social service § 83 om hjemmehjælp.</p>"),
    ])


def test_a_section_without_a_number_in_its_heading_takes_it_from_its_legal_basis_field():
    sections = [
        _standard("Kvalitetsstandard for aflastningsordning – § 84", "Lov om Social Service § 84 stk. 1."),
        _standard("Længerevarende botilbud", "§ 108 og almenboligloven § 105 jf. § 85"),
        _standard("Merudgifter", "Lov om Social Service § 100.", field="Målgruppe"),  # not a legal basis
        ImportedSection("Midlertidigt botilbud", "<p>§ 107 i Lov om Social Service.</p><p>Efter § 85.</p>"),
        ImportedSection("Forord", "<p>Vi præsenterer herved kvalitetsstandarderne efter § 81.</p>"),
    ]

    number_sections(sections, max_chars=40)

    assert [(s.number, s.number_source) for s in sections] == [
        ("§ 84", NumberSource.HEADING), ("§ 108", NumberSource.LEGAL_BASIS), (None, NumberSource.NONE),
        ("§ 107", NumberSource.LEGAL_BASIS), (None, NumberSource.NONE),
    ]
    fields = [child for section in sections for child in section.children]
    assert all(field.number is None for field in fields), "a field's text names other §§, never its own number"
    assert sections[0].heading == "Kvalitetsstandard for aflastningsordning – § 84"  # the heading keeps its words


def test_a_number_is_shown_once():
    assert section_label("§ 84", "Aflastning") == "§ 84 Aflastning"
    assert section_label("§ 84", "Kvalitetsstandard for aflastningsordning – § 84") == (
        "Kvalitetsstandard for aflastningsordning – § 84"
    )
    assert section_label("Bilag 2", "Bilag 2") == "Bilag 2"
    assert section_label("1", "Indledning 2019") == "1 Indledning 2019"
    assert section_label(None, "Forord") == "Forord"


def test_pasted_text_is_numbered_the_same_way_and_the_source_survives_the_preview():
    result = import_markdown(
        "# Aflastning efter servicelovens § 84\n\nTekst.\n\n"
        "# Merudgifter\n\n## Lovgrundlag\n\nLov om Social Service § 100.\n\n## Målgruppe\n\nVoksne.\n"
    )

    assert [(s.number, s.number_source) for s in result.sections] == [
        ("§ 84", NumberSource.HEADING), ("§ 100", NumberSource.LEGAL_BASIS),
    ]
    assert result_from_json(result_to_json(result)) == result


@pytest.mark.parametrize("name", ["catalogue-2019.docx", "plan-2013.docx"])
def test_every_numbered_section_of_the_corpus_drafts_gets_its_number(name):
    score = scoring.score_draft(name).score

    assert score.numbers[0] == score.numbers[1] > 0
    assert score.cover_ok and score.header_rows[0] == score.header_rows[1] == 2


def test_the_corpus_catalogue_says_where_each_number_came_from():
    result = import_docx((scoring.CORPUS / "catalogue-2019.docx").read_bytes())

    standards = {s.heading: (s.number, s.number_source) for s in result.sections}
    assert standards["Kvalitetsstandard for aflastningsordning – § 84"] == ("§ 84", NumberSource.HEADING)
    assert standards["Tidlig forebyggende indsats"] == ("§ 82", NumberSource.LEGAL_BASIS)
    assert standards["Kvalitetsstandard for længerevarende botilbud – § 108"] == ("§ 108", NumberSource.HEADING)
    assert standards["Forord"] == (None, NumberSource.NONE)


# -- the title page -----------------------------------------------------------------------


def test_the_corpus_title_page_gives_title_and_subtitle_and_no_section():
    result = import_docx((scoring.CORPUS / "catalogue-2019.docx").read_bytes())

    assert result.title == "Kvalitetsstandarder på det specialiserede voksenområde"
    assert result.subtitle == "Lyngby-Taarbæk Kommune – Høringsudkast – Center for Social Indsats, 2019"
    assert result.sections[0].heading == "Forord"
    assert "Indledning" not in headings_of(result.sections)


def test_short_lines_before_a_page_break_are_a_title_page_even_without_styles():
    document = Document()
    document.add_paragraph("Helhedsplan for socialpsykiatrien")
    document.add_paragraph("Model af 10. september 2013")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("Forvaltningen har udarbejdet en ny model.")
    document.add_heading("1. Indledning", level=1)

    result = import_docx(docx_bytes(document))

    assert (result.title, result.subtitle) == ("Helhedsplan for socialpsykiatrien", "Model af 10. september 2013")
    assert headings_of(result.sections) == ["Indledning", "Indledning"]  # the foreword after the cover stays
    assert result.sections[0].body_html == "<p>Forvaltningen har udarbejdet en ny model.</p>"
    assert result.sections[1].number == "1"


def test_a_long_foreword_before_a_page_break_stays_a_section():
    document = Document()
    for n in range(10):
        document.add_paragraph(f"Afsnit {n} af forordet, som fortæller om kataloget.")
    document.add_page_break()
    document.add_heading("Aflastning", level=1)

    result = import_docx(docx_bytes(document))

    assert result.title is None
    assert headings_of(result.sections) == ["Indledning", "Aflastning"]


# -- tables -------------------------------------------------------------------------------


def _header(row) -> None:
    row._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))


def test_two_header_rows_under_merged_cells_stay_in_the_head_and_the_marks_stay_under_their_level():
    document = Document()
    document.add_heading("Bilag 2", level=1)
    table = document.add_table(rows=4, cols=5)
    top, levels = table.rows[0], table.rows[1]
    table.cell(0, 0).merge(table.cell(1, 0)).text = "Ydelse"
    table.cell(0, 1).merge(table.cell(0, 3)).text = "Funktionsniveau"
    table.cell(0, 4).merge(table.cell(1, 4)).text = "Interval"
    for column, level in zip((1, 2, 3), "012", strict=True):
        table.cell(1, column).text = level
    _header(top)
    _header(levels)
    for row, (name, mark, interval) in zip(table.rows[2:], [("Hygiejne", 2, "5 – 35 min"), ("Indkøb", 3, "")],
                                           strict=True):
        row.cells[0].text = name
        row.cells[mark].text = "X"
        row.cells[4].text = interval

    html = import_docx(docx_bytes(document)).sections[0].body_html

    assert html.startswith(
        '<table><thead><tr><th scope="col" rowspan="2">Ydelse</th>'
        '<th scope="colgroup" colspan="3">Funktionsniveau</th><th scope="col" rowspan="2">Interval</th></tr>'
        '<tr><th scope="col">0</th><th scope="col">1</th><th scope="col">2</th></tr></thead><tbody>'
    )
    assert "<tr><td><p>Hygiejne</p></td><td></td><td><p>X</p></td><td></td><td><p>5 – 35 min</p></td></tr>" in html
    assert "<tr><td><p>Indkøb</p></td><td></td><td></td><td><p>X</p></td><td></td></tr>" in html


def test_every_table_of_the_corpus_drafts_keeps_its_header_rows_in_the_head():
    for name in ("catalogue-2019.docx", "plan-2013.docx"):
        result = import_docx((scoring.CORPUS / name).read_bytes())
        tables = [s.body_html for s in all_sections(result.sections) if "<table>" in s.body_html]
        assert tables and all(html.count("<thead>") == html.count("<table>") for html in tables), name
