"""The memo scales with its replies, not its comments (#20): a point stands once with who raised it,
a campaign once with its count and an example, and the responses in full are an appendix file of their
own (HTML, Word, PDF) with a table of contents; the appendix PDF is made in parts and joined, with its
pages numbered on and its bookmarks and tags kept; a finalised version's files are made once and stored."""

import io
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pikepdf
import pytest
from docx import Document
from docx.oxml.ns import qn
from flask_babel import force_locale
from pypdf import PdfReader
from sqlalchemy import func, select

from app.accounts.models import Role
from app.extensions import db
from app.hearings.models import HearingState, Section
from app.jobs import operations as jobs
from app.jobs.models import Job, JobState
from app.memos.compile import compile_memo
from app.memos.content import MemoPoint
from app.memos.exports import export
from app.memos.jobs import order_version_file
from app.memos.models import Memo, MemoFile
from app.memos.pdf_footers import FONT_NAME
from app.memos.pdf_parts import appendix_pdf, memo_pdf_in_parts, write_memo_pdf_in_parts
from app.replies.models import Outcome, Reply
from app.responses.models import Response, ResponseKind, ResponseState
from tests.factories import PASSWORD, make_comment, make_hearing, make_organisation, make_response, make_user
from tests.jobs_worker import wait_for_job

CAMPAIGN = ("Vi protesterer mod lukningen af aflastningstilbuddet i weekenden, fordi familierne har brug for "
            "pusterum, og fordi tilbuddet har virket godt i mange år for børn og voksne med handicap.")
SHARED = "Aflastningen skal fortsat være tæt på hjemmet."


def _citizen(hearing, number: int, when: datetime) -> Response:
    response = Response(hearing=hearing, kind=ResponseKind.CITIZEN, state=ResponseState.SUBMITTED,
                        submitted_at=when, citizen_name=f"Borger Nummer{number}",
                        citizen_email=f"borger{number}@example.org")
    db.session.add(response)
    return response


@pytest.fixture
def national(db):
    """Two councils and three citizens on one reply; four copies of a campaign and seven other
    citizens on another; two citizens not answered yet."""
    hearing = make_hearing(HearingState.REPLYING, sections=0, slug="national", title="Aflastning i hele landet")
    version = hearing.current_version
    first = Section(version=version, key="s1", position=0, number="§ 1", heading="Aflastning")
    second = Section(version=version, key="s2", position=1, number="§ 2", heading="Weekender")
    db.session.add_all([first, second])
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    shared = Reply(hearing=hearing, text="Forvaltningen holder fast i tilbuddets placering.",
                   outcome=Outcome.NOT_ACCEPTED)
    campaign = Reply(hearing=hearing, text="Weekendtilbuddet fortsætter.", outcome=Outcome.ACCEPTED)
    db.session.add_all([shared, campaign])
    for number, name in enumerate(("Handicaprådet", "Seniorrådet")):
        council = make_response(hearing, make_organisation(name), state=ResponseState.SUBMITTED,
                                submitted_at=start + timedelta(minutes=number))
        make_comment(council, first, f"{name}: {SHARED}").reply = shared
    for number in range(3):
        make_comment(_citizen(hearing, number, start + timedelta(hours=1, minutes=number)), first,
                     f"Borger {number} mener: {SHARED}").reply = shared
    for number in range(4):
        copy = CAMPAIGN.replace("mange år", "mange, mange år") if number % 2 else CAMPAIGN
        make_comment(_citizen(hearing, 10 + number, start + timedelta(hours=2, minutes=number)), second,
                     f"{copy}\n\nMed venlig hilsen\nBorger Nummer{10 + number}").reply = campaign
    for number in range(7):
        make_comment(_citizen(hearing, 20 + number, start + timedelta(hours=3, minutes=number)), second,
                     f"Egen bemærkning nummer {number} om weekenderne.").reply = campaign
    for number in range(2):
        make_comment(_citizen(hearing, 30 + number, start + timedelta(hours=4, minutes=number)), first,
                     f"Ubesvaret bemærkning {number}.")
    db.session.commit()
    return hearing


