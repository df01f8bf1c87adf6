"""Administrators keep the list of users: create (the new user chooses a password from a mail),
change a role, deactivate (out at once) and reactivate; every change is in the audit trail."""

import pytest
from sqlalchemy import select

from app.accounts.models import Role, User
from app.audit.models import AuditEvent
from tests.accounts.helpers import deliver, page, password_link, text_of
from tests.factories import make_user

USERS = "/administration/brugere/"
NEW_PASSWORD = "syv søde sild i sommerhuset"


@pytest.fixture
def admin_client(auth, db, client):
    admin = make_user(Role.ADMIN, name="Anne Administrator")
    db.session.commit()
    auth.submit(admin.email)
    client.admin = admin
    return client


def _events(db, action: str, user: User) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).filter_by(action=action, object_id=user.id)).all()


def test_the_list_shows_every_user_with_role_and_status(db, admin_client):
    make_user(Role.STAFF, name="Søren Sagsbehandler")
    make_user(Role.COMMITTEE, name="Ulrik Udvalgsmedlem", active=False)
    db.session.commit()
    html = page(admin_client.get(USERS))
    assert html.index("Anne Administrator") < html.index("Søren Sagsbehandler") < html.index("Ulrik Udvalgsmedlem")
    assert "Sagsbehandler</td>" in html and "Udvalgsmedlem</td>" in html and "Deaktiveret</td>" in html
    menu = page(admin_client.get("/medarbejder/"))
    assert '<a href="/administration/brugere/">Brugere</a>' in menu, "administrators have it in the menu"


