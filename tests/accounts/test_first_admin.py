"""The first administrator of a real installation: `flask accounts create-admin`, never the demo."""

import secrets

import pytest
from sqlalchemy import func, select

import config
from app import create_app
from app.accounts.models import PasswordToken, Role, User
from app.accounts.operations import authenticate
from app.extensions import db
from app.notifications.models import OutboxMessage

GOOD = "Rådhusets-tagrende-27-blæser"


def _create(app, *args, given=""):
    return app.test_cli_runner().invoke(args=["accounts", "create-admin", *args], input=given)


def test_create_admin_asks_for_the_password_twice_and_hashes_it(app):
    result = _create(app, "IT-Chef@Kommune.dk", "--name", "Ida Administrator", given=f"{GOOD}\n{GOOD}\n")
    assert result.exit_code == 0, result.output
    assert GOOD not in result.output, "the password is not echoed"
    user = db.session.scalar(select(User))
    assert user.email == "it-chef@kommune.dk" and user.role is Role.ADMIN and user.name == "Ida Administrator"
    assert user.password_hash != GOOD and authenticate("it-chef@kommune.dk", GOOD).id == user.id
    assert user.must_enrol_two_factor, "two-step verification is set up at the first log-in"

    again = _create(app, "it-chef@kommune.dk", "--name", "Ida", given=f"{GOOD}\n{GOOD}\n")
    assert again.exit_code != 0 and "findes allerede" in again.output


def test_a_weak_or_mistyped_password_is_refused(app):
    weak = _create(app, "admin@kommune.dk", "--name", "Ida", given="password\npassword\n")
    assert weak.exit_code != 0
    mistyped = _create(app, "admin@kommune.dk", "--name", "Ida", given=f"{GOOD}\nandet\n{GOOD}\n{GOOD}\n")
    assert mistyped.exit_code == 0, mistyped.output  # click asks again after a mismatch
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_create_admin_can_mail_a_link_instead(app):
    result = _create(app, "admin@kommune.dk", "--name", "Ida Administrator", "--send-link")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert user.password_hash is None and user.role is Role.ADMIN
    assert db.session.scalar(select(func.count(PasswordToken.id))) == 1
    mail = db.session.scalar(select(OutboxMessage))
    assert mail.recipient == "admin@kommune.dk" and "/konto/ny-adgangskode/" in mail.body_text


@pytest.mark.usefixtures("_schema")
def test_the_demo_cannot_be_loaded_into_production(monkeypatch, database_url):
    # No `app` fixture: the command runs in the production app's context, as `flask` gives it.
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))  # production refuses a weak one
    settings = config.load("production")
    settings.SQLALCHEMY_DATABASE_URI = database_url
    production = create_app(settings)
    with production.app_context():
        users_before = db.session.scalar(select(func.count(User.id)))
        result = production.test_cli_runner().invoke(args=["demo", "load"])
        assert result.exit_code != 0 and "create-admin" in result.output
        assert db.session.scalar(select(func.count(User.id))) == users_before
        db.engine.dispose()
