"""The one way to send mail: queue it in the outbox, then `flask outbox send`.

`queue_mail` adds the message to the current transaction, so a mail exists if
and only if the change that caused it was committed. `send_due` delivers
what is due over SMTP through Flask-Mail, first making any attachment queued
as a description (`Later`: a receipt PDF) rather than as bytes. Several senders
may run at once: each claims its messages first (FOR UPDATE SKIP LOCKED on PostgreSQL, a
conditional UPDATE everywhere), so no message is handed to two of them.
"""

import logging
import re
import smtplib
import socket
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mail import Message
from sqlalchemy import or_, select, update

from app.db_types import utcnow
from app.extensions import db, mail
from app.notifications.models import OutboxAttachment, OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)

# What a sender treats as "SMTP is not there right now": try again later.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError, socket.timeout)

RECEIPT_PDF = "response_receipt_pdf"


@dataclass(frozen=True)
class Later:
    """An attachment made when the mail is sent, not when it is queued: `kind` says what to make
    (one of BUILDERS), from the ResponseSubmission `response_submission_id`, in the mail's language."""

    filename: str
    content_type: str
    kind: str
    response_submission_id: int


class AttachmentUnavailable(Exception):
    """What the attachment was to be made from is gone (erased meanwhile)."""


def _receipt_pdf(attachment: OutboxAttachment) -> bytes:
    from app.responses.models import ResponseSubmission  # here: responses queue mail through this module
    from app.responses.receipt_pdf import receipt_pdf

    submission = db.session.get(ResponseSubmission, attachment.response_submission_id)
    if submission is None:
        raise AttachmentUnavailable(f"submission {attachment.response_submission_id} is gone")
    return receipt_pdf(submission.response, submission)


BUILDERS: dict[str, Callable[[OutboxAttachment], bytes]] = {RECEIPT_PDF: _receipt_pdf}


def queue_mail(
    recipient: str,
    template: str,
    *,
    subject: str,
    locale: str = "da",
    hearing_id: int | None = None,
    attachments: list[tuple[str, str, bytes] | Later] | None = None,
    list_unsubscribe: str | None = None,
    **context,
) -> OutboxMessage:
    """Render `templates/emails/<template>.txt` and queue it, as plain text and as HTML.

    Each mail is written once, as text; the layouts emails/base.txt and
    emails/base.html wrap it (the HTML part turns paragraphs and links into tags).
    `attachments` are (filename, content type, bytes), kept with the message until sent,
    or `Later`: made by the sender, in `locale`, just before the message is first sent.
    `list_unsubscribe` is the address of a one-click unsubscribe (RFC 8058), sent as the
    List-Unsubscribe header of a mail someone asked for (a subscription).
    """
    with force_locale(locale):
        body = render_template(f"emails/{template}.txt", **context).strip()
        body_text = render_template("emails/base.txt", body=body, subject=subject)
        body_html = render_template("emails/base.html", body=body, subject=subject)
    domain = current_app.config["MAIL_DEFAULT_SENDER"].rpartition("@")[2].rstrip(">") or "localhost"
    message = OutboxMessage(
        message_id=f"<{uuid.uuid4().hex}@{domain}>",
        recipient=recipient,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        hearing_id=hearing_id,
        attachments=[_attachment(item, locale) for item in attachments or []],
        list_unsubscribe=list_unsubscribe,
    )
    db.session.add(message)
    return message


def _attachment(item: tuple[str, str, bytes] | Later, locale: str) -> OutboxAttachment:
    if isinstance(item, Later):
        if item.kind not in BUILDERS:
            raise ValueError(f"no builder for attachments of kind {item.kind!r}")
        return OutboxAttachment(filename=item.filename, content_type=item.content_type, kind=item.kind,
                                locale=locale, response_submission_id=item.response_submission_id)
    name, content_type, data = item
    return OutboxAttachment(filename=name, content_type=content_type, data=data)


def claim_due(limit: int = 50) -> list[int]:
    """Mark up to `limit` due messages as ours for a lease, and return their ids.

    A message stuck in "sending" past its lease (a sender died mid-way) is
    due again.
    """
    now = utcnow()
    lease = timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    due = (
        select(OutboxMessage.id)
        .where(
            or_(
                (OutboxMessage.status == OutboxStatus.PENDING)
                & (OutboxMessage.next_attempt_at <= now),
                (OutboxMessage.status == OutboxStatus.SENDING)
                & (OutboxMessage.claimed_until < now),
            )
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = []
    for message_id in db.session.scalars(due).all():
        # The WHERE repeats the due condition, so of two senders that picked
        # the same row (possible on SQLite, which has no row locks) one wins.
        result = db.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                or_(
                    OutboxMessage.status == OutboxStatus.PENDING,
                    OutboxMessage.claimed_until < now,
                ),
            )
            .values(status=OutboxStatus.SENDING, claimed_until=now + lease)
        )
        if result.rowcount == 1:
            claimed.append(message_id)
    db.session.commit()
    return claimed


