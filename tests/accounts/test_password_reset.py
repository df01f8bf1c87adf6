"""A forgotten password: a link by mail that works once and for an hour, and a page that tells nobody
which addresses have a user."""

import re
from datetime import timedelta

from sqlalchemy import select, update

from app.accounts.models import PasswordToken
from app.audit.models import AuditEvent
from app.db_types import utcnow
from tests.accounts.helpers import deliver, page, password_link, text_of
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "blå hest under lyngby bro"


def _forgot(client, email):
    return client.post("/konto/glemt-adgangskode", data={"email": email})


def test_the_log_in_page_offers_help_with_a_forgotten_password(client):
    html = page(client.get("/konto/log-ind"))
    assert '<a href="/konto/glemt-adgangskode">Glemt adgangskode?</a>' in html


def test_a_reset_link_by_mail_sets_a_new_password(auth, db, client, smtp_server):
    user = make_user(name="Mette Medarbejder", email="mette@kommune.example.org")
    db.session.commit()

    sent = page(_forgot(client, "Mette@Kommune.example.org"))
    assert "Tjek din e-mail" in sent and "mette@kommune.example.org" in sent.lower()

    [mail] = deliver(smtp_server)
    assert mail["X-Envelope-To"] == user.email
    assert mail["Subject"] == "Vælg en ny adgangskode til Høringsrunde"
    assert "Kære Mette Medarbejder" in text_of(mail)
    assert "Linket virker i 60 minutter og kun én gang." in text_of(mail)
    link = password_link(mail)
    assert link.rpartition("/")[2] not in {t.token_hash for t in db.session.scalars(select(PasswordToken))}, \
        "only the hash of the link's token is kept"

    form = page(client.get(link))
    assert "Vælg en ny adgangskode" in form and "mette@kommune.example.org" in form
    done = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.headers["Location"] == "/konto/log-ind"
    assert "Din adgangskode er gemt" in page(client.get("/konto/log-ind"))

    assert "forkert" in page(auth.submit(user.email, PASSWORD)), "the old password no longer works"
    assert auth.submit(user.email, NEW_PASSWORD).status_code == 302
    assert "Mette Medarbejder" in page(client.get("/"))
    assert db.session.query(AuditEvent).filter_by(action="password_set", object_id=user.id).count() == 1


def test_the_link_works_once(auth, db, client, smtp_server):
    user = make_user()
    db.session.commit()
    _forgot(client, user.email)
    link = password_link(deliver(smtp_server)[0])
    client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    again = client.get(link)
    assert again.status_code == 404
    assert "Linket virker ikke" in page(again)
    other = "en helt anden lang adgangskode"
    second = client.post(link, data={"password": other, "confirm": other})
    assert second.status_code == 404
    assert auth.submit(user.email, NEW_PASSWORD).status_code == 302


def test_the_link_expires_after_an_hour(db, client, smtp_server):
    user = make_user()
    db.session.commit()
    _forgot(client, user.email)
    link = password_link(deliver(smtp_server)[0])
    db.session.execute(update(PasswordToken).values(
        created_at=utcnow() - timedelta(minutes=62), expires_at=utcnow() - timedelta(minutes=2)))
    db.session.commit()

    response = client.get(link)
    assert response.status_code == 404
    assert "Få et nyt link" in page(response)


def test_an_unknown_or_deactivated_address_gets_the_same_page_and_no_mail(db, client, smtp_server):
    gone = make_user(active=False, email="gammel@kommune.example.org")
    db.session.commit()

    # A form token carries the second it was made, so two pages a second apart differ there only.
    unknown = _without_form_tokens(page(_forgot(client, "ingen@kommune.example.org")))
    deactivated = _without_form_tokens(page(_forgot(client, gone.email)))
    for html, email in ((unknown, "ingen@kommune.example.org"), (deactivated, gone.email)):
        assert html.replace(email, "ADDRESS") == unknown.replace("ingen@kommune.example.org", "ADDRESS")
    assert "Hvis ADDRESS hører til en bruger" in unknown.replace("ingen@kommune.example.org", "ADDRESS")
    assert deliver(smtp_server) == []


def _without_form_tokens(html: str) -> str:
    return re.sub(r'name="csrf_token" type="hidden" value="[^"]+"', 'name="csrf_token" type="hidden" value=""', html)


def test_many_requests_do_not_flood_the_inbox(db, client, smtp_server):
    user = make_user()
    db.session.commit()
    for _ in range(5):
        assert "Tjek din e-mail" in page(_forgot(client, user.email))
    assert len(deliver(smtp_server)) == 3


def test_the_new_password_must_follow_the_policy_with_messages_next_to_the_field(db, client, smtp_server):
    user = make_user(email="soeren.hansen@kommune.example.org", name="Søren Hansen")
    db.session.commit()
    _forgot(client, user.email)
    link = password_link(deliver(smtp_server)[0])

    cases = {
        "kort1234": "Adgangskoden skal være mindst 12 tegn.",
        "sommer2024": "Adgangskoden skal være mindst 12 tegn.",
        "Sommer2024!!": "Adgangskoden er for almindelig og let at gætte.",
        "password123456": "Adgangskoden er for almindelig og let at gætte.",
        "P@ssw0rd12345": "Adgangskoden er for almindelig og let at gætte.",
        "Kodeord123456": "Adgangskoden er for almindelig og let at gætte.",
        "xyzqxyzqxyzq": "Adgangskoden gentager de samme tegn.",
        "soeren.hansen1980": "Adgangskoden må ikke indeholde din e-mailadresse eller dit navn.",
    }
    for password, message in cases.items():
        html = page(client.post(link, data={"password": password, "confirm": password}))
        assert message in html, password
        assert 'id="password-error"' in html and 'aria-invalid="true"' in html
        assert '<a href="#password">' in html, "the error summary links to the field"

    mismatch = page(client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"}))
    assert "De to adgangskoder er ikke ens." in mismatch
    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302


def test_a_reset_ends_every_open_session(auth, db, app, client, smtp_server):
    user = make_user(name="Søren Sagsbehandler")
    db.session.commit()
    other_device = app.test_client()
    auth.submit(user.email, client=other_device)
    assert "Søren Sagsbehandler" in page(other_device.get("/"))

    _forgot(client, user.email)
    link = password_link(deliver(smtp_server)[0])
    client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    assert "Søren Sagsbehandler" not in page(other_device.get("/"))
    assert other_device.get("/medarbejder/").status_code == 302
