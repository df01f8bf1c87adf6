"""Issue #18, item 8: a hearing's public page says whom to ask, how many have answered, and offers the draft's file."""

from datetime import UTC, datetime

from app.accounts.models import Role
from app.attachments.operations import PDF, store_attachment
from app.extensions import db
from app.hearings.models import Hearing
from app.responses.models import ResponseState
from tests.factories import make_organisation, make_party, make_response, make_user


def test_the_public_page_names_the_contact_and_counts_the_responses_that_count(client):
    party = make_party(db)
    hearing = db.session.get(Hearing, party.hearing_id)
    hearing.officers.append(make_user(Role.STAFF, name="Søren Sagsbehandler", email="soeren@kommune.example.org"))
    make_response(hearing, make_organisation("Seniorrådet"), state=ResponseState.SUBMITTED,
                  submitted_at=datetime.now(UTC))
    make_response(hearing, make_organisation("Ældrerådet"), state=ResponseState.DRAFT)  # not sent: does not count
    db.session.commit()

    page = client.get(f"/hoeringer/{party.slug}").get_data(as_text=True)
    assert "<dt>Høringssvar indtil nu</dt>\n  <dd>1 høringssvar</dd>" in page
    assert "<dt>Kontaktperson</dt>" in page
    assert 'Søren Sagsbehandler, <a href="mailto:soeren@kommune.example.org">' in page
    assert "Hent udkastet som fil" not in page, "no file: the draft was typed in"
    assert client.get(f"/hoeringer/{party.slug}/udkast").status_code == 404


def test_the_draft_imported_from_a_file_can_be_downloaded_but_never_a_personal_file(client):
    party = make_party(db)
    hearing = db.session.get(Hearing, party.hearing_id)
    original = store_attachment("Kvalitetsstandarder 2019.pdf", b"%PDF-1.7 udkast", PDF, hearing_id=hearing.id,
                                personal=False)
    hearing.current_version.original_attachment_id = original.id
    db.session.commit()

    page = client.get(f"/hoeringer/{party.slug}").get_data(as_text=True)
    assert f'<a href="/hoeringer/{party.slug}/udkast">Hent udkastet som fil</a> (Kvalitetsstandarder 2019.pdf' in page
    download = client.get(f"/hoeringer/{party.slug}/udkast")
    assert download.status_code == 200 and download.data == b"%PDF-1.7 udkast"
    assert download.mimetype == "application/pdf"

    original.is_personal = True
    db.session.commit()
    assert client.get(f"/hoeringer/{party.slug}/udkast").status_code == 404
