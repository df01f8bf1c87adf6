"""Staff move, split or set aside a comment; the party's words stay as they were, and the trail says what happened."""

from datetime import UTC, datetime

import pytest

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.extensions import db
from app.hearings.models import HearingState
from app.responses.models import Comment, CommentStatus, ResponseState
from tests.factories import PASSWORD, make_comment, make_hearing, make_organisation, make_response, make_user

TWO_POINTS = "Aflastning bør gives i 90 døgn.\n\nBefordring til aflastningen bør være gratis."


@pytest.fixture
def case(db):
    hearing = make_hearing(state=HearingState.REPLYING, sections=3)
    first, second = hearing.current_version.sections[:2]
    officer = make_user(Role.STAFF)
    hearing.officers = [officer]
    response = make_response(hearing, make_organisation("Handicaprådet"), state=ResponseState.SUBMITTED,
                             submitted_at=datetime.now(UTC))
    comment = make_comment(response, first, TWO_POINTS)
    db.session.commit()
    client_user = {"email": officer.email}
    return {"slug": hearing.slug, "comment": comment.id, "first": first.key, "second": second.key, **client_user}


@pytest.fixture
def officer_client(client, case):
    client.post("/konto/log-ind", data={"email": case["email"], "password": PASSWORD})
    return client


def _url(case, action):
    return f"/medarbejder/hoeringer/{case['slug']}/bemaerkninger/{case['comment']}/{action}"


def _comments():
    db.session.expire_all()
    return db.session.scalars(db.select(Comment).order_by(Comment.id)).all()


def test_a_comment_moved_to_another_section_keeps_the_original(officer_client, case):
    page = officer_client.get(_url(case, "placering")).get_data(as_text=True)
    assert "Flyt til et andet afsnit" in page and "Del i to" in page
    assert officer_client.post(_url(case, "flyt"), data={"section": case["second"]}).status_code == 302
    original, moved = _comments()
    assert original.status is CommentStatus.SUPERSEDED and original.text == TWO_POINTS
    assert moved.original_id == original.id and moved.text == TWO_POINTS and moved.section.key == case["second"]
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "comment_moved")) is not None
    workspace = officer_client.get(f"/medarbejder/hoeringer/{case['slug']}/besvarelse/{case['second']}")
    assert "Befordring" in workspace.get_data(as_text=True)


def test_a_comment_split_in_two_keeps_every_word(officer_client, case):
    officer_client.post(_url(case, "del"), data={"before_paragraph": "1", "second_section": "generelt"})
    original, first, second = _comments()
    assert original.status is CommentStatus.SUPERSEDED
    assert first.text == "Aflastning bør gives i 90 døgn." and first.section.key == case["first"]
    assert second.text == "Befordring til aflastningen bør være gratis." and second.section is None
    assert f"{first.text}\n\n{second.text}" == original.text


def test_a_split_needs_a_place_to_cut(officer_client, case):
    answer = officer_client.post(_url(case, "del"), data={"second_section": "generelt"})
    assert answer.status_code == 422
    assert "Vælg, hvor bemærkningen skal deles." in answer.get_data(as_text=True)
    assert len(_comments()) == 1


def test_set_aside_and_back_again(officer_client, case):
    officer_client.post(_url(case, "ikke-en-bemaerkning"))
    assert _comments()[0].status is CommentStatus.NOT_A_REMARK
    workspace = officer_client.get(f"/medarbejder/hoeringer/{case['slug']}/besvarelse/{case['first']}")
    assert "Sat til side som ikke en bemærkning" in workspace.get_data(as_text=True)
    officer_client.post(_url(case, "ikke-en-bemaerkning"))
    assert _comments()[0].status is CommentStatus.ACTIVE


def test_a_moved_comment_cannot_be_moved_again_from_its_old_place(officer_client, case):
    officer_client.post(_url(case, "flyt"), data={"section": case["second"]})
    officer_client.post(_url(case, "flyt"), data={"section": "generelt"})
    assert len(_comments()) == 2, "the superseded original stays where it was"


def test_only_the_hearings_own_staff_fix_comments(client, case):
    other = make_user(Role.STAFF)
    db.session.commit()
    client.post("/konto/log-ind", data={"email": other.email, "password": PASSWORD})
    assert client.post(_url(case, "flyt"), data={"section": "generelt"}).status_code == 403
    assert _comments()[0].status is CommentStatus.ACTIVE
