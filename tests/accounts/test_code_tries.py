"""The five tries at the code of two-step verification are counted on the server: a copy of the cookie
from before the wrong codes does not give them back, and neither do requests sent side by side."""

import pytest

from app.accounts.models import Role
from tests.accounts.helpers import page
from tests.factories import make_user, next_app_code

CODE = "/konto/log-ind/kode"


@pytest.fixture
def two_steps(client):
    client.second_step = False
    return client


def _wrong(client):
    return client.post(CODE, data={"code": "000000"})


def test_replaying_the_cookie_from_before_the_wrong_codes_gives_no_new_tries(db, auth, two_steps):
    user = make_user(Role.ADMIN)
    db.session.commit()
    assert auth.submit(user.email, client=two_steps).headers["Location"] == CODE
    fresh = two_steps.get_cookie("session").value  # the cookie right after the password

    assert [_wrong(two_steps).status_code for _ in range(4)] == [200] * 4
    two_steps.set_cookie("session", fresh)  # as an attacker who kept it would
    last = _wrong(two_steps)
    assert last.status_code == 302 and last.headers["Location"] == "/konto/log-ind"

    two_steps.set_cookie("session", fresh)  # again: still refused, even with the right code
    refused = two_steps.post(CODE, data={"code": next_app_code(user)})
    assert refused.headers["Location"] == "/konto/log-ind"
    assert two_steps.get("/konto/").status_code == 302  # not logged in

    # The person who knows the password starts again and gets five new tries.
    auth.submit(user.email, client=two_steps)
    assert _wrong(two_steps).status_code == 200
    done = two_steps.post(CODE, data={"code": next_app_code(user)}, follow_redirects=True)
    assert done.request.path == "/medarbejder/opgaver/" and two_steps.get("/konto/").status_code == 200
    assert "Koden er forkert" not in page(done)


def test_each_try_is_counted_before_the_code_is_checked(db, auth, two_steps):
    """Tries sent side by side each find the count already raised by those before them."""
    user = make_user(Role.APPROVER)
    db.session.commit()
    auth.submit(user.email, client=two_steps)
    fresh = two_steps.get_cookie("session").value
    statuses = []
    for _ in range(7):  # every request carries the same cookie, as parallel requests would
        two_steps.set_cookie("session", fresh)
        statuses.append(_wrong(two_steps).status_code)
    assert statuses == [200] * 4 + [302] * 3
    db.session.refresh(user)
    assert user.second_step_tries == 5
