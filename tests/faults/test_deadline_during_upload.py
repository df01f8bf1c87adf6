"""Issue #17: the deadline passing in the middle of an upload.

A party's save with a file, or a citizen's response with files, that reaches the app before the
deadline and has its body still arriving when the deadline passes and the timer closes the hearing
(a 20 MB file at a slow upload takes minutes): the text and the files are kept, as sent in time,
and nothing answers 500. One that arrives after the grace period is refused with the Danish
"Høringen er lukket for svar", the typed text shown back to copy and the file named as not
attached; nothing is saved.

The request is held in the middle of its body: it reaches the app a few seconds before the deadline,
the app reads the first half of the file and waits for the rest; the deadline passes, the test closes
the hearing in a transaction of its own, as `flask hearings tick` does, and then the rest arrives.
With rate limits on, as in production, a citizen's form is read (for the limit per e-mail address)
before the view loads the hearing, so the view finds it closed already.

These failed before the fix (409, "Høringen er lukket for svar", the files gone): the time of a request
was taken once its body had arrived. Now it is the time it reached the app (`request.arrived_at`), and
a hearing the timer closed after that time counts as open at it (app/responses/window.py).
"""

import io
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from app.attachments.models import Attachment
from app.extensions import db
from app.hearings.models import Hearing, HearingState
from app.responses.models import Response, ResponseState
from tests.factories import MB, a_large_pdf, make_party
from tests.faults.database_helpers import WAIT_SECONDS, BackgroundCall, release_test_session, wait_for
from tests.faults.production_server import Upload, multipart
from tests.responses.helpers import citizen_form, form_data, the_response

TEXT = "Rådet mener, at aflastning i 60 døgn om året er for lidt."
TYPED = "Vedlagt: brugernes egne erfaringer med aflastning."
FILENAME = "erfaringer.pdf"
PDF = a_large_pdf(3 * MB)
# Time for the upload to reach the app before the deadline, even on a busy machine; the test waits it out.
MARGIN = timedelta(seconds=3)


class HeldBody(io.BytesIO):
    """A request body that arrives in two halves: the app reads the first, then waits for `release()`."""

    def __init__(self, body: bytes) -> None:
        super().__init__(body)
        self._half = len(body) // 2
        self.waiting = threading.Event()
        self._go_on = threading.Event()

    def read(self, size: int | None = -1) -> bytes:
        position = self.tell()
        if position < self._half:
            left = self._half - position
            size = left if size is None or size < 0 else min(size, left)
        elif not self._go_on.is_set():
            self.waiting.set()
            assert self._go_on.wait(WAIT_SECONDS), "the rest of the body was never released"
        return super().read(size)

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def release(self) -> None:
        self._go_on.set()


def _post_held(client, url: str, fields: dict, hearing_id: int) -> object:
    """POST `fields` and the PDF just before the deadline; the deadline passes and the timer closes the
    hearing while the file is half sent."""
    body, content_type = multipart(fields, [Upload("attachments", FILENAME, PDF)])
    held = HeldBody(body)
    deadline = datetime.now(UTC) + MARGIN
    with db.engine.begin() as other:
        other.execute(update(Hearing).where(Hearing.id == hearing_id).values(deadline_at=deadline))
    release_test_session()
    request = BackgroundCall(lambda: client.post(url, input_stream=held, content_length=len(body),
                                                 content_type=content_type))
    wait_for(lambda: held.waiting.is_set() or request.done(), "the app to read the first half of the upload")
    assert not request.done(), request.result()
    arrived = datetime.now(UTC)
    assert arrived < deadline, f"the upload arrived {arrived - deadline} after the deadline: the machine is too slow"
    wait_for(lambda: datetime.now(UTC) > deadline, "the deadline to pass", MARGIN.total_seconds() * 2)
    # `flask hearings tick` closes the hearing, in a transaction of its own.
    with db.engine.begin() as other:
        other.execute(update(Hearing).where(Hearing.id == hearing_id)
                      .values(state=HearingState.CLOSED, closed_at=datetime.now(UTC)))
    held.release()
    return request.result()


def _files() -> list[tuple[str, int]]:
    db.session.rollback()
    return [tuple(row) for row in db.session.execute(select(Attachment.filename, Attachment.size))]


@pytest.fixture
def party(db):
    return make_party(db)


