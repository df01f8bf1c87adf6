"""SMTP down for a while, met through what people do: nothing waits for it, nothing is lost or sent twice.

Covered in tests/notifications/test_outbox.py with messages queued directly:
SMTP down then up delivers each message exactly once (same Message-ID), back-off
grows and the sender gives up in the end, a message left "sending" by a dead
sender goes after its lease, two senders at once send each message once.

Here, what that lacks: a party submits while SMTP is down (the response is
saved and the receipt, with its PDF, arrives once each when SMTP is back, however
often the sender tried meanwhile); the receipt PDF is made by the sender, not in
the request, once for all of a party's contacts, and a retry sends the same file;
and an SMTP server that accepts the connection but never answers (the sender gives
up after MAIL_TIMEOUT and tries again later, rather than hanging).
"""

import io
import socket
import time
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from app.db_types import utcnow
from app.extensions import db
from app.notifications.models import OutboxAttachment, OutboxMessage, OutboxStatus
from app.notifications.operations import RECEIPT_PDF, send_due
from app.responses import receipt_pdf as receipt_module
from app.responses.models import ResponseState, ResponseSubmission
from tests.factories import make_party
from tests.responses.helpers import form_data, the_response

SIXTY_DAYS = "Handicaprådet foreslår, at aflastning kan gives i mere end 60 døgn om året."


@pytest.fixture
def party(db):
    return make_party(db)


def _make_all_due() -> None:
    db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def _pending() -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def _pdf_text(message) -> str:
    [pdf] = [part for part in message.iter_attachments() if part.get_content_type() == "application/pdf"]
    assert pdf.get_filename() == "hoeringssvar.pdf"
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.get_content())).pages)


def test_a_response_submitted_while_smtp_is_down_is_kept_and_its_receipts_arrive_once_when_it_is_back(
    client, party, smtp_server,
):
    smtp_server.stop()
    page = client.get(party.url).get_data(as_text=True)
    started = time.monotonic()
    done = client.post(party.url, data=form_data(page, **{"section-s84-omfang": SIXTY_DAYS, "action": "submit"}))
    assert done.status_code == 302 and done.headers["Location"].endswith("/kvittering")
    assert time.monotonic() - started < 10, "the submission does not wait for SMTP"
    assert "Tak. Jeres høringssvar er modtaget." in client.get(done.headers["Location"]).get_data(as_text=True)
    assert the_response().state is ResponseState.SUBMITTED

    for attempt in range(1, 4):  # the sender tries three times while SMTP is down
        _make_all_due()
        assert send_due() == (0, 2)
        assert [(m.status, m.attempts) for m in _pending()] == [(OutboxStatus.PENDING, attempt)] * 2
    assert smtp_server.messages == []

    smtp_server.start()
    _make_all_due()
    assert send_due() == (2, 0)
    _make_all_due()
    assert send_due() == (0, 0), "nothing is sent twice"

    assert sorted(m["X-Envelope-To"] for m in smtp_server.messages) == sorted(party.contacts)
    assert len({m["Message-ID"] for m in smtp_server.messages}) == 2
    for message in smtp_server.messages:
        assert SIXTY_DAYS in message.get_body(("plain",)).get_content()
        text = _pdf_text(message)
        assert "Høringssvar fra Handicaprådet" in text and "60 døgn om året" in text
    assert all(m.status is OutboxStatus.SENT and m.attempts == 4 for m in _pending())


def test_the_receipt_pdf_is_made_by_the_sender_once_and_a_retry_sends_the_same_file(
    client, party, smtp_server, monkeypatch,
):
    made = []
    real_receipt_pdf = receipt_module.receipt_pdf

    def counted(response, submission):
        made.append(submission.id)
        return real_receipt_pdf(response, submission)

    monkeypatch.setattr(receipt_module, "receipt_pdf", counted)
    page = client.get(party.url).get_data(as_text=True)
    assert client.post(party.url, data=form_data(page, general="Rådet takker.", action="submit")).status_code == 302
    assert made == [], "the submission only writes rows; the PDF (half a second) is made by the sender"
    [submission_id] = db.session.scalars(select(ResponseSubmission.id)).all()
    queued = db.session.scalars(select(OutboxAttachment)).all()
    assert [(a.kind, a.response_submission_id, a.data) for a in queued] == [(RECEIPT_PDF, submission_id, None)] * 2

    smtp_server.stop()
    assert send_due() == (0, 2)
    assert made == [submission_id], "made once for both contacts"
    db.session.expire_all()
    stored = {a.data for a in db.session.scalars(select(OutboxAttachment))}
    assert len(stored) == 1 and next(iter(stored)).startswith(b"%PDF"), "kept with each message"

    smtp_server.start()
    _make_all_due()
    assert send_due() == (2, 0)
    assert made == [submission_id], "not made again on the retry"
    sent = {part.get_content() for m in smtp_server.messages for part in m.iter_attachments()}
    assert sent == stored, "both contacts get the very file that was made"


@pytest.fixture
def silent_smtp(app):
    """A server that accepts connections and never says a word (a hung mail relay)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield listener.getsockname()[1]
    listener.close()


def _point_mail_at(app, port: int) -> None:
    app.config["MAIL_PORT"] = port
    app.extensions["mail"].port = port


def test_an_smtp_server_that_never_answers_does_not_hang_the_sender_and_the_mail_goes_later(
    app, client, party, smtp_server, silent_smtp,
):
    app.config["MAIL_TIMEOUT"] = 1
    _point_mail_at(app, silent_smtp)
    page = client.get(party.url).get_data(as_text=True)
    assert client.post(party.url, data=form_data(page, general="Rådet takker.", action="submit")).status_code == 302

    started = time.monotonic()
    assert send_due() == (0, 2)
    assert time.monotonic() - started < 8, "each attempt gives up after MAIL_TIMEOUT"
    kept = _pending()
    assert all(m.status is OutboxStatus.PENDING and m.attempts == 1 for m in kept)
    assert all("timed out" in m.last_error.lower() for m in kept), [m.last_error for m in kept]

    _point_mail_at(app, smtp_server.port)
    _make_all_due()
    assert send_due() == (2, 0)
    assert send_due() == (0, 0)
    assert sorted(m["X-Envelope-To"] for m in smtp_server.messages) == sorted(party.contacts)
    assert all("Rådet takker." in _pdf_text(m) for m in smtp_server.messages)
