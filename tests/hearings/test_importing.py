"""Importing a draft: what a case officer sees in the preview after choosing a Word file or pasting text.

Word files are built here with python-docx; nothing binary is checked in.
"""

import contextlib
import functools
import io
import json
import random
import struct
import zipfile
import zlib

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

import config
from app import create_app
from app.hearings import draft_import
from app.hearings.draft_import import (
    DraftImportError,
    ImportedSection,
    ImportResult,
    count_sections,
    import_docx,
    import_markdown,
    result_from_json,
    result_to_json,
    split_number,
)

FIELDS = [
    "Lovgrundlag for ydelsen", "Målgruppe", "Ydelsens indhold", "Visitation", "Omfang/varighed",
    "Levering af ydelsen", "Opfølgning", "Andre bestemmelser fx klagevejledning", "Anvendelse",
    "Revision af standard",
]


@pytest.fixture(scope="module")
def danish():
    """A request in which messages and warnings can be read, as in the real upload.

    The language lives in the session, so Flask-Babel needs a request. The
    importer never touches the database, so one app without tables serves the
    whole module, which keeps it fast (the conftest `app` fixture empties every
    table after each test).
    """
    app = create_app(config.TestingConfig())
    with app.test_request_context():
        yield


def _bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _headings(sections: list[ImportedSection]) -> list[str]:
    return [section.heading for section in sections]


def _all_sections(sections):
    for section in sections:
        yield section
        yield from _all_sections(section.children)


def _standard(document, name: str) -> None:
    document.add_heading(name, level=1)
    table = document.add_table(rows=0, cols=2)
    for field in FIELDS:
        row = table.add_row()
        row.cells[0].text = field
        row.cells[1].text = f"{field}: {name}."
    document.add_paragraph()


@functools.cache
def _catalogue() -> bytes:
    """Laid out like the 2019 catalogue of quality standards."""
    document = Document()
    document.add_paragraph("Kvalitetsstandarder 2019", style="Title")
    document.add_paragraph()
    document.add_heading("Forord", level=1)
    document.add_paragraph("Vi præsenterer herved kommunens vejledende kvalitetsstandarder.")
    document.add_paragraph("   ")
    document.add_paragraph("Ændringer af kvalitetsstandarderne skal vedtages af Kommunalbestyrelsen.")
    document.add_page_break()
    _standard(document, "Aflastningsordning")
    cell = document.tables[0].rows[2].cells[1]
    cell.text = "Aflastning ydes udenfor hjemmet."
    paragraph = cell.add_paragraph("Afløsning ydes ")
    paragraph.add_run("i hjemmet").bold = True
    paragraph.add_run(" efter en ")
    paragraph.add_run("konkret vurdering").italic = True
    paragraph.add_run(".")
    cell.add_paragraph("Praktisk hjælp", style="List Bullet")
    cell.add_paragraph("Personlig pleje", style="List Bullet")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _standard(document, "Tidlig forebyggende indsats")
    return _bytes(document)


# -- Word ----------------------------------------------------------------------------


