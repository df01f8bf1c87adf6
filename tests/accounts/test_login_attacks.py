"""Guessing is slowed per network address and per (address, account): an attacker cannot lock the owner
out, spraying many accounts from one address is slowed, and the owner is told once, by mail."""

from app.accounts.models import Role
from tests.accounts.helpers import deliver, text_of
from tests.factories import PASSWORD, make_user

OWNER = {"REMOTE_ADDR": "198.51.100.7"}


def _from(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def test_an_attacked_owner_is_told_once_and_still_logs_in_from_their_own_address(db, auth, limited_client, smtp_server):
    user = make_user(Role.STAFF, name="Søren Sagsbehandler")
    db.session.commit()
    for attacker in ("203.0.113.9", "203.0.113.10", "203.0.113.11"):
        statuses = [limited_client.post("/konto/log-ind", data={"email": user.email, "password": "gæt"},
                                        **_from(attacker)).status_code for _ in range(11)]
        assert statuses == [200] * 10 + [429], attacker

    mails = [m for m in deliver(smtp_server) if m["To"] == user.email]
    assert len(mails) == 1, "one mail, not one per attempt"
    text = " ".join(text_of(mails[0]).split())
    assert "med en forkert adgangskode 10 gange" in text
    assert "Din bruger er ikke spærret: du kan logge ind som du plejer." in text

    owner = limited_client.post("/konto/log-ind", data={"email": user.email, "password": PASSWORD},
                                environ_base=OWNER)
    assert owner.status_code == 302 and owner.headers["Location"] == "/medarbejder/opgaver/"  # staff: Mine opgaver


def test_spraying_many_accounts_from_one_address_is_slowed(db, auth, limited_client):
    statuses = [limited_client.post("/konto/log-ind", data={"email": f"person{i}@kommune.example.org",
                                                            "password": "Sommer2026!"}, **_from("203.0.113.20"))
                .status_code for i in range(21)]
    assert statuses == [200] * 20 + [429]
    elsewhere = limited_client.post("/konto/log-ind", data={"email": "person0@kommune.example.org",
                                                            "password": "Sommer2026!"}, **_from("203.0.113.21"))
    assert elsewhere.status_code == 200


def test_logging_in_right_does_not_count_towards_the_limit_of_an_address(db, auth, limited_client):
    """Many people behind one address (a town hall) log in all morning."""
    user = make_user()
    db.session.commit()
    for _ in range(21):
        done = limited_client.post("/konto/log-ind", data={"email": user.email, "password": PASSWORD},
                                   **_from("10.1.1.1"))
        assert done.status_code == 302
        limited_client.delete_cookie("session")  # the next person at the next desk
    assert auth.submit(user.email, client=limited_client, password="forkert").status_code == 200
