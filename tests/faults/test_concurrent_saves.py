"""Fifty people pressing at once: no lost update, no duplicate, no server error.

Each request runs in a thread of its own with a client of its own (so its own
app context, database session and connection), all released by one barrier,
against the same database file (SQLite) or server (PostgreSQL) as the app.

Covered elsewhere, one request after another:
- tests/responses/test_deadline_and_colleagues.py: two colleagues saving the
  same field (the second sees the first one's text), different fields (both
  kept), a submit with a conflict is not submitted.
- tests/responses/test_party_response.py: a second press of "Indsend" makes no
  second version.
- tests/replies/test_workspace.py: two officers saving the same reply (the
  second is shown both texts).
- tests/notifications/test_outbox.py: two senders at once send each mail once.
"""

import re
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.extensions import db
from app.hearings.models import Hearing, HearingState
from app.notifications.models import OutboxMessage
from app.replies.models import Reply
from app.responses import citizens
from app.responses.models import Comment, Response, ResponseState, ResponseSubmission
from tests.factories import (
    PASSWORD,
    make_comment,
    make_hearing,
    make_organisation,
    make_party,
    make_response,
    make_user,
)
from tests.faults.database_helpers import at_once
from tests.responses.helpers import form_data, the_response

PEOPLE = 50
FIELD = "section-s84"


def _text(n: int) -> str:
    return f"Person {n:02d} skriver: aflastning i 60 døgn er for lidt (udgave {n:02d})."


# ---------------------------------------------------------------- a party's response


@pytest.fixture
def party(db):
    return make_party(db)


def test_fifty_saves_of_the_same_field_at_once_keep_one_and_show_it_to_the_other_49(app, client, party):
    page = client.get(party.url).get_data(as_text=True)  # everyone opened the page before anything was saved

    def save(n):
        def post(own_client):
            answer = own_client.post(party.url, data=form_data(page, **{FIELD: _text(n), "autosave": "1"}))
            return answer.status_code, answer.get_json(silent=True)
        return post

    results = at_once(app, [save(n) for n in range(PEOPLE)])

    assert [status for status, _json in results] == [200] * PEOPLE, Counter(status for status, _json in results)
    saved = [n for n, (_status, body) in enumerate(results) if body["saved"]]
    assert len(saved) == 1, f"exactly one save is taken, not {len(saved)}"
    winner = _text(saved[0])
    response = the_response()
    assert response.draft[FIELD] == winner
    for n, (_status, body) in enumerate(results):
        if n == saved[0]:
            continue
        assert body["conflicts"][FIELD]["text"] == winner, "each other person is shown the text that was kept"
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1, "one response, however many start it"


def test_colleagues_saving_different_fields_over_and_over_at_once_lose_nothing(app, client, party):
    """Four people, each in a field of their own, save twelve times each, all at once. The page sends
    every field, the others as they were when it was loaded: a colleague's field is never overwritten by
    that stale copy (it is reported as a conflict instead), and each person's own last text is kept."""
    fields = ["general", "section-s84", "section-s84-omfang", "section-s85"]
    rounds = 12
    page = client.get(party.url).get_data(as_text=True)

    def save(name):
        def post(own_client):
            current = page
            for n in range(rounds):
                answer = own_client.post(party.url, data=form_data(current, **{name: f"{name} {n}", "autosave": "1"}))
                assert answer.status_code == 200, answer.status_code
                assert name not in answer.get_json()["conflicts"], "my own field is mine"
                current = own_client.get(party.url).get_data(as_text=True)
        return post

    at_once(app, [save(name) for name in fields])
    draft = the_response().draft
    assert {name: draft[name] for name in fields} == {name: f"{name} {rounds - 1}" for name in fields}


def test_fifty_submits_of_the_same_response_at_once_make_one_submission(app, client, party):
    page = client.get(party.url).get_data(as_text=True)
    ready = form_data(page, general="Rådet takker for udkastet.", **{FIELD: _text(0)})
    assert client.post(party.url, data=ready).status_code == 302
    page = client.get(party.url).get_data(as_text=True)
    submitting = form_data(page, action="submit")

    def submit(own_client):
        answer = own_client.post(party.url, data=submitting)
        return answer.status_code, answer.headers.get("Location", "")

    results = at_once(app, [submit] * PEOPLE)

    assert Counter(status for status, _location in results) == {302: PEOPLE}, "every press ends on the receipt"
    assert all(location.endswith("/kvittering") for _status, location in results)
    response = the_response()
    assert response.state is ResponseState.SUBMITTED
    assert db.session.scalar(select(func.count()).select_from(ResponseSubmission)) == 1, "one submission"
    texts = db.session.scalars(select(Comment.text).order_by(Comment.position)).all()
    assert texts == ["Rådet takker for udkastet.", _text(0)], "one comment per point, none twice"
    receipts = db.session.scalars(select(OutboxMessage.recipient)).all()
    assert sorted(receipts) == sorted(party.contacts), "one receipt to each contact, not one per press"


