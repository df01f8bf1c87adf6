"""Staff sign in with the municipality's login, against a real OpenID Connect provider on loopback."""

import logging
import threading
import uuid

import pytest
import requests
from sqlalchemy import func, select

from app.accounts.models import LoginSession, PasswordToken, Role, User
from app.notifications.models import OutboxMessage
from app.signin import providers
from tests.accounts.helpers import deliver, text_of
from tests.factories import PASSWORD, make_user
from tests.oidc_provider import local_path

GROUPS = {"hoering-sagsbehandlere": "staff", "hoering-godkendere": "approver", "hoering-admin": "admin"}


@pytest.fixture
def sso(app, oidc_provider):
    app.config.update(oidc_provider.settings(), OIDC_ALLOWED_DOMAINS=["kommune.dk"], OIDC_ROLE_CLAIM="groups",
                      OIDC_ROLE_MAP=GROUPS, OIDC_MFA_AMR=["mfa"], OIDC_MFA_ACR=[])
    return oidc_provider


def new_sub() -> str:
    return f"user-{uuid.uuid4().hex[:10]}"


def sign_in_through_provider(client, provider, sub: str, next_path: str = ""):
    """The whole round: the log-in button, the provider's page, back to the app; the app's last answer."""
    start = client.get("/konto/log-ind/kommune" + (f"?next={next_path}" if next_path else ""))
    assert start.status_code == 302
    back = provider.approve(start.headers["Location"], sub)
    return client.get(local_path(back))


def claims(email: str, *groups: str, amr=("pwd",), name="Kim Hansen") -> dict:
    return {"email": email, "name": name, "groups": list(groups), "amr": list(amr)}


def test_the_log_in_page_offers_the_municipalitys_login_only_when_configured(app, client, sso):
    assert "Log ind med kommunens login" in client.get("/konto/log-ind").get_data(as_text=True)
    app.config["OIDC_ISSUER"] = ""
    page = client.get("/konto/log-ind").get_data(as_text=True)
    assert "Log ind med kommunens login" not in page
    assert client.get("/konto/log-ind/kommune").status_code == 404


def test_first_log_in_creates_the_user_with_the_role_of_the_group(client, sso, db):
    sub = new_sub()
    sso.set_claims(sub, claims("kim@kommune.dk", "hoering-sagsbehandlere", "andet"))
    answer = sign_in_through_provider(client, sso, sub)
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith("/medarbejder/opgaver/")  # Mine opgaver
    user = db.session.scalar(select(User).where(User.oidc_subject == sub))
    assert (user.email, user.name, user.role, user.oidc_issuer) == ("kim@kommune.dk", "Kim Hansen", Role.STAFF,
                                                                   sso.issuer)
    assert user.password_hash is None
    assert client.get("/medarbejder/opgaver/").status_code == 200


def test_a_changed_group_changes_the_role_and_no_group_means_no_access(client, sso, db):
    sub = new_sub()
    sso.set_claims(sub, claims("lea@kommune.dk", "hoering-godkendere", amr=("pwd", "mfa")))
    sign_in_through_provider(client, sso, sub)
    user = db.session.scalar(select(User).where(User.oidc_subject == sub))
    assert user.role is Role.APPROVER
    client.post("/konto/log-ud")

    sso.set_claims(sub, claims("lea@kommune.dk", "hoering-sagsbehandlere"))
    sign_in_through_provider(client, sso, sub)
    db.session.refresh(user)
    assert user.role is Role.STAFF
    client.post("/konto/log-ud")

    sso.set_claims(sub, claims("lea@kommune.dk", "en-helt-anden-gruppe"))
    refused = sign_in_through_provider(client, sso, sub)
    assert refused.status_code == 403
    assert "ikke med i en af de grupper, der giver adgang" in refused.get_data(as_text=True)
    assert client.get("/medarbejder/opgaver/").status_code == 302  # to the log-in page: nobody is logged in


def test_a_new_user_of_a_domain_not_allowed_is_refused(client, sso, db):
    sub = new_sub()
    sso.set_claims(sub, claims("someone@andet-firma.dk", "hoering-sagsbehandlere"))
    refused = sign_in_through_provider(client, sso, sub)
    assert refused.status_code == 403
    assert "hører ikke til et af de domæner" in refused.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "someone@andet-firma.dk")) is None


