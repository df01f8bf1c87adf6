"""Files with a response: checked by what they are, refused with a reason, the typed text always kept."""

import io
import zipfile

import pytest
from docx import Document

from app.attachments.models import Attachment
from app.extensions import db
from tests.factories import a_pdf
from tests.responses.helpers import TYPED, form_data, textareas, the_response


def a_docx() -> bytes:
    document = Document()
    document.add_paragraph("Handicaprådets høringssvar")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def a_zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    return out.getvalue()


def _upload(client, party, name: str, data: bytes, **fields):
    page = client.get(party.url).get_data(as_text=True)
    form = form_data(page, action="save", **fields)
    form["attachments"] = (io.BytesIO(data), name)
    return client.post(party.url, data=form, content_type="multipart/form-data")


def test_a_pdf_and_a_word_file_are_attached_and_can_be_downloaded_and_removed(client, party):
    assert _upload(client, party, "høringssvar.pdf", a_pdf()).status_code == 302
    assert _upload(client, party, "bilag.docx", a_docx()).status_code == 302
    page = client.get(party.url).get_data(as_text=True)
    assert "høringssvar.pdf" in page and "bilag.docx" in page

    files = db.session.query(Attachment).order_by(Attachment.id).all()
    assert [f.content_type for f in files] == [
        "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    download = client.get(f"{party.url}/bilag/{files[0].id}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    assert download.headers["Content-Disposition"].startswith("attachment")

    form = form_data(page, remove_attachment=str(files[0].id))
    assert client.post(party.url, data=form).status_code == 302
    page = client.get(party.url).get_data(as_text=True)
    assert "høringssvar.pdf" not in page and "bilag.docx" in page


def test_the_attachments_go_with_the_submission(client, party):
    _upload(client, party, "høringssvar.pdf", a_pdf())
    page = client.get(party.url).get_data(as_text=True)
    client.post(party.url, data=form_data(page, action="submit"))
    response = the_response()
    assert [a["filename"] for a in response.submissions[-1].content["attachments"]] == ["høringssvar.pdf"]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("svar.pdf", b"MZ\x90\x00" + b"\0" * 2048, "er et program og kan ikke vedhæftes"),
    ("svar.pdf", b"", "er tom"),
    ("svar.pdf", b"%PDF-1.7\n" + b"0" * (30 * 1024 * 1024), "er for stor. Den må højst fylde 20 MB"),
    ("svar.docx", a_zip_bomb(), "pakker sig ud til langt mere end den fylder"),
    ("svar.pdf", b"%PDF-1.7\nnot really a pdf at all", "kan ikke åbnes, den ser ud til at være beskadiget"),
    ("billede.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "er ikke en PDF-, Word- (.docx) eller OpenDocument-fil"),
], ids=["renamed-exe", "empty", "30-mb", "zip-bomb", "damaged-pdf", "image"])
def test_a_bad_file_is_refused_by_name_and_the_typed_text_is_kept(client, party, name, data, message):
    answer = _upload(client, party, name, data, **{"section-s84": TYPED})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert f"Filen {name} {message}" in html
    assert 'id="attachments-error"' in html, "the message is next to the field"
    assert textareas(html)["section-s84"] == TYPED
    assert the_response().draft["section-s84"] == TYPED, "the text was saved all the same"
    assert db.session.query(Attachment).count() == 0


def test_at_most_ten_files(client, party):
    for n in range(10):
        assert _upload(client, party, f"bilag-{n}.pdf", a_pdf()).status_code == 302
    eleventh = _upload(client, party, "bilag-10.pdf", a_pdf()).get_data(as_text=True)
    assert "Der kan højst vedhæftes 10 filer. bilag-10.pdf er ikke vedhæftet." in eleventh
    assert db.session.query(Attachment).count() == 10


def test_another_partys_file_cannot_be_fetched_through_this_link(client, party):
    other = Attachment(filename="fortroligt.pdf", content_type="application/pdf", size=3, sha256="0" * 64, data=b"%PD")
    db.session.add(other)
    db.session.commit()
    assert client.get(f"{party.url}/bilag/{other.id}").status_code == 404
