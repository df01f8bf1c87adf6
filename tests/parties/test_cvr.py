"""An organisation's CVR number, kept in the register for MitID Erhverv: 8 digits, one organisation each."""

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.parties.models import Organisation
from tests.factories import make_organisation

BASE = "/medarbejder/parter"


@pytest.fixture(autouse=True)
def officer(auth):
    return auth.log_in(Role.STAFF)


def test_a_cvr_number_is_saved_with_its_spaces_removed_and_shown(db, client):
    organisation = make_organisation("Ældrerådet")
    db.session.commit()
    answer = client.post(f"{BASE}/{organisation.id}/rediger",
                         data={"name": "Ældrerådet", "kind": "council", "cvr": " 2918 9846 "})
    assert answer.status_code == 302
    db.session.expire_all()
    assert organisation.cvr == "29189846"
    assert "29189846" in client.get(f"{BASE}/{organisation.id}").get_data(as_text=True)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "organisation_updated"))
    assert event.details["changes"] == {"cvr": [None, "29189846"]}


@pytest.mark.parametrize("typed", ["1234", "2918984x", "291898460"])
def test_a_cvr_number_that_is_not_8_digits_is_refused_next_to_the_field(db, client, typed):
    organisation = make_organisation("Seniorrådet")
    db.session.commit()
    answer = client.post(f"{BASE}/{organisation.id}/rediger", data={"name": "Seniorrådet", "kind": "council",
                                                                     "cvr": typed})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "Et CVR-nummer er 8 cifre, fx 29189846." in page
    assert f'value="{typed}"' in page, "what was typed stays in the field"
    db.session.expire_all()
    assert organisation.cvr is None


def test_two_organisations_cannot_share_a_cvr_number(db, client):
    make_organisation("Handicaprådet", cvr="29189846")
    db.session.commit()
    answer = client.post(f"{BASE}/ny", data={"name": "Integrationsrådet", "kind": "council", "cvr": "29189846"})
    assert answer.status_code in (200, 422)
    assert "CVR-nummeret bruges allerede af ”Handicaprådet”." in answer.get_data(as_text=True)
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Integrationsrådet")) is None
    created = client.post(f"{BASE}/ny", data={"name": "Integrationsrådet", "kind": "council", "cvr": "12345678"})
    assert created.status_code == 302
    assert db.session.scalar(select(Organisation.cvr).where(Organisation.name == "Integrationsrådet")) == "12345678"
