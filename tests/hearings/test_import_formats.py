"""Importing a draft as OpenDocument (.odt) or PDF: what each reader keeps, and the files it refuses.

The 2019 catalogue in each format is scored in tests/corpus/; here small files built in the test
show the rules one by one: the format is read from the content (never the name), a cover is the
title, merged and header cells keep their shape, page furniture and line-end hyphens go, and a
scan, an encrypted file, a too long PDF, an empty ODT get a Danish refusal.
"""

import contextlib
import io
import time
import zipfile
from pathlib import Path

import pikepdf
import pytest
from odfdo import Document, Element, Header, List, ListItem, Paragraph, Span, Style
from pypdf import PdfReader, PdfWriter

from app.hearings.draft_import import DraftImportError, import_document
from app.hearings.draft_import.pdf import MAX_PAGES
from app.hearings.draft_import.pdf.text import Vocabulary, join_hyphen
from tests.hearings.draft_files import all_sections, catalogue_docx, headings_of

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def _odt(build) -> bytes:
    document = Document("text")
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(html: str, *, tagged: bool) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf(**({"pdf_variant": "pdf/ua-1"} if tagged else {}))


def _refusal(data: bytes, name: str | None = None) -> str:
    with pytest.raises(DraftImportError) as refused:
        import_document(data, name)
    return str(refused.value.message)


# -- OpenDocument ---------------------------------------------------------------------------


def _bold_italic_and_a_list(document) -> None:
    body = document.body
    body.append(Paragraph("Kvalitetsstandarder 2019", style="Title"))
    body.append(Header(1, "§ 84 Aflastning"))
    paragraph = Paragraph("Aflastning ydes ")
    paragraph.append(Span("uden for hjemmet", style="Fed"))
    paragraph.append(" og ")
    paragraph.append(Span("efter aftale", style="Kursiv"))
    body.append(paragraph)
    body.append(List([ListItem("Ophold i botilbud"), ListItem("Afløsning i hjemmet")]))
    body.append(Header(2, "Omfang"))
    body.append(Paragraph("Op til 60 døgn om året."))
    document.insert_style(Style("text", name="Fed", bold=True), automatic=True)
    document.insert_style(Style("text", name="Kursiv", italic=True), automatic=True)


def test_an_odt_keeps_headings_levels_emphasis_lists_and_its_title(danish):
    result = import_document(_odt(_bold_italic_and_a_list), "udkast.odt")

    assert result.title == "Kvalitetsstandarder 2019"
    [standard] = result.sections
    assert (standard.number, standard.heading) == ("§ 84", "Aflastning")
    assert "<strong>uden for hjemmet</strong>" in standard.body_html
    assert "<em>efter aftale</em>" in standard.body_html
    assert "<ul><li>Ophold i botilbud</li><li>Afløsning i hjemmet</li></ul>" in standard.body_html
    assert headings_of(standard.children) == ["Omfang"]


def test_the_number_libreoffice_shows_before_a_heading_becomes_its_number(danish):
    def build(document) -> None:
        document.body.append(Element.from_tag(
            '<text:h text:outline-level="1"><text:number>2.1.</text:number>Formål</text:h>'))
        document.body.append(Paragraph("Planen beskriver tre modeller."))

    [section] = import_document(_odt(build), "plan.odt").sections

    assert (section.number, section.heading) == ("2.1", "Formål")


def test_the_odt_catalogue_keeps_bilag_2s_merged_header_rows_and_its_cover_is_no_section(danish):
    result = import_document((CORPUS / "catalogue-2019.odt").read_bytes(), "katalog.odt")

    assert result.title == "Kvalitetsstandarder på det specialiserede voksenområde"
    assert result.subtitle == "Lyngby-Taarbæk Kommune, Høringsudkast, Center for Social Indsats, 2019"
    assert result.sections[0].heading == "Forord"
    [bilag] = [s for s in all_sections(result.sections) if s.heading == "Bilag 2"]
    head = bilag.body_html.split("<thead>")[1].split("</thead>")[0]
    assert '<th scope="colgroup" colspan="5">Funktionsniveau</th>' in head
    assert '<th scope="col" rowspan="2">Ydelse</th>' in head
    assert head.count("<tr>") == 2 and '<th scope="col">4</th>' in head


