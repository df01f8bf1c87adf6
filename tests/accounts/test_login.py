"""Staff log in with e-mail and password; nothing tells which accounts exist."""

from app.accounts.models import Role
from app.audit.models import AuditEvent
from tests.factories import PASSWORD, make_user


def test_a_case_officer_logs_in_and_sees_their_name(auth, db, client):
    user = make_user(Role.STAFF, name="Søren Sagsbehandler")
    db.session.commit()

    response = auth.submit(user.email.upper(), PASSWORD)
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Søren Sagsbehandler" in page
    assert db.session.query(AuditEvent).filter_by(action="logged_in", object_id=user.id).count() == 1


def test_a_wrong_password_says_so_next_to_the_field_and_keeps_the_email(auth, db, client):
    user = make_user()
    db.session.commit()

    response = auth.submit(user.email, "forkert")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "E-mailadressen eller adgangskoden er forkert." in page
    assert f'value="{user.email}"' in page
    assert 'aria-invalid="true"' in page


def test_an_unknown_email_gets_the_same_message_as_a_wrong_password(auth, db, client):
    page = auth.submit("ingen@kommune.example.org", "forkert").get_data(as_text=True)
    assert "E-mailadressen eller adgangskoden er forkert." in page


def test_an_empty_form_names_each_missing_field(auth, client):
    page = auth.submit("", "").get_data(as_text=True)
    assert "Skriv din e-mailadresse." in page
    assert "Skriv din adgangskode." in page


def test_a_deactivated_user_cannot_log_in(auth, db, client):
    user = make_user(active=False)
    db.session.commit()
    page = auth.submit(user.email, PASSWORD).get_data(as_text=True)
    assert "E-mailadressen eller adgangskoden er forkert." in page


def test_log_in_returns_to_a_local_page_only(auth, db, client):
    user = make_user()
    db.session.commit()
    assert auth.submit(user.email, PASSWORD, next="/tilgaengelighed").headers["Location"] == "/tilgaengelighed"
    client.post("/konto/log-ud")
    assert auth.submit(user.email, PASSWORD, next="https://evil.example.com").headers["Location"] == (
        "/medarbejder/opgaver/"), "not elsewhere: staff land on their start page"


def test_log_out_is_a_post_and_ends_the_session(auth, db, client):
    user = make_user(name="Tove Teamleder")
    db.session.commit()
    auth.submit(user.email, PASSWORD)

    assert client.get("/konto/log-ud").status_code == 405
    client.post("/konto/log-ud")
    assert "Tove Teamleder" not in client.get("/").get_data(as_text=True)
