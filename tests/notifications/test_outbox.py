"""Mail goes through the outbox to a real SMTP server: nothing lost, nothing twice."""

import threading
from datetime import timedelta

import pytest
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import select, update

from app.db_types import utcnow
from app.notifications.models import OutboxMessage, OutboxStatus
from app.notifications.operations import queue_mail, send_due

DANISH_SUBJECT = "Høring om kvalitetsstandarder: svar senest 3. juni"
DANISH_BODY = "Kære Handicaprådet. Æblegrød, øl og Åbenrå: æøå ÆØÅ § 84."


@pytest.fixture
def greeting_template(app):
    """A mail template of the test's own, beside the app's real ones."""
    app.jinja_env.loader = ChoiceLoader([
        DictLoader({"emails/test_greeting.txt": "{{ text }}\n\nhttps://example.org/svar/abc"}),
        app.jinja_env.loader,
    ])


def _queue(db, count: int, recipient: str = "sekretaer@handicapraad.example.org") -> list[int]:
    messages = [
        queue_mail(recipient, "test_greeting", subject=f"{DANISH_SUBJECT} ({n})", text=DANISH_BODY)
        for n in range(count)
    ]
    db.session.commit()
    return [m.id for m in messages]


def _make_all_due(db) -> None:
    db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def test_a_queued_mail_is_not_sent_unless_its_change_is_committed(db, smtp_server, greeting_template):
    queue_mail("a@example.org", "test_greeting", subject="Emne", text="Tekst")
    db.session.rollback()
    assert send_due() == (0, 0)
    assert smtp_server.messages == []


def test_mail_arrives_with_danish_text_in_both_parts(db, smtp_server, greeting_template):
    _queue(db, 1)
    assert send_due() == (1, 0)

    [received] = smtp_server.messages
    assert received["Subject"] == f"{DANISH_SUBJECT} (0)"
    assert received["X-Envelope-To"] == "sekretaer@handicapraad.example.org"
    assert DANISH_BODY in received.get_body(("plain",)).get_content()
    html = received.get_body(("html",)).get_content()
    assert f"<p>{DANISH_BODY}</p>" in html
    assert '<a href="https://example.org/svar/abc">' in html
    assert "Lyngby-Taarbæk Kommune" in html, "the layout signs with the municipality's name"
    assert 'lang="da"' in html


def test_smtp_down_then_up_delivers_each_message_exactly_once(db, smtp_server, greeting_template):
    ids = _queue(db, 3)
    smtp_server.stop()

    assert send_due() == (0, 3)
    kept = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [m.status for m in kept] == [OutboxStatus.PENDING] * 3
    assert all(m.attempts == 1 and m.next_attempt_at > utcnow() for m in kept)
    assert all("Connection refused" in m.last_error or "Errno" in m.last_error for m in kept)
    assert send_due() == (0, 0), "nothing is retried before its back-off has passed"

    smtp_server.start()
    _make_all_due(db)
    assert send_due() == (3, 0)
    assert send_due() == (0, 0)

    assert len(smtp_server.messages) == 3
    subjects = sorted(m["Subject"] for m in smtp_server.messages)
    assert subjects == [f"{DANISH_SUBJECT} ({n})" for n in range(3)]
    stored_ids = {db.session.get(OutboxMessage, i).message_id for i in ids}
    assert {m["Message-ID"] for m in smtp_server.messages} == stored_ids


def test_back_off_grows_and_the_sender_gives_up_in_the_end(app, db, smtp_server, greeting_template):
    app.config.update(OUTBOX_MAX_ATTEMPTS=3, OUTBOX_BACKOFF_SECONDS=60)
    [message_id] = _queue(db, 1)
    smtp_server.stop()
    delays = []
    for _ in range(3):
        _make_all_due(db)
        before = utcnow()
        send_due()
        message = db.session.get(OutboxMessage, message_id)
        if message.status is OutboxStatus.PENDING:
            delays.append((message.next_attempt_at - before).total_seconds())
    assert [round(d / 60) for d in delays] == [1, 2]
    assert db.session.get(OutboxMessage, message_id).status is OutboxStatus.FAILED


def test_a_message_left_sending_by_a_dead_sender_is_sent_after_its_lease(db, smtp_server, greeting_template):
    [message_id] = _queue(db, 1)
    # A sender claimed it and died before SMTP: the row says "sending".
    db.session.execute(
        update(OutboxMessage).values(status=OutboxStatus.SENDING, claimed_until=utcnow() + timedelta(minutes=5))
    )
    db.session.commit()
    assert send_due() == (0, 0), "another sender's lease is respected"

    db.session.execute(update(OutboxMessage).values(claimed_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert send_due() == (1, 0)
    assert len(smtp_server.messages) == 1
    assert db.session.get(OutboxMessage, message_id).status is OutboxStatus.SENT


def test_two_senders_at_once_send_each_message_once(app, db, smtp_server, greeting_template):
    _queue(db, 30)
    db.session.remove()
    results, errors = [], []
    start = threading.Barrier(2)

    def sender():
        with app.app_context():
            try:
                start.wait()
                total = 0
                while True:
                    sent, _failed = send_due(limit=5)
                    if not sent:
                        break
                    total += sent
                results.append(total)
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sum(results) == 30
    assert len(smtp_server.messages) == 30
    assert len({m["Message-ID"] for m in smtp_server.messages}) == 30
