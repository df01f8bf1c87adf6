"""`flask letters fetch` against a real dovecot: each mail to a hearing's address is kept once, waiting for a
case officer's check, and nothing leaves the mailbox before its letter is saved."""

import contextvars
import threading

from imap_tools import MailBoxUnencrypted
from sqlalchemy import func, select

from app.attachments.operations import PDF
from app.db_types import utcnow
from app.extensions import db as _db
from app.hearings.models import Hearing, HearingState
from app.responses.letters.mailbox.imap import KEPT, LEFT, MailboxSettings, fetch_mail
from app.responses.letters.mailbox.models import IncomingMail, IncomingState
from tests.factories import a_pdf, make_hearing
from tests.responses.dovecot import ADDRESS, hearing_mail
from tests.responses.letter_files import letter_pdf

EXE = b"MZ\x90\x00" + b"\x00" * 200


def fetch(app):
    return app.test_cli_runner().invoke(args=["letters", "fetch"])


def kept() -> list[IncomingMail]:
    _db.session.expire_all()
    return list(_db.session.scalars(select(IncomingMail).order_by(IncomingMail.id)))


def test_a_mail_with_a_pdf_from_a_partys_contact_waits_with_its_file_and_the_party_matched(app, dovecot, party):
    dovecot.append(hearing_mail(party.slug, sender=f"Ion Meyer <{party.contacts[0].upper()}>",
                                files=[("Høringssvar.pdf", "application/pdf", letter_pdf()),
                                       ("program.exe", "application/octet-stream", EXE)]))

    result = fetch(app)

    assert result.exit_code == 0, result.output
    print(result.output)
    assert "1 new mails kept" in result.output
    [mail] = kept()
    assert mail.state is IncomingState.WAITING
    assert mail.hearing_id == party.hearing_id
    assert mail.organisation.name == "Handicaprådet" and mail.contact.name == "Ion Meyer"
    assert mail.sender_email == party.contacts[0] and mail.sender_name == "Ion Meyer"
    [letter] = mail.kept_files
    assert (letter.filename, letter.content_type, letter.data) == ("Høringssvar.pdf", PDF, letter_pdf())
    [refused] = mail.refused_files
    assert refused.filename == "program.exe" and "er et program" in refused.refusal
    assert refused.data is None
    [in_box] = dovecot.messages()
    assert KEPT in in_box.flags and "\\Seen" not in in_box.flags  # kept, still there, unread for people


def test_a_mail_without_attachment_is_its_own_letter_and_an_html_body_is_cleaned(app, dovecot, party):
    dovecot.append(hearing_mail(party.slug, sender="Borger <borger@example.org>",
                                body="Vi har ingen bemærkninger.\n\nMed venlig hilsen\nBorger"))
    html_only = hearing_mail(party.slug, message_id="<html-1@example.org>", body="")
    html_only.set_content("<p>Første afsnit &amp; mere</p><script>alert(1)</script><p>Andet <b>afsnit</b></p>",
                          subtype="html")
    dovecot.append(html_only)

    assert fetch(app).exit_code == 0
    plain, html = kept()
    assert plain.files == [] and plain.organisation is None
    assert plain.body_text == "Vi har ingen bemærkninger.\n\nMed venlig hilsen\nBorger"
    assert html.body_text == "Første afsnit & mere\n\nAndet afsnit"


def test_the_same_mail_twice_in_the_box_is_kept_once(app, dovecot, party):
    mail = hearing_mail(party.slug, files=[("svar.pdf", "application/pdf", a_pdf())])
    dovecot.append(mail)
    dovecot.append(mail)

    result = fetch(app)

    assert "1 new mails kept, 1 already kept" in result.output
    assert len(kept()) == 1
    assert all(KEPT in m.flags for m in dovecot.messages())
    assert "0 new mails kept, 0 already kept" in fetch(app).output  # marked: not read again


def test_a_mail_to_no_known_hearing_is_left_in_the_box_and_reported(app, dovecot, party):
    dovecot.append(hearing_mail("findes-ikke", sender="a@example.org"))
    result = fetch(app)
    assert result.exit_code == 0
    assert "left in the mailbox, for no known hearing: a@example.org → hoering+findes-ikke@" in result.output
    assert kept() == []
    [in_box] = dovecot.messages()
    assert KEPT not in in_box.flags and LEFT in in_box.flags
    again = fetch(app)  # reported once: on a shared box it is not read again at every run
    assert again.exit_code == 0 and "left in the mailbox, for no known hearing" not in again.output


def test_the_address_the_server_delivered_to_decides_the_hearing_not_the_to_the_sender_wrote(app, dovecot, party):
    other = make_hearing(state=HearingState.OPEN)
    _db.session.commit()
    forged = hearing_mail(other.slug)  # To: names another hearing (anyone can write that)
    local, domain = ADDRESS.split("@")
    forged["Delivered-To"] = f"{local}+{party.slug}@{domain}"  # where the server really delivered it
    dovecot.append(forged)
    assert fetch(app).exit_code == 0
    [mail] = kept()
    assert mail.hearing_id == party.hearing_id


def test_a_crash_before_the_commit_fetches_again_and_keeps_the_mail_once(app, dovecot, party, monkeypatch):
    dovecot.append(hearing_mail(party.slug))

    def crash():
        raise RuntimeError("the process died here")

    with monkeypatch.context() as m:
        m.setattr(_db.session, "commit", crash)
        result = fetch(app)
    assert isinstance(result.exception, RuntimeError)
    _db.session.rollback()
    assert kept() == []
    [in_box] = dovecot.messages()
    assert KEPT not in in_box.flags  # nothing marked, nothing deleted

    assert "1 new mails kept" in fetch(app).output
    assert len(kept()) == 1


