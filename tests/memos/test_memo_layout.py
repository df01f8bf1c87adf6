"""A large memo reads as a document (#20): an overview of its sections at the front (comments, points,
accepted, whether the draft changes), and each part's or section's points as a table "Nr. | Bemærkning |
Forvaltningens bemærkning | Udfald", named by its heading, in HTML and in a tagged PDF whose header row
comes again on each page. A memo of ordinary size (the 2019 and 2013 rounds) keeps its points as blocks."""

import re
import shutil
import subprocess

import pikepdf
import pytest
from lxml import html as lxml_html
from sqlalchemy import select

from app.extensions import cache, db
from app.hearings.models import Section
from app.memos import overview
from app.memos.compile import compile_memo
from app.memos.content import MemoChange
from app.memos.exports import export
from app.memos.pdf_parts import write_memo_pdf_in_parts
from app.memos.render import memo_body_html, memo_document_html
from app.parties.models import Organisation
from app.responses.models import Comment, Response
from tests.memos.large import large_hearing
from tests.vnu import run_vnu

HEADERS = ["Nr.", "Bemærkning", "Forvaltningens bemærkning", "Udfald"]


@pytest.fixture
def large(db):
    return large_hearing()


@pytest.fixture(autouse=True)
def _empty_cache(app):
    with app.app_context():
        cache.clear()


def _compile(app, hearing):
    with app.test_request_context():
        return compile_memo(hearing)


def _find(page, tag: str, css_class: str) -> list:
    return page.xpath(f"//{tag}[contains(concat(' ', @class, ' '), ' {css_class} ')]")


def _texts(elements) -> list[str]:
    return [" ".join(e.text_content().split()) for e in elements]


def test_a_large_memo_opens_with_an_overview_of_its_sections(app, large):
    memo = _compile(app, large)
    memo.changes = [MemoChange("s2", "§ 2 Weekender", "<p>Ny tekst.</p>")]
    assert memo.large
    with app.test_request_context():
        rows = overview.overview(memo)
        assert [(r.comments, r.points, r.accepted, r.changed) for r in rows] == [(201, 201, 67, False), (1, 1, 0, True)]
        assert overview.overview_sentence(memo, rows) == (
            "Høringssvarene har 202 bemærkninger. Notatet samler dem i 202 punkter. 67 punkter er imødekommet "
            "helt eller delvist. Udkastet ændres i 1 afsnit.")
        page = lxml_html.fromstring(memo_document_html(memo))
    table = _find(page, "table", "app-memo-overview-table")[0]
    assert _texts(table.xpath(".//caption")) == ["Bemærkninger, punkter og ændringer i hvert afsnit"]
    assert [th.get("scope") for th in table.xpath("./thead//th")] == ["col"] * 5
    body_rows = table.xpath("./tbody/tr")
    assert [_texts(row.xpath("./th | ./td")) for row in body_rows] == [
        ["§ 1 Aflastning", "201", "201", "67", "Nej"], ["§ 2 Weekender", "1", "1", "0", "Ja"]]
    for row in body_rows:  # each row names its section and leads to it
        header = row.xpath("./th")[0]
        assert header.get("scope") == "row"
        assert page.get_element_by_id(header.xpath(".//a")[0].get("href").removeprefix("#")).tag == "h3"
    # before the parties, which have a heading of their own: the overview is what a member reads first
    headings = _texts(page.xpath("//h2 | //h3"))
    assert headings.index("Overblik over bemærkningerne") + 1 == headings.index("Høringsparter")
    assert page.xpath("//table[@aria-labelledby='notat-parter']")  # named by its heading, not a caption again


