"""Importing the register from a CSV file: preview first, nothing saved until "Importér"."""

import io
import re
import zipfile
from html import unescape

import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import func, select

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.parties import csv_import
from app.parties.models import ContactPerson, Organisation, OrganisationKind
from tests.factories import PASSWORD, make_organisation, make_user

IMPORT = "/medarbejder/parter/import"
CONFIRM = "/medarbejder/parter/import/bekraeft"


@pytest.fixture
def officer(db, client):
    user = make_user(Role.STAFF, name="Søren Sagsbehandler")
    db.session.commit()
    assert client.post("/konto/log-ind", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return user


def _upload(client, content: bytes, filename: str = "parter.csv"):
    return client.post(IMPORT, data={"file": (io.BytesIO(content), filename)}, content_type="multipart/form-data")


def _payload(page: str) -> str:
    return unescape(re.search(r'name="payload" type="hidden" value="([^"]+)"', page).group(1))


def _counts(db) -> tuple[int, int]:
    db.session.expire_all()
    return (db.session.scalar(select(func.count(Organisation.id))),
            db.session.scalar(select(func.count(ContactPerson.id))))


def _text(response) -> str:
    return unescape(response.get_data(as_text=True).replace("<wbr>", ""))


# ---------------------------------------------------------------- through the pages


@pytest.mark.usefixtures("officer")
def test_a_windows_1252_file_with_semicolons_keeps_aeoeaa(db, client):
    content = (
        "organisation;type;kontaktperson;email;rolle\r\n"
        "Handicaprådet;råd;Ion Meyer;formand@hr.example.org;formand\r\n"
        "Ældrerådet;Råd;Søren Ørsted;sekretaer@aeldre.example.org;sekretær\r\n"
    ).encode("cp1252")
    preview = _upload(client, content, "Parter på Excel.csv")
    page = _text(preview)
    assert preview.status_code == 200
    assert "Tjek importen, før den bliver gemt" in page
    assert "Filen Parter på Excel.csv har 2 rækker under overskrifterne. Intet er gemt endnu." in page
    assert "Nye organisationer: 2" in page and "Nye kontaktpersoner: 2" in page
    assert "Handicaprådet" in page and "Søren Ørsted (sekretær)" in page
    assert _counts(db) == (0, 0)  # nothing saved at the preview
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action != "logged_in")) == 0

    response = client.post(CONFIRM, data={"payload": _payload(page)})
    assert response.status_code == 302
    report = _text(client.get(response.headers["Location"]))
    assert "Importen er gennemført. Nye organisationer: 2. Nye kontaktpersoner: 2. Afviste rækker: 0." in report
    assert "Rapport over importen" in report

    council = db.session.scalar(select(Organisation).where(Organisation.name == "Handicaprådet"))
    assert council.kind is OrganisationKind.COUNCIL
    [contact] = council.contacts
    assert (contact.name, contact.email, contact.title) == ("Ion Meyer", "formand@hr.example.org", "formand")
    elders = db.session.scalar(select(Organisation).where(Organisation.name == "Ældrerådet"))
    assert (elders.contacts[0].name, elders.contacts[0].title) == ("Søren Ørsted", "sekretær")


@pytest.mark.usefixtures("officer")
def test_utf8_with_bom_and_commas_and_english_headers(db, client):
    content = (
        "\ufeffOrganisation,Kind,Contact_Name,E-mail,Title\n"
        "Bruger- og pårørenderådet for botilbuddene,bruger- og pårørenderåd,Per Poulsen,per@bpr.example.org,\n"
        '"MED-udvalget for Social og Sundhed, Lyngby",med_committee,Mette Madsen,mette@med.example.org,næstformand\n'
        "Åbent Værested,Forening,,,\n"
    ).encode("utf-8")
    page = _text(_upload(client, content))
    assert "Nye organisationer: 3" in page and "Nye kontaktpersoner: 2" in page
    client.post(CONFIRM, data={"payload": _payload(page)})

    kinds = dict(db.session.execute(select(Organisation.name, Organisation.kind)).all())
    assert kinds == {
        "Bruger- og pårørenderådet for botilbuddene": OrganisationKind.USER_COUNCIL,
        "MED-udvalget for Social og Sundhed, Lyngby": OrganisationKind.MED_COMMITTEE,
        "Åbent Værested": OrganisationKind.ASSOCIATION,
    }
    assert _counts(db) == (3, 2)


