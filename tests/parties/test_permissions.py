"""Who may see and change the register of parties: every route, every role."""

import io

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.audit.operations import record
from app.parties.models import ContactPerson, Organisation
from app.parties.operations import PartyRegister
from tests.factories import make_organisation

BASE = "/medarbejder/parter"

GET_ROUTES = [
    "/",
    "/?q=r%C3%A5d&kind=council&inactive=y",
    "/ny",
    "/{organisation}",
    "/{organisation}/rediger",
    "/{organisation}/kontaktpersoner/ny",
    "/{organisation}/kontaktpersoner/{contact}/rediger",
    "/import",
    "/import/rapport/{event}",
]

CSV = b"organisation;type\nNyt r\xc3\xa5d;r\xc3\xa5d\n"

POST_ROUTES = [
    ("/ny", {"name": "Nyt råd", "kind": "council"}),
    ("/{organisation}/rediger", {"name": "Omdøbt", "kind": "other"}),
    ("/{organisation}/deaktiver", {}),
    ("/{organisation}/aktiver", {}),
    ("/{organisation}/kontaktpersoner/ny", {"name": "Ny", "email": "ny@example.org"}),
    ("/{organisation}/kontaktpersoner/{contact}/rediger", {"name": "Ny", "email": "ny@example.org"}),
    ("/{organisation}/kontaktpersoner/{contact}/deaktiver", {}),
    ("/{organisation}/kontaktpersoner/{contact}/aktiver", {}),
    ("/import", "file"),
    ("/import/bekraeft", {"payload": "x"}),
]


@pytest.fixture
def register(db) -> dict[str, int]:
    organisation = make_organisation("Handicaprådet")
    event = record("parties_imported", PartyRegister(), filename="parter.csv", organisations_created=[],
                   contacts_added=0, refused=[], skipped=[], warnings=[])
    db.session.flush()
    ids = {"organisation": organisation.id, "contact": organisation.contacts[0].id, "event": event.id}
    db.session.commit()
    return ids


def _state(db) -> tuple:
    db.session.expire_all()
    return (
        db.session.execute(select(Organisation.name, Organisation.kind, Organisation.active)).all(),
        db.session.execute(select(ContactPerson.name, ContactPerson.email, ContactPerson.active)).all(),
        db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action != "logged_in")),
    )


@pytest.mark.parametrize("path", GET_ROUTES)
@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), (Role.COMMITTEE, 403), (Role.STAFF, 200), (Role.APPROVER, 200), (Role.ADMIN, 200)],
    ids=["anonymous", "committee", "staff", "approver", "admin"],
)
def test_get_routes(db, auth, client, register, path, role, expected):
    if role is not None:
        auth.log_in(role)
    response = client.get(BASE + path.format(**register))
    assert response.status_code == expected
    if role is None:
        assert response.headers["Location"].startswith("/konto/log-ind?next=")


@pytest.mark.parametrize(("path", "data"), POST_ROUTES)
@pytest.mark.parametrize(("role", "expected"), [(None, 302), (Role.COMMITTEE, 403)], ids=["anonymous", "committee"])
def test_posts_are_refused_for_those_who_do_not_keep_the_register(
        db, auth, client, register, path, data, role, expected):
    if role is not None:
        auth.log_in(role)
    before = _state(db)
    if data == "file":
        response = client.post(BASE + path, data={"file": (io.BytesIO(CSV), "parter.csv")},
                               content_type="multipart/form-data")
    else:
        response = client.post(BASE + path.format(**register), data=data)
    assert response.status_code == expected
    if role is None:
        assert response.headers["Location"].startswith("/konto/log-ind")
    assert _state(db) == before


def test_the_import_report_of_another_event_is_not_found(db, auth, client, register):
    auth.log_in(Role.STAFF)
    other = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "logged_in"))
    assert client.get(f"{BASE}/import/rapport/{other.id}").status_code == 404
