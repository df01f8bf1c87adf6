"""Issue #17: a gunicorn worker killed in the middle of an upload. Nothing half-saved is kept (no file
without its draft, no half file, the draft saved before intact), the worker gunicorn starts in its
place answers, and the browser's retry of the same request saves the text and the file once.

The app runs as in production (gunicorn -c gunicorn.conf.py wsgi:app with HORING_CONFIG=production,
CSRF on), one worker, on the test's database. The party's save of a new text and a 5 MB PDF is held
inside its transaction by a lock the test holds (as in test_killed_worker.py): on PostgreSQL a table
lock stops it at its file's write, when its text is written and the file's bytes sent, nothing
committed; on SQLite a reader's lock stops it from writing its pages to the database (the file is
larger than SQLite's page cache) or from committing. The worker is then killed with SIGKILL.

Then the same, killed after its commit and before its answer: a submit, whose save of the text and the file
commits before the submission locks the response again (PostgreSQL: a lock on the responses, taken while the
save still holds its own; since issue 20 a save reads nothing after its commit, so a plain save has no read
to hold). The browser's retry used to attach the file a second time; now the same file under the same name
is attached once (app/responses/operations.py, `add_attachment_if_room`).
"""

import hashlib
import http.client

import pytest
from sqlalchemy import func, select, text

from app.attachments.models import Attachment
from app.extensions import db
from tests.factories import MB, a_large_pdf, make_party
from tests.faults.database_helpers import (
    BackgroundCall,
    HeldTableLock,
    held_table_lock,
    is_postgresql,
    release_test_session,
    stored_response,
    wait_for,
)
from tests.faults.gunicorn import START_SECONDS, killed_mid_transaction
from tests.faults.production_server import CSRF, Browser, Upload, production_gunicorn
from tests.responses.helpers import form_data

pytestmark = pytest.mark.slow
pytest.importorskip("gunicorn")

EARLIER = "Handicaprådet foreslår, at aflastning kan gives i mere end 60 døgn om året."
NEW = "Rådet henviser til vedlagte udtalelse fra brugerne."
FILENAME = "udtalelse.pdf"


@pytest.fixture
def server(app, database_url, tmp_path):
    server = production_gunicorn(database_url, tmp_path / "gunicorn.log")
    yield server
    server.stop()


def _attachments() -> list[tuple[str, int, str]]:
    db.session.rollback()
    found = db.session.execute(select(Attachment.filename, Attachment.size, Attachment.sha256)).all()
    db.session.rollback()
    return [tuple(row) for row in found]


def test_a_worker_killed_in_the_middle_of_an_upload_keeps_nothing_half_and_the_retry_saves_it_once(
    database_url, db, server, tmp_path
):
    party = make_party(db)
    release_test_session()
    browser = Browser(server.port)
    page = browser.get(party.url)
    assert browser.post(party.url, form_data(page.text, **{"section-s84": EARLIER, "action": "save"}),
                        page).status == 302
    draft_before = stored_response().draft
    assert draft_before["section-s84"] == EARLIER
    page = browser.get(party.url)
    # What the browser sends, and sends again when the connection closes without an answer.
    form = {**form_data(page.text, **{"section-s84-omfang": NEW, "action": "save"}),
            "csrf_token": CSRF.search(page.text).group(1)}
    pdf = a_large_pdf(5 * MB)
    files = [Upload("attachments", FILENAME, pdf)]
    release_test_session()

    def post():
        return browser.request("POST", party.url, form, files)

    # The text is written, the file on its way.
    request = killed_mid_transaction(server, database_url, post, table="attachments", wrote=frozenset({"responses"}),
                                     what="the save")

    with pytest.raises((ConnectionError, http.client.HTTPException)):
        request.result()  # the connection closed without an answer
    assert stored_response().draft == draft_before, "the draft saved before is as it was"
    assert _attachments() == [], "no file without its draft, no half file"
    if not is_postgresql(database_url):
        assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        release_test_session()

    wait_for(server.ready, "the new worker to answer", START_SECONDS)
    again = post()
    log = server.log.read_text(errors="replace")
    assert again.status == 302, (again.status, log[-5000:])
    assert again.location == party.url
    draft = stored_response().draft
    assert draft["section-s84"] == EARLIER and draft["section-s84-omfang"] == NEW
    assert _attachments() == [(FILENAME, len(pdf), hashlib.sha256(pdf).hexdigest())], "the file, once and whole"
    assert len(draft["attachments"]) == 1
    shown = browser.get(party.url)
    assert shown.status == 200 and FILENAME in shown.text
    assert "Traceback" not in server.log.read_text(errors="replace")
    assert db.session.scalar(select(func.count(Attachment.id))) == 1
    release_test_session()


def _lock_requests_waiting(lock: HeldTableLock, table: str) -> int:
    with lock.engine.connect() as probe:
        return probe.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
            "AND query LIKE :lock"), {"lock": f"LOCK TABLE {table} %"}).scalar()


def test_a_worker_killed_after_its_upload_was_saved_but_before_it_answered_keeps_the_file_once_on_retry(
    database_url, db, server
):
    """The save committed, the answer never left: the browser's retry must not attach the file again."""
    if not is_postgresql(database_url):
        pytest.skip("a read held after the commit needs PostgreSQL's table locks")
    party = make_party(db)
    release_test_session()
    browser = Browser(server.port)
    page = browser.get(party.url)
    form = {**form_data(page.text, **{"section-s84-omfang": NEW, "action": "submit"}),
            "csrf_token": CSRF.search(page.text).group(1)}
    pdf = a_large_pdf(5 * MB)

    def post():
        return browser.request("POST", party.url, form, [Upload("attachments", FILENAME, pdf)])

    with held_table_lock(database_url, "attachments") as files_lock:
        request = BackgroundCall(post)
        files_lock.wait_for_blocked_write(frozenset({"responses"}))
        # The save wrote the response in its transaction; after its commit the submit locks it again.
        pending = BackgroundCall(lambda: HeldTableLock(database_url, "responses"))
        wait_for(lambda: _lock_requests_waiting(files_lock, "responses"), "the lock on the responses to queue")
    responses_lock = pending.result()
    try:
        blocked = responses_lock.wait_for_blocked()  # committed, locking the response to submit it
        assert blocked.query.lstrip().upper().startswith("SELECT"), blocked.query
        server.kill_worker()
    finally:
        responses_lock.release()
        responses_lock.engine.dispose()
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        request.result()
    assert _attachments() == [(FILENAME, len(pdf), hashlib.sha256(pdf).hexdigest())], "saved before the kill"

    wait_for(server.ready, "the new worker to answer", START_SECONDS)
    again = post()
    assert again.status == 302, (again.status, server.log.read_text(errors="replace")[-5000:])
    assert _attachments() == [(FILENAME, len(pdf), hashlib.sha256(pdf).hexdigest())], "the file, once"
    draft = stored_response().draft
    assert draft["section-s84-omfang"] == NEW and len(draft["attachments"]) == 1
    release_test_session()
