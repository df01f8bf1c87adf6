"""A case officer keeps the register of parties: organisations and their contact persons."""

import re

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.parties.models import ContactPerson, Organisation, OrganisationKind
from tests.factories import PASSWORD, make_organisation, make_user

BASE = "/medarbejder/parter"


@pytest.fixture
def officer(db, client):
    """A logged-in case officer (the client carries the session)."""
    user = make_user(Role.STAFF, name="Søren Sagsbehandler")
    db.session.commit()
    response = client.post("/konto/log-ind", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return user


def _organisation(db, name: str) -> Organisation:
    db.session.expire_all()
    return db.session.scalar(select(Organisation).where(Organisation.name == name))


def _actions(db) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _text(response) -> str:
    return response.get_data(as_text=True).replace("<wbr>", "")


# ---------------------------------------------------------------- create, edit, deactivate


@pytest.mark.usefixtures("officer")
def test_a_case_officer_creates_an_organisation_with_its_first_contact(db, client):
    response = client.post(f"{BASE}/ny", data={
        "name": "  Seniorrådet ", "kind": "council",
        "contact_name": "Bent  Berg", "contact_email": " Formand@Seniorraadet.example.org ",
        "contact_title": "formand",
    })
    organisation = _organisation(db, "Seniorrådet")
    assert organisation is not None and organisation.kind is OrganisationKind.COUNCIL and organisation.active
    assert response.status_code == 302
    assert response.headers["Location"] == f"{BASE}/{organisation.id}"
    [contact] = organisation.contacts
    assert (contact.name, contact.email, contact.title) == ("Bent Berg", "formand@seniorraadet.example.org", "formand")

    page = _text(client.get(response.headers["Location"]))
    assert "Seniorrådet er oprettet med kontaktpersonen Bent Berg." in page
    assert "formand@seniorraadet.example.org" in page and "Råd" in page
    assert _actions(db)[-2:] == ["organisation_created", "contact_added"]


@pytest.mark.usefixtures("officer")
def test_the_contact_on_the_create_form_is_optional_but_must_be_whole(db, client):
    half = _text(client.post(f"{BASE}/ny", data={"name": "Udsatterådet", "kind": "council",
                                                 "contact_title": "formand"}))
    assert "Skriv kontaktpersonens navn, eller lad felterne om kontaktpersonen stå tomme." in half
    assert "Skriv kontaktpersonens e-mailadresse, eller lad felterne om kontaktpersonen stå tomme." in half
    assert _organisation(db, "Udsatterådet") is None

    assert client.post(f"{BASE}/ny", data={"name": "Udsatterådet", "kind": "council"}).status_code == 302
    assert _organisation(db, "Udsatterådet").contacts == []


@pytest.mark.usefixtures("officer")
def test_a_case_officer_edits_an_organisation(db, client):
    organisation = make_organisation("Ældrerådet", kind=OrganisationKind.OTHER)
    db.session.commit()

    form = _text(client.get(f"{BASE}/{organisation.id}/rediger"))
    assert 'value="Ældrerådet"' in form
    assert re.search(r'<option selected value="other">Andet</option>', form)

    response = client.post(f"{BASE}/{organisation.id}/rediger", data={"name": "Seniorrådet Lyngby", "kind": "council"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (organisation.name, organisation.kind) == ("Seniorrådet Lyngby", OrganisationKind.COUNCIL)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "organisation_updated"))
    assert event.object_id == organisation.id
    assert event.details["changes"] == {"name": ["Ældrerådet", "Seniorrådet Lyngby"], "kind": ["other", "council"]}

    # Changing only the case of its own name is not "taken".
    assert client.post(f"{BASE}/{organisation.id}/rediger",
                       data={"name": "SENIORRÅDET LYNGBY", "kind": "council"}).status_code == 302


@pytest.mark.usefixtures("officer")
def test_a_case_officer_deactivates_and_reactivates_an_organisation(db, client):
    organisation = make_organisation("Integrationsrådet")
    db.session.commit()

    response = client.post(f"{BASE}/{organisation.id}/deaktiver")
    assert response.status_code == 302
    db.session.expire_all()
    assert organisation.active is False
    page = _text(client.get(response.headers["Location"]))
    assert "Integrationsrådet er deaktiveret og kan ikke vælges til nye høringer." in page
    assert "Aktivér parten igen" in page

    # The list hides it unless asked.
    assert "Integrationsrådet" not in _text(client.get(f"{BASE}/"))
    assert "Integrationsrådet" in _text(client.get(f"{BASE}/?inactive=y"))

    client.post(f"{BASE}/{organisation.id}/aktiver")
    db.session.expire_all()
    assert organisation.active is True
    assert _actions(db)[-2:] == ["organisation_deactivated", "organisation_reactivated"]


@pytest.mark.usefixtures("officer")
def test_a_case_officer_adds_edits_and_deactivates_a_contact(db, client):
    organisation = make_organisation("Handicaprådet", contacts=0)
    db.session.commit()

    assert client.get(f"{BASE}/{organisation.id}/kontaktpersoner/ny").status_code == 200
    response = client.post(f"{BASE}/{organisation.id}/kontaktpersoner/ny",
                           data={"name": "Ion Meyer", "email": "Formand@HR.example.org", "title": "formand"})
    assert response.status_code == 302
    contact = db.session.scalar(select(ContactPerson).where(ContactPerson.organisation_id == organisation.id))
    assert (contact.name, contact.email, contact.title) == ("Ion Meyer", "formand@hr.example.org", "formand")

    edit_url = f"{BASE}/{organisation.id}/kontaktpersoner/{contact.id}/rediger"
    assert 'value="formand@hr.example.org"' in _text(client.get(edit_url))
    client.post(edit_url, data={"name": "Ion Meyer", "email": "sekretaer@hr.example.org", "title": ""})
    db.session.expire_all()
    assert (contact.email, contact.title) == ("sekretaer@hr.example.org", None)

    client.post(f"{BASE}/{organisation.id}/kontaktpersoner/{contact.id}/deaktiver")
    db.session.expire_all()
    assert contact.active is False
    page = _text(client.get(f"{BASE}/{organisation.id}"))
    assert "Ion Meyer er deaktiveret og får ikke invitationer til nye høringer." in page
    assert "Inaktiv" in page

    client.post(f"{BASE}/{organisation.id}/kontaktpersoner/{contact.id}/aktiver")
    db.session.expire_all()
    assert contact.active is True

    events = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "ContactPerson")).all()
    assert [e.action for e in events] == ["contact_added", "contact_updated", "contact_deactivated",
                                          "contact_reactivated"]
    assert all(e.object_id == contact.id and e.actor_label == "Søren Sagsbehandler" for e in events)
    assert events[1].details["fields"] == ["email", "title"]  # which fields, not the values


