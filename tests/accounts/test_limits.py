"""Guessing is slowed down: a few tries a minute per e-mail address, and per log-in at the code step."""

from app.accounts.models import Role
from tests.conftest import AuthActions
from tests.factories import make_user


def test_ten_wrong_passwords_a_minute_for_one_address_then_wait(db, limited_client):
    user = make_user()
    db.session.commit()
    for _ in range(10):
        assert AuthActions(limited_client).submit(user.email, "forkert gæt").status_code == 200
    refused = AuthActions(limited_client).submit(user.email.upper(), "forkert gæt")
    assert refused.status_code == 429
    assert "Du har prøvet for mange gange på kort tid." in refused.get_data(as_text=True)
    assert AuthActions(limited_client).submit("en.anden@kommune.example.org", "forkert gæt").status_code == 200


def test_ten_codes_a_minute_at_the_second_step(db, limited_client):
    user = make_user(Role.ADMIN)
    db.session.commit()
    statuses = []
    for _ in range(3):  # every fifth wrong code sends back to the password
        AuthActions(limited_client).submit(user.email)
        statuses += [limited_client.post("/konto/log-ind/kode", data={"code": "000000"}).status_code
                     for _ in range(4)]
    assert statuses[:10] == [200] * 10 and statuses[10:] == [429, 429]


def test_limits_count_in_redis_when_it_is_configured(app, limited_client):
    from app.extensions import limiter

    expected = "RedisStorage" if app.config["RATELIMIT_STORAGE_URI"].startswith("redis") else "MemoryStorage"
    assert type(limiter.storage).__name__ == expected and limiter.storage.check()