def test_a_large_memos_points_are_a_table_per_section_named_by_its_heading(app, large):
    memo = _compile(app, large)
    with app.test_request_context():
        for page in (lxml_html.fromstring(memo_document_html(memo)),
                     lxml_html.fromstring(f"<article>{memo_body_html(memo, 2)}</article>")):
            tables = _find(page, "table", "app-memo-points")
            assert len(tables) == 2
            for table, section in zip(tables, memo.sections, strict=True):
                heading = page.get_element_by_id(table.get("aria-labelledby"))
                assert _texts([heading])[0] == section.label
                assert _texts(table.xpath("./thead//th")) == HEADERS
                assert {th.get("scope") for th in table.xpath("./thead//th")} == {"col"}
                rows = table.xpath("./tbody/tr")
                assert len(rows) == len(section.points)
                assert [(r[0].tag, r[0].get("scope"), r[0].text) for r in rows] == [
                    ("th", "row", str(number)) for number in range(1, len(rows) + 1)]  # numbered in its section
            first, second = tables[0].xpath("./tbody/tr")[:2]
            said, reply, outcome = _texts(first.xpath("./td"))
            assert said.startswith("Handicaprådet Sætning nummer 0") and said.endswith(
                "Uddrag. Hele bemærkningen står i bilaget, høringssvar nr. 1.")
            assert "Sætning nummer 11" not in said
            assert (reply, outcome) == ("Svar nummer 0.", "Imødekommet (ikke godkendt endnu)")
            assert _texts(second.xpath("./td"))[2] == "Ikke imødekommet (ikke godkendt endnu)"
            [open_point] = tables[1].xpath("./tbody/tr")
            assert _texts(open_point.xpath("./td")) == ["Seniorrådet Weekenderne bør med.", "Ikke besvaret endnu.", ""]
            assert not _find(page, "div", "app-memo-point")  # no point as a block


def test_a_memo_of_ordinary_size_keeps_its_points_as_blocks_without_an_overview(app, demo):
    memo = _compile(app, demo)
    assert not memo.large
    with app.test_request_context():
        page = lxml_html.fromstring(memo_document_html(memo, for_print=True))
    assert _find(page, "div", "app-memo-point") and not _find(page, "table", "app-memo-points")
    assert "Overblik over bemærkningerne" not in page.text_content()
    assert not page.xpath("//h3[@id]")


def _structure(pdf) -> list[str]:
    found, todo, seen = [], [pdf.Root.StructTreeRoot], set()
    while todo:
        element = todo.pop()
        if not isinstance(element, pikepdf.Dictionary) or element.objgen in seen:
            continue
        seen.add(element.objgen)
        if "/S" in element:
            found.append(str(element.S))
        kids = element.get("/K")
        todo.extend(kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else [])
    return found


def test_the_large_memos_pdf_tags_its_tables_and_repeats_the_header_on_each_page(app, large, tmp_path):
    memo = _compile(app, large)
    with app.test_request_context():
        content = export(memo, "pdf").content
    path = tmp_path / "notat.pdf"
    path.write_bytes(content)
    with pikepdf.open(path) as pdf:
        assert pdf.Root.MarkInfo.Marked and str(pdf.Root.Lang) == "da"
        tags = _structure(pdf)
        pages = len(pdf.pages)
    assert {"/Table", "/THead", "/TBody", "/TR", "/TH", "/TD"} <= set(tags)
    texts = [subprocess.run([shutil.which("pdftotext"), "-layout", "-f", str(n), "-l", str(n), str(path), "-"],  # noqa: S603
                            capture_output=True, text=True, check=True).stdout for n in range(1, pages + 1)]
    with_points = [n for n, text in enumerate(texts) if "Svar nummer" in text]
    assert len(with_points) >= 2, "the section's table runs over more than one page"
    for n in with_points:
        flat = " ".join(texts[n].split())
        assert "Nr. Bemærkning Forvaltningens bemærkning Udfald" in flat, f"page {n + 1} repeats the header"


def test_the_large_memo_is_valid_html_as_a_file_and_on_the_preview_page(app, client, auth, large, tmp_path, java):
    memo = _compile(app, large)
    with app.test_request_context():
        (tmp_path / "screen.html").write_text(memo_document_html(memo, appendix_name="bilag.html"))
        (tmp_path / "print.html").write_text(memo_document_html(memo, for_print=True, appendix_name="bilag.pdf"))
    auth.log_in()
    preview = client.get(f"/medarbejder/hoeringer/{large.slug}/hoeringsnotat")
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert 'class="table table--compact table--responsive-headers app-memo-points"' in page
    (tmp_path / "preview.html").write_text(page)
    assert run_vnu(java, tmp_path, ["screen.html", "print.html", "preview.html"]) == []