def _plan_with_a_cover(page_break: bool):
    def build(document) -> None:
        document.insert_style(Style("paragraph", name="Sideskift", break_after="page" if page_break else None),
                              automatic=True)
        document.body.append(Paragraph("Plan for socialpsykiatrien"))
        document.body.append(Paragraph("Høringsudkast, 2013", style="Sideskift"))
        document.body.append(Header(1, "1. Indledning"))
        document.body.append(Paragraph("Planen beskriver tre modeller."))
    return build


def test_short_lines_before_a_page_break_are_the_cover_even_without_a_title_style(danish):
    with_break = import_document(_odt(_plan_with_a_cover(page_break=True)), "plan.odt")
    without = import_document(_odt(_plan_with_a_cover(page_break=False)), "plan.odt")

    assert (with_break.title, with_break.subtitle) == ("Plan for socialpsykiatrien", "Høringsudkast, 2013")
    assert [(s.number, s.heading) for s in with_break.sections] == [("1", "Indledning")]
    assert without.title is None and headings_of(without.sections) == ["Indledning", "Indledning"]
    assert "Plan for socialpsykiatrien" in without.sections[0].body_html  # nothing is lost


def test_an_empty_odt_is_refused(danish):
    assert "Dokumentet indeholder ingen tekst" in _refusal(_odt(lambda document: None), "tomt.odt")


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
ENCRYPTED_MANIFEST = (
    b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    b'<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry>'
    b"</manifest:manifest>"
)


