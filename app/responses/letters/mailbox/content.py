"""What a mail says: which hearing it is for, who sent it, its text and its files. No IMAP, no database.

Each hearing has its own address on the one mailbox by plus-addressing:
MAILBOX_ADDRESS "hoering@kommune.dk" gives the hearing "budget-2027" the
address "hoering+budget-2027@kommune.dk".
"""

import hashlib
import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message
from email.utils import getaddresses

from imap_tools import MailMessage

from app.responses.letters.mailbox.models import MAX_MESSAGE_ID_CHARS
from app.sanitize import clean_html

# Where the mail server writes the address it delivered the mail to: these decide the hearing. To and Cc are
# written by the sender (anyone could name any hearing there), so they count only when the server wrote none.
DELIVERY_HEADERS = ("delivered-to", "x-original-to", "envelope-to")
SENDER_WRITTEN_HEADERS = ("to", "cc")
# What identifies a mail's content: these headers and the body, not the trace headers added on the way.
IDENTITY_HEADERS = ("from", "date", "subject", "message-id", "to", "cc")


def hearing_address(mailbox_address: str, slug: str) -> str:
    """The hearing's own address, or "" when no mailbox is configured."""
    if "@" not in mailbox_address:
        return ""
    local, domain = mailbox_address.rsplit("@", 1)
    return f"{local}+{slug}@{domain}"


def hearing_slugs(message: Message, mailbox_address: str) -> list[str]:
    """The slugs of the hearing addresses the mail was sent to, in the order they appear."""
    local, _, domain = mailbox_address.lower().rpartition("@")
    pattern = re.compile(rf"^{re.escape(local)}\+([a-z0-9][a-z0-9-]*)@{re.escape(domain)}$")
    values = [value for name in DELIVERY_HEADERS for value in message.get_all(name, [])] or \
        [value for name in SENDER_WRITTEN_HEADERS for value in message.get_all(name, [])]
    slugs = []
    for _name, address in getaddresses([str(v) for v in values]):
        found = pattern.match(address.strip().lower())
        if found and found.group(1) not in slugs:
            slugs.append(found.group(1))
    return slugs


@dataclass
class MailFile:
    filename: str
    content_type: str
    data: bytes


@dataclass
class MailContent:
    message_id: str
    content_sha256: str
    sender_email: str
    sender_name: str
    subject: str
    sent_at: datetime | None
    body_text: str
    files: list[MailFile] = field(default_factory=list)


def read_mail(raw: bytes) -> MailContent:
    mail = MailMessage.from_bytes(raw)
    sender_name, sender_email = _sender(mail.obj)
    return MailContent(
        message_id=(mail.obj.get("message-id") or "").strip()[:MAX_MESSAGE_ID_CHARS],
        content_sha256=content_hash(raw, mail.obj),
        sender_email=sender_email[:254],
        sender_name=sender_name[:200],
        subject=" ".join(mail.subject.split())[:500],
        sent_at=mail.date if mail.date.year > 1900 and mail.date.tzinfo else None,
        body_text=body_text(mail.text, mail.html),
        files=[
            MailFile(a.filename or "bilag", a.content_type, a.payload) for a in mail.attachments
            if a.content_disposition != "inline" or not a.content_type.startswith("image/")
        ],
    )


def content_hash(raw: bytes, message: Message) -> str:
    """The SHA-256 of the mail's identifying headers and its body: the same mail twice gives the same hash,
    however many servers it passed through."""
    body = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)
    digest = hashlib.sha256()
    for name in IDENTITY_HEADERS:
        digest.update(f"{name}:{' '.join(str(message.get(name, '')).split())}\n".encode(errors="replace"))
    digest.update(body[1] if len(body) > 1 else b"")
    return digest.hexdigest()


def _sender(message: Message) -> tuple[str, str]:
    """Reply-To is not trusted for the sender: only From says who wrote (it matches the party's contact)."""
    addresses = getaddresses([str(v) for v in message.get_all("from", [])])
    name, address = addresses[0] if addresses else ("", "")
    return " ".join(name.split()), address.strip().lower()


BLOCK_END = re.compile(r"</(?:p|h3|h4|li|tr|blockquote|table)>|<br\s*/?>", re.I)
TAG = re.compile(r"<[^>]*>")


def body_text(text: str, html_body: str) -> str:
    """The mail's plain text; from an HTML-only mail, the text of its cleaned HTML (nh3), paragraphs kept."""
    if text.strip():
        return _tidy(text)
    if not html_body.strip():
        return ""
    cleaned = clean_html(html_body)  # scripts, styles and every attribute but links are gone
    with_breaks = BLOCK_END.sub(lambda m: "\n\n" if m.group(0).startswith("</") else "\n", cleaned)
    return _tidy(html.unescape(TAG.sub("", with_breaks)))


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
