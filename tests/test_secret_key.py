"""Production starts only with a secret key nobody else knows, and a key can be rotated without
breaking the links and log-ins it signed."""

import secrets

import pytest

import config
from app.privacy import operations as privacy
from app.privacy.operations import LinkRefused, address_of
from app.responses import citizens

GOOD = "kX3vQ9pL2mZ7rT5wY8nB4cF6hJ1dG0sA-7Uq"


@pytest.mark.parametrize("key", [
    "change-me-to-64-random-characters",  # deploy/env.example
    "change-me",  # the README's example
    "dev-only-not-secret", "testing-secret",
    "k",  # one character
    "kX3vQ9pL2mZ7rT5wY8nB",  # random, but 20 bytes
    "x" * 64,
    "abababababababababababababababababab",
    "my-super-secret-key-for-the-kommune-2024",
])
def test_production_refuses_a_known_short_or_patterned_key(monkeypatch, key):
    monkeypatch.setenv("SECRET_KEY", key)
    monkeypatch.delenv("SECRET_KEY_FALLBACKS", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY.*secrets.token_urlsafe"):
        config.load("production")


# The ids are fixed: parallel workers must collect the same tests, and these keys are new each run.
@pytest.mark.parametrize("key", [secrets.token_urlsafe(48), secrets.token_hex(32), GOOD],
                         ids=["token_urlsafe", "token_hex", "fixed"])
def test_production_starts_with_a_random_key(monkeypatch, key):
    monkeypatch.setenv("SECRET_KEY", key)
    monkeypatch.delenv("SECRET_KEY_FALLBACKS", raising=False)
    assert key == config.load("production").SECRET_KEY


def test_an_old_key_kept_for_rotation_must_be_a_good_one_too(monkeypatch):
    """A published key left as a fallback would still let anyone sign a link."""
    monkeypatch.setenv("SECRET_KEY", GOOD)
    old = secrets.token_urlsafe(48)
    monkeypatch.setenv("SECRET_KEY_FALLBACKS", f"{old}, {secrets.token_hex(32)}")
    assert config.load("production").SECRET_KEY_FALLBACKS[0] == old
    monkeypatch.setenv("SECRET_KEY_FALLBACKS", f"{old} change-me-to-64-random-characters")
    with pytest.raises(RuntimeError, match="SECRET_KEY_FALLBACKS"):
        config.load("production")


def test_links_signed_with_the_old_key_work_while_it_is_a_fallback(app):
    old, new = secrets.token_urlsafe(48), secrets.token_urlsafe(48)
    app.config.update(SECRET_KEY=old, SECRET_KEY_FALLBACKS=[])
    with app.test_request_context():
        email = "borger@example.org"
        old_link = privacy._serializer().dumps(email)  # as request_link makes it
        confirmation = citizens._serializer().dumps(7)

        app.config.update(SECRET_KEY=new, SECRET_KEY_FALLBACKS=[old])
        assert address_of(old_link) == email
        assert citizens._serializer().loads(confirmation) == 7
        new_link = privacy._serializer().dumps(email)

        app.config.update(SECRET_KEY=new, SECRET_KEY_FALLBACKS=[])  # rotation done: the old key is gone
        with pytest.raises(LinkRefused):
            address_of(old_link)
        assert address_of(new_link) == email
        app.config.update(SECRET_KEY=old)  # what is signed now is signed with the new key, not the old
        with pytest.raises(LinkRefused):
            address_of(new_link)


def test_a_log_in_survives_a_rotation(app, db, client):
    from tests.factories import PASSWORD, make_user

    user = make_user()
    db.session.commit()
    old, new = secrets.token_urlsafe(48), secrets.token_urlsafe(48)
    app.config.update(SECRET_KEY=old, SECRET_KEY_FALLBACKS=[])
    assert client.post("/konto/log-ind", data={"email": user.email, "password": PASSWORD}).status_code == 302
    app.config.update(SECRET_KEY=new, SECRET_KEY_FALLBACKS=[old])
    assert client.get("/konto/").status_code == 200
    app.config.update(SECRET_KEY=secrets.token_urlsafe(48), SECRET_KEY_FALLBACKS=[])
    assert client.get("/konto/").status_code == 302  # a cookie no key accepts: logged out
