"""A letter mailed to the hearing's own address, in a real browser against a real IMAP server (dovecot):
fetched, found under "Post der venter", opened, checked and saved through the letter's flow; only then does
the mail leave the inbox."""

import re

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.extensions import db as _db
from app.hearings.models import Hearing
from app.parties.models import ContactPerson, Organisation
from tests.browser.helpers import log_in
from tests.factories import make_user
from tests.responses.dovecot import Dovecot, hearing_mail
from tests.responses.letter_files import letter_pdf, make_2019_hearing

OFFICER_EMAIL = "sagsbehandler@ltk.example.org"
CONTACT = "ion.meyer@handicapraad.example.dk"


@pytest.fixture
def dovecot(app):
    server = Dovecot()
    server.start()
    app.config.update(server.config())
    yield server
    server.remove()


@pytest.fixture
def round_2019(db):
    r = make_2019_hearing(db)
    hearing = _db.session.get(Hearing, r.hearing_id)
    hearing.officers.append(make_user(Role.STAFF, email=OFFICER_EMAIL, name="Søren Sagsbehandler"))
    council = _db.session.get(Organisation, r.organisation_id)
    council.contacts.append(ContactPerson(name="Ion Meyer", email=CONTACT, title="formand"))
    _db.session.commit()
    return r


def fetch(app) -> str:
    result = app.test_cli_runner().invoke(args=["letters", "fetch"])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_mailed_letter_is_fetched_checked_and_saved_by_the_case_officer(
    app, live_server, page, dovecot, round_2019, assert_no_axe_violations
):
    dovecot.append(hearing_mail(round_2019.slug, sender=f"Ion Meyer <{CONTACT}>", subject="Høringssvar fra HR",
                                files=[("Handicapraadets hoeringssvar.pdf", "application/pdf", letter_pdf())]))
    assert "1 new mails kept" in fetch(app)

    log_in(page, live_server, OFFICER_EMAIL, "Søren Sagsbehandler")
    page.goto(f"{live_server}/medarbejder/hoeringer/{round_2019.slug}/svar")
    waiting = page.get_by_role("region", name="Post der venter")
    waiting.get_by_role("link", name=re.compile("Handicaprådet: Høringssvar fra HR")).click()
    expect(page.locator("h1")).to_have_text("Mail fra Handicaprådet")
    expect(page.locator("main")).to_contain_text("Handicapraadets hoeringssvar.pdf")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Tjek og registrér som høringssvar").click()
    expect(page.locator("h1")).to_have_text("Registrér et høringssvar fra et brev")
    expect(page.locator("#organisation_id")).to_have_value(str(round_2019.organisation_id))
    expect(page.locator("#signed_name")).to_have_value("Ion Meyer")
    expect(page.locator("#pending-file")).to_contain_text("Handicapraadets hoeringssvar.pdf")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Hent teksten og del den op").click()
    expect(page.locator("h1")).to_have_text("Del brevet op i punkter")
    page.locator("#preview-button").click()
    expect(page.locator("h1")).to_have_text("Se punkterne før de gemmes")
    page.locator("#save-button").click()
    expect(page.locator(".alert-success")).to_contain_text("Brevet fra Handicaprådet er registreret som høringssvar")
    expect(page.locator("h1")).to_have_text("Høringssvar fra Handicaprådet")

    page.goto(f"{live_server}/medarbejder/hoeringer/{round_2019.slug}/svar")
    expect(page.get_by_role("region", name="Post der venter")).to_contain_text("Ingen mails venter.")
    assert dovecot.messages() != []  # still in the inbox until the next fetch sees the letter saved
    assert "1 moved to the done folder" in fetch(app)
    assert dovecot.messages() == [] and len(dovecot.messages("Registreret")) == 1
