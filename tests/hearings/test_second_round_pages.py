"""The pages of a revised draft for the committee and of a second round: who may open them, what they show,
and a Danish message next to the field for bad input."""

import io
from datetime import UTC, datetime, timedelta

import pytest

from app.accounts.models import Role
from app.hearings.rounds import operations as rounds
from app.timezone import to_local
from tests.factories import make_user
from tests.hearings.round_helpers import postponed_hearing


def _draft_made(db, case):
    draft = rounds.make_committee_draft(case.hearing, "model af 10. september 2013", "", case.officer)
    rounds.edit_committee_section(draft, "model-2", "Model 2", "Værestedet flytter til Nettet i 2015.")
    db.session.commit()
    return draft


def test_staff_make_the_revised_draft_and_edit_a_section_through_the_pages(db, auth, client):
    case = postponed_hearing(db)
    auth.log_in(case.officer)
    slug = case.hearing.slug
    show = client.get(f"/medarbejder/hoeringer/{slug}").get_data(as_text=True)
    assert f"/medarbejder/hoeringer/{slug}/revideret-udkast/ny" in show, "the meeting part offers it"
    page = client.post(f"/medarbejder/hoeringer/{slug}/revideret-udkast/ny",
                       data={"title": "model af 10. september 2013", "note": "Model 2 er justeret."})
    assert page.status_code == 302 and page.headers["Location"].endswith(f"/{slug}/revideret-udkast/2")
    edit = f"/medarbejder/hoeringer/{slug}/revideret-udkast/2/afsnit/model-2"
    assert "Værestedet flytter til Nettet" in client.get(edit).get_data(as_text=True)
    assert client.post(edit, data={"heading": "Model 2", "text": "Værestedet bliver, hvor det er."}).status_code == 302
    shown = client.get(f"/medarbejder/hoeringer/{slug}/revideret-udkast/2").get_data(as_text=True)
    assert "Revideret udkast til udvalget: model af 10. september 2013" in shown
    assert '<del><span class="sr-only">[slettet: </span>flytter til Nettet' in shown
    assert '<ins><span class="sr-only">[indsat: </span>bliver, hvor det er.' in shown
    assert "/genhoering" in shown


