"""`flask letters fetch`: mails to the hearings' addresses become letters waiting for a case officer's check.

One run, in this order:

1. Mails whose letter has been saved (or set aside) are moved to the done
   folder. Nothing leaves the mailbox before that.
2. Each mail not yet marked as kept is read: the address it was sent to names
   the hearing (`content.hearing_slugs`); a mail to no known hearing, or too
   large, is left where it is and reported. Otherwise it is kept
   (`operations.keep_mail`) and committed, and only then marked in the mailbox
   with the keyword KEPT, so the next run skips it quickly.

A crash before the commit leaves the mail unmarked: the next run reads it
again. A crash after the commit but before the mark: the next run finds it
kept (same Message-ID and content hash) and only marks it. Two runs at once:
the unique constraint lets one of them keep it.
"""

import imaplib
import logging
import ssl
from dataclasses import dataclass, field
from datetime import datetime

from imap_tools import AND, NOT, BaseMailBox, MailBox, MailBoxUnencrypted
from imap_tools.errors import ImapToolsError

from app.extensions import db
from app.responses.letters.mailbox import operations as receiving
from app.responses.letters.mailbox.content import hearing_slugs, read_mail

log = logging.getLogger(__name__)

KEPT = "$HoeringsrundeHentet"  # an IMAP keyword: the mail is in the database
LEFT = "$HoeringsrundeIkkeHentet"  # reported once (no known hearing, too large) and left for a person


class MailboxUnavailable(Exception):
    """The IMAP server cannot be reached, refuses the log-in, or fails during the run."""


@dataclass(frozen=True)
class MailboxSettings:
    address: str
    host: str
    port: int
    user: str
    password: str = field(repr=False)  # never in a log line or a traceback's repr
    folder: str = "INBOX"
    done_folder: str = "Registreret"
    ssl: bool = True
    timeout: int = 30
    max_message_bytes: int = 60 * 1024 * 1024

    @classmethod
    def from_config(cls, config) -> "MailboxSettings | None":
        """None when no mailbox is configured (MAILBOX_ADDRESS or MAILBOX_IMAP_HOST empty)."""
        if not config.get("MAILBOX_ADDRESS") or not config.get("MAILBOX_IMAP_HOST"):
            return None
        return cls(
            address=config["MAILBOX_ADDRESS"], host=config["MAILBOX_IMAP_HOST"], port=config["MAILBOX_IMAP_PORT"],
            user=config["MAILBOX_IMAP_USER"], password=config["MAILBOX_IMAP_PASSWORD"],
            folder=config["MAILBOX_IMAP_FOLDER"], done_folder=config["MAILBOX_IMAP_DONE_FOLDER"],
            ssl=config["MAILBOX_IMAP_SSL"], timeout=config["MAILBOX_IMAP_TIMEOUT"],
            max_message_bytes=config["MAILBOX_MAX_MESSAGE_BYTES"],
        )

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass
class FetchReport:
    kept: int = 0
    already_kept: int = 0  # kept by an earlier run that stopped before marking it, or by another run
    moved: int = 0
    unknown: list[str] = field(default_factory=list)  # mails to no known hearing: who sent them, to which address
    too_large: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"letters: {self.kept} new mails kept, {self.already_kept} already kept, {self.moved} moved to "
                f"the done folder, {len(self.unknown)} for no known hearing, {len(self.too_large)} too large")


def fetch_mail(settings: MailboxSettings, now: datetime) -> FetchReport:
    """One run against the mailbox; MailboxUnavailable when the server fails. What was kept before a failure
    stays kept (each mail is committed on its own)."""
    report = FetchReport()
    try:
        with _connect(settings) as box:
            _move_handled(box, settings, report, now)
            _keep_new(box, settings, report, now)
    except (OSError, imaplib.IMAP4.error, ImapToolsError) as error:
        db.session.rollback()
        # The error's own text, never the settings: the password stays out of logs.
        raise MailboxUnavailable(f"{settings.server}: {type(error).__name__}: {error}") from error
    return report


def _connect(settings: MailboxSettings) -> BaseMailBox:
    if settings.ssl:
        # imaplib's own default checks no certificate: the system's trusted ones and the host name are checked here.
        box = MailBox(settings.host, settings.port, timeout=settings.timeout, ssl_context=ssl.create_default_context())
    else:
        box = MailBoxUnencrypted(settings.host, settings.port, timeout=settings.timeout)
    return box.login(settings.user, settings.password, initial_folder=settings.folder)


def _move_handled(box: BaseMailBox, settings: MailboxSettings, report: FetchReport, now: datetime) -> None:
    handled = receiving.handled_not_moved()
    if not handled:
        return
    uidvalidity = _uidvalidity(box, settings)
    present = set(box.uids())  # marked or not: a run may have stopped between its commit and the mark
    if not box.folder.exists(settings.done_folder):
        box.folder.create(settings.done_folder)
    for mail in handled:
        uid = str(mail.imap_uid)
        if mail.imap_uidvalidity == uidvalidity and uid in present:
            box.move(uid, settings.done_folder)
            report.moved += 1
        mail.moved_at = now  # moved now, or no longer in the folder (moved by hand)
        db.session.commit()


def _keep_new(box: BaseMailBox, settings: MailboxSettings, report: FetchReport, now: datetime) -> None:
    uidvalidity = _uidvalidity(box, settings)
    headers = list(box.fetch(AND(NOT(keyword=KEPT), NOT(keyword=LEFT)), mark_seen=False, headers_only=True))
    for header in headers:
        hearing = next(filter(None, map(receiving.hearing_by_slug, hearing_slugs(header.obj, settings.address))),
                       None)
        described = f"{header.from_ or '?'} → {', '.join(header.to) or '?'} ({header.date_str})"
        if hearing is None:
            report.unknown.append(described)
            box.flag(header.uid, LEFT, True)  # reported once; on a shared box it is not read again each run
            continue
        if header.size_rfc822 > settings.max_message_bytes:
            report.too_large.append(described)
            box.flag(header.uid, LEFT, True)
            continue
        content = read_mail(_raw(box, header.uid))
        # Kept already (a run that stopped before marking it), or just now by another run: None.
        kept = None if receiving.is_kept(content.message_id, content.content_sha256) else \
            receiving.keep_mail(hearing, content, int(header.uid), uidvalidity, now)
        if kept is None:
            report.already_kept += 1
        else:
            report.kept += 1
        db.session.commit()
        box.flag(header.uid, KEPT, True)  # after the commit: a crash before it reads the mail again


def _uidvalidity(box: BaseMailBox, settings: MailboxSettings) -> int | None:
    return box.folder.status(settings.folder, ["UIDVALIDITY"]).get("UIDVALIDITY")


def _raw(box: BaseMailBox, uid: str) -> bytes:
    """The whole mail as the server has it, without setting \\Seen (people read the same box)."""
    status, data = box.client.uid("FETCH", uid, "(BODY.PEEK[])")
    parts = [item[1] for item in data if isinstance(item, tuple)] if status == "OK" else []
    if not parts:
        raise MailboxUnavailable(f"mail UID {uid} could not be read")
    return parts[0]
