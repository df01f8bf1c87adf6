"""gunicorn's access log, as production writes it, keeps the route of a personal link but never its key."""

import http.client

import pytest
from itsdangerous import URLSafeTimedSerializer

from app.hearings.tokens import new_token
from tests.faults.database_helpers import WAIT_SECONDS
from tests.pages_inventory import page_urls

pytest.importorskip("gunicorn")

from tests.faults.gunicorn import Gunicorn  # noqa: E402 (needs gunicorn)


def _get(port: int, path: str, referer: str | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT_SECONDS * 2)
    connection.request("GET", path, headers={"Referer": referer} if referer else {})
    answer = connection.getresponse()
    answer.read()
    connection.close()
    return answer.status


def test_tokens_are_not_written_to_the_access_log(app, database_url, tmp_path):
    party, reset, confirm = new_token(), new_token(), new_token()
    # The personal-data link's token is signed data: the address, readable in base64.
    data = URLSafeTimedSerializer("some-secret", salt="persondata").dumps("borger@example.org")
    paths = [f"/svar/{party}", f"/svar/{party}/kvittering", f"/konto/ny-adgangskode/{reset}",
             f"/hoeringer/kvalitetsstandarder/bekraeft/{confirm}", f"/persondata/{data}"]
    log = tmp_path / "gunicorn.log"
    server = Gunicorn(database_url, log)
    try:
        for path in paths:
            _get(server.port, path)
        # The party's page asks for its style sheet: the browser says which page it came from.
        assert _get(server.port, "/static/css/app.css", referer=f"http://127.0.0.1:{server.port}/svar/{party}") == 200
    finally:
        server.stop()
    written = log.read_text()
    for secret in (party, reset, confirm, data, data.split(".")[0]):
        assert secret not in written, f"a token is in the access log:\n{written}"
    for route in ("/svar/[token]", "/svar/[token]/kvittering", "/konto/ny-adgangskode/[token]",
                  "/hoeringer/kvalitetsstandarder/bekraeft/[token]", "/persondata/[token]"):
        assert f"GET {route} HTTP/1.1" in written, f"the request is still logged, by its route:\n{written}"
    assert f'"http://127.0.0.1:{server.port}/svar/[token]"' in written, "the Referer, redacted"


def test_a_request_that_fails_is_logged_by_its_route_only(tmp_path):
    """gunicorn's error log names a request that raised ("Error handling request GET /svar/..."): here a
    database without tables makes the party's page fail."""
    token = new_token()
    log = tmp_path / "gunicorn.log"
    server = Gunicorn(f"sqlite:///{tmp_path / 'empty.sqlite'}", log)
    try:
        assert _get(server.port, f"/svar/{token}") == 500
    finally:
        server.stop()
    written = log.read_text()
    assert "Error handling request GET /svar/[token]" in written, written[-3000:]
    assert token not in written


def test_no_page_reached_by_a_token_sends_it_to_another_site(app, client, rich_world):
    """Links out of a personal page carry no Referer: the policy is same-origin on every one of them,
    and no page loosens it."""
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    seen = 0
    for endpoint, url in page_urls(app, rich_world["values"]):
        if "token" not in rules[endpoint].arguments:
            continue
        response = client.get(url)
        seen += 1
        assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer"), url
        assert 'name="referrer"' not in response.get_data(as_text=True), url
    assert seen >= 8, "the pages of party links, password, confirmation and personal-data links were opened"


def test_the_apps_own_log_of_a_failed_request_names_the_route_not_the_token(app, caplog):
    token = new_token()
    app.logger.error("Exception on %s [%s]", f"/svar/{token}/kvittering", "POST")  # Flask's words on a 500
    assert token not in caplog.text and "Exception on /svar/[token]/kvittering [POST]" in caplog.text