def test_an_administrator_without_a_second_step_is_refused_and_with_it_let_in(client, sso, db):
    sub = new_sub()
    sso.set_claims(sub, claims("admin@kommune.dk", "hoering-admin", amr=("pwd",)))
    refused = sign_in_through_provider(client, sso, sub)
    assert refused.status_code == 403
    assert "Din rolle kræver, at du logger ind med to trin" in refused.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.oidc_subject == sub)) is None

    sso.set_claims(sub, claims("admin@kommune.dk", "hoering-admin", amr=("pwd", "mfa")))
    answer = sign_in_through_provider(client, sso, sub)
    assert answer.status_code == 302
    # The provider's second step stands for ours: no detour to set up an app code.
    assert client.get("/administration/brugere/").status_code == 200


def test_an_accepted_acr_counts_as_the_second_step(app, client, sso, db):
    app.config["OIDC_MFA_ACR"] = ["http://eidas.europa.eu/loa/substantial"]
    sub = new_sub()
    sso.set_claims(sub, {**claims("godk@kommune.dk", "hoering-godkendere", amr=()),
                         "acr": "http://eidas.europa.eu/loa/substantial"})
    assert sign_in_through_provider(client, sso, sub).status_code == 302
    assert db.session.scalar(select(User.role).where(User.oidc_subject == sub)) is Role.APPROVER


def test_an_existing_local_user_is_linked_by_email_once(client, sso, db):
    user = make_user(Role.STAFF, email="bo@kommune.dk")
    db.session.commit()
    sub = new_sub()
    sso.set_claims(sub, claims("bo@kommune.dk", "hoering-sagsbehandlere", name="Bo Ek"))
    assert sign_in_through_provider(client, sso, sub).status_code == 302
    db.session.refresh(user)
    assert (user.oidc_subject, user.name) == (sub, "Bo Ek")
    assert db.session.query(User).count() == 1


def test_log_out_ends_the_session_here_and_at_the_provider(client, sso):
    sub = new_sub()
    sso.set_claims(sub, claims("ida@kommune.dk", "hoering-sagsbehandlere"))
    sign_in_through_provider(client, sso, sub)
    answer = client.post("/konto/log-ud")
    location = answer.headers["Location"]
    assert location.startswith(f"{sso.issuer}/oauth2/end_session?")
    assert "id_token_hint=ey" in location and "post_logout_redirect_uri=http%3A%2F%2Flocalhost%2F" in location
    page = requests.get(location, timeout=10)
    assert page.status_code == 200 and "end_session" in page.text
    assert client.get("/medarbejder/opgaver/").status_code == 302  # logged out here


def test_a_tampered_or_replayed_answer_from_the_provider_logs_nobody_in(client, sso):
    sub = new_sub()
    sso.set_claims(sub, claims("eva@kommune.dk", "hoering-sagsbehandlere"))
    start = client.get("/konto/log-ind/kommune")
    back = local_path(sso.approve(start.headers["Location"], sub))
    assert client.get(back.replace("state=", "state=x")).status_code == 400
    assert client.get("/konto/log-ind/kommune/retur").status_code == 400
    assert client.get("/medarbejder/opgaver/").status_code == 302


def test_without_local_login_the_password_form_and_reset_are_gone(app, client, sso, db):
    app.config["LOCAL_LOGIN"] = False
    make_user(Role.STAFF, email="pw@kommune.dk")
    db.session.commit()
    page = client.get("/konto/log-ind").get_data(as_text=True)
    assert "Log ind med kommunens login" in page
    assert 'name="password"' not in page and "Glemt adgangskode" not in page
    assert client.post("/konto/log-ind", data={"email": "pw@kommune.dk", "password": PASSWORD}).status_code == 404
    assert client.get("/konto/glemt-adgangskode").status_code == 404
    assert client.get("/konto/ny-adgangskode/abc").status_code == 404
    assert client.get("/konto/log-ind/kode").status_code == 404


