"""Every response carries the security headers; the policy allows no inline script."""

import secrets

import pytest

import config
from app import create_app


@pytest.mark.parametrize("path", ["/", "/konto/log-ind", "/findes-ikke", "/tilgaengelighed"])
def test_every_page_has_the_security_headers(client, path):
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers, "HSTS only in production, behind TLS"


def test_production_adds_hsts(monkeypatch, database_url):
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    settings = config.load("production")
    settings.SQLALCHEMY_DATABASE_URI = database_url
    app = create_app(settings)
    response = app.test_client().get("/tilgaengelighed")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
