"""Importing a Word draft: what a case officer sees in the preview after choosing a Word file."""

import io

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from app.hearings.draft_import import (
    count_sections,
    import_docx,
    split_number,
)
from tests.hearings.draft_files import FIELDS, a_png, all_sections, catalogue_docx, docx_bytes, headings_of

# -- Word ----------------------------------------------------------------------------


def test_catalogue_imports_one_section_per_standard_and_one_child_per_field():
    result = import_docx(catalogue_docx())

    assert result.title == "Kvalitetsstandarder 2019"
    assert headings_of(result.sections) == ["Forord", "Aflastningsordning", "Tidlig forebyggende indsats"]
    forord, aflastning, tidlig = result.sections
    assert forord.body_html == (
        "<p>Vi præsenterer herved kommunens vejledende kvalitetsstandarder.</p>"
        "<p>Ændringer af kvalitetsstandarderne skal vedtages af Kommunalbestyrelsen.</p>"
    )
    assert headings_of(aflastning.children) == FIELDS == headings_of(tidlig.children)
    assert aflastning.body_html == ""
    assert aflastning.children[0].body_html == "<p>Lovgrundlag for ydelsen: Aflastningsordning.</p>"
    assert aflastning.children[2].body_html == (
        "<p>Aflastning ydes udenfor hjemmet.</p>"
        "<p>Afløsning ydes <strong>i hjemmet</strong> efter en <em>konkret vurdering</em>.</p>"
        "<ul><li>Praktisk hjælp</li><li>Personlig pleje</li></ul>"
    )
    assert all("<p></p>" not in s.body_html for s in all_sections(result.sections))
    assert count_sections(result) == 3 + 2 * len(FIELDS)
    assert result.warnings == []


def test_headings_nest_by_level_and_a_jump_nests_under_the_nearest_higher():
    document = Document()
    document.add_heading("Kapitel", level=1)
    document.add_heading("Afsnit", level=2)
    document.add_heading("Underafsnit", level=3)
    document.add_paragraph("Tekst i underafsnittet.")
    document.add_heading("Næste kapitel", level=1)
    document.add_heading("Spring til niveau 3", level=3)

    sections = import_docx(docx_bytes(document)).sections

    assert headings_of(sections) == ["Kapitel", "Næste kapitel"]
    assert headings_of(sections[0].children) == ["Afsnit"]
    assert headings_of(sections[0].children[0].children) == ["Underafsnit"]
    assert sections[0].children[0].children[0].body_html == "<p>Tekst i underafsnittet.</p>"
    assert headings_of(sections[1].children) == ["Spring til niveau 3"]


def test_danish_and_custom_heading_styles_count_as_headings():
    document = Document()
    danish = document.styles.add_style("Overskrift 1", WD_STYLE_TYPE.PARAGRAPH)
    danish.base_style = document.styles["Heading 1"]
    custom = document.styles.add_style("Kommunens underoverskrift", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = document.styles["Heading 2"]
    document.add_paragraph("Indhold", style="Titel" if "Titel" in document.styles else "Title")
    document.add_paragraph("Formål", style="Overskrift 1")
    document.add_paragraph("Baggrund", style="Kommunens underoverskrift")
    document.add_paragraph("Brødtekst.")

    result = import_docx(docx_bytes(document))

    assert headings_of(result.sections) == ["Formål"]
    assert headings_of(result.sections[0].children) == ["Baggrund"]
    assert result.sections[0].children[0].body_html == "<p>Brødtekst.</p>"


@pytest.mark.parametrize(
    ("text", "number", "heading"),
    [
        ("1.2 Formål", "1.2", "Formål"),
        ("1. Indledning", "1", "Indledning"),
        ("3) Klageadgang", "3", "Klageadgang"),
        ("§ 84 Aflastning", "§ 84", "Aflastning"),
        ("§ 83a Rehabiliteringsforløb", "§ 83a", "Rehabiliteringsforløb"),
        ("§§ 97-99 Ledsagelse og kontaktperson", "§§ 97-99", "Ledsagelse og kontaktperson"),
        ("§ 85 stk. 1 Socialpædagogisk støtte", "§ 85", "stk. 1 Socialpædagogisk støtte"),
        ("Aflastningsordning", None, "Aflastningsordning"),
        ("12 ugers forløb", None, "12 ugers forløb"),
        ("2019-kataloget", None, "2019-kataloget"),
    ],
)
def test_a_leading_number_is_split_from_the_heading(text, number, heading):
    assert split_number(text) == (number, heading)


def test_numbers_typed_in_word_headings_and_automatic_numbering_are_kept():
    document = Document()
    document.add_heading("1.2 Formål", level=1)
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>'
        "</w:abstractNum>"
    ))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for text, level in [("Indledning", 1), ("Baggrund", 2), ("Målgruppe", 2), ("Økonomi", 1), ("Budget", 2)]:
        paragraph = document.add_heading(text, level=level)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level - 1}"/><w:numId w:val="90"/></w:numPr>'
        ))

    sections = import_docx(docx_bytes(document)).sections

    numbered = [(s.number, s.heading) for s in all_sections(sections)]
    assert numbered == [
        ("1.2", "Formål"), ("1", "Indledning"), ("1.1", "Baggrund"), ("1.2", "Målgruppe"),
        ("2", "Økonomi"), ("2.1", "Budget"),
    ]


