"""`flask demo load` puts the 2019 round in the database, once."""

from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.demo.load import DEMO_PASSWORD, SLUG
from app.hearings.models import Hearing, HearingState, Section
from app.models import AuditEvent, Comment, Organisation, Reply, Response
from app.replies.models import Outcome, ReplyStatus
from app.responses.models import ResponseKind, ResponseState


def _load(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return result.output


def _counts(db) -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (User, Organisation, Hearing, Section, Response, Comment, Reply, AuditEvent)
    }


def test_the_demo_hearing_has_the_foreword_and_the_11_standards_in_order(app, db):
    _load(app)
    hearing = db.session.scalar(select(Hearing).where(Hearing.slug == SLUG))
    assert hearing.state is HearingState.REPLYING
    assert hearing.committee == "Social- og Sundhedsudvalget"

    top = [s for s in hearing.current_version.sections if s.parent_id is None]
    assert top[0].heading == "Forord"
    assert [s.number for s in top[1:]] == [
        "§ 84", "§ 82", "§ 85", "§ 96", "§ 97", "§ 100", "§ 102", "§ 103", "§ 104", "§ 107", "§ 108",
    ]
    p84 = top[1]
    assert p84.heading == "Aflastningsordning"
    assert [c.heading for c in p84.children][:2] == ["Lovgrundlag for ydelsen", "Målgruppe"]
    assert "<p>" in p84.children[0].body_html


def test_the_60_days_point_sits_on_84s_scope_with_the_administrations_reply(app, db):
    _load(app)
    comment = db.session.scalar(select(Comment).where(Comment.text.contains("60 døgn")))
    assert comment.section.key == "p84-omfang-varighed"
    assert comment.section.parent.number == "§ 84"
    assert comment.response.organisation.name == "Handicaprådet"
    assert comment.reply.outcome is Outcome.NOT_ACCEPTED
    assert comment.reply.financial_consequence is True
    assert "60 døgn" in comment.reply.text
    assert comment.reply.status is ReplyStatus.APPROVED


def test_handicapraadets_letter_is_registered_with_general_and_section_points(app, db):
    _load(app)
    response = db.session.scalar(select(Response))
    assert response.kind is ResponseKind.LETTER
    assert response.state is ResponseState.SUBMITTED
    assert (response.signed_name, response.signed_role) == ("Ion Meyer", "Formand")
    assert response.received_on.isoformat() == "2019-06-03"
    general = [c for c in response.comments if c.section_id is None]
    assert len(general) >= 3
    # 103 and 104 are answered by one reply, as the administration did in 2019.
    shared = db.session.scalar(select(Reply).where(Reply.text.contains("mere end 4 dage")))
    assert sorted(c.section.parent.number for c in shared.comments) == ["§ 103", "§ 104"]


def test_one_demo_user_per_role_is_printed_and_can_log_in(app, db, client):
    output = _load(app)
    for role in Role:
        assert role.value in output
    assert DEMO_PASSWORD in output

    client.post("/konto/log-ind", data={"email": "sagsbehandler@demo.example.org", "password": DEMO_PASSWORD})
    assert "Søren Sagsbehandler" in client.get("/").get_data(as_text=True)


def test_the_texts_are_clean_of_page_break_artefacts(app, db):
    _load(app)
    for text in db.session.scalars(select(Section.body_html)).all() + db.session.scalars(select(Comment.text)).all():
        assert "  " not in text
        assert "Lyngby- Taarbæk" not in text


def test_loading_twice_changes_nothing(app, db):
    _load(app)
    before = _counts(db)
    output = _load(app)
    assert _counts(db) == before
    assert "Fandtes allerede" in output


def test_a_missing_seed_file_is_a_clear_error(app, db, tmp_path):
    result = app.test_cli_runner().invoke(args=["demo", "load", "--seed", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0
    assert "seed file" in result.output
    assert db.session.scalar(select(func.count()).select_from(Hearing)) == 0


def test_the_practice_hearing_is_open_and_its_printed_links_work_every_time(app, db, client):
    import re

    from app.demo.practice import PRACTICE_SLUG

    first = _load(app)
    links = re.findall(r"http://localhost(/svar/[\w-]+)", first)
    assert len(links) == 3, "a link for each contact of Handicaprådet and Seniorrådet"
    assert re.findall(r"http://localhost(/svar/[\w-]+)", _load(app)) == links, "the same links the second time"

    practice = db.session.scalar(select(Hearing).where(Hearing.slug == PRACTICE_SLUG))
    assert practice.state is HearingState.OPEN and practice.is_public
    page = client.get(links[0]).get_data(as_text=True)
    assert "Høringssvar fra Handicaprådet" in page and "Aflastningsordning" in page
    assert "Afgiv høringssvar" in client.get(f"/hoeringer/{PRACTICE_SLUG}").get_data(as_text=True)


def test_handicapraadets_ingen_bemaerkninger_to_100_is_a_no_remarks_point_on_100(app, db):
    _load(app)
    [comment] = db.session.scalars(select(Comment).where(Comment.no_remarks.is_(True))).all()
    assert (comment.section.number, comment.heading, comment.text) == ("§ 100", "Merudgifter § 100",
                                                                     "HR har ingen bemærkninger")
    assert comment.reply is None and comment.response.organisation.name == "Handicaprådet"
    positions = sorted(c.position for c in comment.response.comments)
    assert positions == list(range(len(positions)))  # in the letter's order, among the other points