@pytest.mark.parametrize("earlier_draft", [False, True], ids=["first-save", "draft-saved-before"])
def test_a_party_save_with_a_file_arriving_before_the_deadline_is_kept_though_it_passes_mid_upload(
    client, party, earlier_draft
):
    page = client.get(party.url).get_data(as_text=True)
    if earlier_draft:
        assert client.post(party.url, data=form_data(page, **{"section-s84": TEXT})).status_code == 302
        page = client.get(party.url).get_data(as_text=True)

    answer = _post_held(client, party.url, form_data(page, action="save", **{"section-s85": TYPED}), party.hearing_id)

    assert answer.status_code == 302, answer.get_data(as_text=True)[:3000]
    assert answer.headers["Location"].endswith(party.url)
    response = the_response()
    assert response.draft["section-s85"] == TYPED
    assert response.draft.get("section-s84", "") == (TEXT if earlier_draft else "")
    assert _files() == [(FILENAME, len(PDF))]
    assert response.draft["attachments"] == [db.session.scalar(select(Attachment.id))]
    assert db.session.get(Hearing, party.hearing_id).state is HearingState.CLOSED


def test_a_party_submitting_with_a_file_as_the_deadline_passes_mid_upload_is_received_in_time(client, party):
    page = client.get(party.url).get_data(as_text=True)

    answer = _post_held(client, party.url, form_data(page, action="submit", **{"section-s85": TYPED}), party.hearing_id)

    assert answer.status_code == 302 and answer.headers["Location"].endswith("/kvittering")
    response = the_response()
    assert response.state is ResponseState.SUBMITTED
    assert not response.is_late, "it arrived before the deadline"
    assert [c.text for c in response.comments] == [TYPED]
    assert [a["filename"] for a in response.submissions[-1].content["attachments"]] == [FILENAME]


# With rate limits on (as in production), the limit per e-mail address reads the form before the view.
@pytest.mark.parametrize("limits", ["off", "on"], ids=["limits-off", "limits-on"])
def test_a_citizen_sending_files_as_the_deadline_passes_mid_upload_is_kept(request, db, party, limits):
    client = request.getfixturevalue("client" if limits == "off" else "limited_client")
    db.session.get(Hearing, party.hearing_id).is_public = True
    db.session.commit()
    url = f"/hoeringer/{party.slug}/svar"

    answer = _post_held(client, url, citizen_form(general=TYPED), party.hearing_id)

    assert answer.status_code == 302, answer.get_data(as_text=True)[:3000]
    assert answer.headers["Location"].endswith(f"/hoeringer/{party.slug}/svar/sendt")
    response = the_response()
    assert response.draft["general"] == TYPED and response.citizen_email == "karen@example.org"
    assert _files() == [(FILENAME, len(PDF))]


def _closed_long_ago(hearing_id: int) -> None:
    """The deadline passed more than the grace period ago, and the timer closed the hearing."""
    deadline = datetime.now(UTC) - timedelta(minutes=11)
    with db.engine.begin() as other:
        other.execute(update(Hearing).where(Hearing.id == hearing_id)
                      .values(deadline_at=deadline, state=HearingState.CLOSED, closed_at=deadline))
    db.session.expire_all()


def _post_with_file(client, url: str, fields: dict):
    body, content_type = multipart(fields, [Upload("attachments", FILENAME, PDF)])
    return client.post(url, data=body, content_type=content_type)


def test_a_party_save_with_a_file_after_the_grace_period_is_refused_with_the_text_shown_back(db, client, party):
    page = client.get(party.url).get_data(as_text=True)
    assert client.post(party.url, data=form_data(page, **{"section-s84": TEXT})).status_code == 302
    page = client.get(party.url).get_data(as_text=True)
    saved = the_response().draft
    _closed_long_ago(party.hearing_id)

    answer = _post_with_file(client, party.url, form_data(page, action="save", **{"section-s85": TYPED}))

    html = answer.get_data(as_text=True)
    assert answer.status_code == 409
    assert "Høringen er lukket for svar, så teksten er ikke gemt." in html
    assert f"<p>{TYPED}</p>" in html, "the typed text is on the page, to copy"
    assert f"Filen {FILENAME} er ikke vedhæftet, fordi høringen er lukket for svar." in html
    assert the_response().draft == saved and _files() == [], "nothing saved"


def test_a_citizen_sending_files_after_the_deadline_is_refused_with_the_text_shown_back(db, client, party):
    db.session.get(Hearing, party.hearing_id).is_public = True
    db.session.commit()
    _closed_long_ago(party.hearing_id)

    answer = _post_with_file(client, f"/hoeringer/{party.slug}/svar", citizen_form(general=TYPED))

    html = answer.get_data(as_text=True)
    assert answer.status_code == 409
    assert "Høringen er lukket for svar" in html and "Teksten herunder er ikke sendt" in html
    assert f"<p>{TYPED}</p>" in html, "the typed text is on the page, to copy"
    assert f"Filen {FILENAME} er ikke vedhæftet, fordi høringen er lukket for svar." in html
    db.session.rollback()
    assert db.session.scalar(select(func.count(Response.id))) == 0 and _files() == [], "nothing saved"
