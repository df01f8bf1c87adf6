"""A PDF that runs JavaScript, launches a program or carries files inside is refused, next to the file field."""

import io

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from app.attachments.checks import check_document
from app.attachments.models import Attachment
from app.extensions import db
from tests.factories import a_pdf
from tests.responses.helpers import TYPED, form_data, textareas, the_response

REFUSED = "indeholder JavaScript, en handling der starter et program, eller indlejrede filer"


def _pdf(change) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _open_action(action: str, **fields):
    def change(writer):
        entries = {NameObject("/S"): NameObject(action)}
        entries.update({NameObject(k): TextStringObject(v) for k, v in fields.items()})
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(DictionaryObject(entries))
    return change


def _page_action(writer):
    """JavaScript on opening the page (/AA), not the document."""
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")})
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): writer._add_object(action)})


def _named_javascript(writer):
    """Document-level JavaScript in the catalogue's /Names tree."""
    action = writer._add_object(DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('hej');")}))
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("start"), action])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): writer._add_object(tree)})


ACTIVE = {
    "open-action-javascript": _pdf(_open_action("/JavaScript", **{"/JS": "app.alert('hej')"})),
    "document-javascript": _pdf(_named_javascript),
    "launch": _pdf(_open_action("/Launch", **{"/F": "cmd.exe"})),
    "embedded-file": _pdf(lambda writer: writer.add_attachment("program.exe", b"MZ\x90\x00")),
    "page-javascript": _pdf(_page_action),
}


@pytest.mark.parametrize("data", ACTIVE.values(), ids=ACTIVE.keys())
def test_an_active_pdf_is_refused_and_the_typed_text_kept(client, party, data):
    page = client.get(party.url).get_data(as_text=True)
    form = form_data(page, action="save", **{"section-s84": TYPED})
    form["attachments"] = (io.BytesIO(data), "svar.pdf")
    answer = client.post(party.url, data=form, content_type="multipart/form-data")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and f"Filen svar.pdf {REFUSED}" in html
    assert 'id="attachments-error"' in html, "the message is next to the field"
    assert textareas(html)["section-s84"] == TYPED and the_response().draft["section-s84"] == TYPED
    assert db.session.query(Attachment).count() == 0


def test_a_plain_pdf_with_a_link_is_still_accepted():
    def link(writer):
        writer.add_uri(0, "https://www.ltk.dk", [50, 50, 200, 80])
    assert check_document("svar.pdf", _pdf(link)) == "application/pdf"
    assert check_document("svar.pdf", a_pdf()) == "application/pdf"