@pytest.mark.usefixtures("officer")
def test_bad_rows_are_named_by_number_and_only_good_rows_are_imported(db, client):
    existing = make_organisation("Handicaprådet", contacts=0)
    db.session.add(ContactPerson(organisation=existing, name="Ion Meyer", email="formand@hr.example.org"))
    db.session.commit()
    content = "\n".join([
        "navn;type;kontaktperson;e-mail;rolle",                              # 1
        "Seniorrådet;råd;Bent Berg;formand@senior.example.org;formand",      # 2 good
        ";råd;Uden Organisation;u@example.org;",                             # 3 no organisation
        "Seniorrådet;råd;Berit Berg;ikke-en-adresse;",                       # 4 invalid e-mail
        "Kulturhuset;bibliotek;Kim;kim@kultur.example.org;",                 # 5 unknown type
        "seniorrådet;;Bent Dobbelt;FORMAND@senior.example.org;",             # 6 doubled (row 2)
        f"{'L' * 201};andet;Lang;lang@example.org;",                         # 7 too long
        "Integrationsrådet;råd;Inger\u202eIbsen;inger@ir.example.org;",      # 8 bidi override
        "HANDICAPRÅDET;råd;Ion Meyer;formand@hr.example.org;formand",        # 9 exists: skipped
        "Handicaprådet;;Helle Holm;sekretaer@hr.example.org;sekretær",       # 10 good, existing
        "",                                                                   # 11 blank: ignored
        "Nyt råd;;Nina;nina@example.org;",                                   # 12 no type at all
    ]).encode("utf-8")

    page = _text(_upload(client, content))
    assert _counts(db) == (1, 1)
    allowed = "råd, bruger- og pårørenderåd, MED-udvalg, institution, forening, andet"
    refused = dict(re.findall(r'data-title="Række">(\d+)</td>.*?data-title="Hvorfor">\s*(.*?)\s*</td>',
                              page, re.S))
    assert refused == {
        "3": "Navnet på organisationen mangler.",
        "4": "E-mailadressen \u201dikke-en-adresse\u201d er ikke gyldig.",
        "5": f"Typen \u201dbibliotek\u201d findes ikke. Skriv en af: {allowed}.",
        "6": "Rækken gentager række 2 (samme organisation og e-mailadresse).",
        "7": "Kolonnen \u201dnavn\u201d har for mange tegn: højst 200, her 201.",
        "8": "Kolonnen \u201dkontaktperson\u201d indeholder usynlige styretegn.",
        "12": f"Typen mangler. Skriv en af: {allowed}.",
        "9": "Findes allerede: Handicaprådet har en kontaktperson med denne e-mailadresse.",
    }
    assert "Rækker, der ikke bliver importeret: 7" in page and "Rækker, der findes allerede: 1" in page
    assert "Nye organisationer: 1" in page and "Nye kontaktpersoner: 2" in page

    response = client.post(CONFIRM, data={"payload": _payload(page)})
    report = _text(client.get(response.headers["Location"]))
    assert "Nye organisationer: 1. Nye kontaktpersoner: 2. Afviste rækker: 7." in report
    assert "Typen \u201dbibliotek\u201d findes ikke." in report  # the reasons, again, on the report

    assert _counts(db) == (2, 3)
    names = set(db.session.scalars(select(Organisation.name)))
    assert names == {"Handicaprådet", "Seniorrådet"}
    assert {c.email for c in existing.contacts} == {"formand@hr.example.org", "sekretaer@hr.example.org"}

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "parties_imported"))
    assert event.details["contacts_added"] == 2
    assert [r["row"] for r in event.details["refused"]] == [3, 4, 5, 6, 7, 8, 12]
    assert [r["row"] for r in event.details["skipped"]] == [9]
    assert event.object_type == "PartyRegister"
    actions = list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.action != "logged_in")))
    assert sorted(actions) == ["contact_added", "contact_added", "organisation_created", "parties_imported"]


@pytest.mark.usefixtures("officer")
def test_a_tampered_payload_is_refused_with_400(db, client):
    page = _text(_upload(client, b"organisation;type\nSeniorr\xc3\xa5det;r\xc3\xa5d\n"))
    payload = _payload(page)
    forged = URLSafeSerializer("not-the-secret", salt="party-csv").dumps(
        {"filename": "x.csv", "text": "organisation;type\nFalsk råd;råd\n"})
    for bad in (payload[:-2] + ("AA" if not payload.endswith("AA") else "BB"), forged, "", "abc"):
        assert client.post(CONFIRM, data={"payload": bad}).status_code == 400
    assert _counts(db) == (0, 0)