def test_text_before_the_first_heading_becomes_indledning():
    document = Document()
    document.add_paragraph("Udkast til høring", style="Title")
    document.add_paragraph("Dette udkast sendes i høring hos Handicaprådet.")
    document.add_heading("Formål", level=2)
    document.add_paragraph("Formålet er at beskrive serviceniveauet.")

    result = import_docx(docx_bytes(document))

    assert result.title == "Udkast til høring"
    assert headings_of(result.sections) == ["Indledning", "Formål"]
    assert result.sections[0].body_html == "<p>Dette udkast sendes i høring hos Handicaprådet.</p>"
    assert result.sections[0].children == []


def test_a_three_column_table_stays_a_table_with_its_header_row():
    document = Document()
    document.add_heading("Spørgsmål og svar", level=1)
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Spørgsmålsstiller", "Spørgsmål", "Forvaltningens svar"], strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for cell, text in zip(table.rows[1].cells, ["Handicaprådet", "Hvem visiterer?", "Myndighed"], strict=True):
        cell.text = text

    section = import_docx(docx_bytes(document)).sections[0]

    assert section.children == []
    assert section.body_html == (
        '<table><thead><tr><th scope="col">Spørgsmålsstiller</th><th scope="col">Spørgsmål</th>'
        '<th scope="col">Forvaltningens svar</th></tr></thead><tbody><tr><td><p>Handicaprådet</p></td>'
        "<td><p>Hvem visiterer?</p></td><td><p>Myndighed</p></td></tr></tbody></table>"
    )


def test_merged_cells_do_not_repeat_their_text():
    document = Document()
    document.add_heading("Botilbud", level=1)
    table = document.add_table(rows=4, cols=2)
    for row, field in zip(table.rows[:3], ["Visitation", "Kriterier for tildeling", "Omfang"], strict=True):
        row.cells[0].text = field
    top = table.cell(0, 1)
    top.text = "Fælles tekst for visitation og kriterier."
    top.merge(table.cell(1, 1))
    table.cell(2, 1).text = "Op til 60 døgn."
    merged = table.cell(3, 0).merge(table.cell(3, 1))
    merged.text = "Gælder fra 1. januar 2020."
    wide = document.add_table(rows=2, cols=3)
    wide.cell(0, 0).text = "Ydelse"
    wide.cell(0, 1).merge(wide.cell(0, 2)).text = "Pris"
    wide.cell(1, 0).text = "Aflastning"
    wide.cell(1, 1).text = "100 kr."
    wide.cell(1, 2).text = "pr. døgn"

    section = import_docx(docx_bytes(document)).sections[0]

    assert headings_of(section.children) == ["Visitation", "Kriterier for tildeling", "Omfang"]
    assert [c.body_html for c in section.children] == [
        "<p>Fælles tekst for visitation og kriterier.</p>",
        "",
        "<p>Op til 60 døgn.</p><p>Gælder fra 1. januar 2020.</p>",  # the row merged across the table
    ]
    assert section.body_html.count("Pris") == 1 and 'colspan="2"' in section.body_html