def test_a_new_user_gets_a_mail_chooses_a_password_and_logs_in(auth, db, admin_client, smtp_server):
    form = page(admin_client.get(USERS + "ny"))
    assert 'type="radio"' in form and "<legend" in form

    response = admin_client.post(USERS + "ny", data={
        "name": "  Carl   Sagsbehandler ", "email": "Carl@Kommune.example.org", "role": "staff"})
    user = db.session.scalar(select(User).where(User.email == "carl@kommune.example.org"))
    assert response.headers["Location"] == f"{USERS}{user.id}"
    assert user.name == "Carl Sagsbehandler" and user.role is Role.STAFF and user.password_hash is None
    shown = page(admin_client.get(response.headers["Location"]))
    assert "Carl Sagsbehandler er oprettet og får en e-mail" in shown
    assert _events(db, "user_created", user)[0].actor_id == admin_client.admin.id

    [mail] = deliver(smtp_server)
    assert mail["X-Envelope-To"] == "carl@kommune.example.org"
    assert mail["Subject"] == "Du er oprettet som bruger af Høringsrunde"
    assert "med rollen sagsbehandler" in text_of(mail) and "Linket virker i 72 timer" in text_of(mail)

    newcomer = admin_client.application.test_client()
    welcome = page(newcomer.get(password_link(mail)))
    assert "Vælg din adgangskode" in welcome and "Velkommen til Høringsrunde, Carl Sagsbehandler." in welcome
    newcomer.post(password_link(mail), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert auth.submit("carl@kommune.example.org", NEW_PASSWORD, client=newcomer).status_code == 302
    assert newcomer.get("/medarbejder/").status_code == 200


def test_a_new_approver_is_told_about_two_step_verification(db, admin_client, smtp_server):
    admin_client.post(USERS + "ny", data={"name": "Tove Teamleder", "email": "tove@kommune.example.org",
                                           "role": "approver"})
    [mail] = deliver(smtp_server)
    assert "Din rolle kræver totrinsbekræftelse." in text_of(mail)


def test_the_new_user_form_names_each_problem(db, admin_client):
    make_user(email="findes@kommune.example.org")
    db.session.commit()
    html = page(admin_client.post(USERS + "ny", data={"name": "", "email": "ikke-en-adresse"}))
    for message in ("Skriv brugerens navn.", "Skriv en gyldig e-mailadresse", "Vælg en rolle."):
        assert message in html
    assert '<a href="#role-0">' in html, "the summary links to the first choice"
    taken = page(admin_client.post(USERS + "ny", data={
        "name": "Igen", "email": "FINDES@kommune.example.org", "role": "staff"}))
    assert "Der findes allerede en bruger med denne e-mailadresse." in taken


def test_a_role_change_is_audited(db, admin_client):
    user = make_user(Role.STAFF, name="Søren Sagsbehandler")
    db.session.commit()
    response = admin_client.post(f"{USERS}{user.id}/rolle", data={"role": "committee"}, follow_redirects=True)
    assert "Rollen for Søren Sagsbehandler er ændret til Udvalgsmedlem." in page(response)
    [event] = _events(db, "user_role_changed", user)
    assert event.details == {"before": "staff", "after": "committee"}
    assert event.actor_id == admin_client.admin.id
    assert admin_client.post(f"{USERS}{user.id}/rolle", data={"role": "ingen"}).status_code == 200


def test_deactivating_logs_the_user_out_at_once_and_reactivating_lets_them_in(auth, db, app, admin_client):
    user = make_user(Role.STAFF, name="Søren Sagsbehandler")
    db.session.commit()
    theirs = app.test_client()
    auth.submit(user.email, client=theirs)
    assert theirs.get("/medarbejder/").status_code == 200

    done = admin_client.post(f"{USERS}{user.id}/deaktiver", follow_redirects=True)
    assert "Søren Sagsbehandler er deaktiveret og logget ud." in page(done)
    assert "Deaktiveret" in page(done)
    assert theirs.get("/medarbejder/").status_code == 302
    assert "forkert" in page(auth.submit(user.email, client=theirs))
    assert len(_events(db, "user_deactivated", user)) == 1

    admin_client.post(f"{USERS}{user.id}/aktiver")
    assert auth.submit(user.email, client=theirs).status_code == 302
    assert theirs.get("/medarbejder/").status_code == 200
    assert len(_events(db, "user_reactivated", user)) == 1


def test_an_administrator_cannot_lock_themselves_out(db, admin_client):
    me = admin_client.admin
    assert "Det er dig." in page(admin_client.get(f"{USERS}{me.id}"))
    assert admin_client.post(f"{USERS}{me.id}/deaktiver").status_code == 403
    assert admin_client.post(f"{USERS}{me.id}/rolle", data={"role": "staff"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(User, me.id).active and db.session.get(User, me.id).role is Role.ADMIN


def test_a_lost_phone_is_reset_by_an_administrator(auth, db, app, admin_client):
    approver = make_user(Role.APPROVER)
    db.session.commit()
    admin_client.post(f"{USERS}{approver.id}/nulstil-totrinsbekraeftelse")
    assert len(_events(db, "two_factor_reset", approver)) == 1
    theirs = app.test_client()
    assert auth.submit(approver.email, client=theirs).headers["Location"] == "/konto/totrinsbekraeftelse"


def test_an_administrator_sends_a_new_password_link(db, admin_client, smtp_server):
    user = make_user(Role.STAFF)
    db.session.commit()
    admin_client.post(f"{USERS}{user.id}/send-link")
    [mail] = deliver(smtp_server)
    assert mail["X-Envelope-To"] == user.email and password_link(mail)


@pytest.mark.parametrize("role", [Role.STAFF, Role.APPROVER, Role.COMMITTEE])
def test_only_administrators_manage_users(auth, db, client, role):
    other = make_user(Role.STAFF)
    user = make_user(role)
    db.session.commit()
    auth.submit(user.email)
    assert client.get(USERS).status_code == 403
    assert client.get(f"{USERS}{other.id}").status_code == 403
    assert client.post(USERS + "ny", data={"name": "X", "email": "x@example.org", "role": "admin"}).status_code == 403
    assert client.post(f"{USERS}{other.id}/deaktiver").status_code == 403
    assert "/administration/brugere/" not in page(client.get("/"))
    db.session.expire_all()
    assert db.session.get(User, other.id).active


def test_a_missing_user_is_not_found(db, admin_client):
    assert admin_client.get(f"{USERS}999999").status_code == 404
