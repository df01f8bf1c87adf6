"""A privacy notice on every page where personal data is typed in, and in the footer of every page."""

from app.accounts.models import Role
from app.extensions import db
from app.hearings.models import Hearing
from tests.factories import PASSWORD, make_organisation, make_party, make_user

LINK = 'href="/persondata"'
CITIZEN_NOTICE = "Vi bruger dine oplysninger til at behandle høringen."
STAFF_NOTICE = "Skriv kun de oplysninger om personer, der er brug for."


def test_the_notice_says_what_why_how_long_the_rights_and_whom_to_ask(app, client):
    app.config.update(MUNICIPALITY_NAME="Lyngby-Taarbæk Kommune", PRIVACY_CONTACT_EMAIL="dpo@ltk.example",
                      RETENTION_MONTHS_AFTER_DECISION=24)
    html = client.get("/persondata").get_data(as_text=True)
    for expected in ("Lyngby-Taarbæk Kommune er dataansvarlig", "Hvad vi gemmer", "Hvorfor vi gemmer det",
                     "artikel 6, stk. 1, litra e", "litra a", "24 måneder efter", "Dine rettigheder",
                     "Datatilsynet", 'href="mailto:dpo@ltk.example"',
                     "Dit navn vises kun, hvis du har sagt ja til det. Din e-mailadresse",
                     "Få dine oplysninger / slet dine oplysninger", 'name="email"'):
        assert expected in html, expected


def test_every_page_links_to_the_notice_in_its_footer(client):
    for path in ("/", "/tilgaengelighed", "/findes-ikke"):
        assert LINK in client.get(path).get_data(as_text=True), path


def test_the_citizens_form_says_names_only_with_consent_contact_details_never(client):
    party = make_party(db)
    hearing = db.session.get(Hearing, party.hearing_id)
    hearing.is_public = True
    db.session.commit()
    html = client.get(f"/hoeringer/{party.slug}/svar").get_data(as_text=True)
    assert CITIZEN_NOTICE in html and LINK in html.split("<footer")[0]
    assert "Dit navn vises kun, hvis du siger ja til det herunder." in html
    assert "Din e-mailadresse og dine andre kontaktoplysninger vises aldrig." in html


def test_the_partys_form_has_the_notice_by_the_signers_name(client):
    party = make_party(db)
    html = client.get(party.url).get_data(as_text=True)
    assert CITIZEN_NOTICE in html and LINK in html.split("<footer")[0]
    assert html.index("Hvem afgiver svaret?") < html.index(CITIZEN_NOTICE) < html.index('name="signed_name"')


def test_staff_forms_for_people_have_the_notice(client):
    admin = make_user(Role.ADMIN)
    organisation = make_organisation()
    party = make_party(db)
    db.session.commit()
    assert client.post("/konto/log-ind", data={"email": admin.email, "password": PASSWORD}).status_code == 302
    for path in ("/administration/brugere/ny", "/medarbejder/parter/ny",
                 f"/medarbejder/parter/{organisation.id}/kontaktpersoner/ny",
                 f"/medarbejder/hoeringer/{party.slug}/breve/ny"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert STAFF_NOTICE in page.get_data(as_text=True), path