@pytest.fixture
def memo(app, national):
    with app.test_request_context():
        return compile_memo(national)


def _point(memo, reply_text: str) -> MemoPoint:
    return next(point for point in memo.points if point.reply == reply_text)


def test_a_reply_stands_once_with_the_parties_named_and_the_citizens_counted(app, memo):
    point = _point(memo, "Forvaltningen holder fast i tilbuddets placering.")
    [first] = [section for section in memo.sections if section.keys == ["s1"]]
    assert len(first.points) == 2  # the reply, and the two citizens not answered yet together
    with app.test_request_context():
        assert point.raised_by() == "Handicaprådet, Seniorrådet og 3 borgere"
        assert first.points[1].raised_by() == "2 borgere" and first.points[1].answer(False) == "Ikke besvaret endnu."
        page = export(memo, "html").content.decode()
        document = Document(io.BytesIO(export(memo, "docx").content))
    assert [c.sender for c in point.comments][:2] == ["Handicaprådet", "Seniorrådet"] and len(point.comments) == 5
    assert ("<strong>Flere høringsparter bemærker</strong> (Handicaprådet, Seniorrådet og 3 borgere):") in page
    cells = [row.cells[0].paragraphs[0].text for table in document.tables for row in table.rows]
    assert "Flere høringsparter bemærker (Handicaprådet, Seniorrådet og 3 borgere):" in cells


def test_citizens_are_counted_with_thousands_as_danish_writes_them(app):
    point = MemoPoint([], party_names=["Handicaprådet", "Seniorrådet"], citizens=4212)
    with app.test_request_context(), force_locale("da"):
        assert point.raised_by() == "Handicaprådet, Seniorrådet og 4.212 borgere"
        assert MemoPoint([], citizens=1).raised_by() is None  # one citizen: the comment names its sender


def test_a_campaign_is_named_once_with_its_count_and_one_example(app, memo):
    point = _point(memo, "Weekendtilbuddet fortsætter.")
    assert [campaign.count for campaign in point.campaigns] == [4]
    assert len(point.comments) == 5 and point.more_citizens == 2 and point.citizens == 11
    with app.test_request_context():
        page = export(memo, "html").content.decode()
        document = Document(io.BytesIO(export(memo, "docx").content))
    assert page.count("Vi protesterer mod lukningen") == 1
    assert "4 borgere har sendt enslydende bemærkninger. Et eksempel:" in page
    assert "Yderligere 2 bemærkninger fra borgere står i bilaget med høringssvarene." in page
    assert "(11 borgere):" in page
    text = "\n".join(p.text for table in document.tables for row in table.rows for p in row.cells[0].paragraphs)
    assert text.count("Vi protesterer mod lukningen") == 1 and "4 borgere har sendt enslydende" in text


def test_the_responses_in_full_are_an_appendix_file_with_contents_linked_from_the_memo(app, memo, national):
    with app.test_request_context():
        page = export(memo, "html").content.decode()
        appendix = export(memo, "html", part="appendix")
        word = export(memo, "docx", part="appendix")
    assert appendix.filename == "hoeringsnotat-national-bilag.html"
    assert '<a href="hoeringsnotat-national-bilag.html">hoeringsnotat-national-bilag.html</a>' in page
    assert "Egen bemærkning nummer 6" not in page  # in the appendix only
    html = appendix.content.decode()
    senders = [r.sender for r in memo.appendix]
    assert len(senders) == 18
    contents = re.findall(r'<li><a href="#(svar-\d+)">(.*?)</a>', html)
    assert contents == [(f"svar-{n}", sender) for n, sender in enumerate(senders, start=1)]
    for number in range(1, 19):
        assert f'<section id="svar-{number}">' in html
    assert "Egen bemærkning nummer 6" in html and html.count("Vi protesterer mod lukningen") == 4
    document = Document(io.BytesIO(word.content))
    anchors = [link.get(qn("w:anchor")) for link in document.element.body.iter(qn("w:hyperlink"))]
    marks = [mark.get(qn("w:name")) for mark in document.element.body.iter(qn("w:bookmarkStart"))]
    assert anchors == marks == [f"svar_{n}" for n in range(1, 19)]
    assert document.core_properties.title == "Bilag til høringsnotat: Aflastning i hele landet"


