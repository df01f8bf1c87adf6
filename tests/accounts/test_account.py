"""Min konto and the password policy: what a person sees when choosing a password."""

import pytest

from app.accounts import password_policy
from app.accounts.models import Role
from tests.accounts.helpers import page
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "fire tilfældige ord om efteråret"


@pytest.mark.parametrize("password", ["sommer2024", "password123", "kodeord", "adgangskode", "qwerty", "123456",
                                      "jegelskerdig", "Sommer2024!", "fodbold"])
def test_the_list_has_common_and_danish_passwords(password):
    assert password_policy.is_common(password)
    assert len(password_policy.common_passwords()) > 3000


@pytest.mark.parametrize(("password", "expected"), [
    ("Sommer2024!!!", password_policy.TOO_COMMON),
    ("Velkommen2025", password_policy.TOO_COMMON),
    ("adgangskode123", password_policy.TOO_COMMON),
    ("Pa$$w0rd2024!", password_policy.TOO_COMMON),
    ("xqxqxqxqxqxq", password_policy.TOO_SIMPLE),
    ("elleve tegn", password_policy.TOO_SHORT),
    ("korrekt hest batteri hæfteklamme", None),
    ("Min hund hedder Bamse og er 7", None),
])
def test_the_policy(password, expected):
    assert password_policy.problems(password) == ([str(expected)] if expected else [])


def test_my_account_shows_who_i_am(auth, db, client):
    user = make_user(Role.APPROVER, name="Tove Teamleder", email="tove@kommune.example.org")
    db.session.commit()
    auth.submit(user.email)
    html = page(client.get("/konto/"))
    assert "<h1>Min konto</h1>" in html and "Tove Teamleder" in html and "Godkender (teamleder)" in html
    assert "Slået til siden" in html
    home = page(client.get("/"))
    assert '<a href="/konto/" class="function-link">' in home and "Min konto" in home


def test_changing_the_password_checks_the_old_one_and_the_policy(auth, db, app, client):
    user = make_user(name="Søren Sagsbehandler", email="soeren@kommune.example.org")
    db.session.commit()
    auth.submit(user.email)
    other_device = app.test_client()
    auth.submit(user.email, client=other_device)
    url = "/konto/adgangskode"

    wrong = page(client.post(url, data={"current": "forkert", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}))
    assert "Adgangskoden er forkert." in wrong and 'id="current-error"' in wrong
    common = page(client.post(url, data={"current": PASSWORD, "password": "kodeord12345", "confirm": "kodeord12345"}))
    assert "Adgangskoden er for almindelig og let at gætte." in common and 'id="password-error"' in common
    short = page(client.post(url, data={"current": PASSWORD, "password": "kort", "confirm": "kort"}))
    assert "Adgangskoden skal være mindst 12 tegn." in short
    personal = page(client.post(url, data={"current": PASSWORD, "password": "soeren2024soeren",
                                           "confirm": "soeren2024soeren"}))
    assert "Adgangskoden må ikke indeholde din e-mailadresse eller dit navn." in personal

    done = client.post(url, data={"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                       follow_redirects=True)
    assert "Din nye adgangskode er gemt." in page(done)
    assert "Søren Sagsbehandler" in page(client.get("/")), "still logged in here"
    assert "Søren Sagsbehandler" not in page(other_device.get("/")), "logged out on the other device"
    assert auth.submit(user.email, NEW_PASSWORD, client=other_device).status_code == 302


@pytest.mark.parametrize("path", [
    "/konto/log-ind", "/konto/log-ind/kode", "/konto/glemt-adgangskode", "/konto/adgangskode",
    "/konto/totrinsbekraeftelse", "/konto/totrinsbekraeftelse/nye-koder", "/administration/brugere/ny",
])
def test_every_form_needs_its_csrf_token(db, csrf_app, client, path):
    user = make_user(Role.ADMIN)
    db.session.commit()
    response = client.post(path, data={"email": user.email, "password": PASSWORD, "code": "123456"})
    assert response.status_code == 400
    assert "Siden kunne ikke forstå det, der blev sendt." in page(response)


@pytest.mark.parametrize("action", ["deaktiver", "aktiver", "rolle", "send-link", "nulstil-totrinsbekraeftelse"])
def test_every_user_action_needs_its_csrf_token(auth, db, app, client, action):
    admin = make_user(Role.ADMIN)
    other = make_user(Role.STAFF)
    db.session.commit()
    auth.submit(admin.email)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"/administration/brugere/{other.id}/{action}", data={"role": "admin"}).status_code == 400
