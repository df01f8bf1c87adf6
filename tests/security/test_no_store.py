"""Pages for one person are never stored by a browser or a shared cache; public pages and static files are.

Every GET route of the app (tests/pages_inventory.py), opened by each kind of person who may open it.
"""

from flask import url_for

from tests.conftest import AuthActions
from tests.pages_inventory import ROLES, page_urls, roles_for

# A public route that is never cacheable, whoever asks.
ALWAYS_NO_STORE = {"serving.health"}
PUBLICLY_CACHED = {"public.memo_file", "api.hearings", "api.hearing", "api.openapi"}


def _clients(app, users):
    clients = {}
    for role in ROLES:
        clients[role] = app.test_client()
        if role not in ("anonymous", "party"):
            AuthActions(clients[role]).log_in(users[role])
    return clients


def test_every_personal_page_says_no_store_and_public_pages_do_not(app, client, rich_world):
    clients = _clients(app, rich_world["users"])
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    wrong, public_seen = [], set()
    for role in ROLES:
        for endpoint, url in page_urls(app, rich_world["values"]):
            if role not in roles_for(endpoint):
                continue
            response = clients[role].get(url)
            cache = response.headers.get("Cache-Control", "")
            personal = role != "anonymous" or "token" in rules[endpoint].arguments
            if personal and "no-store" not in cache:
                wrong.append(f"{role} GET {url} ({response.status_code}): Cache-Control {cache!r}")
            elif not personal and endpoint not in ALWAYS_NO_STORE and "no-store" in cache:
                wrong.append(f"anonymous GET {url} ({response.status_code}): public, yet {cache!r}")
            if not personal and endpoint in PUBLICLY_CACHED and response.status_code == 200:
                public_seen.add(endpoint)
                if "public" not in cache:
                    wrong.append(f"anonymous GET {url}: no longer cached publicly ({cache!r})")
    assert not wrong, "\n".join(wrong)
    assert {"api.hearings", "api.hearing"} <= public_seen, "the public, cached pages were reached"


def test_static_files_keep_their_caching_for_a_logged_in_user(app, client, rich_world):
    clients = _clients(app, rich_world["users"])
    with app.test_request_context():
        url = url_for("static", filename="css/app.css")
    anonymous = clients["anonymous"].get(url)
    officer = clients["officer"].get(url)
    assert officer.status_code == anonymous.status_code == 200
    assert "no-store" not in officer.headers.get("Cache-Control", "")
    assert officer.headers.get("Cache-Control") == anonymous.headers.get("Cache-Control")


def test_the_answer_to_a_form_is_not_stored(app, client, rich_world):
    clients = _clients(app, rich_world["users"])
    answer = clients["anonymous"].post("/persondata", data={"email": "borger@example.org"})
    assert "no-store" in answer.headers.get("Cache-Control", "")
    slug = rich_world["values"][0]["slug"]
    refused = clients["officer"].post(f"/medarbejder/hoeringer/{slug}/frist", data={})
    assert refused.status_code == 200 and "no-store" in refused.headers.get("Cache-Control", "")