def test_tokens_and_codes_never_reach_the_log(app, client, sso, caplog, db):
    sub = new_sub()
    sso.set_claims(sub, claims("log@kommune.dk", "hoering-sagsbehandlere"))
    with caplog.at_level(logging.DEBUG):
        start = client.get("/konto/log-ind/kommune")
        back = sso.approve(start.headers["Location"], sub)
        client.get(local_path(back))
        id_token = db.session.scalar(select(LoginSession.provider_id_token).where(
            LoginSession.user_id == User.id, User.oidc_subject == sub))
        logout = client.post("/konto/log-ud")
        client.get(local_path(back))  # the same code again: refused, and logged as a failure
    code = back.split("code=")[1].split("&")[0]
    # What the app logged, at every level: the provider runs in threads of its own, and its log is its own.
    app_records = [record for record in caplog.records if record.thread == threading.get_ident()]
    logged = "\n".join(record.getMessage() + " " + str(record.args) for record in app_records)
    assert any(record.name.startswith("urllib3") for record in app_records)  # the app's own calls are there
    assert logout.status_code == 302 and len(id_token) > 100 and code
    assert "Log-in with the municipality's login failed" in logged
    for secret in (id_token, code, "loopback-test-secret"):
        assert secret not in logged


def test_the_account_page_of_a_user_of_the_municipalitys_login_offers_no_password(client, sso):
    sub = new_sub()
    sso.set_claims(sub, claims("ane@kommune.dk", "hoering-sagsbehandlere"))
    sign_in_through_provider(client, sso, sub)
    page = client.get("/konto/").get_data(as_text=True)
    assert "Du logger ind med kommunens login." in page and "Skift adgangskode" not in page


def test_a_user_deactivated_here_stays_out(client, sso, db):
    user = make_user(Role.STAFF, email="ulla@kommune.dk", active=False)
    db.session.commit()
    sub = new_sub()
    sso.set_claims(sub, claims("ulla@kommune.dk", "hoering-sagsbehandlere"))
    refused = sign_in_through_provider(client, sso, sub)
    assert refused.status_code == 403 and "Din bruger er deaktiveret" in refused.get_data(as_text=True)
    db.session.refresh(user)
    assert user.oidc_subject is None and not user.active


def test_a_provider_that_does_not_answer_gets_a_calm_page(app, client, sso):
    app.config["OIDC_ISSUER"] = "http://127.0.0.1:9"  # nothing listens there
    page = client.get("/konto/log-ind/kommune")
    assert page.status_code == 502 and "Log ind svarer ikke lige nu" in page.get_data(as_text=True)


def test_a_user_of_the_municipalitys_login_has_no_password_here_while_it_is_on(app, client, sso, db):
    make_user(Role.STAFF, email="per@kommune.dk", oidc_issuer=sso.issuer, oidc_subject=new_sub())
    db.session.commit()
    refused = client.post("/konto/log-ind", data={"email": "per@kommune.dk", "password": PASSWORD})
    assert refused.status_code == 200 and "E-mailadressen eller adgangskoden er forkert" in refused.get_data(
        as_text=True)
    assert client.get("/medarbejder/opgaver/").status_code == 302  # nobody is logged in

    # "Glemt adgangskode?": the same page as for an address with no user, and no link is made or mailed.
    known = client.post("/konto/glemt-adgangskode", data={"email": "per@kommune.dk"})
    unknown = client.post("/konto/glemt-adgangskode", data={"email": "ingen@kommune.dk"})
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True).replace("per@", "ingen@") == unknown.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(PasswordToken)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0

    app.config["OIDC_ISSUER"] = ""  # the municipality's login turned off: the password is the way in again
    assert client.post("/konto/log-ind", data={"email": "per@kommune.dk", "password": PASSWORD}).status_code == 302


def test_out_of_the_groups_the_password_kept_from_before_the_link_goes_too(app, client, sso, db):
    user = make_user(Role.STAFF, email="bent@kommune.dk")
    db.session.commit()
    sub = new_sub()
    sso.set_claims(sub, claims("bent@kommune.dk", "hoering-sagsbehandlere"))
    assert sign_in_through_provider(client, sso, sub).status_code == 302
    client.post("/konto/log-ud")
    db.session.refresh(user)
    assert user.oidc_subject == sub and user.password_hash is not None

    sso.set_claims(sub, claims("bent@kommune.dk", "en-helt-anden-gruppe"))
    assert sign_in_through_provider(client, sso, sub).status_code == 403
    db.session.refresh(user)
    assert user.password_hash is None and user.role is Role.STAFF  # the stored role opens nothing
    app.config["OIDC_ISSUER"] = ""
    assert client.post("/konto/log-ind", data={"email": "bent@kommune.dk", "password": PASSWORD}).status_code == 200


