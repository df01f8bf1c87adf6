"""A hostile visitor tries the response page, the citizen page, the staff pages and the exports:
huge texts, invisible control characters, script, SQL, and a file that is two things at once.
Nothing breaks, nothing runs, nothing typed is lost, and every refusal is in Danish next to its field."""

import csv
import io
import re

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.attachments.models import Attachment
from app.extensions import db
from app.hearings.models import Hearing
from app.responses.models import Comment, Response, ResponseState
from tests.factories import PASSWORD, a_pdf, make_party, make_user
from tests.jobs_worker import fetch_through_job
from tests.responses.helpers import citizen_form, form_data, textareas, the_response

SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
SQL = "Robert'); DROP TABLE responses; -- og ' OR '1'='1"
RIGHT_TO_LEFT = "Karen\u202eevil.exe"  # a right-to-left override that makes a name read backwards
CONTROL = "Karen\x07\x1bHansen"


@pytest.fixture
def party(db):
    return make_party(db)


def _save(client, party, **fields):
    page = client.get(party.url).get_data(as_text=True)
    return client.post(party.url, data=form_data(page, action="save", **fields))


def test_a_10_mb_comment_is_refused_with_a_reason_and_nothing_breaks(client, party):
    huge = "Aflastning. " * (10 * 1024 * 1024 // 12)
    answer = _save(client, party, **{"section-s84": huge, "section-s85": "Kort bemærkning."})
    page = answer.get_data(as_text=True)
    assert answer.status_code in (200, 413, 422)
    assert "Der skete en fejl" not in page
    if answer.status_code != 413:
        assert "section-s84-error" in page  # the reason stands next to the field
        assert textareas(page)["section-s85"] == "Kort bemærkning."  # the rest is kept
    response = the_response()
    assert response is None or len((response.draft or {}).get("section-s84", "")) <= 30_000


@pytest.mark.parametrize("name", [RIGHT_TO_LEFT, CONTROL], ids=["right-to-left-override", "control-characters"])
def test_invisible_control_characters_in_a_name_are_refused(client, party, name):
    answer = _save(client, party, signed_name=name, **{"section-s84": "Vi ønsker 90 døgn."})
    page = answer.get_data(as_text=True)
    assert "Teksten indeholder usynlige styretegn" in page
    assert textareas(page)["section-s84"] == "Vi ønsker 90 døgn."


def test_control_characters_in_a_citizens_name_are_refused(client, party):
    hearing = db.session.get(Hearing, party.hearing_id)
    hearing.is_public = True
    db.session.commit()
    answer = client.post(f"/hoeringer/{hearing.slug}/svar", data=citizen_form(citizen_name=RIGHT_TO_LEFT))
    assert answer.status_code == 422
    assert "Teksten indeholder usynlige styretegn" in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Response.id))) == 0


def _submitted(client, party, text):
    page = client.get(party.url).get_data(as_text=True)
    answer = client.post(party.url, data=form_data(page, action="submit", **{"section-s84": text}))
    assert answer.status_code == 302, answer.get_data(as_text=True)[:500]
    return the_response()


def test_script_and_sql_are_kept_as_words_and_never_run(client, party, app, jobs_worker):
    response = _submitted(client, party, f"{SCRIPT}\n\n{SQL}")
    assert response.state is ResponseState.SUBMITTED
    [comment] = db.session.scalars(select(Comment)).all()
    assert SCRIPT in comment.text and SQL in comment.text  # stored exactly as typed
    assert db.session.scalar(select(func.count(Response.id))) == 1  # the table is still there

    hearing = db.session.get(Hearing, party.hearing_id)
    officer = make_user(Role.STAFF)
    hearing.officers.append(officer)
    db.session.commit()
    client.post("/konto/log-ind", data={"email": officer.email, "password": PASSWORD})
    pages = [
        f"/medarbejder/hoeringer/{hearing.slug}/besvarelse/s84",
        f"/medarbejder/hoeringer/{hearing.slug}/svar/{response.id}/versioner",
        f"/medarbejder/hoeringer/{hearing.slug}/soeg?q=DROP",
        f"/medarbejder/hoeringer/{hearing.slug}/hoeringsnotat",
    ]
    for url in pages:
        answer = client.get(url)
        html = answer.get_data(as_text=True)
        assert answer.status_code == 200, url
        assert "<script>alert" not in html and "<img src=x" not in html, url
        body = re.sub(r'<script src="/static/[^"]+" defer></script>', "", html.split("</head>")[-1])  # our own
        assert "&lt;script&gt;alert" in html or "script" not in body.lower(), url
    memo_html, _job = fetch_through_job(client, f"/medarbejder/hoeringer/{hearing.slug}/hoeringsnotat/html")
    assert "<script>alert" not in memo_html.get_data(as_text=True)
    assert "&lt;script&gt;alert" in memo_html.get_data(as_text=True)
    raw_csv, _job = fetch_through_job(client, f"/medarbejder/hoeringer/{hearing.slug}/hoeringsnotat/csv")
    raw = raw_csv.data.decode("utf-8-sig")
    [_header, row] = list(csv.reader(io.StringIO(raw)))
    assert row[2] == comment.text  # a spreadsheet shows the words; they start with "<", not a formula sign


def test_search_with_sql_and_script_returns_normally(client, party):
    _submitted(client, party, "Vi ønsker flere aflastningsdøgn.")
    hearing = db.session.get(Hearing, party.hearing_id)
    officer = make_user(Role.STAFF)
    db.session.commit()
    client.post("/konto/log-ind", data={"email": officer.email, "password": PASSWORD})
    for query in (SQL, SCRIPT, "aflastningsdøgn' UNION SELECT password_hash FROM users --", '"', "\\", "*"):
        answer = client.get(f"/medarbejder/hoeringer/{hearing.slug}/soeg", query_string={"q": query})
        assert answer.status_code == 200, query
        assert "password_hash" not in answer.get_data(as_text=True).replace(query, "") or query.startswith("afl")


def test_a_polyglot_pdf_is_only_ever_served_as_a_download(client, party):
    """A real PDF with a web page appended: it opens as a PDF, so it is accepted, and it can never
    run in the browser, because it is always sent as an attachment of type PDF that may not be sniffed."""
    polyglot = a_pdf() + b"\n<html><script>alert(document.cookie)</script></html>\n"
    page = client.get(party.url).get_data(as_text=True)
    form = form_data(page, action="save", **{"section-s84": "Se bilaget."})
    form["attachments"] = (io.BytesIO(polyglot), "svar.html.pdf")
    assert client.post(party.url, data=form, content_type="multipart/form-data").status_code in (200, 302)
    attachment = db.session.scalar(select(Attachment))
    assert attachment is not None and attachment.content_type == "application/pdf"
    download = client.get(f"{party.url}/bilag/{attachment.id}")
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_an_html_file_renamed_to_pdf_is_refused(client, party):
    page = client.get(party.url).get_data(as_text=True)
    form = form_data(page, action="save", **{"section-s84": "Se bilaget."})
    form["attachments"] = (io.BytesIO(b"<html><script>alert(1)</script></html>"), "svar.pdf")
    answer = client.post(party.url, data=form, content_type="multipart/form-data")
    assert "Filen svar.pdf" in answer.get_data(as_text=True)
    assert db.session.scalar(select(Attachment)) is None
