"""The deadline passing while a party is submitting, saving or withdrawing.

Covered in tests/responses/test_deadline_and_colleagues.py: a page loaded before
the deadline and submitted within the ten minutes' grace (accepted, marked late),
also when the timer has not closed the hearing yet; submitted after the grace
period (409, "Høringen er lukket for svar", the typed text shown to copy, the
draft kept read-only); a response first started after the deadline gets no grace.
tests/responses/test_citizens.py: a citizen's confirmation link pressed after the
deadline counts the response sent in time; a citizen posting after it sees the text.

Here, what those lack: a submit that arrives before the deadline and is still being
written when the deadline passes and the timer closes the hearing; an autosave that
arrives after the grace period (the browser is told, nothing is overwritten); and
the deadline passing between loading the withdraw confirmation and pressing it.
"""

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from app.hearings.models import Hearing, HearingState
from app.responses import operations as responding
from app.responses.models import ResponseState
from tests.factories import make_party
from tests.responses.helpers import form_data, the_response

TEXT = "Rådet mener, at aflastning i 60 døgn om året er for lidt."
LATE_TEXT = "Tilføjet efter fristen: weekendaflastning mangler."
# Time for the submit to reach its check of the deadline, even on a busy CI machine.
MARGIN = timedelta(seconds=1.5)


@pytest.fixture
def party(db):
    return make_party(db)


def _saved(client, party) -> str:
    """The party has saved a draft and has the page open; returns the page."""
    page = client.get(party.url).get_data(as_text=True)
    assert client.post(party.url, data=form_data(page, **{"section-s84": TEXT})).status_code == 302
    return client.get(party.url).get_data(as_text=True)


def _deadline(db, party, at: datetime, *, state: HearingState = HearingState.OPEN, started_before=True) -> None:
    response = the_response()
    hearing = db.session.get(Hearing, party.hearing_id)
    hearing.deadline_at = at
    hearing.state = state
    hearing.closed_at = at if state is HearingState.CLOSED else None
    if response is not None and started_before:
        response.created_at = at - timedelta(hours=1)
    db.session.commit()


def test_a_submit_arriving_before_the_deadline_counts_in_time_though_the_deadline_passes_while_it_is_written(
    app, db, client, party, monkeypatch,
):
    page = _saved(client, party)
    deadline = datetime.now(UTC) + MARGIN
    _deadline(db, party, deadline)
    real_submit = responding.submit

    def slow_submit(response, sections, contact, now, **kwargs):
        assert now <= deadline, f"the submit arrived {now - deadline} after the deadline: the machine is too slow"
        while datetime.now(UTC) <= deadline + timedelta(milliseconds=100):
            time.sleep(0.05)
        # Meanwhile `flask hearings tick` closes the hearing, in a transaction of its own.
        with db.engine.begin() as other:
            other.execute(update(Hearing).where(Hearing.id == party.hearing_id)
                          .values(state=HearingState.CLOSED, closed_at=deadline))
        return real_submit(response, sections, contact, now, **kwargs)

    monkeypatch.setattr(responding, "submit", slow_submit)
    answer = client.post(party.url, data=form_data(page, action="submit"))

    assert answer.status_code == 302 and answer.headers["Location"].endswith("/kvittering")
    response = the_response()
    assert response.state is ResponseState.SUBMITTED
    assert not response.is_late, "it arrived in time: the time it arrived counts, not the time it was written"
    assert response.submitted_at <= deadline
    assert [c.text for c in response.comments] == [TEXT]
    assert db.session.get(Hearing, party.hearing_id).state is HearingState.CLOSED
    receipt = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "efter fristen" not in receipt


def test_an_autosave_after_the_grace_period_is_told_the_hearing_closed_and_overwrites_nothing(db, client, party):
    page = _saved(client, party)
    _deadline(db, party, datetime.now(UTC) - timedelta(minutes=11), state=HearingState.CLOSED)

    answer = client.post(party.url, data=form_data(page, autosave="1", **{"section-s84": LATE_TEXT}))

    assert answer.status_code == 409
    body = answer.get_json()
    assert body["saved"] is False and body["closed"] is True
    assert body["message"] == "Høringen er lukket for svar.", "the page says so; the text stays in the browser"
    response = the_response()
    assert response.draft["section-s84"] == TEXT, "the saved draft is kept as it was"
    assert response.state is ResponseState.DRAFT and response.submissions == []


def test_an_autosave_within_the_grace_period_still_saves(db, client, party):
    """The person typing at 23:59 keeps saving until the grace period ends, then submits (late)."""
    page = _saved(client, party)
    _deadline(db, party, datetime.now(UTC) - timedelta(minutes=2), state=HearingState.CLOSED)

    answer = client.post(party.url, data=form_data(page, autosave="1", **{"section-s84": LATE_TEXT}))
    assert answer.status_code == 200 and answer.get_json()["saved"] is True
    assert the_response().draft["section-s84"] == LATE_TEXT
    page = client.get(party.url).get_data(as_text=True)
    assert client.post(party.url, data=form_data(page, action="submit")).status_code == 302
    response = the_response()
    assert response.state is ResponseState.SUBMITTED and response.is_late
    assert [c.text for c in response.comments] == [LATE_TEXT]


@pytest.mark.parametrize("state", [HearingState.OPEN, HearingState.CLOSED], ids=["timer-not-run", "closed"])
def test_the_deadline_passing_between_the_withdraw_confirmation_and_pressing_it_keeps_the_response(
    db, client, party, state,
):
    page = _saved(client, party)
    assert client.post(party.url, data=form_data(page, action="submit")).status_code == 302
    withdraw = f"{party.url}/traek-tilbage"
    assert "Træk høringssvaret tilbage?" in client.get(withdraw).get_data(as_text=True)
    _deadline(db, party, datetime.now(UTC) - timedelta(minutes=1), state=state)

    answer = client.post(withdraw, follow_redirects=True)

    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "Fristen er overskredet, så svaret kan ikke trækkes tilbage. Kontakt forvaltningen." in html
    response = the_response()
    assert response.state is ResponseState.SUBMITTED and response.withdrawn_at is None
    assert [c.text for c in response.comments] == [TEXT]