def test_log_out_while_the_provider_is_down_ends_the_session_here(app, client, sso):
    sub = new_sub()
    sso.set_claims(sub, claims("jens@kommune.dk", "hoering-sagsbehandlere"))
    assert sign_in_through_provider(client, sso, sub).status_code == 302
    # Another worker, which has not read the provider's metadata, gets the log-out, and the provider is down.
    providers.init_app(app)
    app.config["OIDC_ISSUER"] = "http://127.0.0.1:9"  # nothing listens there
    answer = client.post("/konto/log-ud")
    assert answer.status_code == 302 and answer.headers["Location"] == "/"
    assert client.get("/medarbejder/opgaver/").status_code == 302  # logged out here


def test_an_expired_id_token_logs_nobody_in(app, client, expired_token_provider, caplog):
    app.config.update(expired_token_provider.settings(), OIDC_ALLOWED_DOMAINS=["kommune.dk"],
                      OIDC_ROLE_CLAIM="groups", OIDC_ROLE_MAP=GROUPS, OIDC_MFA_AMR=["mfa"], OIDC_MFA_ACR=[])
    sub = new_sub()
    expired_token_provider.set_claims(sub, claims("old@kommune.dk", "hoering-sagsbehandlere"))
    with caplog.at_level(logging.WARNING):
        answer = sign_in_through_provider(client, expired_token_provider, sub)
    assert answer.status_code == 400 and "Log ind mislykkedes" in answer.get_data(as_text=True)
    assert "Log-in with the municipality's login failed: ExpiredTokenError" in caplog.text
    assert client.get("/medarbejder/opgaver/").status_code == 302


def test_a_large_id_token_stays_on_the_server_and_still_ends_the_providers_session(client, sso, db):
    # Entra ID and AD FS put every group in the token: 150 of them make a token far past a cookie's 4 KB.
    sub = new_sub()
    groups = ["hoering-sagsbehandlere"] + [f"kommune-afdeling-{n:04d}-medarbejdere" for n in range(150)]
    sso.set_claims(sub, claims("many@kommune.dk", *groups))
    answer = sign_in_through_provider(client, sso, sub)
    assert answer.status_code == 302
    cookie = next(v for k, v in answer.headers.items() if k == "Set-Cookie" and v.startswith("session="))
    row = db.session.scalar(select(LoginSession).join(User).where(User.oidc_subject == sub))
    assert len(row.provider_id_token) > 4096 and len(cookie) < 1024
    logout = client.post("/konto/log-ud")
    assert "id_token_hint=" + row.provider_id_token[:40] in logout.headers["Location"]
    db.session.refresh(row)
    assert row.ended_at is not None and row.provider_id_token is None  # forgotten once the session ends


def test_without_local_login_a_new_user_is_told_to_use_the_municipalitys_login(app, auth, client, sso, db,
                                                                               smtp_server):
    admin = make_user(Role.ADMIN, name="Anne Administrator")
    db.session.commit()
    auth.submit(admin.email)
    app.config["LOCAL_LOGIN"] = False
    answer = client.post("/administration/brugere/ny", data={
        "name": "Nina Ny", "email": "nina@kommune.dk", "role": "staff"})
    user = db.session.scalar(select(User).where(User.email == "nina@kommune.dk"))
    shown = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Nina Ny er oprettet og får en e-mail om at logge ind med kommunens login." in shown
    assert "Send link til ny adgangskode" not in shown
    assert client.post(f"/administration/brugere/{user.id}/send-link").status_code == 404
    assert db.session.scalar(select(func.count(PasswordToken.id))) == 0
    [mail] = deliver(smtp_server)
    assert mail["X-Envelope-To"] == "nina@kommune.dk"
    assert "Du logger ind med kommunens login" in text_of(mail) and "http://localhost/konto/log-ind" in text_of(mail)
    assert "adgangskode her" not in text_of(mail)
    sso.set_claims(sub := new_sub(), claims("nina@kommune.dk", "hoering-sagsbehandlere"))
    newcomer = app.test_client()
    assert sign_in_through_provider(newcomer, sso, sub).status_code == 302  # the mail's address links the account
    db.session.refresh(user)
    assert user.oidc_subject == sub
