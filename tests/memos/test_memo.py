"""The memo of the 2019 demo hearing reads like the administration's note, only complete,
and says the same in HTML, Word, PDF and the tables."""

import copy
import csv
import io
import re
import shutil
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.demo.load import SLUG
from app.extensions import db
from app.jobs.models import JobState
from app.memos.compile import compile_memo
from app.memos.content import ANSWERED, MemoComment, MemoContent, MemoPoint, MemoResponse, MemoSection
from app.memos.exports import export
from app.memos.render import labels
from app.memos.tables import memo_csv, memo_xlsx
from tests.factories import PASSWORD, make_user
from tests.jobs_worker import fetch_through_job

STANDARDS_IN_ORDER = ["§ 84", "§ 85", "§ 97", "§ 102", "§ 103", "§ 107", "§ 108"]


@pytest.fixture
def memo(demo, app) -> MemoContent:
    with app.test_request_context():
        return compile_memo(demo)


def _first_index(labels: list[str], number: str) -> int:
    return next(i for i, label in enumerate(labels) if label.startswith(number))


def test_the_memo_lists_handicapraadet_as_answered(memo):
    assert [(p.name, p.status) for p in memo.parties] == [("Handicaprådet", ANSWERED)]
    assert memo.response_count == 1


def test_the_general_points_each_have_the_administrations_reply(memo):
    replied = [p for p in memo.general if p.reply]
    assert len(replied) >= 3
    assert any("kompensationsprincippet" in p.reply for p in replied)
    assert all(p.outcome and p.approved for p in replied)


def test_the_standards_come_in_draft_order_with_their_replies(memo):
    labels = [s.label for s in memo.sections]
    positions = [_first_index(labels, number) for number in STANDARDS_IN_ORDER]
    assert positions == sorted(positions)
    p84 = memo.sections[positions[0]]
    sixty = next(p for p in p84.points if "60 døgn" in p.comments[0].text)
    assert sixty.outcome == "not_accepted" and sixty.financial_consequence and "60 døgn" in sixty.financial_note
    together = memo.sections[positions[STANDARDS_IN_ORDER.index("§ 103")]]
    assert "§ 103" in together.label and "§ 104" in together.label  # one reply answers both
    assert len(together.points[0].comments) == 2


def test_the_changes_show_sundhedsloven_added_to_section_97(memo):
    p97 = next(c for c in memo.changes if c.key == "p97-andre-bestemmelser")
    assert re.search(r"<ins>.*sundhedsloven\.", p97.marked_html)


def test_a_frozen_memo_reads_back_the_same(memo):
    assert MemoContent.from_dict(memo.to_dict()) == memo


def test_the_preview_says_what_is_missing(memo):
    # The 2019 note answered "the most important remarks": the rest wait for a reply.
    assert memo.gaps and {gap.kind for gap in memo.gaps} == {"no_reply"}


def _docx_paragraphs(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]


def test_the_word_file_has_heading_styles_tables_with_header_rows_and_the_same_points(app, memo):
    with app.test_request_context():
        document = Document(io.BytesIO(export(memo, "docx").content))
    headings = [(style, text) for style, text in _docx_paragraphs(document) if style.startswith("Heading")]
    assert headings[0] == ("Heading 1", "Høringsnotat: Kvalitetsstandarder på det specialiserede voksenområde")
    assert ("Heading 2", "3. Bemærkninger til de enkelte afsnit") in headings
    section_headings = [text for style, text in headings if style == "Heading 3"]
    for section in memo.sections:
        assert any(text.startswith(section.label) for text in section_headings)
    assert document.core_properties.language == "da-DK"
    tables = document.tables
    assert [cell.text for cell in tables[1].rows[0].cells] == ["Bemærkning", "Forvaltningens bemærkning", "Udfald"]
    assert all(t.rows[0]._tr.trPr.xml.count("tblHeader") == 1 for t in tables)
    cells = " ".join(cell.text for table in tables for row in table.rows for cell in row.cells)
    for point in memo.points:
        if point.reply:
            assert point.reply.split("\n")[0][:60] in cells