def test_bad_input_gets_a_danish_message_next_to_the_field_and_keeps_what_was_typed(db, auth, client):
    case = postponed_hearing(db)
    auth.log_in(case.officer)
    slug = case.hearing.slug
    page = client.post(f"/medarbejder/hoeringer/{slug}/revideret-udkast/ny", data={"title": " ", "note": "Noget"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Skriv, hvad det reviderede udkast skal hedde" in text and "Noget" in text
    _draft_made(db, case)
    yesterday = to_local(datetime.now(UTC) - timedelta(days=1)).date()
    page = client.post(f"/medarbejder/hoeringer/{slug}/genhoering", data={
        "title": "Genhøring af helhedsplanen", "deadline_on": yesterday.isoformat(), "deadline_time": "12:00",
        "letter": "Se ændringerne."})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Høringsfristen skal ligge i fremtiden." in text
    assert 'value="Genhøring af helhedsplanen"' in text and "Se ændringerne." in text
    page = client.post(f"/medarbejder/hoeringer/{slug}/genhoering", data={
        "title": "Genhøring", "deadline_on": "31-02-2027", "letter": ""})
    assert "Skriv en gyldig dato, fx 3-6-2027." in page.get_data(as_text=True)
    assert case.hearing.next_round is None


def test_starting_the_second_round_through_the_page_leads_to_the_new_hearing(db, auth, client):
    case = postponed_hearing(db)
    _draft_made(db, case)
    auth.log_in(case.officer)
    deadline = to_local(datetime.now(UTC) + timedelta(days=21)).date()
    page = client.post(f"/medarbejder/hoeringer/{case.hearing.slug}/genhoering", data={
        "title": "Genhøring: Helhedsplan for socialpsykiatrien", "deadline_on": deadline.isoformat(),
        "deadline_time": "23:59", "letter": "Se ændringerne."})
    assert page.status_code == 302
    db.session.expire_all()
    second = case.hearing.next_round
    assert page.headers["Location"].endswith(f"/medarbejder/hoeringer/{second.slug}")
    shown = client.get(page.headers["Location"]).get_data(as_text=True)
    assert "Genhøring (2. høringsrunde) af:" in shown
    earlier = client.get(f"/medarbejder/hoeringer/{second.slug}/tidligere-bemaerkninger").get_data(as_text=True)
    assert "Handicaprådet støtter model 2." in earlier and "Et center ved stationen er for langt væk." in earlier
    assert "Afsnittet er ikke ændret." in earlier and "Ændret i afsnittet" in earlier


def test_before_a_postponement_the_pages_send_staff_back_with_why(db, auth, client):
    case = postponed_hearing(db, postponed=False)
    auth.log_in(case.officer)
    for address in ("revideret-udkast/ny", "genhoering"):
        page = client.get(f"/medarbejder/hoeringer/{case.hearing.slug}/{address}", follow_redirects=True)
        assert "Et revideret udkast til udvalget laves, når udvalget har udsat sagen." in page.get_data(as_text=True)
    assert client.get(f"/medarbejder/hoeringer/{case.hearing.slug}/tidligere-bemaerkninger").status_code == 404


@pytest.mark.parametrize(("who", "status"), [
    ("member", 200), ("other member", 403), ("officer", 200), ("staff", 200), ("anonymous", 302)])
def test_the_committee_reads_the_revised_draft_with_its_changes_marked(db, auth, client, who, status):
    case = postponed_hearing(db)
    draft = _draft_made(db, case)
    users = {"member": case.committee, "other member": make_user(Role.COMMITTEE), "officer": case.officer,
             "staff": make_user(Role.STAFF)}
    db.session.commit()
    if who != "anonymous":
        auth.log_in(users[who])
    page = client.get(f"/udvalg/hoeringer/{case.hearing.slug}/revideret-udkast/{draft.number}")
    assert page.status_code == status
    if status == 200:
        text = page.get_data(as_text=True)
        assert "model af 10. september 2013" in text
        assert '<ins><span class="sr-only">[indsat: </span>' in text and "<del>" in text
    if who == "member":
        assert client.get(f"/udvalg/hoeringer/{case.hearing.slug}/revideret-udkast/1").status_code == 404


@pytest.mark.parametrize(("role", "status"), [(Role.STAFF, 403), (Role.COMMITTEE, 403), (Role.APPROVER, 200)])
def test_only_the_hearing_s_own_people_make_or_send_the_revised_draft(db, auth, client, role, status):
    case = postponed_hearing(db)
    _draft_made(db, case)
    auth.log_in(role)
    for address in ("revideret-udkast/ny", "revideret-udkast/2/afsnit/model-1", "genhoering"):
        assert client.get(f"/medarbejder/hoeringer/{case.hearing.slug}/{address}").status_code == status


def test_the_revised_draft_is_imported_from_a_file_through_the_draft_importer(db, auth, client):
    from docx import Document

    from tests.hearings.draft_files import docx_bytes

    case = postponed_hearing(db)
    draft = rounds.make_committee_draft(case.hearing, "model af 10. september 2013", "", case.officer)
    db.session.commit()
    auth.log_in(case.officer)
    address = f"/medarbejder/hoeringer/{case.hearing.slug}/revideret-udkast/{draft.number}/importer"
    page = client.post(address, data={"text": ""})
    assert "Vælg en fil med udkastet, eller indsæt teksten." in page.get_data(as_text=True)
    page = client.post(address, data={"document": (io.BytesIO(b"not a document"), "model.docx")},
                       content_type="multipart/form-data")
    assert page.status_code == 200 and "form-error-message" in page.get_data(as_text=True)
    document = Document()
    for heading, text in (
            ("Model 1", "Bostøtten samles i et nyt center ved stationen med døgnbemanding."),
            ("Model 2", "Værestedet flytter til Nettet i 2015."),
            ("Model 3", "Alle tilbud lægges sammen under én ledelse med et fælles budget fra 2014.")):
        document.add_heading(heading, level=1)
        document.add_paragraph(text)
    word = docx_bytes(document)
    page = client.post(address, data={"document": (io.BytesIO(word), "model af 10. september 2013.docx")},
                       content_type="multipart/form-data")
    assert page.status_code == 302
    shown = client.get(page.headers["Location"]).get_data(as_text=True)
    assert "1 afsnit er ændret siden høringen" in shown
    assert '<ins><span class="sr-only">[indsat: </span>2015.' in shown
    assert '<del><span class="sr-only">[slettet: </span>Nettet, og klubtilbuddet fortsætter som' in shown
