"""A gunicorn worker killed in the middle of a submission (issue #10): no partial response,
and the same submission goes through once, on the worker gunicorn starts in its place.

The app runs as in production (gunicorn -c gunicorn.conf.py wsgi:app, one worker) on the test's
database. The submission is held inside its transaction by a lock the test holds: on PostgreSQL
a table lock stops it at its last write, when the submission and its comments are written but
not committed; on SQLite a reader's lock stops it at its commit, with its changes in the journal.
The worker is then killed with SIGKILL, so nothing of the app gets a chance to clean up.
"""

import http.client

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.notifications.models import OutboxMessage
from app.responses.models import Response, ResponseState
from tests.factories import make_party
from tests.faults.database_helpers import (
    LAST_WRITTEN_TABLE,
    release_test_session,
    stored_response,
    wait_for,
)
from tests.faults.gunicorn import START_SECONDS, Gunicorn, killed_mid_transaction
from tests.responses.helpers import form_data

pytest.importorskip("gunicorn")

SIXTY_DAYS = "Handicaprådet foreslår, at aflastning kan gives i mere end 60 døgn om året."
GENERAL = "Rådet ønsker et tydeligere sprog."


@pytest.fixture
def gunicorn(app, database_url, tmp_path):
    server = Gunicorn(database_url, tmp_path / "gunicorn.log")
    yield server
    server.stop()


@pytest.fixture
def party(db):
    return make_party(db)


def saved_draft(client, party) -> dict:
    """The party has saved a draft; returns what their browser posts to submit it as it is."""
    page = client.get(party.url).get_data(as_text=True)
    saved = client.post(party.url, data=form_data(page, general=GENERAL, **{"section-s84-omfang": SIXTY_DAYS,
                                                                             "action": "save"}))
    assert saved.status_code == 302
    submit = form_data(client.get(party.url).get_data(as_text=True), action="submit")
    saved_at = _draft_saved_at()
    client.post(party.url, data={**submit, "action": "save"})
    assert _draft_saved_at() == saved_at, "the submission's only writes are the submit's own"
    return submit


def _draft_saved_at():
    db.session.rollback()
    saved_at = db.session.scalar(select(Response.draft_saved_at))
    db.session.rollback()
    return saved_at


def test_a_worker_killed_in_the_middle_of_a_submission_leaves_no_partial_response(
    database_url, client, party, gunicorn
):
    submit = saved_draft(client, party)
    draft_before = stored_response().draft
    release_test_session()

    def post():
        return gunicorn.request("POST", party.url, submit)

    # The submission and its comments are written, not committed.
    request = killed_mid_transaction(gunicorn, database_url, post, table=LAST_WRITTEN_TABLE, what="the submission")

    with pytest.raises((ConnectionError, http.client.HTTPException)):
        request.result()  # the connection closed without an answer
    stored = stored_response()
    assert stored.state is ResponseState.DRAFT
    assert stored.submissions == 0 and stored.comments == [], "nothing of the killed submission was kept"
    assert stored.draft == draft_before
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0, "no receipt of a submission not made"
    release_test_session()

    wait_for(gunicorn.ready, "the new worker to answer", START_SECONDS)
    again = gunicorn.request("POST", party.url, submit)
    assert again.status == 302, gunicorn.log.read_text(errors="replace")[-5000:]
    assert again.headers["Location"].endswith("/kvittering")
    stored = stored_response()
    assert stored.state is ResponseState.SUBMITTED and stored.submissions == 1
    assert stored.comments == [(None, GENERAL), ("s84-omfang", SIXTY_DAYS)]
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == len(party.contacts), "one receipt each"
    release_test_session()
