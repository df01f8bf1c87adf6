"""The memo's shape at full size (#20): a large memo shows a long comment as its opening, says so and
where it stands in full, the same in HTML, Word and PDF; folds a section's comments not answered yet into
one point; shows fewer citizens; and the compile builds the appendix only when it is read. A memo of
ordinary size (the 2019 and 2013 rounds) is shown whole, as before."""

import io
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from docx import Document
from docx.oxml.ns import qn
from sqlalchemy import event

from app.extensions import cache, db
from app.hearings.models import HearingState, Section
from app.memos import points as memo_points
from app.memos import shape
from app.memos.compile import compile_memo
from app.memos.exports import export
from app.memos.tables import rows
from app.replies.models import Outcome, Reply
from app.responses.models import Comment, Response, ResponseKind, ResponseState
from tests.factories import make_comment, make_hearing, make_organisation, make_response

LONG = " ".join(f"Sætning nummer {n} om aflastningen i weekenden og om hvad familierne mener." for n in range(12))
NOTE = "Uddrag. Hele bemærkningen står i bilaget, høringssvar nr. 1."


def _citizen(hearing, email: str, when: datetime) -> Response:
    response = Response(hearing=hearing, kind=ResponseKind.CITIZEN, state=ResponseState.SUBMITTED, submitted_at=when,
                        citizen_name="Anonym", citizen_email=email)
    db.session.add(response)
    return response


@pytest.fixture
def large(db):
    """Handicaprådet's 201 comments on § 1, each with a reply of its own (201 points: a large memo); the
    first one long; and two parties' and a citizen's comments on § 2 not answered yet."""
    hearing = make_hearing(HearingState.REPLYING, sections=0, slug="stor", title="Aflastning i hele landet")
    first = Section(version=hearing.current_version, key="s1", position=0, number="§ 1", heading="Aflastning")
    second = Section(version=hearing.current_version, key="s2", position=1, number="§ 2", heading="Weekender")
    db.session.add_all([first, second])
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    council = make_response(hearing, make_organisation("Handicaprådet"), state=ResponseState.SUBMITTED,
                            submitted_at=start)
    db.session.add_all(
        Comment(response=council, section=first, position=n, text=LONG if n == 0 else f"Kort bemærkning {n}.",
                reply=Reply(hearing=hearing, text=f"Svar {n}.", outcome=Outcome.NOTED))
        for n in range(201))
    for number, name in enumerate(("Seniorrådet", "Udsatterådet")):
        party = make_response(hearing, make_organisation(name), state=ResponseState.SUBMITTED,
                              submitted_at=start + timedelta(minutes=1 + number))
        make_comment(party, second, f"{name} har ikke fået svar endnu.")
    make_comment(_citizen(hearing, "borger@example.org", start + timedelta(hours=1)), second,
                 "En borger har heller ikke fået svar.")
    db.session.commit()
    return hearing


@pytest.fixture(autouse=True)
def _empty_cache(app):
    with app.app_context():
        cache.clear()  # the campaigns are kept under their words: each test finds its own


def _compile(app, hearing):
    with app.test_request_context():
        return compile_memo(hearing)


def test_a_large_memo_shows_a_long_comment_as_its_opening_and_where_it_stands_in_full(app, large):
    memo = _compile(app, large)
    [comment] = [c for p in memo.points for c in p.comments if c.text == LONG]
    assert comment.excerpt.endswith(" …") and LONG.startswith(comment.excerpt.removesuffix(" …"))
    assert 20 <= len(comment.excerpt.split()) <= shape.EXCERPT_WORDS + 1 and comment.excerpt.count(".") >= 2
    assert comment.ref == "1:1"
    short = next(c for p in memo.points for c in p.comments if c.text == "Kort bemærkning 7.")
    assert short.excerpt is None and short.ref is None  # short: whole
    with app.test_request_context():
        assert comment.excerpt_note() == NOTE
        page = export(memo, "html").content.decode()
        appendix = export(memo, "html", part="appendix").content.decode()
        document = Document(io.BytesIO(export(memo, "docx").content))
    assert LONG not in page and "Sætning nummer 11" not in page and LONG in appendix  # the rest is in the appendix
    assert f'<a href="hoeringsnotat-stor-bilag.html#svar-1">{NOTE}</a>' in page and 'id="svar-1"' in appendix
    cell = next(cell for table in document.tables for row in table.rows for cell in row.cells
                if NOTE in cell.text)
    [note] = [p for p in cell.paragraphs if p.text == NOTE]
    assert note.runs[0]._r.find(qn("w:rPr")).find(qn("w:i")) is not None  # in italics, as in the HTML
    assert re.sub(r"\s+", " ", comment.excerpt) in re.sub(r"\s+", " ", cell.text)
    with app.test_request_context():
        assert memo.to_dict()["sections"][0]["points"][0]["comments"][0]["excerpt"] == comment.excerpt  # frozen


def test_the_pdf_says_the_same_of_an_excerpt(app, large, tmp_path, monkeypatch):
    memo = _compile(app, large)
    for section in memo.sections:  # a few points are enough to lay out
        section.points = section.points[:3]
    with app.test_request_context():
        pdf = export(memo, "pdf").content
    path = tmp_path / "notat.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([shutil.which("pdftotext"), str(path), "-"],  # noqa: S603 (our own file)
                          capture_output=True, text=True, check=True).stdout
    assert NOTE in " ".join(text.split()) and "Sætning nummer 11" not in text


