"""Filing through the real worker (tests/jobs_worker.py): a party's response submitted on a hearing with
the `getorganized` adapter is filed once, with a failure tried again, an answer lost, and a task run
again; the hearing's filing page shows it; a failed document is tried again by the button."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.hearings.models import Hearing
from app.records import operations
from app.records.adapters.getorganized import marker
from app.records.models import FilingRecord, FilingState
from tests.factories import make_party
from tests.records.helpers import settled
from tests.records.servers import GO_PASSWORD, GO_USER, GetOrganizedServer
from tests.responses.helpers import form_data

CASE = "27.12.00-P27-1-19"


@pytest.fixture
def getorganized(app):
    with GetOrganizedServer() as server:
        app.config.update(RECORDS_ADAPTER="getorganized", GETORGANIZED_URL=server.url, GETORGANIZED_USER=GO_USER,
                          GETORGANIZED_PASSWORD=GO_PASSWORD, RECORDS_TIMEOUT_SECONDS=5)
        yield server


@pytest.fixture
def hearing_party(db):
    party = make_party(db)
    hearing = db.session.get(Hearing, party.hearing_id)
    hearing.case_number = CASE
    db.session.commit()
    return party


def submit(client, party, text: str) -> None:
    page = client.get(party.url).get_data(as_text=True)
    answer = client.post(party.url, data=form_data(page, action="submit", **{"section-s85": text}))
    assert answer.status_code == 302


def on_server(server, key: str) -> list:
    return [d for d in server.documents if d.name.startswith(marker(key))]


def test_a_submitted_response_is_filed_once_on_the_case(client, hearing_party, getorganized, jobs_worker, auth):
    getorganized.fail_next = 1  # the first document's first try fails: tried again after a short wait
    submit(client, hearing_party, "Støtten skal også gælde om aftenen.")
    rows = settled(hearing_party.hearing_id, 3)
    assert [row.kind for row in rows] == ["letter", "draft", "response"]
    assert all(row.state is FilingState.FILED for row in rows)
    assert [row.tries for row in rows] == [2, 1, 1]
    assert len(getorganized.documents) == 3
    response = rows[2]
    [stored] = on_server(getorganized, response.document_key)
    assert response.records_id == stored.id and stored.case == CASE
    assert stored.content.startswith(b"%PDF-") and response.sha256 and response.content is None

    # A second version, whose answer is lost after GetOrganized stored it: one document all the same.
    getorganized.drop_next = 1
    submit(client, hearing_party, "Støtten skal også gælde om aftenen og i weekenden.")
    rows = settled(hearing_party.hearing_id, 4)
    second = rows[3]
    assert second.document_key.endswith(":v2") and second.state is FilingState.FILED
    assert [d.id for d in on_server(getorganized, second.document_key)] == [second.records_id]

    # The task runs again (a message delivered twice, or our own commit lost after the filing): the row is
    # back to waiting, the worker looks, finds the document and files nothing.
    db.session.execute(FilingRecord.__table__.update().where(FilingRecord.id == second.id)
                       .values(state="waiting", records_id=None, filed_at=None))
    db.session.commit()
    assert operations.send(second.id)
    assert operations.send(second.id)  # twice at once: the lease keeps the second from running alongside
    rows = settled(hearing_party.hearing_id, 4)
    assert rows[3].state is FilingState.FILED and rows[3].records_id == second.records_id
    assert len(getorganized.documents) == 4
    assert len(on_server(getorganized, second.document_key)) == 1

    # The hearing's page of filings shows each with the records system's id.
    auth.log_in(officer_of=hearing_party.hearing_id)
    page = client.get(f"/medarbejder/hoeringer/{hearing_party.slug}/journalisering").get_data(as_text=True)
    assert "Journaliseret" in page and CASE in page and "GetOrganized" in page
    for row in rows:
        assert f"<code>{row.records_id}</code>" in page


def test_a_failed_document_is_tried_again_by_the_button(app, client, hearing_party, getorganized, jobs_worker, auth):
    app.config["RECORDS_MAX_TRIES"] = 2
    getorganized.fail_next = 2 * 3  # every try of all three fails
    submit(client, hearing_party, "Flere døgn.")
    rows = settled(hearing_party.hearing_id, 3)
    assert [row.state for row in rows] == [FilingState.FAILED] * 3
    assert all(row.last_error == "FilingError: HTTP 500 from " + getorganized.url + "/_goapi/Documents/AddToCase"
               for row in rows)
    assert getorganized.documents == []

    auth.log_in(officer_of=hearing_party.hearing_id)
    url = f"/medarbejder/hoeringer/{hearing_party.slug}/journalisering"
    page = client.get(url).get_data(as_text=True)
    assert "Mislykkedes" in page and "Prøv de mislykkede igen" in page
    answer = client.post(f"{url}/proev-igen", follow_redirects=True)
    assert "3 dokumenter bliver forsøgt journaliseret igen." in answer.get_data(as_text=True)
    rows = settled(hearing_party.hearing_id, 3)
    assert [row.state for row in rows] == [FilingState.FILED] * 3
    assert len(getorganized.documents) == 3


def test_nothing_is_filed_when_filing_is_off(client, hearing_party, jobs_worker):
    submit(client, hearing_party, "Flere døgn.")
    assert db.session.scalars(select(FilingRecord)).all() == []
