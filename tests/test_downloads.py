"""Downloads: the name arrives whole (æøå included) and private files are kept by no cache."""

from urllib.parse import unquote

from werkzeug.http import parse_options_header

from app.downloads import send_download

DANISH_NAME = "Høringssvar fra Ældrerådet – § 85.pdf"


def _names(response) -> dict[str, str]:
    value, options = parse_options_header(response.headers["Content-Disposition"])
    assert value == "attachment"
    return options


def test_a_private_download_is_stored_by_no_cache(app):
    with app.test_request_context():
        response = send_download(b"%PDF-1.7", "kvittering.pdf", "application/pdf")
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert _names(response)["filename"] == "kvittering.pdf"


def test_a_danish_filename_survives(app):
    with app.test_request_context():
        response = send_download("{}", DANISH_NAME, "application/json")
    header = response.headers["Content-Disposition"]
    assert "filename*=UTF-8''" in header  # RFC 6266: the UTF-8 name, percent-encoded
    assert unquote(header.split("filename*=UTF-8''")[1]) == DANISH_NAME
    assert header.isascii()  # with a plain `filename` for clients that read only that
    assert _names(response)["filename"] == DANISH_NAME  # as a standard parser reads it back


def test_a_public_download_may_be_cached_a_few_minutes(app):
    with app.test_request_context():
        response = send_download(b"PK", "hoeringsnotat.docx", "application/octet-stream", private=False)
    assert response.cache_control.public and response.cache_control.max_age == 300
    assert "no-store" not in response.headers["Cache-Control"]