def _page_texts(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "bilag.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([shutil.which("pdftotext"), "-layout", str(path), "-"],  # noqa: S603 (our own file)
                          capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def _outline(reader, items, depth=0):
    out = []
    for item in items:
        if isinstance(item, list):
            out.extend(_outline(reader, item, depth + 1))
        else:
            out.append((depth, str(item.title), reader.get_destination_page_number(item)))
    return out


def test_the_appendix_pdf_made_in_parts_numbers_its_pages_on_and_keeps_bookmarks_and_tags(app, memo, tmp_path):
    with app.test_request_context():
        pdf = appendix_pdf(memo, "hoeringsnotat-national-bilag", part_responses=4)  # five parts and the contents
    pages = _page_texts(pdf, tmp_path)
    numbers = [re.search(r"Side (\d+) af (\d+)\s*$", page.strip()).groups() for page in pages]
    assert numbers == [(str(n), str(len(pages))) for n in range(1, len(pages) + 1)] and len(pages) >= 6
    reader = PdfReader(io.BytesIO(pdf))
    outline = _outline(reader, reader.outline)
    assert outline[:2] == [(0, "Indhold", 0), (0, "Bilag: Høringssvarene", outline[1][2])]
    responses = [(title, page) for depth, title, page in outline if depth == 1]
    assert [title for title, _page in responses] == [r.sender for r in memo.appendix]
    for title, page in responses:  # each bookmark opens the page its response begins on
        assert title in " ".join(pages[page].split()), title
    assert [page for _title, page in responses] == sorted(page for _title, page in responses)
    contents = " ".join(pages[0].split())
    assert f"{memo.appendix[-1].sender} side {responses[-1][1] + 1}" in contents  # the contents give the pages
    with pikepdf.open(io.BytesIO(pdf)) as joined:
        root = joined.Root
        assert root.MarkInfo.Marked and str(root.Lang) == "da" and "/StructTreeRoot" in root
        on_pages = {page.objgen for page in joined.pages}
        elements, pages_marked = _structure(root.StructTreeRoot), set()
        for element in elements:
            if "/Pg" in element:
                assert element.Pg.objgen in on_pages  # the tree points into this file's pages, none copied twice
                pages_marked.add(element.Pg.objgen)
        assert pages_marked == on_pages  # every part's content is in the one tree
        _assert_footers_are_artifacts(joined)
        keys = [int(key) for key in _number_tree(root.StructTreeRoot.ParentTree)[::2]]
        assert len(keys) == len(set(keys)) and {int(p.obj.StructParents) for p in joined.pages} <= set(keys)


def test_the_appendix_contents_link_to_each_response_in_the_other_parts(app, memo):
    """The contents are laid out as a part of their own, apart from the responses; the join makes each entry
    a link to the page its response begins on, and the link stays in the structure tree as a Link."""
    with app.test_request_context():
        pdf = appendix_pdf(memo, "hoeringsnotat-national-bilag", part_responses=4)
    reader = PdfReader(io.BytesIO(pdf))
    starts = {str(item.title): reader.get_destination_page_number(item) for item in reader.outline[-1]}
    links = [annotation.get_object() for annotation in reader.pages[0].get("/Annots", [])]
    assert len(links) == len(memo.appendix) and all("/A" not in link for link in links)
    destinations = reader.named_destinations
    for number, (link, response) in enumerate(zip(links, memo.appendix, strict=True), start=1):
        assert link["/Dest"] == link["/Contents"] == f"svar-{number}"
        assert reader.get_destination_page_number(destinations[f"svar-{number}"]) == starts[response.sender]
    with pikepdf.open(io.BytesIO(pdf)) as joined:
        tagged = [element for element in _structure(joined.Root.StructTreeRoot) if element.get("/S") == "/Link"]
        assert len(tagged) == len(memo.appendix)


def _assert_footers_are_artifacts(pdf) -> None:
    """Each page's number (laid over it at the join) is shown once, in an embedded font with a ToUnicode
    map, inside a pagination artifact and outside any marked content the structure tree points to."""
    for page in pdf.pages:
        stack, shown = [], []
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) in ("BDC", "BMC"):
                stack.append((str(operands[0]), operands[1] if len(operands) > 1 else None))
            elif str(operator) == "EMC":
                stack.pop()
            elif str(operator) == "Tf" and str(operands[0]) == FONT_NAME:
                shown.append(list(stack))
        assert len(shown) == 1, shown
        [(tag, properties)] = shown[0]
        assert tag == "/Artifact" and properties.Type == "/Pagination" and properties.Subtype == "/Footer"
        font = page.Resources.Font[FONT_NAME]
        assert "/ToUnicode" in font and "/FontFile2" in font.DescendantFonts[0].FontDescriptor