def _large(memo: MemoContent, sections: int = 40, points: int = 12, responses: int = 300) -> MemoContent:
    """The demo memo with many sections, points and responses; comments with line breaks, tabs and
    several paragraphs, some points unanswered or not approved, some with financial consequences."""
    large = copy.deepcopy(memo)
    large.sections = [MemoSection([f"s{n}"], f"§ {n} Afsnit {n}", [n, n + 1] if n % 2 else [], [
        MemoPoint([MemoComment(f"Borger {n}.{m}", f"Bemærkning {n}.{m}\nanden linje\tmed tab\n\nNyt afsnit.",
                               heading="Egen overskrift" if m % 3 == 0 else None)
                   for _ in range(1 + m % 3)],
                  reply=f"Svar {n}.{m}\n\nUddybning {n}.{m}." if m % 4 else None,
                  outcome="partly_accepted" if m % 4 else None, approved=m % 4 == 1,
                  financial_consequence=m % 5 == 1, financial_note=f"{m} mio. kr." if m % 5 == 1 else None)
        for m in range(points)]) for n in range(sections)]
    large.appendix = [MemoResponse(f"Afsender {n}", "citizen", "2019-02-01", n % 7 == 0, None,
                                   [MemoComment(f"Afsender {n}", f"Svar {n}\n\nandet afsnit", None, f"§ {n % 40}")])
                      for n in range(responses)]
    return large


def _cell_texts(point: MemoPoint) -> list[str]:
    comments = [line for comment in point.comments
                for line in [comment.sender + (f" · {comment.heading}" if comment.heading else ""),
                             *comment.text.split("\n\n")]]
    reply = point.reply.split("\n\n") if point.reply else ["Ikke besvaret endnu."]
    if point.financial_consequence:
        reply.append(f"Økonomiske konsekvenser: {point.financial_note}")
    return ["\n".join(comments), "\n".join(reply)]


def test_a_large_word_memo_has_every_section_table_row_and_response_in_order(app, memo):
    """Written in one pass (python-docx's own calls search the whole document each time), the large
    memo still has, in order, each section's heading and table, a row per point with its comments,
    reply and outcome, and each response in the appendix."""
    large = _large(memo)
    with app.test_request_context():
        document = Document(io.BytesIO(export(large, "docx").content))
        outcome = labels()["outcomes"]["partly_accepted"]
    blocks = list(document.iter_inner_content())
    start = next(i for i, block in enumerate(blocks) if getattr(block, "text", "").startswith("3. Bemærkninger"))
    for number, section in enumerate(large.sections):
        heading, table = blocks[start + 1 + 2 * number], blocks[start + 2 + 2 * number]
        pages = f" (side {number} og {number + 1})" if number % 2 else ""
        assert (heading.style.name, heading.text) == ("Heading 3", section.label + pages)
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        assert rows[0] == ["Bemærkning", "Forvaltningens bemærkning", "Udfald"]
        assert [row[:2] for row in rows[1:]] == [_cell_texts(point) for point in section.points]
        assert [outcome in row[2] for row in rows[1:]] == [bool(point.outcome) for point in section.points]
        assert [row[2].endswith("(ikke godkendt endnu)") for row in rows[1:]] == [
            bool(point.reply and not point.approved) for point in section.points]
        assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1
        assert table.style.name == "Table Grid"
    first = table.rows[1].cells[0].paragraphs
    assert first[0].runs[0].bold and first[0].text == "Borger 39.0 · Egen overskrift"
    assert first[1].text == "Bemærkning 39.0\nanden linje\tmed tab"
    assert len(document.tables) == 1 + 1 + len(large.sections)  # the parties, the general remarks, each section
    # The responses in full are a file of their own (#20), which the memo names, not repeats.
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[-1] == ("Heading 2", "Bilag: Høringssvarene")
    assert document.paragraphs[-1].text.endswith("hoeringsnotat-kvalitetsstandarder-2019-bilag.docx.")
    with app.test_request_context():
        appendix_file = export(large, "docx", part="appendix")
    assert appendix_file.filename == "hoeringsnotat-kvalitetsstandarder-2019-bilag.docx"
    in_full = Document(io.BytesIO(appendix_file.content))
    headings = [(p.style.name, p.text) for p in in_full.paragraphs if p.style.name.startswith("Heading")]
    appendix = headings[[text for _, text in headings].index("Bilag: Høringssvarene") + 1:]
    assert [text for style, text in appendix if style == "Heading 3"] == [r.sender for r in large.appendix]
    assert len([style for style, _ in appendix if style == "Heading 4"]) == len(large.appendix)
    assert round(document.sections[0].page_width.mm) == 210  # A4
    assert document.element.body[-1].tag.endswith("}sectPr")  # the section properties still close the body


