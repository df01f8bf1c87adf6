"""The app as a whole: settings, error pages, language, redirects, CSRF."""

import pytest

import config
from app.urls import safe_next_url


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        config.load("production")


def test_production_takes_its_secret_key_from_the_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "kX3vQ9pL2mZ7rT5wY8nB4cF6hJ1dG0sA")
    settings = config.load("production")
    assert settings.SECRET_KEY == "kX3vQ9pL2mZ7rT5wY8nB4cF6hJ1dG0sA"
    assert settings.SESSION_COOKIE_SECURE is True


def test_an_unknown_page_is_a_danish_404_in_the_layout(client):
    response = client.get("/findes-ikke")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Siden findes ikke" in page
    assert 'lang="da"' in page
    assert 'id="main-content"' in page


def test_a_crash_shows_a_calm_page_without_internals(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/crash-test")
    def crash():
        raise RuntimeError("SELECT secret FROM users")

    response = client.get("/crash-test")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Der skete en fejl" in page
    assert "SELECT" not in page and "Traceback" not in page and "RuntimeError" not in page


def test_the_language_switch_turns_the_page_english_and_back(client):
    assert '<html lang="da"' in client.get("/").get_data(as_text=True)

    response = client.get("/sprog/en?next=/tilgaengelighed")
    assert response.status_code == 302
    assert response.headers["Location"] == "/tilgaengelighed"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en"' in page
    assert "<h1>Hearings</h1>" in page or ">Hearings</h1>" in page

    client.get("/sprog/da?next=/")
    assert '<html lang="da"' in client.get("/").get_data(as_text=True)


def test_the_language_switch_ignores_a_foreign_redirect(client):
    response = client.get("/sprog/en?next=https://evil.example.com/")
    assert response.headers["Location"] == "/"


def test_an_unknown_language_is_not_found(client):
    assert client.get("/sprog/xx").status_code == 404


def test_the_language_is_kept_in_a_cookie_of_its_own_and_a_visitor_gets_no_session(client):
    response = client.get("/sprog/en?next=/")
    [cookie] = response.headers.getlist("Set-Cookie")
    assert cookie.startswith("language=en;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Max-Age=31536000" in cookie
    assert "Set-Cookie" not in client.get("/").headers  # reading needs no session (public pages are cached)


def test_a_post_without_csrf_token_is_refused(csrf_app, client):
    response = client.post("/konto/log-ud", data={})
    assert response.status_code == 400
    assert "Forkert forespørgsel" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/hoeringer/x?y=1", "/hoeringer/x?y=1"),
        ("/", "/"),
        ("", None),
        (None, None),
        ("https://evil.example.com/", None),
        ("//evil.example.com/", None),
        ("/\\evil.example.com", None),
        ("javascript:alert(1)", None),
        ("relative/path", None),
        ("/ok\r\nSet-Cookie: x=1", None),
    ],
)
def test_only_local_paths_are_redirect_targets(target, expected):
    assert safe_next_url(target) == expected