def test_a_crash_after_the_commit_but_before_the_mark_never_keeps_the_mail_twice(app, dovecot, party, monkeypatch):
    dovecot.append(hearing_mail(party.slug))

    def crash(*args, **kwargs):
        raise RuntimeError("the process died here")

    with monkeypatch.context() as m:
        m.setattr(MailBoxUnencrypted, "flag", crash)
        assert isinstance(fetch(app).exception, RuntimeError)
    assert len(kept()) == 1
    assert KEPT not in dovecot.messages()[0].flags

    result = fetch(app)
    assert "0 new mails kept, 1 already kept" in result.output
    assert len(kept()) == 1
    assert KEPT in dovecot.messages()[0].flags


def test_two_fetches_at_once_keep_each_mail_once(app, dovecot, party):
    for n in range(3):
        dovecot.append(hearing_mail(party.slug, message_id=f"<svar-{n}@example.org>", body=f"Svar nummer {n}."))
    settings = MailboxSettings.from_config(app.config)
    reports, errors = [], []
    start = threading.Barrier(2)

    def run():
        try:
            with app.app_context():
                start.wait()
                reports.append(fetch_mail(settings, utcnow()))
                _db.session.remove()
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)

    threads = [threading.Thread(target=contextvars.Context().run, args=(run,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    assert sum(r.kept for r in reports) == 3
    assert len(kept()) == 3
    assert sorted(m.body_text for m in kept()) == ["Svar nummer 0.", "Svar nummer 1.", "Svar nummer 2."]


def test_a_second_insert_of_the_same_mail_is_refused_by_the_database(app, party):
    """What makes two runs at once safe, whoever wins the race: the unique (Message-ID, content hash)."""
    from app.responses.letters.mailbox.content import read_mail
    from app.responses.letters.mailbox.operations import keep_mail

    hearing = _db.session.get(Hearing, party.hearing_id)
    content = read_mail(hearing_mail(party.slug).as_bytes())
    assert keep_mail(hearing, content, 1, 7, utcnow()) is not None
    _db.session.commit()
    assert keep_mail(hearing, content, 2, 7, utcnow()) is None
    assert _db.session.scalar(select(func.count()).select_from(IncomingMail)) == 1


def test_the_mailbox_stopped_gives_a_clear_error_an_exit_code_and_loses_nothing(app, dovecot, party):
    dovecot.append(hearing_mail(party.slug))
    dovecot.stop()

    result = fetch(app)

    assert result.exit_code == 1
    assert "Postkassen kan ikke nås (127.0.0.1:" in result.output
    assert "ConnectionRefusedError" in result.output
    assert "Intet er slettet fra postkassen" in result.output
    assert app.config["MAILBOX_IMAP_PASSWORD"] not in result.output
    assert kept() == []

    dovecot.start()
    assert "1 new mails kept" in fetch(app).output
    assert len(kept()) == 1


def test_a_wrong_password_is_a_clear_error_without_the_password(app, dovecot, party):
    app.config["MAILBOX_IMAP_PASSWORD"] = "forkert-adgangskode"  # noqa: S105 (a wrong one, on purpose)
    result = fetch(app)
    assert result.exit_code == 1
    assert "Postkassen kan ikke nås" in result.output
    assert "forkert-adgangskode" not in result.output


def test_without_a_mailbox_configured_the_fetch_says_so(app):
    app.config["MAILBOX_ADDRESS"] = ""
    result = fetch(app)
    assert result.exit_code == 0
    assert "no mailbox configured" in result.output


def test_settings_never_show_the_password():
    settings = MailboxSettings("a@b.dk", "imap.example", 993, "user", "hemmelig-kode")
    assert "hemmelig-kode" not in repr(settings)



def test_a_mail_saved_before_it_was_marked_still_leaves_the_inbox(app, dovecot, party, monkeypatch):
    """The run stopped between its commit and the mark, and the officer saved the letter before the next run."""
    from app.responses.letters.mailbox.operations import set_aside
    from tests.factories import make_user

    dovecot.append(hearing_mail(party.slug))
    with monkeypatch.context() as m:
        m.setattr(MailBoxUnencrypted, "flag", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("died")))
        fetch(app)
    [mail] = kept()
    assert set_aside(mail, make_user(), utcnow())
    _db.session.commit()

    assert "1 moved to the done folder" in fetch(app).output
    assert dovecot.messages() == [] and len(dovecot.messages("Registreret")) == 1


def test_tls_against_a_server_without_it_is_a_clear_error(app, dovecot, party):
    app.config["MAILBOX_IMAP_SSL"] = True
    result = fetch(app)
    assert result.exit_code == 1
    assert "Postkassen kan ikke nås (127.0.0.1:" in result.output and "SSL" in result.output


def test_a_mail_too_large_is_left_in_the_box_and_reported(app, dovecot, party):
    app.config["MAILBOX_MAX_MESSAGE_BYTES"] = 10_000
    dovecot.append(hearing_mail(party.slug, files=[("stor.pdf", "application/pdf", letter_pdf())]))
    result = fetch(app)
    assert result.exit_code == 0
    assert "left in the mailbox, too large (over 10000 bytes)" in result.output
    assert kept() == []
    assert KEPT not in dovecot.messages()[0].flags