@pytest.mark.usefixtures("officer")
def test_a_contact_of_another_organisation_is_not_found(db, client):
    one, other = make_organisation("Råd A"), make_organisation("Råd B")
    db.session.commit()
    contact = other.contacts[0]
    assert client.get(f"{BASE}/{one.id}/kontaktpersoner/{contact.id}/rediger").status_code == 404
    assert client.post(f"{BASE}/{one.id}/kontaktpersoner/{contact.id}/deaktiver").status_code == 404
    assert client.get(f"{BASE}/999999").status_code == 404


@pytest.mark.usefixtures("officer")
def test_one_button_forms_need_a_csrf_token(csrf_app, db, client):
    organisation = make_organisation("Seniorrådet")
    db.session.commit()
    assert client.post(f"{BASE}/{organisation.id}/deaktiver").status_code == 400
    db.session.expire_all()
    assert organisation.active is True


# ---------------------------------------------------------------- what is refused, and how it is said


@pytest.mark.usefixtures("officer")
def test_a_name_taken_in_another_case_is_refused_and_what_was_typed_is_kept(db, client):
    make_organisation("Handicaprådet")
    db.session.commit()

    response = client.post(f"{BASE}/ny", data={
        "name": "HANDICAPRÅDET", "kind": "association",
        "contact_name": "Helle Holm", "contact_email": "helle@example.org", "contact_title": "sekretær",
    })
    page = _text(response)
    assert response.status_code == 200
    message = "Der findes allerede en part med navnet \u201dHandicaprådet\u201d. Vælg et andet navn."
    assert page.count(message) == 2  # next to the field and in the error summary
    assert 'href="#name"' in page
    assert 'value="HANDICAPRÅDET"' in page and 'value="Helle Holm"' in page
    assert 'value="helle@example.org"' in page and 'value="sekretær"' in page
    assert '<option selected value="association">' in page
    assert 'aria-invalid="true"' in page
    assert db.session.scalar(select(Organisation).where(Organisation.name == "HANDICAPRÅDET")) is None