def test_the_preview_of_a_large_hearing_counts_what_is_missing_by_section(client, auth, large):
    """201 answers not approved and one comment not answered: counted under their sections, each count a link
    to where the work is done, not 202 lines."""
    auth.log_in()
    page = lxml_html.fromstring(client.get(f"/medarbejder/hoeringer/{large.slug}/hoeringsnotat").data)
    [alert] = page.xpath("//div[@role='status'][.//h2[contains(., 'mangler et godkendt svar')]]")
    assert _texts(alert.xpath(".//h2")) == ["202 bemærkninger mangler et godkendt svar"]
    assert _texts(alert.xpath(".//ul/li")) == ["§ 1 Aflastning: 201 svar er ikke godkendt",
                                               "§ 2 Weekender: 1 ikke besvaret"]
    first, second = (item.xpath(".//a/@href") for item in alert.xpath(".//ul/li"))
    assert first == [f"/medarbejder/hoeringer/{large.slug}/svar-paa-bemaerkninger/1"], "the first not approved"
    assert second == [f"/medarbejder/hoeringer/{large.slug}/besvarelse/s2"], "where § 2 is answered"


def test_a_large_memo_made_in_parts_names_each_header_cell_once_and_finds_it_by_its_id(app, large, tmp_path):
    """Each part numbers its tables' header cells from its own objects; joined, they stay unique, each
    cell's headers point at its own table's, and the IDTree finds them (PDF/UA)."""
    memo = _compile(app, large)
    target = tmp_path / "notat.pdf"
    with app.test_request_context():
        write_memo_pdf_in_parts(memo, "id", None, target, part_points=50)
    with pikepdf.open(target) as pdf:
        ids, headers = {}, []
        for item in pdf.objects:
            if isinstance(item, pikepdf.Dictionary) and item.get("/Type") == "/StructElem":
                if "/ID" in item:
                    assert bytes(item.ID) not in ids, bytes(item.ID)
                    ids[bytes(item.ID)] = item.objgen
                attributes = item.get("/A")
                for attribute in (attributes if isinstance(attributes, pikepdf.Array) else [attributes]):
                    if isinstance(attribute, pikepdf.Dictionary) and "/Headers" in attribute:
                        headers += [(bytes(h), item) for h in attribute.Headers]
        found = {}
        for leaf in pdf.Root.StructTreeRoot.IDTree.Kids:
            names = list(leaf.Names)
            found |= {bytes(names[n]): names[n + 1].objgen for n in range(0, len(names), 2)}
    assert len(ids) > 8 and found == ids
    assert headers and all(name in ids for name, _cell in headers)
    assert {name.split(b"-", 1)[0] for name in ids} == {b"p0", b"p1", b"p2"}, "the overview and parties, § 1, § 2"


def test_each_font_subset_of_a_memo_made_in_parts_has_a_tag_of_its_own(app, large, tmp_path):
    """Each part (and the footer's sample) subsets DejaVu Sans to its own glyphs under the same tag;
    joined, a file's different subsets must have different tags (ISO 32000-1, 9.6.4)."""
    memo = _compile(app, large)
    target = tmp_path / "notat.pdf"
    with app.test_request_context():
        write_memo_pdf_in_parts(memo, "id", None, target, part_points=50)
    with pikepdf.open(target) as pdf:
        files_by_name = {}
        for item in pdf.objects:
            if isinstance(item, pikepdf.Dictionary) and item.get("/Type") == "/FontDescriptor":
                font_file = next(item[key] for key in ("/FontFile2", "/FontFile3", "/FontFile") if key in item)
                files_by_name.setdefault(str(item.FontName), set()).add(font_file.objgen)
    subsets = [name for name in files_by_name if re.match(r"/[A-Z]{6}\+", name)]
    assert len(subsets) > 3 and all(len(files_by_name[name]) == 1 for name in subsets), files_by_name


