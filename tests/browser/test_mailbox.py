"""A letter mailed to the hearing's own address, in a real browser against a real IMAP server (dovecot):
fetched, found under "Post der venter", opened, checked and saved through the letter's flow; only then does
the mail leave the inbox.

1. From a factory-made 2019 hearing: the mail's way through the inbox.
2. Issue #16's journey, as a new user would walk it: create the hearing with the municipality's Word
   catalogue (tests/fixtures/corpus/), import it with its numbers, add Handicaprådet on the hearing list,
   open the hearing, and register the 2019 letter (tagged PDF) mailed to the hearing's address.
"""

import re
from datetime import date, timedelta
from email.utils import formatdate

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.extensions import db as _db
from app.hearings.models import Hearing
from app.parties.models import ContactPerson, Organisation
from tests.browser.hearing_setup import OFFICER_EMAIL as NEW_OFFICER_EMAIL
from tests.browser.hearing_setup import TITLE, add_councils
from tests.browser.helpers import LOADED, log_in
from tests.corpus.scoring import CORPUS
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

    page.get_by_role("button", name="Hent teksten og del den op").click(timeout=LOADED)  # reads the PDF
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


def test_a_new_hearing_from_the_word_draft_gets_a_mailed_letter_checked_and_saved(
    app, db, live_server, page, dovecot, officer, assert_no_axe_violations, jobs_worker
):
    add_councils(db)  # the register holds Handicaprådet, its contact formand@handicapraadet.example.org
    log_in(page, live_server, NEW_OFFICER_EMAIL, "Søren Sagsbehandler")

    # Create the hearing with the Word file as its original document.
    page.get_by_role("navigation", name="Medarbejdermenu").get_by_role("link", name="Opret høring").click()
    expect(page.locator("h1")).to_have_text("Opret høring")
    page.locator("#title").fill(TITLE)
    page.locator("#deadline_on").fill((date.today() + timedelta(days=30)).isoformat())
    page.locator("#original").set_input_files(CORPUS / "catalogue-2019.docx")
    page.get_by_role("button", name="Opret høringen").click()
    expect(page.locator(".alert-success")).to_contain_text("Høringen er oprettet. Importér nu udkastet.")
    slug = db.session.scalar(_db.select(Hearing.slug).where(Hearing.title == TITLE))

    # Import the uploaded file: each standard with its number, then save.
    page.get_by_role("button", name="Importér fra den uploadede fil catalogue-2019.docx").click()
    # Read by the worker (tests/jobs_worker.py): the job page reloads into the preview.
    expect(page.locator("h1")).to_have_text("Se afsnittene før de gemmes", timeout=30_000)
    expect(page.get_by_label("Nummer for Kvalitetsstandard for aflastningsordning – § 84")).to_have_value("§ 84")
    expect(page.get_by_label("Nummer for Tidlig forebyggende indsats")).to_have_value("§ 82")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Gem udkastet").click()
    expect(page.locator(".alert-success")).to_contain_text("Udkastet er gemt med")

    # Handicaprådet on the hearing list, then open the hearing through its confirmation page.
    page.get_by_role("link", name="Høringsliste").click()
    page.get_by_label("Handicaprådet").check()
    page.get_by_role("button", name="Tilføj de valgte").click()
    expect(page.locator(".alert-success")).to_contain_text("1 part er tilføjet.")
    page.locator("main").get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Åbn høringen nu").click()
    expect(page.locator("h1")).to_have_text("Vil du åbne høringen nu?")
    page.get_by_role("button", name="Åbn høringen og send invitationerne").click()
    expect(page.locator(".alert-success")).to_contain_text("Høringen har nu status: Åben for høringssvar.")

    # The council's chairman mails the letter to the hearing's address; the real command fetches it.
    mail = hearing_mail(slug, sender="Ion Meyer <formand@handicapraadet.example.org>", subject="Høringssvar",
                        files=[("Handicapraadets hoeringssvar.pdf", "application/pdf",
                                (CORPUS / "letter-2019-tagged.pdf").read_bytes())])
    mail.replace_header("Date", formatdate(localtime=True))  # sent today, after the hearing opened
    assert mail["To"].startswith(f"hoering+{slug}@")
    dovecot.append(mail)
    assert "1 new mails kept" in fetch(app)

    page.get_by_role("link", name="Høringssvar").first.click()
    waiting = page.get_by_role("region", name="Post der venter")
    waiting.get_by_role("link", name=re.compile("Handicaprådet: Høringssvar")).click()
    expect(page.locator("h1")).to_have_text("Mail fra Handicaprådet")
    expect(page.locator("main")).to_contain_text("Handicapraadets hoeringssvar.pdf")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Tjek og registrér som høringssvar").click()
    expect(page.locator("h1")).to_have_text("Registrér et høringssvar fra et brev")
    expect(page.locator("#signed_name")).to_have_value("Ion Meyer")
    page.get_by_role("button", name="Hent teksten og del den op").click(timeout=LOADED)  # reads the PDF
    expect(page.locator("h1")).to_have_text("Del brevet op i punkter", timeout=LOADED)
    page.locator("#preview-button").click()
    expect(page.locator("h1")).to_have_text("Se punkterne før de gemmes")
    # The letter's § 85 heading and its text land on the draft's § 85, not on the standard before it.
    point = page.locator(".app-letter-points > li", has=page.locator("h3", has_text="Socialpædagogisk støtte § 85"))
    expect(point.locator("h3")).to_have_text(
        "Kvalitetsstandard for socialpædagogisk bistand – § 85: Socialpædagogisk støtte § 85")
    expect(point).to_contain_text("Handicaprådet vurderer, at der skal være mulighed for individuel støtte")
    page.locator("#save-button").click()
    expect(page.locator(".alert-success")).to_contain_text("Brevet fra Handicaprådet er registreret som høringssvar")

    page.goto(f"{live_server}/medarbejder/hoeringer/{slug}/svar")
    expect(page.get_by_role("region", name="Post der venter")).to_contain_text("Ingen mails venter.")
    responses = page.locator("main table", has=page.locator("caption", has_text="1 høringssvar"))
    row = responses.get_by_role("row", name=re.compile("^Handicaprådet"))
    expect(row.locator("td[data-title='Status']")).to_have_text("Indsendt")
    expect(row.locator("td[data-title='Bemærkninger']")).not_to_have_text("0")