def test_catalogue_imports_one_section_per_standard_and_one_child_per_field():
    result = import_docx(_catalogue())

    assert result.title == "Kvalitetsstandarder 2019"
    assert _headings(result.sections) == ["Forord", "Aflastningsordning", "Tidlig forebyggende indsats"]
    forord, aflastning, tidlig = result.sections
    assert forord.body_html == (
        "<p>Vi præsenterer herved kommunens vejledende kvalitetsstandarder.</p>"
        "<p>Ændringer af kvalitetsstandarderne skal vedtages af Kommunalbestyrelsen.</p>"
    )
    assert _headings(aflastning.children) == FIELDS == _headings(tidlig.children)
    assert aflastning.body_html == ""
    assert aflastning.children[0].body_html == "<p>Lovgrundlag for ydelsen: Aflastningsordning.</p>"
    assert aflastning.children[2].body_html == (
        "<p>Aflastning ydes udenfor hjemmet.</p>"
        "<p>Afløsning ydes <strong>i hjemmet</strong> efter en <em>konkret vurdering</em>.</p>"
        "<ul><li>Praktisk hjælp</li><li>Personlig pleje</li></ul>"
    )
    assert all("<p></p>" not in s.body_html for s in _all_sections(result.sections))
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

    sections = import_docx(_bytes(document)).sections

    assert _headings(sections) == ["Kapitel", "Næste kapitel"]
    assert _headings(sections[0].children) == ["Afsnit"]
    assert _headings(sections[0].children[0].children) == ["Underafsnit"]
    assert sections[0].children[0].children[0].body_html == "<p>Tekst i underafsnittet.</p>"
    assert _headings(sections[1].children) == ["Spring til niveau 3"]


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

    result = import_docx(_bytes(document))

    assert _headings(result.sections) == ["Formål"]
    assert _headings(result.sections[0].children) == ["Baggrund"]
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

    sections = import_docx(_bytes(document)).sections

    numbered = [(s.number, s.heading) for s in _all_sections(sections)]
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

    result = import_docx(_bytes(document))

    assert result.title == "Udkast til høring"
    assert _headings(result.sections) == ["Indledning", "Formål"]
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

    section = import_docx(_bytes(document)).sections[0]

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

    section = import_docx(_bytes(document)).sections[0]

    assert _headings(section.children) == ["Visitation", "Kriterier for tildeling", "Omfang"]
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

    children = import_docx(_bytes(document)).sections[0].children

    expected = ["Målgruppe"] if skipped else [first_row[0], "Målgruppe"]
    assert _headings(children) == expected


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

    body = import_docx(_bytes(document)).sections[0].body_html

    assert body.startswith("<ol><li>Kontakt forvaltningen</li><li>Send klagen</li></ol>")
    assert "<ul><li>En punktopstilling skrevet i hånden</li></ul>" in body
    assert '<a href="https://www.ltk.dk/klage" rel="noopener noreferrer">kommunens hjemmeside</a>' in body
    assert "javascript" not in body and " her og <u>husk fristen</u>" in body


def _add_link(document, paragraph, url: str, text: str) -> None:
    rel_id = document.part.relate_to(url, RT.HYPERLINK, is_external=True)
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
    paragraph._p.append(parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rel_id}">{run}</w:hyperlink>'))


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(
        b"IEND", b""
    )


def test_images_are_left_out_with_one_warning_and_long_headings_are_cut_with_one(danish):
    document = Document()
    long_heading = "Kvalitetsstandard for " + " ".join(["socialpædagogisk støtte"] * 20)
    document.add_heading(long_heading, level=1)
    document.add_paragraph().add_run().add_picture(io.BytesIO(_png()))
    document.add_paragraph("Tekst under billedet.").add_run().add_picture(io.BytesIO(_png()))
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Målgruppe"
    table.cell(0, 1).paragraphs[0].add_run().add_picture(io.BytesIO(_png()))

    result = import_docx(_bytes(document))

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

    result = import_docx(_bytes(document))

    assert _headings(result.sections) == ["Aflastningsordning"]
    assert result.sections[0].body_html == (
        "<p>Der ydes op til 60 døgn.</p><ul><li>Med en tankestreg som punkttegn</li></ul>"
    )
    assert result.warnings == ["Dokumentet har registrerede ændringer. De er taget med, som om de var godkendt."]


# -- refusals ------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _docx_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _with_members(changes: dict[str, bytes | None]) -> bytes:
    """The catalogue with some parts replaced (None: left out)."""
    members = _docx_members(_catalogue())
    for name, data in changes.items():
        if data is None:
            members.pop(name)
        else:
            members[name] = data
    return _zip(members)


def _cfb(*streams: str) -> bytes:
    return bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504 + b"".join(s.encode("utf-16-le") for s in streams)


def _docm() -> bytes:
    content_types = _docx_members(_catalogue())["[Content_Types].xml"]
    return _with_members(
        {"[Content_Types].xml": content_types.replace(b"document.main+xml", b"document.macroEnabled.main+xml")}
    )


