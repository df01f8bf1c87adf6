"""Post der venter: a case officer opens a mail that came to the hearing's address, checks and saves it through
the letter's own flow, and only then does the mail leave the mailbox (moved to the done folder)."""

from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.parties.models import ContactPerson, Organisation
from app.responses.letters.mailbox.imap import KEPT
from app.responses.letters.mailbox.models import IncomingMail, IncomingState
from app.responses.models import Response, ResponseKind
from tests.factories import a_pdf, make_hearing
from tests.responses.dovecot import ADDRESS, hearing_mail
from tests.responses.letter_files import form_values, letter_pdf, make_2019_hearing

CONTACT = "ion.meyer@handicapraad.example.dk"


@pytest.fixture
def round_2019(db):
    r = make_2019_hearing(db)
    council = db.session.get(Organisation, r.organisation_id)
    council.contacts.append(ContactPerson(name="Ion Meyer", email=CONTACT, title="formand"))
    db.session.commit()
    return r


def fetch(app):
    result = app.test_cli_runner().invoke(args=["letters", "fetch"])
    assert result.exit_code == 0, result.output
    return result.output


def the_mail() -> IncomingMail:
    db.session.expire_all()
    return db.session.scalar(select(IncomingMail))


def open_mail(client, r, mail: IncomingMail):
    """From the responses page to the letter's first page, as the officer clicks."""
    listing = client.get(f"/medarbejder/hoeringer/{r.slug}/svar").get_data(as_text=True)
    assert "Post der venter" in listing and f"/post/{mail.id}" in listing
    page = client.get(f"/medarbejder/hoeringer/{r.slug}/post/{mail.id}")
    assert page.status_code == 200
    opened = client.post(f"/medarbejder/hoeringer/{r.slug}/post/{mail.id}/registrer")
    assert opened.status_code == 302 and "/breve/ny?post=" in opened.headers["Location"]
    return page.get_data(as_text=True), client.get(opened.headers["Location"]).get_data(as_text=True)


def save_letter(client, r, details_html: str, **changes):
    split = client.post(r.url, data={**form_values(details_html), **changes, "action": "extract"})
    assert split.status_code == 200, split.get_data(as_text=True)
    preview = client.post(r.url, data={**form_values(split.get_data(as_text=True)), "action": "preview"})
    assert "Gem høringssvaret" in preview.get_data(as_text=True)
    return client.post(r.url, data={**form_values(preview.get_data(as_text=True)), "action": "save"})


def test_a_mailed_pdf_is_checked_and_saved_through_the_letter_flow_and_then_leaves_the_inbox(
    app, auth, client, dovecot, round_2019
):
    dovecot.append(hearing_mail(round_2019.slug, sender=f"Ion Meyer <{CONTACT}>",
                                files=[("Høringssvar.pdf", "application/pdf", letter_pdf()),
                                       ("Bilag.pdf", "application/pdf", a_pdf())]))
    fetch(app)
    officer = auth.log_in(officer_of=round_2019.hearing_id)
    mail = the_mail()

    page, details = open_mail(client, round_2019, mail)
    assert "Høringssvar.pdf" in page and "Ion Meyer" in page and "Handicaprådet" in page
    values = form_values(details)
    assert values["organisation_id"] == str(round_2019.organisation_id)
    assert (values["signed_name"], values["signed_role"]) == ("Ion Meyer", "formand")
    assert values["received_on"] == "2019-06-03"
    assert values["incoming_mail_id"] == str(mail.id) and values["attachment_id"]
    assert "Brevet kom med e-mail fra Ion Meyer" in details and "Filen Høringssvar.pdf" in details
    assert dovecot.messages()[0].uid  # still in the inbox while the officer works

    saved = save_letter(client, round_2019, details)

    assert saved.status_code == 302
    response = db.session.scalar(select(Response).where(Response.kind == ResponseKind.LETTER))
    assert saved.headers["Location"].endswith(f"/svar/{response.id}")
    assert (response.organisation_id, response.received_on) == (round_2019.organisation_id, date(2019, 6, 3))
    assert sorted(a.filename for a in response.attachments) == ["Bilag.pdf", "Høringssvar.pdf"]
    mail = the_mail()
    assert (mail.state, mail.response_id, mail.handled_by_id) == (IncomingState.REGISTERED, response.id, officer.id)
    assert all(f.data is None for f in mail.files)  # the files are the response's now, not kept twice
    assert "Ingen mails venter." in client.get(f"/medarbejder/hoeringer/{round_2019.slug}/svar").get_data(as_text=True)

    assert "1 moved to the done folder" in fetch(app)
    assert dovecot.messages() == []
    [done] = dovecot.messages("Registreret")
    assert KEPT in done.flags
    assert "0 moved" in fetch(app)


