"""A real IMAP server of the test's own: Debian's dovecot on a free loopback port, stopped and started by the test.

Everything is in a temporary directory: the configuration, one user in a
passwd-file, maildirs, sockets and the log. Run as an ordinary user, every
dovecot process runs as that user; run as root (a CI container), dovecot
insists on its own unprivileged users (dovecot, dovenull), so the directory is
made readable to them and the mail belongs to the `dovecot` user.
"""

import os
import pwd
import shutil
import socket
import subprocess  # nosec B404 (starts dovecot, a fixed program)
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

import pytest
from imap_tools import MailBoxUnencrypted

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
MISSING = "dovecot is not installed: apt-get install dovecot-imapd"
USER, PASSWORD = "hoering", "imap-test-password"
ADDRESS = "hoering@kommune.example.dk"
WAIT_SECONDS = 15

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
info_log_path = {dir}/dovecot.log
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:{dir}/mail/%u
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {dir}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {dir}/passwd
  default_fields = uid={mail_uid} gid={mail_gid} home={dir}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Dovecot:
    """`start()`, `stop()` (an outage: the port refuses), `append(message)`, `box()` for a look inside."""

    def __init__(self) -> None:
        if not Path(DOVECOT).exists():
            # .ci/run installs it: in CI a missing server is a failure, not a quiet skip.
            (pytest.fail if os.environ.get("CI") else pytest.skip)(MISSING)
        self.dir = Path(tempfile.mkdtemp(prefix="dovecot-"))
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self._write_config()

    def _write_config(self) -> None:
        if os.geteuid() == 0:
            internal, login = pwd.getpwnam("dovecot"), "dovenull"
            os.chmod(self.dir, 0o755)  # noqa: S103 (dovenull must reach the sockets; nothing secret inside)
        else:
            internal = pwd.getpwuid(os.geteuid())
            login = internal.pw_name
        for name in ("mail", "home"):
            (self.dir / name).mkdir()
            os.chown(self.dir / name, internal.pw_uid, internal.pw_gid)
        (self.dir / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        (self.dir / "dovecot.conf").write_text(CONFIG.format(
            dir=self.dir, port=self.port, internal_user=internal.pw_name,
            internal_group=_group_name(internal.pw_gid), login_user=login,
            mail_uid=internal.pw_uid, mail_gid=internal.pw_gid,
        ))

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 (a fixed program and arguments)  # nosec B603
            [DOVECOT, "-F", "-c", str(self.dir / "dovecot.conf")],
            stdout=subprocess.DEVNULL, stderr=(self.dir / "stderr.log").open("ab"),
        )
        deadline = time.monotonic() + WAIT_SECONDS
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dovecot did not start:\n{self.log()}")
            time.sleep(0.1)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                return connection.recv(100).startswith(b"* OK")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(WAIT_SECONDS)
        self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def log(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in (self.dir / "dovecot.log", self.dir / "stderr.log")
                         if p.exists())

    def box(self) -> MailBoxUnencrypted:
        return MailBoxUnencrypted("127.0.0.1", self.port, timeout=10).login(USER, PASSWORD)

    def append(self, message: EmailMessage | bytes, folder: str = "INBOX") -> None:
        raw = message if isinstance(message, bytes) else message.as_bytes()
        with self.box() as box:
            box.append(raw, folder, dt=None, flag_set=())

    def messages(self, folder: str = "INBOX") -> list:
        """What lies in a folder (read without marking it seen), with its flags."""
        with self.box() as box:
            if not box.folder.exists(folder):
                return []
            box.folder.set(folder)
            return list(box.fetch(mark_seen=False))

    def config(self) -> dict:
        """The app's settings for this server."""
        return {
            "MAILBOX_ADDRESS": ADDRESS, "MAILBOX_IMAP_HOST": "127.0.0.1", "MAILBOX_IMAP_PORT": self.port,
            "MAILBOX_IMAP_USER": USER, "MAILBOX_IMAP_PASSWORD": PASSWORD, "MAILBOX_IMAP_SSL": False,
            "MAILBOX_IMAP_TIMEOUT": 10,
        }


def _group_name(gid: int) -> str:
    import grp

    return grp.getgrgid(gid).gr_name


def hearing_mail(slug: str, *, sender: str = "Ion Meyer <ion.meyer@handicapraad.example.dk>",
                 subject: str = "Høringssvar", body: str = "Handicaprådet har ingen bemærkninger.",
                 message_id: str = "<svar-1@handicapraad.example.dk>",
                 files: list[tuple[str, str, bytes]] = ()) -> EmailMessage:
    """A mail to the hearing's address; files are (filename, content type, bytes)."""
    local, domain = ADDRESS.split("@")
    message = EmailMessage()
    message["From"] = sender
    message["To"] = f"{local}+{slug}@{domain}"
    message["Subject"] = subject
    message["Date"] = "Mon, 03 Jun 2019 10:15:00 +0200"
    message["Message-ID"] = message_id
    message.set_content(body)
    for filename, content_type, data in files:
        maintype, subtype = content_type.split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message