def _titles(outline) -> list[str]:
    titles = []
    for item in outline:
        titles.extend(_titles(item) if isinstance(item, list) else [str(item.title)])
    return titles


def test_the_pdf_is_tagged_danish_titled_and_says_the_same(app, memo, tmp_path):
    with app.test_request_context():
        pdf = export(memo, "pdf").content
    path = tmp_path / "memo.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(path)
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "da" and "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == "Høringsnotat: Kvalitetsstandarder på det specialiserede voksenområde"
    outline = _titles(reader.outline)
    assert outline[0].startswith("Høringsnotat:") and "1. Indledning" in outline  # bookmarks from the headings
    pdftotext = shutil.which("pdftotext")  # poppler-utils, installed by .ci/run
    text = subprocess.run([pdftotext, "-layout", str(path), "-"],  # noqa: S603 (our own file)
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for heading in ("1. Indledning", "2. Generelle bemærkninger", "3. Bemærkninger til de enkelte afsnit",
                    "4. Ændringer i udkastet", "Bilag: Høringssvarene"):
        assert heading in flat
    assert "Side 1 af" in flat
    assert "60 døgn" in flat and "sundhedsloven" in flat


def test_the_counts_of_a_national_hearing_are_written_with_thousands_separators(app, memo):
    national = copy.copy(memo)
    national.response_count, national.citizen_count = 5000, 4212
    with app.test_request_context():
        html = " ".join(export(national, "html").content.decode().split())
        word = " ".join(p.text for p in Document(io.BytesIO(export(national, "docx").content)).paragraphs)
    for text in (html, word):
        assert "Der er kommet 5.000 høringssvar. Heraf er 4.212 fra borgere." in text


def test_the_tables_have_a_row_per_comment_and_never_a_formula(app, memo, demo):
    response, number = (int(n) - 1 for n in memo.general[0].comment_refs[0].split(":"))
    comment = memo.appendix[response].comments[number]  # the rows come from the appendix: every comment in full
    comment.text = "=HYPERLINK(\"http://angriber.example\")"
    with app.test_request_context():
        raw = memo_csv(memo)
        workbook = load_workbook(io.BytesIO(memo_xlsx(memo)))
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Afsnit", "Høringspart", "Bemærkning"]
    assert len(rows) - 1 == sum(len(p.comment_refs) for p in memo.points) == sum(len(p.comments) for p in memo.points)
    assert rows[1][2] == "'" + comment.text
    sheet = workbook.active
    assert sheet["C2"].value == "'" + comment.text and sheet["C2"].data_type == "s"


def test_flask_memo_export_writes_each_format(app, demo, tmp_path):
    for file_format in ("docx", "pdf", "html", "csv", "xlsx"):
        target = tmp_path / f"notat.{file_format}"
        result = app.test_cli_runner().invoke(args=["memo", "export", SLUG, "--format", file_format,
                                                    "--output", str(target)])
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 1000
        assert not list(tmp_path.glob("*.part"))
    assert target.read_bytes()[:2] == b"PK"  # xlsx is a zip


def test_flask_memo_export_refuses_an_unknown_hearing_and_a_folder_it_cannot_write(app, demo, tmp_path):
    unknown = app.test_cli_runner().invoke(args=["memo", "export", "findes-ikke"])
    assert unknown.exit_code != 0 and "Der er ingen høring" in unknown.output
    missing = tmp_path / "findes-ikke" / "n.docx"
    refused = app.test_cli_runner().invoke(args=["memo", "export", SLUG, "--output", str(missing)])
    assert refused.exit_code != 0 and "Kunne ikke skrive" in refused.output
    assert not list(tmp_path.iterdir())


def test_staff_preview_and_download_and_the_download_is_in_the_trail(client, demo, jobs_worker):
    staff = make_user(Role.STAFF)
    db.session.commit()
    client.post("/konto/log-ind", data={"email": staff.email, "password": PASSWORD})
    page = client.get(f"/medarbejder/hoeringer/{SLUG}/hoeringsnotat").get_data(as_text=True)
    assert "mangler et godkendt svar" in page and "Høringsnotat: Kvalitetsstandarder" in page
    download, job = fetch_through_job(client, f"/medarbejder/hoeringer/{SLUG}/hoeringsnotat/docx")
    assert job.state is JobState.DONE and job.attempts == 1
    assert download.status_code == 200 and download.data[:2] == b"PK"
    disposition = download.headers["Content-Disposition"]
    assert disposition == "attachment; filename=hoeringsnotat-kvalitetsstandarder-2019.docx"
    assert download.headers["Cache-Control"] == "private, no-store"  # it names people
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "memo_exported"))
    assert event.actor_id == staff.id and event.details == {"format": "docx"}
    assert client.get(f"/medarbejder/hoeringer/{SLUG}/hoeringsnotat/exe").status_code == 404