@pytest.mark.parametrize(
    ("first_row", "looks_like_header", "skipped"),
    [
        (("Felt", "Tekst"), "bold", True),
        (("Felt", "Tekst"), "repeats on each page", True),
        (("Felt", "Tekst"), "", False),
        (("Aflastningsordning", "§ 84"), "bold", False),
    ],
)
def test_a_header_row_of_a_field_table_is_left_out_only_when_it_clearly_is_one(first_row, looks_like_header, skipped):
    document = Document()
    document.add_heading("Aflastningsordning", level=1)
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table.rows[0].cells, first_row, strict=True):
        cell.paragraphs[0].add_run(text).bold = looks_like_header == "bold"
    if looks_like_header == "repeats on each page":
        table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    table.cell(1, 0).text = "Målgruppe"
    table.cell(1, 1).text = "Pårørende."

    children = import_docx(docx_bytes(document)).sections[0].children

    expected = ["Målgruppe"] if skipped else [first_row[0], "Målgruppe"]
    assert headings_of(children) == expected


def test_numbered_lists_links_and_underline_are_kept():
    document = Document()
    document.add_heading("Klagevejledning", level=1)
    document.add_paragraph("Kontakt forvaltningen", style="List Number")
    document.add_paragraph("Send klagen", style="List Number")
    document.add_paragraph("• En punktopstilling skrevet i hånden")
    paragraph = document.add_paragraph("Læs mere på ")
    _add_link(document, paragraph, "https://www.ltk.dk/klage", "kommunens hjemmeside")
    _add_link(document, paragraph, "javascript:alert(1)", " her")
    paragraph.add_run(" og ")
    paragraph.add_run("husk fristen").underline = True

    body = import_docx(docx_bytes(document)).sections[0].body_html

    assert body.startswith("<ol><li>Kontakt forvaltningen</li><li>Send klagen</li></ol>")
    assert "<ul><li>En punktopstilling skrevet i hånden</li></ul>" in body
    assert '<a href="https://www.ltk.dk/klage" rel="noopener noreferrer">kommunens hjemmeside</a>' in body
    assert "javascript" not in body and " her og <u>husk fristen</u>" in body


def _add_link(document, paragraph, url: str, text: str) -> None:
    rel_id = document.part.relate_to(url, RT.HYPERLINK, is_external=True)
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
    paragraph._p.append(parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rel_id}">{run}</w:hyperlink>'))


def test_images_are_left_out_with_one_warning_and_long_headings_are_cut_with_one(danish):
    document = Document()
    long_heading = "Kvalitetsstandard for " + " ".join(["socialpædagogisk støtte"] * 20)
    document.add_heading(long_heading, level=1)
    document.add_paragraph().add_run().add_picture(io.BytesIO(a_png()))
    document.add_paragraph("Tekst under billedet.").add_run().add_picture(io.BytesIO(a_png()))
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Målgruppe"
    table.cell(0, 1).paragraphs[0].add_run().add_picture(io.BytesIO(a_png()))

    result = import_docx(docx_bytes(document))

    section = result.sections[0]
    assert len(section.heading) <= 300 and section.heading.endswith("støtte…")
    assert long_heading in section.body_html  # the whole heading is not lost
    assert section.body_html.endswith("<p>Tekst under billedet.</p>")
    assert section.children[0].body_html == ""
    assert len(result.warnings) == 2
    assert result.warnings[0].startswith("Overskriften »Kvalitetsstandard for")
    assert result.warnings[1].startswith("Billeder er ikke taget med (3 i alt).")


def test_table_of_contents_hidden_text_and_deleted_text_are_left_out(danish):
    document = Document()
    toc = document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Aflastningsordning\t4", style=toc)
    document.add_heading("Aflastningsordning", level=1)
    paragraph = document.add_paragraph("Der ydes op til ")
    for change in ('<w:del w:id="1" w:author="A"><w:r><w:delText>30</w:delText></w:r></w:del>',
                   '<w:ins w:id="2" w:author="A"><w:r><w:t>60</w:t></w:r></w:ins>'):
        paragraph._p.append(parse_xml(change.replace(" w:id", f' {nsdecls("w")} w:id', 1)))
    paragraph.add_run(" døgn")
    paragraph.add_run(" (skjult note)").font.hidden = True
    paragraph.add_run(".")
    document.add_paragraph("- Med en tankestreg som punkttegn")

    result = import_docx(docx_bytes(document))

    assert headings_of(result.sections) == ["Aflastningsordning"]
    assert result.sections[0].body_html == (
        "<p>Der ydes op til 60 døgn.</p><ul><li>Med en tankestreg som punkttegn</li></ul>"
    )
    assert result.warnings == ["Dokumentet har registrerede ændringer. De er taget med, som om de var godkendt."]
