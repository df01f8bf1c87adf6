"""Sessions: a safe cookie, a new session at log-in, and an end at log-out, after inactivity,
and when a user is deactivated; a copy of an ended session's cookie opens nothing."""

import secrets
from datetime import timedelta

import pytest
from sqlalchemy import update

from app import create_app
from app.accounts.models import LoginSession, Role, User
from app.db_types import utcnow
from tests.accounts.helpers import page
from tests.factories import make_user

STAFF_PAGE = "/medarbejder/"


def _copy_of(app, client):
    """Another browser holding a copy of `client`'s session cookie."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def _signed_in(client, name: str) -> bool:
    return name in page(client.get("/"))


def test_the_session_cookie_is_httponly_and_samesite_lax(auth, db, client):
    user = make_user()
    db.session.commit()
    cookie = auth.submit(user.email).headers["Set-Cookie"]
    assert cookie.startswith("session=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Expires" not in cookie, "the cookie goes when the browser closes"


def test_production_cookies_are_secure(database_url, monkeypatch):
    import config

    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    settings = config.ProductionConfig()
    settings.SQLALCHEMY_DATABASE_URI = database_url
    production = create_app(settings)
    cookie = production.test_client().get("/konto/log-ind").headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_log_in_starts_a_new_session_and_keeps_the_chosen_language(auth, app, db, client):
    user = make_user(name="Søren Sagsbehandler")
    db.session.commit()
    client.get("/sprog/en?next=/")
    # A session cookie from before log-in (one a form's CSRF token starts, or one planted by someone else).
    planted = app.session_interface.get_signing_serializer(app).dumps({"csrf_token": "a"})
    client.set_cookie("session", planted)
    before = _copy_of(app, client)

    auth.submit(user.email)
    assert client.get_cookie("session").value != before.get_cookie("session").value
    assert _signed_in(client, "Søren Sagsbehandler")
    assert 'lang="en"' in page(client.get("/")), "the language chosen before log-in is kept"
    assert not _signed_in(before, "Søren Sagsbehandler"), "a cookie from before log-in is not logged in"


def test_log_out_ends_the_session_also_for_a_copy_of_the_cookie(auth, app, db, client):
    user = make_user(name="Søren Sagsbehandler")
    db.session.commit()
    auth.submit(user.email)
    stolen = _copy_of(app, client)
    assert _signed_in(stolen, "Søren Sagsbehandler")

    client.post("/konto/log-ud")
    assert not _signed_in(client, "Søren Sagsbehandler")
    assert not _signed_in(stolen, "Søren Sagsbehandler")
    assert stolen.get(STAFF_PAGE).headers["Location"].startswith("/konto/log-ind")


def _last_seen(db, ago: timedelta, **values) -> None:
    db.session.execute(update(LoginSession).values(last_seen_at=utcnow() - ago, **values))
    db.session.commit()


def test_thirty_minutes_without_use_ends_the_session(auth, db, client):
    user = make_user(name="Søren Sagsbehandler")
    db.session.commit()
    auth.submit(user.email)

    _last_seen(db, timedelta(minutes=29))
    assert client.get(STAFF_PAGE).status_code == 200, "29 minutes is not too long"
    _last_seen(db, timedelta(minutes=31))
    response = client.get(STAFF_PAGE, follow_redirects=True)
    assert response.request.path == "/konto/log-ind"
    assert "Du er logget ud, fordi du ikke har brugt Høringsrunde i 30 minutter." in page(response)
    assert not _signed_in(client, "Søren Sagsbehandler")


def test_use_keeps_the_session_alive(auth, db, client):
    user = make_user()
    db.session.commit()
    auth.submit(user.email)
    _last_seen(db, timedelta(minutes=20))
    client.get("/")
    db.session.expire_all()
    [login_session] = db.session.query(LoginSession).all()
    assert utcnow() - login_session.last_seen_at < timedelta(minutes=1)


def test_the_idle_time_is_a_setting(auth, app, db, client):
    app.config["SESSION_IDLE_MINUTES"] = 5
    user = make_user()
    db.session.commit()
    auth.submit(user.email)
    _last_seen(db, timedelta(minutes=6))
    assert client.get(STAFF_PAGE).status_code == 302


def test_a_session_ends_after_twelve_hours_even_in_use(auth, db, client):
    user = make_user()
    db.session.commit()
    auth.submit(user.email)
    _last_seen(db, timedelta(seconds=10), created_at=utcnow() - timedelta(hours=12, minutes=1))
    assert client.get(STAFF_PAGE).status_code == 302


@pytest.mark.parametrize("how", ["database", "administrator"])
def test_a_deactivated_users_open_session_is_refused_at_once(auth, db, client, how):
    user = make_user(name="Søren Sagsbehandler")
    admin = make_user(Role.ADMIN)
    db.session.commit()
    auth.submit(user.email)
    assert client.get(STAFF_PAGE).status_code == 200

    if how == "database":  # even without the administrators' page, an inactive user is out
        db.session.execute(update(User).where(User.id == user.id).values(active=False, deactivated_at=utcnow()))
        db.session.commit()
    else:
        admin_client = client.application.test_client()
        auth.submit(admin.email, client=admin_client)
        assert admin_client.post(f"/administration/brugere/{user.id}/deaktiver").status_code == 302

    response = client.get(STAFF_PAGE)
    assert response.status_code == 302 and response.headers["Location"].startswith("/konto/log-ind")
    assert not _signed_in(client, "Søren Sagsbehandler")