def test_fifty_first_presses_of_submit_with_nothing_saved_before_make_one_response_and_one_submission(
        app, client, party):
    """The save and the submit are one transaction (issue 20): fifty presses that each start the response
    find one of them made it, and submit it once."""
    page = client.get(party.url).get_data(as_text=True)
    submitting = form_data(page, general="Rådet takker for udkastet.", action="submit", **{FIELD: _text(0)})

    def submit(own_client):
        answer = own_client.post(party.url, data=submitting)
        return answer.status_code, answer.headers.get("Location", "")

    results = at_once(app, [submit] * PEOPLE)

    assert Counter(status for status, _location in results) == {302: PEOPLE}, "every press ends on the receipt"
    assert all(location.endswith("/kvittering") for _status, location in results)
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1, "one response"
    assert the_response().state is ResponseState.SUBMITTED
    assert db.session.scalar(select(func.count()).select_from(ResponseSubmission)) == 1, "one submission"
    texts = db.session.scalars(select(Comment.text).order_by(Comment.position)).all()
    assert texts == ["Rådet takker for udkastet.", _text(0)], "one comment per point, none twice"
    receipts = db.session.scalars(select(OutboxMessage.recipient)).all()
    assert sorted(receipts) == sorted(party.contacts), "one receipt to each contact, not one per press"


def test_fifty_presses_of_a_citizens_confirmation_link_at_once_count_the_response_once(app, client, party):
    """Mail scanners open links before the person does, and people press twice: the same link at once."""
    hearing = db.session.get(Hearing, party.hearing_id)
    hearing.is_public = True
    db.session.commit()
    sent = client.post(f"/hoeringer/{party.slug}/svar", data={
        "citizen_name": "Karen Hansen", "citizen_email": "karen@example.org", "publish_name": "no",
        FIELD: _text(0),
    })
    assert sent.status_code == 302
    response = the_response()
    link = f"/hoeringer/{party.slug}/bekraeft/{citizens._serializer().dumps(response.id)}"

    statuses = at_once(app, [lambda own_client: own_client.get(link).status_code] * PEOPLE)

    assert Counter(statuses) == {200: PEOPLE}, Counter(statuses)
    assert the_response().state is ResponseState.SUBMITTED
    assert db.session.scalar(select(func.count()).select_from(ResponseSubmission)) == 1
    assert db.session.scalars(select(Comment.text)).all() == [_text(0)]
    receipts = db.session.scalars(select(OutboxMessage.subject).where(OutboxMessage.subject.like("Kvittering%"))).all()
    assert len(receipts) == 1, "one receipt"


# ---------------------------------------------------------------- staff's reply to a comment


@pytest.fixture
def reply_case(db):
    hearing = make_hearing(state=HearingState.REPLYING)
    section = hearing.current_version.sections[0]
    officer = make_user(Role.STAFF, name="Søren Sagsbehandler")
    hearing.officers = [officer]
    response = make_response(hearing, make_organisation("Handicaprådet"), state=ResponseState.SUBMITTED,
                             submitted_at=datetime.now(UTC))
    comment = make_comment(response, section, "Aflastning bør kunne gives i mere end 60 døgn.")
    db.session.commit()
    return {"base": f"/medarbejder/hoeringer/{hearing.slug}", "key": section.key, "comment": comment.id,
            "email": officer.email}


def _logged_in_clients(app, client, case) -> None:
    """The officer logs in once; every thread's client carries that session's cookie (fifty tabs)."""
    assert client.post("/konto/log-ind", data={"email": case["email"], "password": PASSWORD}).status_code == 302
    cookie = client.get_cookie("session")
    original = app.test_client

    def logged_in(*args, **kwargs):
        other = original(*args, **kwargs)
        other.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
        return other

    app.test_client = logged_in


def _version(html: str) -> str:
    return re.search(r'name="lock_version" type="hidden" value="(\d+)"', html)[1]


def test_fifty_starts_of_a_reply_to_the_same_comment_make_one_reply(app, client, reply_case):
    _logged_in_clients(app, client, reply_case)
    url = f"{reply_case['base']}/besvarelse/{reply_case['key']}/nyt-svar"

    def start(own_client):
        return own_client.post(url, data={"comment": reply_case["comment"]}).status_code

    statuses = at_once(app, [start] * PEOPLE)

    assert Counter(statuses) == {302: PEOPLE}, Counter(statuses)
    replies = db.session.scalars(select(Reply)).all()
    assert len(replies) == 1, f"one reply for the comment, not {len(replies)}"
    assert db.session.get(Comment, reply_case["comment"]).reply_id == replies[0].id


def test_fifty_saves_of_the_same_reply_at_once_keep_one_and_show_it_to_the_other_49(app, client, reply_case):
    _logged_in_clients(app, client, reply_case)
    started = client.post(f"{reply_case['base']}/besvarelse/{reply_case['key']}/nyt-svar",
                          data={"comment": reply_case["comment"]})
    url = started.headers["Location"]
    version = _version(client.get(url).get_data(as_text=True))

    def save(n):
        def post(own_client):
            answer = own_client.post(url, data={"text": _text(n), "outcome": "not_accepted",
                                                "financial_consequence": "no", "lock_version": version})
            return answer.status_code, answer.get_data(as_text=True)
        return post

    results = at_once(app, [save(n) for n in range(PEOPLE)])

    statuses = Counter(status for status, _html in results)
    assert statuses == {302: 1, 409: PEOPLE - 1}, statuses
    [winner] = [n for n, (status, _html) in enumerate(results) if status == 302]
    db.session.expire_all()
    [reply] = db.session.scalars(select(Reply)).all()
    assert reply.text == _text(winner)
    for n, (status, html) in enumerate(results):
        if status == 409:
            assert "En anden har gemt svaret, mens du skrev" in html
            assert _text(winner) in html, "the other's saved text is shown"
            assert _text(n) in html, "my own text stays in the form, to save again having seen theirs"
    assert db.session.scalar(select(func.count()).select_from(Reply)) == 1