DAMAGED = "Word-dokumentet er beskadiget"
REFUSALS = {
    "empty file": (lambda: b"", "Filen er tom."),
    "over 20 MB": (lambda: b"PK" + b"\x00" * (21 * 1024 * 1024), "Filen fylder mere end 20 MB"),
    "renamed .exe": (lambda: b"MZ\x90\x00\x03" + b"\x00" * 200, "Filen er et program, ikke et Word-dokument."),
    "pdf": (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "Filen er en PDF, ikke et Word-dokument."),
    "rtf": (lambda: b"{\\rtf1\\ansi Hej}", "Filen er i RTF-format."),
    "image": (_png, "Filen er et billede, ikke et Word-dokument."),
    "text file": (lambda: "Høringsudkast".encode(), "Filen er ikke et Word-dokument."),
    "encrypted docx": (lambda: _cfb("EncryptionInfo", "EncryptedPackage"), "beskyttet med en adgangskode"),
    "old .doc": (lambda: _cfb("WordDocument", "1Table"), "gem den som .docx"),
    "truncated docx": (lambda: _catalogue()[:4000], DAMAGED),
    "no word/document.xml": (lambda: _with_members({"word/document.xml": None}), DAMAGED),
    "broken XML": (lambda: _with_members({"word/document.xml": b"<w:document><w:body"}), DAMAGED),
    "plain zip": (lambda: _zip({"referat.txt": b"Hej"}), "Filen er en zip-fil, ikke et Word-dokument."),
    "spreadsheet": (lambda: _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}), "Excel-regneark"),
    "odt": (lambda: _zip({"mimetype": b"application/vnd.oasis.opendocument.text"}), "OpenDocument-dokument (.odt)"),
    "macro document": (_docm, "Gem den som almindeligt Word-dokument (.docx)"),
    "zip bomb": (lambda: _zip({"word/document.xml": b"\x00" * (5 * 1024 * 1024)}), "når den pakkes ud"),
    "no text": (lambda: _bytes(Document()), "Dokumentet er tomt."),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_what_is_not_a_usable_word_file_is_refused_in_plain_danish(danish, case):
    make, expected = REFUSALS[case]

    with pytest.raises(DraftImportError) as refused:
        import_docx(make())

    assert expected in str(refused.value.message)


def test_a_zip_that_unpacks_to_more_than_the_limit_is_refused_before_unpacking(danish, monkeypatch):
    data = _catalogue()
    monkeypatch.setattr(draft_import, "MAX_UNZIPPED_BYTES", sum(map(len, _docx_members(data).values())) - 1)

    with pytest.raises(DraftImportError, match="når den pakkes ud"):
        import_docx(data)


