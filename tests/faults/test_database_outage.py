"""The database away during a submission (issue #10): a clear 503 page, nothing half-written,
the draft kept, and the same submission goes through once the database is back.

PostgreSQL unreachable: its connections are cut by a relay and new ones refused. PostgreSQL
restarted: the submitting backend is terminated in the middle of the submit transaction.
SQLite: another connection holds the file's lock (see database_helpers).
"""

import pytest
from sqlalchemy import text

from app.extensions import db
from app.responses.models import ResponseState
from tests.conftest import AuthActions
from tests.factories import make_party, make_user
from tests.faults.database_helpers import UNAVAILABLE, make_outage, stored_response
from tests.responses.helpers import form_data

SIXTY_DAYS = "Handicaprådet foreslår, at aflastning kan gives i mere end 60 døgn om året."
GENERAL = "Rådet ønsker et tydeligere sprog."


@pytest.fixture
def outage(app, database_url):
    with make_outage(database_url) as outage:
        yield outage


@pytest.fixture
def party(db):
    return make_party(db)


def assert_calm_503(answer) -> str:
    page = answer.get_data(as_text=True)
    assert answer.status_code == 503, page[:500]
    assert int(answer.headers["Retry-After"]) > 0
    assert answer.headers["Cache-Control"] == "no-store"
    assert UNAVAILABLE in page and "Hvis du var ved at indsende noget, er det ikke sendt." in page
    assert 'id="main-content"' in page and '<html lang="da"' in page, "the page is in the app's layout"
    for internal in ("Traceback", "OperationalError", "psycopg", "sqlite", "SELECT", "INSERT"):
        assert internal not in page
    return page


def saved_draft(outage, party) -> dict:
    """The party has saved a draft; returns what their browser would post to submit it as it is."""
    client = outage.client
    page = client.get(party.url).get_data(as_text=True)
    saved = client.post(party.url, data=form_data(page, general=GENERAL, **{"section-s84-omfang": SIXTY_DAYS,
                                                                             "action": "save"}))
    assert saved.status_code == 302
    return form_data(client.get(party.url).get_data(as_text=True), action="submit")


def assert_still_the_saved_draft(draft_before: dict) -> None:
    stored = stored_response()
    assert stored.state is ResponseState.DRAFT
    assert stored.submissions == 0 and stored.comments == [], "nothing of the failed submission was written"
    assert stored.draft == draft_before, "the draft saved before is intact"


def assert_submitted_once(outage, party, submit: dict) -> None:
    again = outage.client.post(party.url, data=submit)
    assert again.status_code == 302 and again.headers["Location"].endswith("/kvittering")
    stored = stored_response()
    assert stored.state is ResponseState.SUBMITTED and stored.submissions == 1
    assert stored.comments == [(None, GENERAL), ("s84-omfang", SIXTY_DAYS)]
    receipt = outage.client.get(again.headers["Location"])
    assert receipt.status_code == 200 and SIXTY_DAYS in receipt.get_data(as_text=True)


def test_pages_say_503_in_the_layout_while_the_database_is_unreachable(outage, party):
    with outage.unreachable():
        page = assert_calm_503(outage.client.get(party.url))
        assert f'href="{party.url}">Prøv igen</a>' in page, "a button to load the same page again"
        assert_calm_503(outage.client.get("/"))
    assert outage.client.get(party.url).status_code == 200, "back as soon as the database is"


def test_a_logged_in_page_says_503_without_asking_the_database_for_the_user(db, outage):
    """The layout shows the logged-in user; drawing the 503 page must not load them again."""
    user = make_user(email="sagsbehandler@kommune.example.org", name="Sagsbehandler Søren")
    db.session.commit()
    assert AuthActions(outage.client).submit(user.email).status_code == 302
    assert "Sagsbehandler Søren" in outage.client.get("/medarbejder/").get_data(as_text=True)
    with outage.unreachable():
        page = assert_calm_503(outage.client.get("/medarbejder/"))
    assert "Sagsbehandler Søren" not in page
    assert "Sagsbehandler Søren" in outage.client.get("/medarbejder/").get_data(as_text=True), "still logged in"


def test_a_submission_while_the_database_is_unreachable_writes_nothing_and_the_retry_goes_through(outage, party):
    submit = saved_draft(outage, party)
    draft_before = stored_response().draft
    with outage.unreachable():
        page = assert_calm_503(outage.client.post(party.url, data=submit))
    assert ">Prøv igen</a>" not in page, "a form is sent again from the form, not by loading its address"
    assert_still_the_saved_draft(draft_before)
    assert_submitted_once(outage, party, submit)


def test_the_database_failing_in_the_middle_of_the_submit_leaves_the_draft_and_the_retry_goes_through(
    outage, party
):
    """PostgreSQL: the submitting backend is terminated (a restart) after the submission and its comments
    were written, before the commit. SQLite: the submit's first write finds the file locked and gives up."""
    submit = saved_draft(outage, party)
    draft_before = stored_response().draft
    assert_calm_503(outage.break_submit(lambda: outage.client.post(party.url, data=submit)))
    assert_still_the_saved_draft(draft_before)
    assert_submitted_once(outage, party, submit)


def test_a_wrong_query_is_still_a_500_and_not_taken_for_an_outage(app, client):
    """SQLite calls "no such table" an OperationalError too; it is a mistake to be seen, not a 503."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/wrong-query-test")
    def wrong_query():
        db.session.execute(text("SELECT * FROM no_such_table"))
        return ""

    answer = client.get("/wrong-query-test")
    assert answer.status_code == 500 and "Retry-After" not in answer.headers
    assert "Der skete en fejl" in answer.get_data(as_text=True)