def test_a_mail_without_a_file_is_its_own_letter(app, auth, client, dovecot, round_2019):
    dovecot.append(hearing_mail(round_2019.slug, sender="Karen Borger <karen@example.org>",
                                body="Handicaprådet har ingen bemærkninger til § 100.\n\nVenlig hilsen\nKaren"))
    fetch(app)
    auth.log_in(officer_of=round_2019.hearing_id)

    _page, details = open_mail(client, round_2019, the_mail())
    values = form_values(details)
    assert values["text"].startswith("Handicaprådet har ingen bemærkninger til § 100.")
    assert values["attachment_id"] == "" and values["organisation_id"] == ""  # not a party's contact
    assert values["signed_name"] == "Karen Borger"

    saved = save_letter(client, round_2019, details, organisation_id=str(round_2019.organisation_id))
    assert saved.status_code == 302
    assert the_mail().state is IncomingState.REGISTERED


def test_the_same_mail_saved_by_two_officers_becomes_one_response(app, auth, client, dovecot, round_2019):
    dovecot.append(hearing_mail(round_2019.slug, sender=f"Ion Meyer <{CONTACT}>"))
    fetch(app)
    auth.log_in(officer_of=round_2019.hearing_id)
    _page, first = open_mail(client, round_2019, the_mail())
    _page, second = open_mail(client, round_2019, the_mail())  # a second tab, or a colleague

    assert save_letter(client, round_2019, first).status_code == 302
    again = save_letter(client, round_2019, second)

    assert again.headers["Location"].endswith("/svar")
    assert "allerede registreret" in client.get(again.headers["Location"]).get_data(as_text=True)
    assert len(db.session.scalars(select(Response).where(Response.kind == ResponseKind.LETTER)).all()) == 1


def test_a_mail_that_is_no_response_is_set_aside_and_then_moved(app, auth, client, dovecot, round_2019):
    dovecot.append(hearing_mail(round_2019.slug, sender="nyhedsbrev@example.org", subject="Tilbud"))
    fetch(app)
    auth.log_in(officer_of=round_2019.hearing_id)
    mail = the_mail()

    done = client.post(f"/medarbejder/hoeringer/{round_2019.slug}/post/{mail.id}/laeg-til-side",
                       follow_redirects=True)

    assert "er lagt til side" in done.get_data(as_text=True)
    assert the_mail().state is IncomingState.SET_ASIDE
    assert client.post(f"/medarbejder/hoeringer/{round_2019.slug}/post/{mail.id}/registrer").status_code == 302
    assert the_mail().state is IncomingState.SET_ASIDE  # opening a handled mail changes nothing
    assert "1 moved" in fetch(app)


def test_the_hearings_address_is_on_its_page_and_in_the_invitation(app, auth, client, round_2019):
    app.config["MAILBOX_ADDRESS"] = ADDRESS
    auth.log_in(officer_of=round_2019.hearing_id)
    page = client.get(f"/medarbejder/hoeringer/{round_2019.slug}").get_data(as_text=True)
    assert f"hoering+{round_2019.slug}@kommune.example.dk" in page

    from flask import render_template

    from app.hearings.models import Hearing

    hearing = db.session.get(Hearing, round_2019.hearing_id)
    with app.test_request_context():
        text = render_template("emails/invitation.txt", hearing=hearing, contact=ContactPerson(name="Ion"),
                               organisation=db.session.get(Organisation, round_2019.organisation_id),
                               link="https://x")
    assert f"som et brev i en e-mail til hoering+{round_2019.slug}@kommune.example.dk" in text


def test_another_hearings_mail_is_not_found_here(app, auth, client, db, dovecot, round_2019):
    other = make_hearing(slug="en-anden-hoering")
    db.session.commit()
    dovecot.append(hearing_mail(other.slug))
    fetch(app)
    auth.log_in(officer_of=round_2019.hearing_id)
    mail = the_mail()
    assert client.get(f"/medarbejder/hoeringer/{round_2019.slug}/post/{mail.id}").status_code == 404
    assert client.get(f"/medarbejder/hoeringer/{round_2019.slug}/post/99999999999").status_code == 404


def test_retention_forgets_who_wrote_and_what_but_the_mail_is_never_fetched_again(app, dovecot, round_2019):
    from app.db_types import utcnow
    from app.hearings.models import Hearing
    from app.retention.operations import remove_personal_data

    dovecot.append(hearing_mail(round_2019.slug, sender=f"Ion Meyer <{CONTACT}>",
                                files=[("Ion Meyers svar.pdf", "application/pdf", a_pdf())]))
    fetch(app)
    remove_personal_data(db.session.get(Hearing, round_2019.hearing_id), date.today(), utcnow())
    db.session.commit()

    mail = the_mail()
    assert (mail.sender_email, mail.sender_name, mail.body_text, mail.contact_id, mail.files) == ("", "", "", None, [])
    with dovecot.box() as box:  # as if the mail were still in the inbox, unmarked
        box.flag(box.uids(), KEPT, False)
    assert "0 new mails kept, 1 already kept" in fetch(app)