@pytest.mark.parametrize(("members", "expected"), [
    ({"mimetype": ODT_MIMETYPE, "META-INF/manifest.xml": ENCRYPTED_MANIFEST, "content.xml": b"\x8f\x01"},
     "beskyttet med en adgangskode"),
    ({"mimetype": ODT_MIMETYPE, "content.xml": b"\x00" * (5 * 1024 * 1024)}, "når den pakkes ud"),
    ({"mimetype": ODT_MIMETYPE, "content.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x/>'},
     "ODT-dokumentet er beskadiget"),
    ({"mimetype": ODT_MIMETYPE}, "ODT-dokumentet er beskadiget"),
], ids=["encrypted", "zip bomb", "entities", "no content"])
def test_an_odt_that_cannot_be_read_safely_is_refused(danish, members, expected):
    assert expected in _refusal(_zip(members), "udkast.odt")


def test_damaged_odt_files_are_imported_or_refused_never_crash(danish):
    data = (CORPUS / "catalogue-2019.odt").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    for position in range(300, len(data), len(data) // 25):  # bytes flipped in the zip itself
        damaged = data[:position] + bytes([data[position] ^ 0x5A]) + data[position + 1:]
        with contextlib.suppress(DraftImportError):
            import_document(damaged, "udkast.odt")
    for cut in (0.1, 0.5, 0.9):  # content.xml cut short: broken XML
        content = members["content.xml"][: int(len(members["content.xml"]) * cut)]
        assert "ODT-dokumentet er beskadiget" in _refusal(_zip({**members, "content.xml": content}), "udkast.odt")


# -- the format comes from the content --------------------------------------------------------


def test_a_zip_renamed_to_docx_odt_or_pdf_is_refused_as_a_zip(danish):
    renamed = _zip({"referat.txt": b"Hej"})
    for name in ("udkast.docx", "udkast.odt", "udkast.pdf"):
        assert "Filen er en zip-fil" in _refusal(renamed, name)


def test_a_file_is_read_as_what_it_is_whatever_its_name(danish):
    word = import_document(catalogue_docx(), "udkast.pdf")
    odt = import_document(_odt(_bold_italic_and_a_list), "udkast.docx")

    assert headings_of(word.sections)[:2] == ["Forord", "Aflastningsordning"]
    assert odt.title == "Kvalitetsstandarder 2019"
    assert "hverken et Word-dokument (.docx), et OpenDocument-dokument (.odt) eller en PDF" in _refusal(
        "Høringsudkast i ren tekst".encode(), "udkast.docx")


# -- PDF refusals ---------------------------------------------------------------------------


def test_a_scanned_pdf_is_refused_as_a_scan(danish):
    message = _refusal((CORPUS / "letter-2019-scan.pdf").read_bytes(), "brev.pdf")
    assert message.startswith("Filen indeholder ingen tekst – det er sandsynligvis en scanning")


def test_a_pdf_that_needs_a_password_is_refused(danish):
    writer = PdfWriter(clone_from=io.BytesIO((CORPUS / "letter-2019-untagged.pdf").read_bytes()))
    writer.encrypt(user_password="hemmelig", owner_password="ejer")  # noqa: S106 (a test file's password)
    out = io.BytesIO()
    writer.write(out)

    assert "PDF-filen er beskyttet med en adgangskode" in _refusal(out.getvalue(), "udkast.pdf")


def test_a_pdf_of_500_pages_is_refused_by_its_page_count_before_any_page_is_read(danish):
    writer = PdfWriter()
    for _ in range(500):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)

    started = time.perf_counter()
    message = _refusal(out.getvalue(), "udkast.pdf")

    assert f"mere end {MAX_PAGES} sider" in message
    assert time.perf_counter() - started < 2  # 500 pages read one by one would take far longer


def test_a_damaged_pdf_is_refused_never_crashes(danish):
    data = (CORPUS / "letter-2019-untagged.pdf").read_bytes()
    assert "PDF-filen er beskadiget" in _refusal(data[:600], "udkast.pdf")
    for position in range(400, len(data), len(data) // 12):
        damaged = data[:position] + bytes([data[position] ^ 0x5A]) + data[position + 1:]
        with contextlib.suppress(DraftImportError):
            import_document(damaged, "udkast.pdf")


# -- PDF reading ------------------------------------------------------------------------------

_PAGES = """<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Plan</title><style>
@page { size: A5; margin: 2cm; @top-center { content: "Lyngby-Taarbæk Kommune – høringsudkast" }
        @bottom-center { content: "Side " counter(page) " af " counter(pages) } }
body { font-family: "DejaVu Sans"; font-size: 10pt; } h1 { page-break-before: always; }
p.narrow { width: 4.2cm; hyphens: auto; }
table { border-collapse: collapse; } th, td { border: 1px solid black; }
</style></head><body>
<p style="font-size: 24pt">Plan for socialpsykiatrien</p><p>Høringsudkast, 2013</p>
<h1>Indledning</h1>
<p class="narrow">Kommunalbestyrelsens socialpsykiatriske handlingsplan beskriver borgerstyret
personlig assistance (BPA-ordning) og rehabiliteringsforløb for borgerne.</p>
<p>Det gælder <strong>alle borgere</strong> over 18 år.</p>
<ul><li>Bostøtte</li><li>Aktivitetstilbud</li></ul>
<h1>Økonomi</h1>
<table><thead><tr><th rowspan="2">Tiltag</th><th colspan="2">Mio. kr.</th></tr><tr><th>2014</th><th>2015</th></tr>
</thead><tbody><tr><td>Bostøtte</td><td>1,2</td><td>1,4</td></tr><tr><td>Værested</td><td>0,5</td><td>0,5</td></tr>
</tbody></table>
<h1>Proces</h1><p>Høringen slutter den 24. juni.</p>
</body></html>"""

WORDS = ["Kommunalbestyrelsens", "socialpsykiatriske", "handlingsplan", "borgerstyret", "rehabiliteringsforløb"]


@pytest.fixture(scope="module")
def plan_pdfs():
    return {tagged: _pdf(_PAGES, tagged=tagged) for tagged in (True, False)}


@pytest.mark.parametrize("tagged", [True, False], ids=["tagged", "untagged"])
def test_a_pdf_gives_headings_text_lists_and_tables_without_page_furniture_or_line_end_hyphens(
    danish, plan_pdfs, tagged
):
    data = plan_pdfs[tagged]
    raw = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Side 2 af 4" in raw and any(line.endswith("-") for line in raw.splitlines()), "the test PDF hyphenates"

    result = import_document(data, "plan.pdf")

    assert result.title == "Plan for socialpsykiatrien" and result.subtitle == "Høringsudkast, 2013"
    assert headings_of(result.sections) == ["Indledning", "Økonomi", "Proces"]
    everything = " ".join(s.heading + s.body_html for s in result.sections)
    assert "Side" not in everything and "høringsudkast" not in everything
    introduction = result.sections[0].body_html
    assert all(word in introduction for word in WORDS) and "(BPA-ordning)" in introduction
    assert "<strong>alle borgere</strong>" in introduction
    assert "<ul><li>Bostøtte</li><li>Aktivitetstilbud</li></ul>" in introduction
    table = result.sections[1].body_html
    assert '<th scope="col" rowspan="2">Tiltag</th><th scope="colgroup" colspan="2">Mio. kr.</th>' in table
    assert "<thead><tr>" in table and table.split("</thead>")[0].count("<tr>") == 2
    assert "<td>Værested</td>" in table.replace("<p>", "").replace("</p>", "")


def test_a_tagged_table_whose_first_row_is_all_header_cells_keeps_it_as_its_head(danish):
    data = _pdf("<html lang='da'><body><h1>Økonomi</h1><table><tr><th>Tiltag</th><th>2014</th><th>2015</th></tr>"
                "<tr><td>Bostøtte</td><td>1,2</td><td>1,4</td></tr></table></body></html>", tagged=True)

    [section] = import_document(data, "plan.pdf").sections

    assert section.body_html.startswith('<table><thead><tr><th scope="col">Tiltag</th><th scope="col">2014</th>')
    assert "<tbody><tr><td><p>Bostøtte</p></td>" in section.body_html


@pytest.mark.parametrize(("left", "right", "joint"), [
    ("bor-", "ger", ""),  # a typesetter's break
    ("BPA-", "ordning", "-"),  # an abbreviation keeps its hyphen
    ("Lyngby-", "Taarbæk", "-"),
    ("selvhjælps-", "og netværksgrupper", "- "),  # a word left open for the next
    ("§ 83-", "85", "-"),
    ("e-", "mail", "-"),
    ("rehabilite-", "ringsforløb", ""),  # both halves look like words, but the whole is one
    ("hjemme-", "hjælp", ""),
])
def test_a_hyphen_at_a_line_end_is_dropped_only_where_it_breaks_a_word(left, right, joint):
    assert join_hyphen(left, right, Vocabulary({"borger", "ordning"}, {"e-mail"})) == joint


def test_a_structure_tree_that_loops_back_on_itself_is_read_once(danish, plan_pdfs):
    pdf = pikepdf.open(io.BytesIO(plan_pdfs[True]))
    document = pdf.Root.StructTreeRoot.K
    document = document[0] if isinstance(document, pikepdf.Array) else document
    for element in list(document.K)[:3]:  # each of the first elements now holds the whole document again
        element.K = pikepdf.Array([*(element.K if isinstance(element.K, pikepdf.Array) else [element.K]), document])
    out = io.BytesIO()
    pdf.save(out)

    started = time.perf_counter()
    result = import_document(out.getvalue(), "plan.pdf")

    assert "Indledning" in headings_of(result.sections)
    assert time.perf_counter() - started < 10