@pytest.mark.usefixtures("officer")
def test_renaming_to_another_organisations_name_is_refused(db, client):
    make_organisation("Seniorrådet")
    other = make_organisation("Ældrerådet")
    db.session.commit()
    page = _text(client.post(f"{BASE}/{other.id}/rediger", data={"name": "seniorrådet", "kind": "council"}))
    assert "Der findes allerede en part med navnet \u201dSeniorrådet\u201d." in page
    assert 'value="seniorrådet"' in page


@pytest.mark.usefixtures("officer")
def test_a_doubled_contact_email_is_refused_and_what_was_typed_is_kept(db, client):
    organisation = make_organisation("Handicaprådet", contacts=0)
    db.session.add(ContactPerson(organisation=organisation, name="Ion Meyer", email="formand@hr.example.org"))
    other = make_organisation("Seniorrådet", contacts=0)
    db.session.commit()

    response = client.post(f"{BASE}/{organisation.id}/kontaktpersoner/ny",
                           data={"name": "Ida Ibsen", "email": "FORMAND@hr.example.org", "title": "næstformand"})
    page = _text(response)
    message = "Handicaprådet har allerede en kontaktperson med denne e-mailadresse (Ion Meyer)."
    assert page.count(message) == 2
    assert 'value="Ida Ibsen"' in page and 'value="FORMAND@hr.example.org"' in page and 'value="næstformand"' in page
    assert len(organisation.contacts) == 1

    # The same address at another organisation is fine.
    assert client.post(f"{BASE}/{other.id}/kontaktpersoner/ny",
                       data={"name": "Ion Meyer", "email": "formand@hr.example.org"}).status_code == 302


@pytest.mark.usefixtures("officer")
@pytest.mark.parametrize("character", ["\u202e", "\u202a", "\u2066", "\u2069", "\x07", "\x1f", "\x85"])
def test_control_characters_and_bidi_overrides_in_a_name_are_refused(db, client, character):
    name = f"Handicap{character}rådet"
    page = _text(client.post(f"{BASE}/ny", data={"name": name, "kind": "council"}))
    assert page.count("Teksten indeholder usynlige styretegn. Skriv den igen uden dem.") == 2
    assert db.session.scalar(select(Organisation)) is None


@pytest.mark.usefixtures("officer")
def test_too_long_texts_get_a_message_never_silent_truncation(db, client):
    organisation = make_organisation("Seniorrådet", contacts=0)
    db.session.commit()

    page = _text(client.post(f"{BASE}/ny", data={"name": "R" * 201, "kind": "council"}))
    assert "Navnet må højst være 200 tegn. Det har nu 201." in page
    assert f'value="{"R" * 201}"' in page

    page = _text(client.post(f"{BASE}/{organisation.id}/kontaktpersoner/ny", data={
        "name": "N" * 201, "email": "a" * 64 + "@" + "b" * 186 + ".dk", "title": "t" * 101,
    }))
    assert "Navnet må højst være 200 tegn. Det har nu 201." in page
    assert "E-mailadressen må højst være 254 tegn. Den har nu 254." not in page
    assert "Rollen må højst være 100 tegn. Den har nu 101." in page
    assert db.session.scalar(select(Organisation).where(Organisation.name == "R" * 200)) is None
    assert db.session.scalar(select(ContactPerson)) is None

    page = _text(client.post(f"{BASE}/{organisation.id}/kontaktpersoner/ny", data={
        "name": "Ion", "email": "a" * 64 + "@" + "b" * 187 + ".dk"}))
    assert "E-mailadressen må højst være 254 tegn. Den har nu 255." in page


@pytest.mark.usefixtures("officer")
@pytest.mark.parametrize("email", ["formand", "formand@", "@hr.example.org", "for mand@hr.example.org"])
def test_an_invalid_email_is_refused(db, client, email):
    organisation = make_organisation("Seniorrådet", contacts=0)
    db.session.commit()
    page = _text(client.post(f"{BASE}/{organisation.id}/kontaktpersoner/ny", data={"name": "Ion", "email": email}))
    assert "Skriv en gyldig e-mailadresse, fx formand@raadet.dk." in page


@pytest.mark.usefixtures("officer")
def test_empty_forms_name_every_missing_field(db, client):
    page = _text(client.post(f"{BASE}/ny", data={}))
    assert "Skriv partens navn." in page and "Vælg, hvilken type part det er." in page
    assert page.count('class="form-error-message"') == 2
    organisation = make_organisation("Seniorrådet")
    db.session.commit()
    page = _text(client.post(f"{BASE}/{organisation.id}/kontaktpersoner/ny", data={"name": "   "}))
    assert "Skriv kontaktpersonens navn." in page and "Skriv kontaktpersonens e-mailadresse." in page


# ---------------------------------------------------------------- the list