@pytest.mark.usefixtures("officer")
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "Filen er ikke en tekstfil."),
        (bytes(range(256)) * 4, "Filen er ikke en tekstfil."),
        ("organisation;type\nRåd;råd\n".encode("utf-16"), "Filen er gemt som UTF-16"),
        (b"", "Vælg en CSV-fil."),
        (b"  \r\n ", "Filen er tom."),
        (b"navn,email\nx,y@example.org\n", "kolonnen \u201dtype\u201d mangler"),
        (b"Handicapr\xe5det;r\xe5d\n", "kolonnen \u201dorganisation\u201d mangler"),
        (b"organisation;type\n", "Filen har ingen rækker under overskrifterne."),
        (b"organisation;type;navn\n", "Kolonnen \u201dnavn\u201d står to gange i første række."),
        (b"organisation;type\n" + b"x" * (2 * 1024 * 1024), "Filen er for stor. Den må højst være 2 MB."),
    ],
)
def test_files_that_cannot_be_imported_say_why(db, client, content, message):
    response = _upload(client, content) if content else client.post(IMPORT, data={})
    page = _text(response)
    assert response.status_code == 200
    assert message in page
    assert 'href="#file"' in page  # in the error summary, linked to the field
    assert _counts(db) == (0, 0)


@pytest.mark.usefixtures("officer")
def test_an_excel_workbook_is_refused_with_a_hint(db, client):
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    page = _text(_upload(client, workbook.getvalue(), "parter.xlsx"))
    assert "Filen er en Excel-projektmappe eller en anden pakket fil, ikke en CSV-fil." in page


@pytest.mark.usefixtures("officer")
def test_the_import_is_planned_again_at_confirmation(db, client):
    """Someone added the organisation between preview and confirmation: its contact is added, no double."""
    page = _text(_upload(client, "organisation;type;kontaktperson;email\nSeniorrådet;råd;Bent;b@s.example.org\n"
                                 .encode()))
    make_organisation("SENIORRÅDET", contacts=0)
    db.session.commit()
    client.post(CONFIRM, data={"payload": _payload(page)})
    assert _counts(db) == (1, 1)


@pytest.mark.usefixtures("officer")
def test_a_file_with_nothing_new_has_no_import_button(db, client):
    make_organisation("Seniorrådet", contacts=0)
    db.session.commit()
    page = _text(_upload(client, b"organisation;type\nSeniorr\xc3\xa5det;r\xc3\xa5d\n"))
    assert "Der er intet nyt at importere." in page
    assert 'name="payload"' not in page
    assert "Findes allerede: organisationen er i registret i forvejen." in page


# ---------------------------------------------------------------- the reading and checking itself


def test_read_text_prefers_utf8_and_falls_back_to_windows_1252():
    assert csv_import.read_text("æøå;ÆØÅ".encode()) == "æøå;ÆØÅ"
    assert csv_import.read_text(b"\xef\xbb\xbf\xc3\xa6") == "æ"
    assert csv_import.read_text("æøå €".encode("cp1252")) == "æøå €"


def test_the_delimiter_is_sniffed_from_the_header_and_excels_sep_line_is_understood():
    rows, _ = csv_import.parse("organisation,type\n\"Råd; nr. 1\",råd\n")
    assert rows[0].organisation == "Råd; nr. 1"
    rows, _ = csv_import.parse("sep=,\norganisation,type\nRåd,råd\n")
    assert (rows[0].number, rows[0].organisation) == (3, "Råd")
    rows, _ = csv_import.parse("organisation\ttype\nRåd\tråd\n")
    assert rows[0].kind is OrganisationKind.COUNCIL


def test_unknown_columns_are_named_and_ignored():
    rows, warnings = csv_import.parse("Organisation;Type;Telefon\nRåd;andet;12345678\n")
    assert [w.message for w in warnings] == ["Kolonnen \u201dTelefon\u201d bliver ikke brugt."]
    assert rows[0].problems == []


def test_whitespace_in_names_is_collapsed_and_email_lower_cased():
    [row], _ = csv_import.parse("organisation;type;kontaktperson;email\n  Ældre   rådet ;RÅD; Ib  Ø ; IB@X.DK \n")
    assert (row.organisation, row.contact_name, row.email) == ("Ældre rådet", "Ib Ø", "ib@x.dk")


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("Råd;råd;Ib;", "missing_email"),
        ("Råd;råd;;ib@x.dk", "missing_contact_name"),
        ("Råd\x07;råd;Ib;ib@x.dk", "control_characters"),
        ("Råd;råd;Ib;ib@x.dk\u2066", "control_characters"),
    ],
)
def test_row_problems(line, code):
    [row], _ = csv_import.parse(f"organisation;type;kontaktperson;email\n{line}\n")
    assert [p.code for p in row.problems] == [code]


def test_a_type_that_differs_within_one_organisation_is_refused(app):
    rows, warnings = csv_import.parse("organisation;type;kontaktperson;email\n"
                                      "Råd;råd;A;a@x.dk\nRåd;forening;B;b@x.dk\nRåd;;C;c@x.dk\n")
    plan = csv_import.plan(rows, warnings, "x.csv", existing={})
    [organisation] = plan.organisations
    assert [c.name for c in organisation.contacts] == ["A", "C"]
    with app.test_request_context():
        assert [(r.number, r.problems[0].message) for r in plan.refused] == [
            (3, "Typen er en anden end i række 2 for samme organisation.")]