def deliver(message_id: int) -> bool:
    """Send one claimed message. Returns True when SMTP accepted it."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status is not OutboxStatus.SENDING:
        return False
    try:
        _make_attachments(message)
    except Exception as error:  # a file that cannot be made now: counted as an attempt, tried again later
        log.exception("outbox: could not make an attachment of message %s", message_id)
        db.session.rollback()
        message = db.session.get(OutboxMessage, message_id)
        message.attempts += 1
        _schedule_retry(message, error)
        db.session.commit()
        return False
    message.attempts += 1
    try:
        with _socket_timeout(current_app.config["MAIL_TIMEOUT"]):
            mail.send(_to_flask_mail(message))
    except TRANSIENT_ERRORS as error:
        _schedule_retry(message, error)
        db.session.commit()
        return False
    message.status = OutboxStatus.SENT
    message.sent_at = utcnow()
    message.claimed_until = None
    message.last_error = None
    strip_tokens(message)
    db.session.commit()
    return True


# A path segment of one of our links that is a secret: a random token (token_urlsafe) or a signed one
# (itsdangerous), long and with capitals, "_" or "."; a hearing's slug is lower case and stays.
_TOKEN_SEGMENT = re.compile(r"/(?=[\w.=-]{16,})(?=[\w.=-]*[A-Z_.=])[\w.=-]+")
TOKEN_REMOVED = "/[fjernet]"  # noqa: S105 (what replaces a token, not a password)  # nosec B105


def strip_tokens(message: OutboxMessage) -> None:
    """Once a message is sent, or given up, nothing will send it again: the tokens in its links go, so
    the stored copy (read by staff, exported to the citizen, in every backup) opens nothing. Until then
    the body is kept whole, as a retry must send the same message."""
    base = re.escape(current_app.config["BASE_URL"].rstrip("/"))
    own_link = re.compile(base + r"(/[^\s<>\"']*)")

    def strip(match: re.Match) -> str:
        return match.group(0).replace(match.group(1), _TOKEN_SEGMENT.sub(TOKEN_REMOVED, match.group(1)))

    message.body_text = own_link.sub(strip, message.body_text)
    message.list_unsubscribe = None  # its link is a token too
    if message.body_html is not None:
        message.body_html = own_link.sub(strip, message.body_html)


def strip_tokens_of_sent(batch: int = 500) -> int:
    """Strip the tokens of mails sent before sending did it (`accounts cleanup` runs this); how many changed.
    A sent mail with a link of ours that still has no "[fjernet]" is one of those, or has no token at all."""
    base = current_app.config["BASE_URL"].rstrip("/")
    query = select(OutboxMessage).where(
        OutboxMessage.status.in_([OutboxStatus.SENT, OutboxStatus.FAILED]),
        OutboxMessage.body_text.contains(base, autoescape=True),
        ~OutboxMessage.body_text.contains(TOKEN_REMOVED, autoescape=True),
    ).execution_options(yield_per=batch)
    changed = 0
    for message in db.session.scalars(query):
        before = message.body_text
        strip_tokens(message)
        changed += message.body_text != before
    return changed


@contextmanager
def _socket_timeout(seconds: float):
    """Flask-Mail opens smtplib connections without a timeout; a server that
    accepts and then hangs must not hang the sender with it."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)


def _make_attachments(message: OutboxMessage) -> None:
    """Make each attachment queued as `Later` that has no bytes yet; kept on the row (committed with
    the outcome of the attempt), so a retry sends the same file. Another message's copy of the same
    file (a receipt to each of a party's contacts) is taken rather than made again."""
    for attachment in message.attachments:
        if attachment.data is not None or attachment.kind is None:
            continue
        made = db.session.scalar(
            select(OutboxAttachment.data).where(
                OutboxAttachment.kind == attachment.kind,
                OutboxAttachment.response_submission_id == attachment.response_submission_id,
                OutboxAttachment.locale == attachment.locale,
                OutboxAttachment.data.is_not(None),
            ).limit(1)
        )
        if made is None:
            with force_locale(attachment.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
                made = BUILDERS[attachment.kind](attachment)
        attachment.data = made


def send_due(limit: int = 50) -> tuple[int, int]:
    """Claim and deliver what is due. Returns (sent, not sent this time)."""
    sent = failed = 0
    for message_id in claim_due(limit):
        if deliver(message_id):
            sent += 1
        else:
            failed += 1
    return sent, failed


def _schedule_retry(message: OutboxMessage, error: BaseException) -> None:
    config = current_app.config
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    message.claimed_until = None
    if message.attempts >= config["OUTBOX_MAX_ATTEMPTS"]:
        message.status = OutboxStatus.FAILED
        log.error("outbox: giving up on message %s: %s", message.id, message.last_error)
        strip_tokens(message)
        return
    # Exponential back-off: 1, 2, 4 … times the base, capped at six hours.
    delay = min(config["OUTBOX_BACKOFF_SECONDS"] * 2 ** (message.attempts - 1), 6 * 3600)
    message.status = OutboxStatus.PENDING
    message.next_attempt_at = utcnow() + timedelta(seconds=delay)
    log.warning("outbox: message %s not sent (%s), retry in %ss", message.id, message.last_error, delay)


def _to_flask_mail(message: OutboxMessage) -> Message:
    msg = Message(
        subject=message.subject,
        recipients=[message.recipient],
        body=message.body_text,
        html=message.body_html,
    )
    msg.msgId = message.message_id  # the same id on every attempt
    if message.list_unsubscribe:  # RFC 2369 and RFC 8058: the mail program's own "unsubscribe" button
        msg.extra_headers = {"List-Unsubscribe": f"<{message.list_unsubscribe}>",
                             "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    for attachment in message.attachments:
        msg.attach(attachment.filename, attachment.content_type, attachment.data)
    return msg
