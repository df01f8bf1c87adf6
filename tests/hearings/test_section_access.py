"""The section editor: two people at once, and who may use it."""

import re

import pytest

from app.accounts.models import Role
from tests.factories import make_user
from tests.hearings.section_helpers import HASH, editor_base, form_hash, sections_of

# -- two people at once ----------------------------------------------------------------------------


def test_a_concurrent_edit_is_refused_with_both_texts_and_nothing_lost(auth, db, app, officer, draft):
    from tests.conftest import IsolatedClient

    app.test_client_class = IsolatedClient
    colleague = make_user(Role.STAFF, name="Sara Sagsbehandler")
    draft.officers.append(colleague)
    db.session.commit()
    first, second = app.test_client(), app.test_client()
    auth.log_in(officer, client=first)
    auth.log_in(colleague, client=second)
    first_hash, second_hash = form_hash(first, draft, "bilag"), form_hash(second, draft, "bilag")

    assert first.post(f"{editor_base(draft)}/bilag/ret", data={
        "heading": "Bilag", "text": "Søren skrev dette.", "text_hash": first_hash}).status_code == 302
    response = second.post(f"{editor_base(draft)}/bilag/ret", data={
        "heading": "Bilag 1", "text": "Sara skrev noget andet.", "text_hash": second_hash})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "En anden har gemt en ændring af afsnittet" in page
    assert "Søren skrev dette." in page, "the saved text is shown"
    assert "Sara skrev noget andet." in page and 'value="Bilag 1"' in page, "and what she typed is kept"
    assert sections_of(db, draft)[4].body_html == "<p>Søren skrev dette.</p>"

    # Having seen both, she saves on purpose.
    assert second.post(f"{editor_base(draft)}/bilag/ret", data={
        "heading": "Bilag 1", "text": "Søren skrev dette. Sara skrev noget andet.",
        "text_hash": HASH.search(page).group(1)}).status_code == 302
    assert sections_of(db, draft)[4].body_html == "<p>Søren skrev dette. Sara skrev noget andet.</p>"


# -- who may ---------------------------------------------------------------------------------------

ROUTES = [
    ("get", ""), ("get", "/forord/ret"), ("post", "/forord/ret"), ("get", "/forord/del"), ("post", "/forord/del"),
    ("post", "/forord/flyt/ned"), ("post", "/forord/slaa-sammen"), ("post", "/nummerer"),
]
ROLES = {"anonymous": 302, "committee": 403, "staff not on the hearing": 403, "officer": None, "approver": None,
         "administrator": None}
# What a user who may edit gets; the posts carry a stale hash, so the forms say the text changed meanwhile.
ALLOWED = {"/forord/ret": {"get": 200, "post": 409}, "/forord/del": {"get": 200, "post": 200}}


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize("who", ROLES)
def test_who_may_use_the_editor(auth, db, client, officer, draft, method, path, who):
    users = {
        "committee": lambda: make_user(Role.COMMITTEE), "staff not on the hearing": lambda: make_user(Role.STAFF),
        "officer": lambda: officer, "approver": lambda: make_user(Role.APPROVER),
        "administrator": lambda: make_user(Role.ADMIN),
    }
    if who != "anonymous":
        user = users[who]()
        db.session.commit()
        auth.log_in(user)
    data = {"heading": "Forord 2", "before": "1", "text_hash": "0" * 64} if method == "post" else None
    response = getattr(client, method)(editor_base(draft) + path, data=data)
    expected = ROLES[who] or ALLOWED.get(path, {}).get(method) or (200 if method == "get" else 302)
    assert response.status_code == expected
    if who == "anonymous":
        assert "/konto/log-ind" in response.headers["Location"]


def test_an_unknown_section_or_hearing_is_not_found(auth, db, client, officer, draft):
    auth.log_in(officer)
    assert client.get(f"{editor_base(draft)}/findes-ikke/ret").status_code == 404
    assert client.get(f"{editor_base(draft)}/findes-ikke/del").status_code == 404
    assert client.post(f"{editor_base(draft)}/findes-ikke/flyt/op").status_code == 404
    assert client.get("/medarbejder/hoeringer/findes-ikke/afsnit").status_code == 404


def test_every_change_needs_the_csrf_token(csrf_app, auth, db, officer, draft):
    from tests.conftest import IsolatedClient

    csrf_app.test_client_class = IsolatedClient
    client = csrf_app.test_client()
    page = client.get("/konto/log-ind").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    auth.submit(officer.email, client=client, csrf_token=token)
    assert client.post(f"{editor_base(draft)}/bilag/flyt/op").status_code == 400
    editor = client.get(editor_base(draft)).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', editor).group(1)
    assert client.post(f"{editor_base(draft)}/bilag/flyt/op", data={"csrf_token": token}).status_code == 302
    assert [s.key for s in sections_of(db, draft)][1] == "bilag"
