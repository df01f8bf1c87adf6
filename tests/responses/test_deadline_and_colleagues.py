"""Two people of one council at once, and the deadline passing while someone types."""

from datetime import UTC, datetime, timedelta

from app.hearings.models import Hearing, HearingState
from app.responses.models import ResponseState
from tests.factories import make_party
from tests.responses.helpers import form_data, textareas, the_response

MINE = "Sekretæren skriver: aflastning skal kunne gives i weekenden."
THEIRS = "Formanden skriver: aflastning i 60 døgn er for lidt."


def test_two_colleagues_on_different_fields_both_keep_their_text(client, party):
    chair, secretary = (f"/svar/{token}" for token in party.tokens)
    chair_page = client.get(chair).get_data(as_text=True)
    secretary_page = client.get(secretary).get_data(as_text=True)
    client.post(chair, data=form_data(chair_page, **{"section-s84": THEIRS, "action": "save"}))
    client.post(secretary, data=form_data(secretary_page, **{"section-s85": MINE, "action": "save"}))

    draft = the_response().draft
    assert draft["section-s84"] == THEIRS and draft["section-s85"] == MINE


def test_the_second_to_save_the_same_field_sees_the_first_ones_text_and_nothing_is_overwritten(client, party):
    chair, secretary = (f"/svar/{token}" for token in party.tokens)
    chair_page = client.get(chair).get_data(as_text=True)
    secretary_page = client.get(secretary).get_data(as_text=True)
    client.post(chair, data=form_data(chair_page, **{"section-s84": THEIRS, "action": "save"}))

    answer = client.post(secretary, data=form_data(secretary_page, **{"section-s84": MINE, "action": "save"}))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "En anden fra jeres organisation har ændret dette felt, mens du skrev." in html
    assert THEIRS in html, "the colleague's saved text is shown"
    assert textareas(html)["section-s84"] == MINE, "my own text stays in the field"
    assert the_response().draft["section-s84"] == THEIRS, "nothing was overwritten"

    # Having read both, the secretary merges them and saves: now it is taken.
    merged = f"{THEIRS}\n\n{MINE}"
    client.post(secretary, data=form_data(html, **{"section-s84": merged, "action": "save"}))
    assert the_response().draft["section-s84"] == merged


def test_a_submit_with_a_conflict_is_not_submitted(client, party):
    chair, secretary = (f"/svar/{token}" for token in party.tokens)
    chair_page = client.get(chair).get_data(as_text=True)
    secretary_page = client.get(secretary).get_data(as_text=True)
    client.post(chair, data=form_data(chair_page, **{"section-s84": THEIRS, "action": "save"}))
    client.post(secretary, data=form_data(secretary_page, **{"section-s84": MINE, "action": "submit"}))
    assert the_response().state is ResponseState.DRAFT


def _move_deadline(db, party, minutes_ago: int, state=HearingState.CLOSED) -> None:
    """The deadline passed `minutes_ago`; the response saved so far was started an hour before it."""
    response = the_response()  # first: it expires what the session holds
    hearing = db.session.get(Hearing, party.hearing_id)
    hearing.deadline_at = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    if response is not None:
        response.created_at = hearing.deadline_at - timedelta(hours=1)
    hearing.state = state
    hearing.closed_at = hearing.deadline_at if state is HearingState.CLOSED else None
    db.session.commit()


def test_a_response_started_before_the_deadline_may_be_sent_ten_minutes_after_and_is_marked_late(db, client, party):
    page = client.get(party.url).get_data(as_text=True)
    client.post(party.url, data=form_data(page, **{"section-s84": THEIRS, "action": "save"}))
    _move_deadline(db, party, minutes_ago=5)

    page = client.get(party.url).get_data(as_text=True)
    assert "Fristen er overskredet" in page and "markeret som indsendt efter fristen" in page
    done = client.post(party.url, data=form_data(page, action="submit"))
    assert done.status_code == 302
    response = the_response()
    assert response.state is ResponseState.SUBMITTED and response.is_late


def test_the_deadline_passing_while_typing_on_an_open_page_still_lets_it_be_sent(db, client, party):
    """The timer has not closed the hearing yet: the page does it, and the grace period still holds."""
    page = client.get(party.url).get_data(as_text=True)
    client.post(party.url, data=form_data(page, **{"section-s84": THEIRS, "action": "save"}))
    page = client.get(party.url).get_data(as_text=True)
    _move_deadline(db, party, minutes_ago=1, state=HearingState.OPEN)
    assert client.post(party.url, data=form_data(page, action="submit")).status_code == 302
    assert the_response().is_late


def test_after_the_grace_period_the_page_is_closed_but_the_typed_text_is_shown(db, client, party):
    page = client.get(party.url).get_data(as_text=True)
    client.post(party.url, data=form_data(page, **{"section-s84": THEIRS, "action": "save"}))
    _move_deadline(db, party, minutes_ago=11)

    answer = client.post(party.url, data=form_data(page, action="submit", **{"section-s85": MINE}))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 409
    assert "Høringen er lukket for svar" in html and MINE in html, "what was typed is shown to copy"
    assert the_response().state is ResponseState.DRAFT

    readable = client.get(party.url).get_data(as_text=True)
    assert "Der ydes op til 60 døgn om året." in readable and THEIRS in readable
    assert "<textarea" not in readable


def test_a_response_first_started_after_the_deadline_cannot_use_the_grace_period(db, client):
    party = make_party(db, deadline_in=timedelta(minutes=-3))
    page = client.get(party.url).get_data(as_text=True)
    answer = client.post(party.url, data=form_data(page, action="submit", **{"section-s84": MINE}))
    assert answer.status_code == 409
    assert the_response() is None
