"""Two-step verification: administrators and approvers must set it up before anything else,
everybody else may; log-in asks for the app's code or a recovery code, each works once."""

import re
from datetime import UTC, datetime
from html import unescape

import pyotp
import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts import totp
from app.accounts.models import RecoveryCode, Role, User
from app.audit.models import AuditEvent
from tests.accounts.helpers import page
from tests.factories import make_user, next_app_code

SECRET = re.compile(r'<code id="totp-secret">([A-Z2-7 ]+)</code>')
RECOVERY = re.compile(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>")


@pytest.fixture
def two_steps(client):
    """A client that stops at the second step, as a person does before typing the code."""
    client.second_step = False
    return client


def _enrol(client) -> tuple[str, list[str]]:
    """Set up two-step verification from the set-up page; return the secret and the recovery codes."""
    setup = page(client.get("/konto/totrinsbekraeftelse"))
    secret = SECRET.search(setup).group(1).replace(" ", "")
    done = client.post("/konto/totrinsbekraeftelse", data={"code": pyotp.TOTP(secret).now()})
    return secret, RECOVERY.findall(page(done))


@pytest.mark.parametrize("role", [Role.ADMIN, Role.APPROVER])
def test_administrators_and_approvers_must_set_it_up_before_anything_else(auth, db, two_steps, role):
    user = make_user(role, two_factor=False, name="Anne Administrator")
    db.session.commit()

    response = auth.submit(user.email, client=two_steps)
    assert response.headers["Location"] == "/konto/totrinsbekraeftelse"
    for path in ("/medarbejder/", "/medarbejder/parter/", "/konto/", "/"):
        elsewhere = two_steps.get(path)
        assert elsewhere.status_code == 302 and elsewhere.headers["Location"] == "/konto/totrinsbekraeftelse", path

    html = page(two_steps.get("/konto/totrinsbekraeftelse"))
    assert "skal du logge ind med totrinsbekræftelse" in html
    assert 'src="data:image/svg+xml' in html, "the QR code is an image, allowed by the Content-Security-Policy"
    assert 'alt="QR-kode' in html
    secret = SECRET.search(html).group(1)
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{4}", secret), "the key is shown in groups, for typing"
    assert 'class="app-staff-nav"' not in html, "no menu that leads nowhere"

    _, codes = _enrol(two_steps)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert two_steps.get("/medarbejder/").status_code == 200, "set up: every page opens"
    assert db.session.query(AuditEvent).filter_by(action="two_factor_enabled", object_id=user.id).count() == 1


def test_a_wrong_code_at_set_up_says_so_next_to_the_field(auth, db, two_steps):
    user = make_user(Role.ADMIN, two_factor=False)
    db.session.commit()
    auth.submit(user.email, client=two_steps)
    two_steps.get("/konto/totrinsbekraeftelse")

    html = page(two_steps.post("/konto/totrinsbekraeftelse", data={"code": "000000"}))
    assert "Koden passer ikke." in html and 'id="code-error"' in html and '<a href="#code">' in html
    empty = page(two_steps.post("/konto/totrinsbekraeftelse", data={"code": ""}))
    assert "Skriv de 6 cifre fra din godkendelsesapp." in empty
    db.session.expire_all()
    assert not db.session.get(User, user.id).two_factor_enabled


def test_only_hashes_of_the_recovery_codes_are_kept(auth, db, two_steps):
    user = make_user(Role.APPROVER, two_factor=False)
    db.session.commit()
    auth.submit(user.email, client=two_steps)
    _, codes = _enrol(two_steps)
    stored = db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10
    assert not set(codes) & set(stored)
    assert not any(code.replace("-", "") in hashed for code in codes for hashed in stored)


def test_log_in_asks_for_the_code_after_the_password(auth, db, two_steps):
    user = make_user(Role.APPROVER, name="Tove Teamleder")
    db.session.commit()

    response = auth.submit(user.email, next="/medarbejder/parter/", client=two_steps)
    assert response.headers["Location"] == "/konto/log-ind/kode"
    assert "Tove Teamleder" not in page(two_steps.get("/")), "not logged in before the code"
    assert two_steps.get("/medarbejder/").headers["Location"].startswith("/konto/log-ind")

    step = page(two_steps.get("/konto/log-ind/kode"))
    assert "Skriv koden fra din app" in step and 'autocomplete="one-time-code"' in step
    wrong = page(two_steps.post("/konto/log-ind/kode", data={"code": "123456"}))
    assert "Koden er forkert eller brugt." in wrong and 'aria-invalid="true"' in wrong

    done = two_steps.post("/konto/log-ind/kode", data={"code": next_app_code(user)})
    assert done.headers["Location"] == "/medarbejder/parter/"
    assert "Tove Teamleder" in page(two_steps.get("/"))


def test_an_app_code_works_only_once(auth, db, app, two_steps):
    user = make_user(Role.ADMIN)
    db.session.commit()
    code = next_app_code(user)
    auth.submit(user.email, client=two_steps)
    assert two_steps.post("/konto/log-ind/kode", data={"code": code}).status_code == 302

    someone_else = app.test_client()
    someone_else.second_step = False
    auth.submit(user.email, client=someone_else)
    replay = page(someone_else.post("/konto/log-ind/kode", data={"code": code}))
    assert "Koden er forkert eller brugt." in replay


def test_a_recovery_code_logs_in_once_and_counts_down(auth, db, app, two_steps):
    user = make_user(Role.ADMIN, two_factor=False, name="Anne Administrator")
    db.session.commit()
    auth.submit(user.email, client=two_steps)
    _, codes = _enrol(two_steps)
    two_steps.post("/konto/log-ud")

    auth.submit(user.email, client=two_steps)
    done = two_steps.post("/konto/log-ind/kode", data={"code": codes[3].upper().replace("-", " ")})
    assert done.status_code == 302
    assert "Du har 9 tilbage." in page(two_steps.get("/"))
    assert "Du har 9 ubrugte gendannelseskoder." in page(two_steps.get("/konto/"))
    two_steps.post("/konto/log-ud")

    auth.submit(user.email, client=two_steps)
    assert "Koden er forkert eller brugt." in page(two_steps.post("/konto/log-ind/kode", data={"code": codes[3]}))


def test_five_wrong_codes_send_back_to_the_password(auth, db, two_steps):
    user = make_user(Role.ADMIN)
    db.session.commit()
    auth.submit(user.email, client=two_steps)
    for _ in range(4):
        assert two_steps.post("/konto/log-ind/kode", data={"code": "000000"}).status_code == 200
    response = two_steps.post("/konto/log-ind/kode", data={"code": "000000"}, follow_redirects=True)
    assert response.request.path == "/konto/log-ind"
    assert "Koden var forkert for mange gange. Log ind igen." in page(response)
    assert two_steps.get("/konto/log-ind/kode").headers["Location"] == "/konto/log-ind"


def test_the_code_step_needs_the_password_first(client):
    assert client.get("/konto/log-ind/kode").headers["Location"] == "/konto/log-ind"
    assert client.post("/konto/log-ind/kode", data={"code": "123456"}).headers["Location"] == "/konto/log-ind"


def test_a_case_officer_may_turn_it_on_and_off_on_my_account(auth, db, two_steps):
    user = make_user(Role.STAFF, name="Søren Sagsbehandler")
    db.session.commit()
    auth.submit(user.email, client=two_steps)
    account = page(two_steps.get("/konto/"))
    assert "Min konto" in account and "Totrinsbekræftelse er slået fra." in account
    assert 'href="/konto/totrinsbekraeftelse"' in account

    _, codes = _enrol(two_steps)
    assert len(codes) == 10
    two_steps.post("/konto/log-ud")
    assert auth.submit(user.email, client=two_steps).headers["Location"] == "/konto/log-ind/kode"
    assert two_steps.post("/konto/log-ind/kode", data={"code": codes[0]}).status_code == 302

    turn_off = "/konto/totrinsbekraeftelse/slaa-fra"
    assert "Koden passer ikke." in page(two_steps.post(turn_off, data={"code": "000000"}))
    done = two_steps.post(turn_off, data={"code": next_app_code(user)}, follow_redirects=True)
    assert "Totrinsbekræftelse er slået fra." in page(done)
    two_steps.post("/konto/log-ud")
    assert auth.submit(user.email, client=two_steps).headers["Location"] == "/medarbejder/opgaver/", \
        "the password alone again, and on to the start page"


def test_administrators_cannot_turn_it_off(auth, db, client):
    user = make_user(Role.ADMIN)
    db.session.commit()
    auth.submit(user.email)
    account = page(client.get("/konto/"))
    assert "Din rolle kræver totrinsbekræftelse, så den kan ikke slås fra." in account
    assert "slaa-fra" not in account
    client.post("/konto/totrinsbekraeftelse/slaa-fra", data={"code": next_app_code(user)})
    db.session.expire_all()
    assert db.session.get(User, user.id).two_factor_enabled


def test_new_recovery_codes_replace_the_old_ones(auth, db, two_steps):
    user = make_user(Role.STAFF)
    db.session.commit()
    auth.submit(user.email, client=two_steps)
    _, old_codes = _enrol(two_steps)

    new_page = "/konto/totrinsbekraeftelse/nye-koder"
    assert "Du har 10 ubrugte gendannelseskoder." in page(two_steps.get(new_page))
    new_codes = RECOVERY.findall(page(two_steps.post(new_page, data={"code": next_app_code(user)})))
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert totp.use_recovery_code(user, old_codes[0]) is False
    assert totp.use_recovery_code(user, new_codes[0]) is True


def test_a_role_that_needs_it_must_set_it_up_at_once(auth, db, app, client):
    officer = make_user(Role.STAFF)
    admin = make_user(Role.ADMIN)
    db.session.commit()
    auth.submit(officer.email)
    assert client.get("/medarbejder/").status_code == 200

    admin_client = app.test_client()
    auth.submit(admin.email, client=admin_client)
    admin_client.post(f"/administration/brugere/{officer.id}/rolle", data={"role": "approver"})
    assert client.get("/medarbejder/").headers["Location"] == "/konto/totrinsbekraeftelse"


def test_the_set_up_page_needs_no_inline_script_or_style(auth, db, two_steps):
    user = make_user(Role.ADMIN, two_factor=False)
    db.session.commit()
    auth.submit(user.email, client=two_steps)
    html = unescape(page(two_steps.get("/konto/totrinsbekraeftelse")))
    assert "<script>" not in html and "style=" not in html.split("data:image/svg+xml")[0]
    assert "<svg" not in html.split("<main")[1].split("</main>")[0], "the QR code is an <img>, not inline SVG"


def test_the_database_refuses_two_step_verification_without_a_secret(db):
    user = make_user(Role.STAFF)
    db.session.commit()
    user.totp_enabled_at = datetime.now(UTC)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