@pytest.mark.usefixtures("officer")
def test_the_list_is_in_danish_order_with_kind_contacts_and_status(db, client):
    for name in ("Ældrerådet", "Bruger- og pårørenderådet", "Åbent Hus", "Handicaprådet", "ørestad forening"):
        make_organisation(name, contacts=2)
    make_organisation("Zoneudvalget", contacts=0, kind=OrganisationKind.MED_COMMITTEE)
    hr = _organisation(db, "Handicaprådet")
    hr.contacts[0].active = False
    db.session.commit()

    page = _text(client.get(f"{BASE}/"))
    names = re.findall(r'<a href="/medarbejder/parter/\d+">([^<]+)</a>', page)
    assert names == ["Bruger- og pårørenderådet", "Handicaprådet", "Zoneudvalget", "Ældrerådet",
                     "ørestad forening", "Åbent Hus"]
    row = re.search(r"Handicaprådet</a></td>(.*?)</tr>", page, re.S).group(1)
    assert "Råd" in row and ">1<" in row and "Aktiv" in row
    assert "MED-udvalg" in page
    assert "Viser 6 af 6 parter." in page
    assert 'href="/medarbejder/parter/ny"' in page and 'href="/medarbejder/parter/import"' in page


@pytest.mark.usefixtures("officer")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=r%C3%A5det", ["Handicaprådet", "Ældrerådet"]),  # "rådet", any case
        ("q=%C3%86LDRE", ["Ældrerådet"]),  # "ÆLDRE": Danish letters, another case
        ("q=formand%40hr.example", ["Handicaprådet"]),  # a contact's e-mail
        ("q=50%25", []),  # LIKE wildcards are plain text
        ("kind=association", ["Lokalforeningen"]),
        ("kind=council&q=%C3%A6ldre", ["Ældrerådet"]),
        ("inactive=y", ["Handicaprådet", "Lokalforeningen", "Nedlagt råd", "Ældrerådet"]),
        ("kind=nonsense", ["Handicaprådet", "Lokalforeningen", "Ældrerådet"]),
    ],
)
def test_search_by_name_or_email_and_filter_by_kind_and_status(db, client, query, expected):
    hr = make_organisation("Handicaprådet", contacts=0)
    db.session.add(ContactPerson(organisation=hr, name="Ion Meyer", email="formand@hr.example.org"))
    make_organisation("Ældrerådet")
    make_organisation("Lokalforeningen", kind=OrganisationKind.ASSOCIATION)
    make_organisation("Nedlagt råd", active=False)
    db.session.commit()

    page = _text(client.get(f"{BASE}/?{query}"))
    assert re.findall(r'<a href="/medarbejder/parter/\d+">([^<]+)</a>', page) == expected
    if not expected:
        assert "Ingen parter passer til søgningen." in page


@pytest.mark.usefixtures("officer")
def test_the_search_form_keeps_what_was_asked(db, client):
    page = _text(client.get(f"{BASE}/?q=r%C3%A5d&kind=council&inactive=y"))
    assert 'value="råd"' in page
    assert '<option selected value="council">' in page
    assert re.search(r'<input[^>]*checked[^>]*id="inactive"|<input[^>]*id="inactive"[^>]*checked', page)


def test_an_empty_register_says_what_to_do(db, client, officer):
    page = _text(client.get(f"{BASE}/"))
    assert "Der er ingen parter endnu." in page


# ---------------------------------------------------------------- audit


@pytest.mark.usefixtures("officer")
def test_every_change_leaves_an_audit_event_by_the_officer(db, client, officer):
    client.post(f"{BASE}/ny", data={"name": "Seniorrådet", "kind": "council"})
    organisation = _organisation(db, "Seniorrådet")
    client.post(f"{BASE}/{organisation.id}/rediger", data={"name": "Seniorrådet", "kind": "other"})
    client.post(f"{BASE}/{organisation.id}/kontaktpersoner/ny", data={"name": "Bent", "email": "b@example.org"})
    client.post(f"{BASE}/{organisation.id}/deaktiver")
    client.post(f"{BASE}/{organisation.id}/deaktiver")  # already: nothing to record

    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action != "logged_in").order_by(AuditEvent.id)
    ).all()
    assert [e.action for e in events] == [
        "organisation_created", "organisation_updated", "contact_added", "organisation_deactivated",
    ]
    assert {e.actor_id for e in events} == {officer.id}
    assert events[0].details == {"name": "Seniorrådet", "kind": "council"}
    assert events[2].details == {"organisation_id": organisation.id}