def _number_tree(node) -> list:
    """A number tree's [key, value, …]: a leaf's own, or its kids' in order, each within its /Limits."""
    if "/Nums" in node:
        numbers = list(node.Nums)
        if "/Limits" in node:
            assert [int(limit) for limit in node.Limits] == [int(numbers[0]), int(numbers[-2])]
        return numbers
    return [item for kid in node.Kids for item in _number_tree(kid)]


def _structure(tree) -> list:
    found, todo, seen = [], [tree], set()
    while todo:
        element = todo.pop()
        if not isinstance(element, pikepdf.Dictionary) or element.objgen in seen:
            continue
        seen.add(element.objgen)
        found.append(element)
        kids = element.get("/K")
        todo.extend(kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else [])
    return found


def test_a_finalised_versions_files_are_made_once_and_served_from_storage(client, app, national, jobs_worker):
    officer = make_user(Role.STAFF)
    national.officers.append(officer)
    db.session.commit()
    client.post("/konto/log-ind", data={"email": officer.email, "password": PASSWORD})
    url = f"/medarbejder/hoeringer/{national.slug}/hoeringsnotat"
    done = client.post(f"{url}/faerdiggoer", data={"override_reason": "Prøve.", "confirmed": "1"})
    assert done.status_code == 302
    made = db.session.scalars(select(Job).where(Job.kind == "memo_version_file")).all()
    assert len(made) == 6
    for job in made:
        assert wait_for_job(job.id).state is JobState.DONE
    frozen = db.session.scalar(select(Memo))
    stored = {(f.part, f.file_format): f for f in db.session.scalars(select(MemoFile))}
    assert set(stored) == {(part, f) for part in ("memo", "appendix") for f in ("html", "docx", "pdf")}
    download = client.get(f"{url}/version/1/pdf")
    assert download.status_code == 200 and download.data == stored[("memo", "pdf")].data
    assert download.headers["Content-Disposition"] == "attachment; filename=hoeringsnotat-national-v1.pdf"
    appendix = client.get(f"{url}/version/1/bilag/docx")
    assert appendix.status_code == 200 and appendix.data == stored[("appendix", "docx")].data
    assert client.get(f"{url}/version/1/bilag/csv").status_code == 404
    # Asked for again, or its message delivered again: the same job, nothing made twice.
    with app.test_request_context():
        again = order_version_file(frozen, "pdf", user=officer)
    assert again.id in {job.id for job in made} and again.state is JobState.DONE
    jobs.run(again.id)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(MemoFile.id))) == 6
    assert all(job.attempts == 1 for job in db.session.scalars(select(Job).where(Job.kind == "memo_version_file")))
    assert db.session.scalar(select(func.count(Job.id))) == 6