def test_damaged_word_files_never_escape_as_unhandled_errors(danish):
    data = _catalogue()
    for position in range(200, len(data), max(len(data) // 40, 1)):
        damaged = data[:position] + bytes([data[position] ^ 0x5A]) + data[position + 1:]
        with contextlib.suppress(DraftImportError):
            import_docx(damaged)


def test_odd_xml_inside_a_sound_zip_is_imported_or_refused_never_crashes(danish):
    """Parts of the XML taken away or given odd values, as a careless converter might."""
    members = _docx_members(_catalogue())
    chance = random.Random(2019)  # noqa: S311 (repeatable damage, not security)
    for _ in range(15):
        damaged = dict(members)
        for part in ("word/document.xml", "word/styles.xml", "word/numbering.xml"):
            root = etree.fromstring(damaged[part])  # noqa: S320 (our own test file)
            elements = list(root.iter())[1:]
            for element in chance.sample(elements, 5):
                if chance.random() < 0.5 and element.getparent() is not None:
                    element.getparent().remove(element)
                else:
                    for name in element.attrib:
                        element.attrib[name] = chance.choice(["", "x", "-1", "99999", "0"])
            damaged[part] = etree.tostring(root)
        with contextlib.suppress(DraftImportError):
            import_docx(_zip(damaged))


# -- the preview round trip ----------------------------------------------------------


def test_the_preview_round_trip_keeps_the_tree_and_cleans_it_again():
    result = import_docx(_catalogue())

    assert result_from_json(result_to_json(result)) == result

    tampered = json.loads(result_to_json(result))
    tampered["sections"][0]["body_html"] += '<script>alert("x")</script><p onclick="x()">Klik</p>'
    back = result_from_json(json.dumps(tampered))
    assert "<script" not in back.sections[0].body_html and "onclick" not in back.sections[0].body_html
    assert back.sections[0].body_html.endswith("<p>Klik</p>")


@pytest.mark.parametrize(
    "payload",
    [
        "[]",
        "not json",
        '{"title": null, "sections": []}',
        '{"title": null, "sections": [{"heading": "", "body_html": ""}]}',
        '{"title": null, "sections": [{"heading": 3, "body_html": ""}]}',
        '{"title": null, "sections": [{"heading": "A", "body_html": "", "children": "x"}]}',
        json.dumps({"title": None, "sections": [{"heading": "A" * 301, "body_html": ""}]}),
        json.dumps({"title": None, "sections": [{"heading": "A", "body_html": "", "number": "1" * 41}]}),
        "[" * 100_000 + "]" * 100_000,
    ],
)
def test_a_preview_that_was_not_made_here_is_refused(payload):
    with pytest.raises(ValueError):  # noqa: PT011 (the view turns any ValueError into 400)
        result_from_json(payload)


def test_a_preview_nested_deeper_than_any_import_is_refused():
    section = {"heading": "Bund", "body_html": ""}
    for _ in range(draft_import.MAX_DEPTH):
        section = {"heading": "Niveau", "body_html": "", "children": [section]}

    with pytest.raises(ValueError, match="nested too deeply"):
        result_from_json(json.dumps({"title": None, "sections": [section]}))


# -- pasted text (Markdown) -----------------------------------------------------------


def test_pasted_markdown_nests_headings_and_keeps_lists_and_emphasis():
    text = (
        "Udkastet sendes i høring.\n\n"
        "# 1 Aflastningsordning\n\n"
        "## Målgruppe\n\n"
        "Pårørende, der passer en person med **nedsat funktionsevne**:\n\n"
        "- ægtefæller\n- forældre\n\n"
        "### Undtagelser\n\n"
        "*Ingen.*\n\n"
        "```\n# ikke en overskrift\n```\n\n"
        "# § 85 Socialpædagogisk støtte\n\n"
        "| Ydelse | Timer |\n| --- | --- |\n| Støtte | 4 |\n"
    )

    result = import_markdown(text)

    assert result.title is None
    assert [(s.number, s.heading) for s in result.sections] == [
        (None, "Indledning"), ("1", "Aflastningsordning"), ("§ 85", "Socialpædagogisk støtte"),
    ]
    malgruppe = result.sections[1].children[0]
    assert malgruppe.heading == "Målgruppe"
    assert malgruppe.body_html == (
        "<p>Pårørende, der passer en person med <strong>nedsat funktionsevne</strong>:</p>\n"
        "<ul>\n<li>ægtefæller</li>\n<li>forældre</li>\n</ul>"
    )
    assert _headings(malgruppe.children) == ["Undtagelser"]
    assert "<em>Ingen.</em>" in malgruppe.children[0].body_html
    assert "# ikke en overskrift" in malgruppe.children[0].body_html
    assert "<table>" in result.sections[2].body_html


def test_raw_html_in_pasted_text_is_shown_as_text_never_run():
    result = import_markdown('# Formål\n\n<script>alert("x")</script>\n\nTekst <img src=x onerror=alert(1)>')

    body = result.sections[0].body_html
    assert "<script" not in body and "<img" not in body
    assert "&lt;script&gt;" in body


@pytest.mark.parametrize("text", ["", "   \n\n  ", "---", "#\n\n##"])
def test_pasted_text_without_any_words_is_refused(danish, text):
    with pytest.raises(DraftImportError) as refused:
        import_markdown(text)

    assert str(refused.value.message).startswith("Indsæt teksten")


def test_pasted_text_over_the_limit_is_refused(danish, monkeypatch):
    monkeypatch.setattr(draft_import, "MAX_MARKDOWN_CHARS", 100)

    with pytest.raises(DraftImportError) as refused:
        import_markdown("# Formål\n\n" + "tekst " * 20)

    assert str(refused.value.message).startswith("Teksten er for lang.")


def test_count_sections_counts_every_level():
    leaf = ImportedSection(heading="C", body_html="")
    result = ImportResult(
        title=None, warnings=[],
        sections=[ImportedSection("A", "", children=[ImportedSection("B", "", children=[leaf])]), leaf],
    )
    assert count_sections(result) == 4
