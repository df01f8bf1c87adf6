"""Staff log in with e-mail and password; nothing tells which accounts exist."""

from app.accounts.models import Role
from app.audit.models import AuditEvent
from tests.factories import PASSWORD, make_user


def _log_in(client, email, password, next_url=""):
    return client.post("/konto/log-ind", data={"email": email, "password": password, "next": next_url})


def test_a_case_officer_logs_in_and_sees_their_name(db, client):
    user = make_user(Role.STAFF, name="Søren Sagsbehandler")
    db.session.commit()

    response = _log_in(client, user.email.upper(), PASSWORD)
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Søren Sagsbehandler" in page
    assert db.session.query(AuditEvent).filter_by(action="logged_in", object_id=user.id).count() == 1


def test_a_wrong_password_says_so_next_to_the_field_and_keeps_the_email(db, client):
    user = make_user()
    db.session.commit()

    response = _log_in(client, user.email, "forkert")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "E-mailadressen eller adgangskoden er forkert." in page
    assert f'value="{user.email}"' in page
    assert 'aria-invalid="true"' in page


def test_an_unknown_email_gets_the_same_message_as_a_wrong_password(db, client):
    page = _log_in(client, "ingen@kommune.example.org", "forkert").get_data(as_text=True)
    assert "E-mailadressen eller adgangskoden er forkert." in page


def test_an_empty_form_names_each_missing_field(client):
    page = _log_in(client, "", "").get_data(as_text=True)
    assert "Skriv din e-mailadresse." in page
    assert "Skriv din adgangskode." in page


def test_a_deactivated_user_cannot_log_in(db, client):
    user = make_user(active=False)
    db.session.commit()
    page = _log_in(client, user.email, PASSWORD).get_data(as_text=True)
    assert "E-mailadressen eller adgangskoden er forkert." in page


def test_log_in_returns_to_a_local_page_only(db, client):
    user = make_user()
    db.session.commit()
    assert _log_in(client, user.email, PASSWORD, "/tilgaengelighed").headers["Location"] == "/tilgaengelighed"
    client.post("/konto/log-ud")
    assert _log_in(client, user.email, PASSWORD, "https://evil.example.com").headers["Location"] == "/"


def test_log_out_is_a_post_and_ends_the_session(db, client):
    user = make_user(name="Tove Teamleder")
    db.session.commit()
    _log_in(client, user.email, PASSWORD)

    assert client.get("/konto/log-ud").status_code == 405
    client.post("/konto/log-ud")
    assert "Tove Teamleder" not in client.get("/").get_data(as_text=True)
