"""Issue #17, item 4: the forms promise 10 files of 20 MB each, and the request limit keeps that promise.

With CSRF protection on (as in production), the citizen's form used to be read by the CSRF check
before the view raised its limit, so two 14 MB PDFs got a bare 413 page and the typed text was
gone. Real multipart bodies of that size go through the test client here.
"""

import io
import re

import pytest
from sqlalchemy import func, select

from app.attachments.models import Attachment
from app.extensions import db
from app.hearings.models import Hearing
from tests.factories import MB, a_large_pdf, make_party
from tests.responses.helpers import form_data, textareas, the_response

TYPED = {
    "citizen_name": "Karen Hansen", "citizen_email": "karen@example.org",
    "citizen_organisation": "Forældreforeningen", "publish_name": "yes",
    "general": "Jeg har vedlagt to breve fra kommunen.", "section-s84-omfang": "60 døgn er for lidt for os.",
}


@pytest.fixture
def public(csrf_app, db):
    party = make_party(db)
    db.session.get(Hearing, party.hearing_id).is_public = True
    db.session.commit()
    return f"/hoeringer/{party.slug}/svar"


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def _send(client, url: str, files: list[tuple[str, bytes]], **fields):
    data = {"csrf_token": _token(client.get(url).get_data(as_text=True)), **TYPED, **fields,
            "attachments": [(io.BytesIO(content), name) for name, content in files]}
    return client.post(url, data=data, content_type="multipart/form-data")


def _value(html: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html).group(1)


def test_a_citizen_sends_two_14_mb_pdfs_and_both_are_kept(client, public):
    answer = _send(client, public, [("brev-1.pdf", a_large_pdf(14 * MB)), ("brev-2.pdf", a_large_pdf(14 * MB))])
    assert answer.status_code == 302, answer.status_code
    response = the_response()
    kept = db.session.scalars(select(Attachment.filename).where(Attachment.id.in_(response.draft["attachments"])))
    assert sorted(kept) == ["brev-1.pdf", "brev-2.pdf"]
    assert response.draft["general"] == TYPED["general"]


def test_a_file_over_20_mb_is_refused_by_name_next_to_the_field_and_every_typed_field_is_kept(client, public):
    answer = _send(client, public, [("brev.pdf", a_large_pdf(14 * MB)), ("video.pdf", a_large_pdf(45 * MB))])
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422, answer.status_code
    assert re.search(r'id="attachments-error"[^>]*>.*Filen video\.pdf er for stor\. Den må højst fylde 20 MB',
                     html, re.S), "the reason stands next to the file field"
    assert textareas(html)["general"] == TYPED["general"]
    assert textareas(html)["section-s84-omfang"] == TYPED["section-s84-omfang"]
    for name in ("citizen_name", "citizen_email", "citizen_organisation"):
        assert _value(html, name) == TYPED[name], name
    assert re.search(r'<input checked[^>]*value="yes"', html), "the choice to show the name is kept"
    assert db.session.scalar(select(func.count(Attachment.id))) == 0


def test_an_eleventh_file_is_refused_by_name_and_the_text_kept(client, public):
    small = a_large_pdf(1024)
    files = [(f"bilag-{n}.pdf", b"" if n == 1 else small) for n in range(11)]  # the second is refused too
    answer = _send(client, public, files)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "Filen bilag-1.pdf er tom." in html
    assert "Der kan højst vedhæftes 10 filer. bilag-10.pdf er ikke vedhæftet." in html
    assert textareas(html)["general"] == TYPED["general"]


def test_a_party_attaches_three_large_files_in_one_save(csrf_app, client, db):
    party = make_party(db)
    page = client.get(party.url).get_data(as_text=True)
    form = form_data(page, action="save", csrf_token=_token(page), general="Se de vedlagte bilag.")
    form["attachments"] = [(io.BytesIO(a_large_pdf(19 * MB)), f"bilag-{n}.pdf") for n in range(3)]
    answer = client.post(party.url, data=form, content_type="multipart/form-data")
    assert answer.status_code == 302, answer.status_code
    assert len(the_response().draft["attachments"]) == 3


def test_forms_without_files_keep_the_apps_own_limit(client, db):
    """Only forms that take files read large bodies: a 26 MB log-in is refused before it is read."""
    answer = client.post("/konto/log-ind", data={"email": "a@example.org", "password": "x" * (26 * MB)})
    assert answer.status_code == 413