def test_a_large_memo_folds_a_sections_comments_not_answered_yet_into_one_point(app, large):
    memo = _compile(app, large)
    [weekends] = [s for s in memo.sections if s.keys == ["s2"]]
    [point] = weekends.points
    assert [c.sender for c in point.comments] == ["Seniorrådet", "Udsatterådet", "Borger 1"]
    with app.test_request_context():
        assert point.raised_by() == "Seniorrådet, Udsatterådet og 1 borger"
        assert point.answer(False) == "Ikke besvaret endnu."


def test_a_memo_of_ordinary_size_keeps_each_partys_open_comment_alone_and_every_comment_whole(app, large):
    for comment in db.session.query(Comment).filter(Comment.position >= 10).all():
        db.session.delete(comment)  # 10 replied comments and 3 open ones: an ordinary memo
    db.session.commit()
    memo = _compile(app, large)
    [weekends] = [s for s in memo.sections if s.keys == ["s2"]]
    assert [[c.sender for c in p.comments] for p in weekends.points] == [["Seniorrådet"], ["Udsatterådet"],
                                                                       ["Borger 1"]]
    assert all(c.excerpt is None for p in memo.points for c in p.comments)
    with app.test_request_context():
        assert LONG in export(memo, "html").content.decode()


def test_a_large_memo_shows_fewer_citizens_besides_the_campaigns(app, large):
    hearing_section = db.session.query(Section).filter_by(key="s2").one()
    reply = Reply(hearing=large, text="Samlet svar til borgerne.", outcome=Outcome.NOTED)
    for number in range(6):
        citizen = _citizen(large, f"b{number}@example.org", datetime(2026, 3, 2, 9, number, tzinfo=UTC))
        make_comment(citizen, hearing_section, f"Min egen bemærkning nummer {number} om weekenderne.").reply = reply
    db.session.commit()
    memo = _compile(app, large)
    point = next(p for p in memo.points if p.reply == "Samlet svar til borgerne.")
    assert len(point.comments) == shape.CITIZENS_SHOWN_LARGE == 2 and point.more_citizens == 4
    with app.test_request_context():
        _header, table = rows(memo)
    answered = [row for row in table if row[3] == "Samlet svar til borgerne."]
    assert [row[2] for row in answered] == [f"Min egen bemærkning nummer {n} om weekenderne." for n in range(6)], \
        "the spreadsheet has every comment, also those the memo only counts"
    assert len(table) == 201 + 3 + 6 and table[0][2] == LONG, "and each comment in full"


def test_the_appendix_is_built_when_it_is_first_read(app, large):
    memo = _compile(app, large)
    assert callable(memo.__dict__["_appendix"])
    with app.test_request_context():
        export(memo, "html")  # the memo part links to the appendix file: it does not need it
    assert callable(memo.__dict__["_appendix"])
    db.session.commit()  # the responses read are expired: the appendix does not read them again
    statements = []

    def count(_connection, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        senders = [response.sender for response in memo.appendix]
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert senders == ["Handicaprådet", "Seniorrådet", "Udsatterådet", "Borger 1"]
    assert statements == []  # made from what the compile read
    assert len(memo.appendix[0].comments) == 201 and memo.appendix[0].comments[0].text == LONG


def test_a_points_campaigns_are_found_once_and_kept(app, large, monkeypatch):
    reply = Reply(hearing=large, text="Svar på kampagnen.", outcome=Outcome.NOTED)
    section = db.session.query(Section).filter_by(key="s2").one()
    for number in range(3):
        citizen = _citizen(large, f"k{number}@example.org", datetime(2026, 3, 3, 9, number, tzinfo=UTC))
        make_comment(citizen, section, LONG).reply = reply
    db.session.commit()
    calls = []
    grouping = memo_points.group_near_duplicates
    monkeypatch.setattr(memo_points, "group_near_duplicates", lambda items: calls.append(items) or grouping(items))
    first = _compile(app, large)
    assert len(calls) == 1
    second = _compile(app, large)
    assert len(calls) == 1, "the second compile takes the campaigns from the cache"
    point = next(p for p in second.points if p.reply == "Svar på kampagnen.")
    assert [c.count for c in point.campaigns] == [3] and point.campaigns[0].example.excerpt
    assert first.to_dict() == second.to_dict()


def test_the_demo_memos_are_of_ordinary_size(app, demo):
    memo = _compile(app, demo)
    assert len(memo.points) <= shape.LARGE_MEMO_POINTS
    assert all(c.excerpt is None for p in memo.points for c in p.comments)


def test_a_point_names_its_comments_place_in_the_appendix_also_after_a_response_without_comments(db):
    now = datetime.now(UTC)
    hearing = make_hearing(HearingState.CLOSED, opens_at=now - timedelta(days=30), deadline_at=now - timedelta(days=1))
    make_response(hearing, state=ResponseState.SUBMITTED, submitted_at=now - timedelta(days=3))  # a letter only
    second = make_response(hearing, state=ResponseState.SUBMITTED, submitted_at=now - timedelta(days=2))
    make_comment(second, hearing.current_version.sections[0], "Serviceniveauet bør hæves.")
    db.session.commit()
    memo = compile_memo(hearing)
    [point] = [p for section in memo.sections for p in section.points]
    assert point.comment_refs == ["2:1"]  # the appendix numbers every response, the first one too
    assert [r.sender for r in memo.appendix][1] == point.comments[0].sender
