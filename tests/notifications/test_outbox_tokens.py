"""A mail's stored copy keeps its tokens only as long as it may be sent again: after it is sent (or
given up) the links in it open nothing. Old mails that belong to no hearing go with `accounts cleanup`."""

from datetime import timedelta

from sqlalchemy import select, update

from app.accounts import operations as accounts
from app.accounts.models import PasswordPurpose
from app.db_types import utcnow
from app.notifications.models import OutboxAttachment, OutboxMessage, OutboxStatus
from app.notifications.operations import send_due
from tests.accounts.helpers import PASSWORD_LINK, text_of
from tests.factories import make_hearing, make_user


def _stored(db) -> OutboxMessage:
    db.session.expire_all()
    [message] = db.session.scalars(select(OutboxMessage)).all()
    return message


def _make_due(db) -> None:
    db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def test_the_token_stays_until_the_mail_is_sent_then_goes_and_the_message_id_holds(db, client, smtp_server):
    user = make_user()
    db.session.commit()
    accounts.request_password_reset(user.email)
    db.session.commit()

    smtp_server.stop()
    assert send_due() == (0, 1)
    waiting = _stored(db)
    [path] = PASSWORD_LINK.findall(waiting.body_text)
    token = path.rsplit("/", 1)[1]
    assert token in waiting.body_html, "a retry must send the same mail, link and all"
    message_id = waiting.message_id

    smtp_server.start()
    _make_due(db)
    assert send_due() == (1, 0)
    [received] = smtp_server.messages
    assert received["Message-ID"] == message_id
    assert PASSWORD_LINK.findall(text_of(received)) == [path]

    sent = _stored(db)
    assert sent.status is OutboxStatus.SENT and sent.message_id == message_id
    assert token not in sent.body_text and token not in sent.body_html
    assert "http://localhost/konto/ny-adgangskode/[fjernet]" in sent.body_text
    assert client.get(path).status_code == 200, "the person's own mail still works"


def test_a_mail_given_up_keeps_no_token_either(app, db, smtp_server):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 1
    user = make_user()
    db.session.commit()
    accounts.send_password_link(user, PasswordPurpose.WELCOME)
    db.session.commit()
    smtp_server.stop()
    send_due()
    failed = _stored(db)
    assert failed.status is OutboxStatus.FAILED
    assert not PASSWORD_LINK.search(failed.body_text) and "[fjernet]" in failed.body_text


def test_cleanup_removes_old_account_mails_and_keeps_hearing_mail_and_mail_not_yet_sent(app, db):
    hearing = make_hearing()
    old, recent = utcnow() - timedelta(days=120), utcnow() - timedelta(days=10)

    def mail(n: int, **fields) -> OutboxMessage:
        message = OutboxMessage(message_id=f"<{n}@test>", recipient="a@example.org", subject=str(n), body_text="x",
                                **fields)
        db.session.add(message)
        return message

    gone = mail(1, created_at=old, status=OutboxStatus.SENT, sent_at=old)
    gone.attachments.append(OutboxAttachment(filename="a.pdf", content_type="application/pdf", data=b"%PDF"))
    mail(2, created_at=old, status=OutboxStatus.FAILED)
    mail(3, created_at=recent, status=OutboxStatus.SENT, sent_at=recent)  # recent
    mail(4, created_at=old, status=OutboxStatus.PENDING)  # still to be sent
    mail(5, created_at=old, status=OutboxStatus.SENT, sent_at=old, hearing_id=hearing.id)  # retention's
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["accounts", "cleanup"])
    assert result.exit_code == 0, result.output
    assert "Fjernet: 2 e-mails uden høring" in result.output
    db.session.expire_all()
    assert sorted(db.session.scalars(select(OutboxMessage.subject))) == ["3", "4", "5"]
    assert db.session.scalars(select(OutboxAttachment)).all() == []


def test_cleanup_strips_the_tokens_of_mails_sent_before_sending_did_it(app, db):
    token = "Zq8_w1VtYkPp3nLr6sXe9aBc2dFg5hJ0kMnOpQrStUv"
    body = f"Vælg en adgangskode: http://localhost/konto/ny-adgangskode/{token}\n"
    db.session.add_all([
        OutboxMessage(message_id="<1@test>", recipient="a@example.org", subject="1", body_text=body,
                      body_html=f'<a href="http://localhost/konto/ny-adgangskode/{token}">x</a>',
                      status=OutboxStatus.SENT, sent_at=utcnow()),
        OutboxMessage(message_id="<2@test>", recipient="a@example.org", subject="2", body_text=body),  # waiting
    ])
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["accounts", "cleanup"])
    assert "Fjernet links med adgang fra 1 e-mails" in result.output, result.output
    db.session.expire_all()
    sent, waiting = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    assert token not in sent.body_text and token not in sent.body_html
    assert token in waiting.body_text