def test_a_large_memo_on_a_page_shows_one_part_at_a_time(client, auth, large):
    """On the preview, a large memo's front and overview, then one part: § 1's 201 points here, § 2 a page
    of its own, reached from the overview and from the part before; the responses in full are the files'
    appendix, not on the page. Its files hold it whole."""
    auth.log_in()
    url = f"/medarbejder/hoeringer/{large.slug}/hoeringsnotat"
    page = lxml_html.fromstring(client.get(url).data)
    assert len(page.xpath("//table[@aria-labelledby='afsnit-s1']/tbody/tr")) == 201
    assert not page.xpath("//*[@id='afsnit-s2']") and not page.xpath("//*[@id='svar-1']")
    links = _find(page, "table", "app-memo-overview-table")[0].xpath(".//a")
    assert [(a.text_content(), a.get("href"), a.get("aria-current")) for a in links] == [
        ("§ 1 Aflastning", f"{url}?afsnit=afsnit-s1#afsnit-s1", "page"),
        ("§ 2 Weekender", f"{url}?afsnit=afsnit-s2#afsnit-s2", None)]
    [nav] = page.xpath("//nav[@aria-label='Høringsnotatets dele']")
    assert _texts(nav.xpath(".//p")) == ["Del 1 af 2 i høringsnotatet."]
    assert _texts(nav.xpath(".//a")) == ["Næste del: § 2 Weekender", "Til oversigten"]
    assert "Høringssvarene i fuld længde står i bilaget til høringsnotatet" in page.text_content()
    # An excerpt's note says where the comment stands in full, as the files do: no link into a page without it.
    assert not page.xpath("//p[contains(@class, 'app-memo-excerpt')]//a")

    second = lxml_html.fromstring(client.get(f"{url}?afsnit=afsnit-s2").data)
    assert second.xpath("//*[@id='afsnit-s2']") and not second.xpath("//table[@aria-labelledby='afsnit-s1']")
    assert _texts(second.xpath("//nav[@aria-label='Høringsnotatets dele']//a")) == [
        "Forrige del: § 1 Aflastning", "Til oversigten"]
    unknown = lxml_html.fromstring(client.get(f"{url}?afsnit=findes-ikke").data)
    assert len(unknown.xpath("//table[@aria-labelledby='afsnit-s1']/tbody/tr")) == 201  # the first part


def test_a_large_memo_s_files_hold_it_whole(app, large):
    memo = _compile(app, large)
    with app.test_request_context("/?afsnit=afsnit-s2"):
        whole = lxml_html.fromstring(memo_document_html(memo))
    assert whole.xpath("//*[@id='afsnit-s1']") and whole.xpath("//*[@id='afsnit-s2']")
    assert whole.xpath("//*[@id='svar-1']") and not whole.xpath("//nav[@aria-label='Høringsnotatets dele']")


def test_a_section_a_party_had_no_remarks_to_is_a_part_of_the_large_memo_on_a_page(client, auth, large):
    """Seniorrådet had no remarks to § 3: the overview counts it (no comments, no points) and leads to its
    page, which says so, as the files do."""
    third = Section(version=large.current_version, key="s3", position=2, number="§ 3", heading="Kørsel")
    db.session.add(third)
    seniors = db.session.scalar(select(Response).join(Organisation).where(Organisation.name == "Seniorrådet"))
    db.session.add(Comment(response=seniors, section=third, position=9, text="", no_remarks=True))
    db.session.commit()
    auth.log_in()
    url = f"/medarbejder/hoeringer/{large.slug}/hoeringsnotat"
    page = lxml_html.fromstring(client.get(url).data)
    rows = _find(page, "table", "app-memo-overview-table")[0].xpath("./tbody/tr")
    assert _texts(rows[-1].xpath("./th | ./td")) == ["§ 3 Kørsel", "0", "0", "0", "Nej"]
    assert rows[-1].xpath(".//a")[0].get("href") == f"{url}?afsnit=afsnit-s3#afsnit-s3"
    third_page = lxml_html.fromstring(client.get(f"{url}?afsnit=afsnit-s3").data)
    assert _texts(third_page.xpath("//p[@class='app-memo-no-remarks']")) == [
        "Seniorrådet har ingen bemærkninger til § 3 Kørsel."]
    assert _texts(third_page.xpath("//nav[@aria-label='Høringsnotatets dele']//p")) == ["Del 3 af 3 i høringsnotatet."]
