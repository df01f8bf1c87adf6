"""A personal link stops working when its contact, or the contact's organisation, is deactivated, and
when the contact's address changes; the page that does it says so and how to send a new one."""

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.hearings.models import PartyLink
from app.parties.models import ContactPerson
from tests.factories import PASSWORD, make_party, make_user
from tests.responses.helpers import form_data

BASE = "/medarbejder/parter"


@pytest.fixture
def officer(db, client):
    user = make_user(Role.STAFF)
    db.session.commit()
    assert client.post("/konto/log-ind", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return user


def _contact(db, email: str) -> ContactPerson:
    return db.session.scalar(select(ContactPerson).where(ContactPerson.email == email))


def _works(client, token: str) -> bool:
    """The link opens the page, and a save through it is taken."""
    page = client.get(f"/svar/{token}")
    if page.status_code != 200:
        assert page.status_code == 404
        saved = client.post(f"/svar/{token}", data={"general": "Stadig her.", "action": "save"})
        submitted = client.post(f"/svar/{token}", data={"no_remarks": "y", "action": "submit"})
        assert saved.status_code == submitted.status_code == 404
        return False
    saved = client.post(f"/svar/{token}", data=form_data(page.get_data(as_text=True), general="Gemt.", action="save"))
    return saved.status_code == 302


@pytest.mark.usefixtures("officer")
def test_deactivating_a_contact_revokes_their_links_and_says_so(db, client):
    party = make_party(db)
    contact = _contact(db, party.contacts[0])
    assert _works(client, party.tokens[0])

    done = client.post(f"{BASE}/{contact.organisation_id}/kontaktpersoner/{contact.id}/deaktiver",
                       follow_redirects=True)
    page = done.get_data(as_text=True)
    assert "De personlige links til høringer, som Ion Meyer har fået, virker ikke længere." in page
    assert "Send nyt link" in page
    assert not _works(client, party.tokens[0])
    assert _works(client, party.tokens[1])  # the colleague's link is theirs, and still works


@pytest.mark.usefixtures("officer")
def test_a_changed_address_revokes_the_links_sent_to_the_old_one(db, client):
    party = make_party(db)
    contact = _contact(db, party.contacts[1])
    edit = f"{BASE}/{contact.organisation_id}/kontaktpersoner/{contact.id}/rediger"

    client.post(edit, data={"name": contact.name, "email": contact.email, "title": "sekretær"})
    assert _works(client, party.tokens[1])  # a new title is no reason to revoke anything

    done = client.post(edit, data={"name": contact.name, "email": "ny.sekretaer@handicapraadet.example.org",
                                   "title": "sekretær"}, follow_redirects=True)
    assert "blev sendt til den gamle e-mailadresse" in done.get_data(as_text=True)
    assert not _works(client, party.tokens[1])
    assert _works(client, party.tokens[0])


@pytest.mark.usefixtures("officer")
def test_deactivating_an_organisation_revokes_every_contacts_link(db, client):
    party = make_party(db)
    organisation_id = _contact(db, party.contacts[0]).organisation_id

    done = client.post(f"{BASE}/{organisation_id}/deaktiver", follow_redirects=True)
    assert "Kontaktpersonernes personlige links til høringer virker ikke længere." in done.get_data(as_text=True)
    assert not _works(client, party.tokens[0]) and not _works(client, party.tokens[1])
    db.session.expire_all()
    assert all(link.revoked_at is not None for link in db.session.scalars(select(PartyLink)))


def test_a_link_of_a_contact_deactivated_before_links_were_revoked_does_not_work(db, client):
    party = make_party(db)
    _contact(db, party.contacts[0]).active = False  # as rows deactivated before this rule look
    db.session.commit()
    assert not _works(client, party.tokens[0])
    assert _works(client, party.tokens[1])