def test_flask_memo_export_writes_the_appendix(app, national, tmp_path):
    target = tmp_path / "bilag.html"
    result = app.test_cli_runner().invoke(args=["memo", "export", national.slug, "--format", "html",
                                                "--part", "appendix", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert '<section id="svar-18">' in target.read_text(encoding="utf-8")
    refused = app.test_cli_runner().invoke(args=["memo", "export", national.slug, "--format", "csv",
                                                 "--part", "appendix", "--output", str(tmp_path / "b.csv")])
    assert refused.exit_code != 0 and "Bilaget findes som html, docx, pdf" in refused.output


def test_a_memo_too_large_for_one_pass_is_made_in_parts_with_its_headings_as_bookmarks(app, memo, tmp_path):
    with app.test_request_context():
        pdf = memo_pdf_in_parts(memo, "hoeringsnotat-national", "hoeringsnotat-national-bilag.pdf", part_points=1)
    pages = _page_texts(pdf, tmp_path)
    numbers = [re.search(r"Side (\d+) af (\d+)\s*$", page.strip()).groups() for page in pages]
    assert numbers == [(str(n), str(len(pages))) for n in range(1, len(pages) + 1)]
    assert len(pages) >= 4  # the title, two runs of sections, the end
    reader = PdfReader(io.BytesIO(pdf))
    outline = _outline(reader, reader.outline)
    assert [(depth, title) for depth, title, _page in outline] == [
        (0, "Høringsnotat: Aflastning i hele landet"), (1, "1. Indledning"), (1, "2. Generelle bemærkninger"),
        (1, "3. Bemærkninger til de enkelte afsnit"), (2, "§ 1 Aflastning"), (2, "§ 2 Weekender"),
        (1, "4. Ændringer i udkastet"), (1, "Bilag: Høringssvarene")]
    for _depth, title, page in outline[4:6]:
        assert title in " ".join(pages[page].split())
    assert "hoeringsnotat-national-bilag.pdf" in " ".join(pages[-1].split())
    with pikepdf.open(io.BytesIO(pdf)) as joined:
        assert joined.Root.MarkInfo.Marked and str(joined.Root.Lang) == "da"
        marked = {e.Pg.objgen for e in _structure(joined.Root.StructTreeRoot) if "/Pg" in e}
        assert marked == {page.objgen for page in joined.pages}
        _assert_footers_are_artifacts(joined)


def test_a_memo_in_parts_is_saved_to_its_file_as_it_is_joined(app, memo, tmp_path):
    """Written to a file, not returned as bytes (a national memo's join held the whole file in memory
    twice), with object streams (a third of the size) and still tagged."""
    target = tmp_path / "notat.pdf"
    with app.test_request_context():
        pages = write_memo_pdf_in_parts(memo, "hoeringsnotat-national", "hoeringsnotat-national-bilag.pdf", target,
                                        part_points=1)
        exported = export(memo, "pdf").content  # one pass (a small memo), through the same file-writing path
    written_alone = len(re.findall(rb"\d+ 0 obj\b", target.read_bytes()))
    with pikepdf.open(target) as pdf:
        assert len(pdf.pages) == pages >= 4
        assert pdf.check_pdf_syntax() == []  # qpdf's check: the join writes the file itself
        assert written_alone < len(pdf.objects) / 4  # the structure elements are in object streams
        assert pdf.Root.MarkInfo.Marked and str(pdf.Root.Lang) == "da" and "/StructTreeRoot" in pdf.Root
    with pikepdf.open(io.BytesIO(exported)) as pdf:
        assert len(pdf.pages) >= 1 and pdf.Root.MarkInfo.Marked and "/StructTreeRoot" in pdf.Root