NO_REMARKS_100 = "Handicaprådet har ingen bemærkninger til § 100"


def _under_heading(document, starts: str) -> list:
    """The blocks (paragraphs and tables) between the Heading 3 that starts with `starts` and the next heading."""
    blocks = list(document.iter_inner_content())
    at = next(i for i, b in enumerate(blocks)
              if getattr(b, "style", None) is not None and b.style.name == "Heading 3" and b.text.startswith(starts))
    after = blocks[at + 1:]
    end = next((i for i, b in enumerate(after) if getattr(b, "style", None) is not None
                and b.style.name.startswith("Heading")), len(after))
    return after[:end]


def test_100s_ingen_bemaerkninger_stands_under_100_in_html_word_and_pdf_and_waits_for_no_reply(app, memo, tmp_path):
    [p100] = [s for s in memo.sections if s.keys == ["p100"]]
    assert p100.label.startswith("§ 100") and p100.no_remarks == ["Handicaprådet"] and not p100.points
    assert not [gap for gap in memo.gaps if "§ 100" in gap.label]
    with app.test_request_context():
        document = Document(io.BytesIO(export(memo, "docx").content))
        page = export(memo, "html").content.decode()
        pdf = export(memo, "pdf").content
    under = _under_heading(document, "§ 100")
    assert [block.text for block in under] == [f"{NO_REMARKS_100} Merudgifter."]  # a line, no table of points
    start = page.index(">§ 100 Merudgifter")
    section = page[start:page.index(">§ 102 ", start)]
    assert f'<p class="app-memo-no-remarks">{NO_REMARKS_100} Merudgifter.</p>' in section
    assert "Ikke besvaret" not in section
    path = tmp_path / "memo.pdf"
    path.write_bytes(pdf)
    text = " ".join(subprocess.run([shutil.which("pdftotext"), str(path), "-"],  # noqa: S603 (our own file)
                                   capture_output=True, text=True, check=True).stdout.split())
    part_3 = text[text.index("3. Bemærkninger til de enkelte afsnit"):text.index("4. Ændringer i udkastet")]
    assert re.search(rf"§ 100 Merudgifter( \(side \d+\))? {NO_REMARKS_100} Merudgifter\. § 102 ", part_3)
