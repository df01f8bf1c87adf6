"""Issue #17, item 1: a council member attaches files while a colleague of the same council types.

The upload used to merge the texts under the row lock, commit, and then add the file in a second,
unlocked save: a colleague's autosave in between made that second save stale, the request
answered 500 (StaleDataError) and the file was gone. Now the texts and the files are saved in
one locked save, merged onto whatever the colleague saved.

Each person runs in a thread of its own with a client of its own, released together by a barrier
(tests/faults/test_concurrent_saves.py); the colleague keeps saving until every upload has been
answered, so their saves fall inside the uploads, however fast or slow the machine.
"""

import io
import threading

import pytest
from sqlalchemy import func, select

from app.attachments.models import Attachment
from app.extensions import db
from tests.factories import MB, a_large_pdf, make_party
from tests.faults.database_helpers import at_once
from tests.responses.helpers import form_data, the_response

# However slow the machine, the colleague stops after this many saves (each is a real round trip).
MOST_SAVES = 400


@pytest.fixture
def party(db):
    return make_party(db)


def colleague_typing(url: str, uploads_done: threading.Event, saves: list):
    """Sara types in "Generelt" and the page saves by itself, again and again until the uploads are done."""

    def run(own_client):
        while len(saves) < MOST_SAVES:
            finished = uploads_done.is_set()  # read before the save: one more save after the last upload
            page = own_client.get(url).get_data(as_text=True)
            text = f"Sara skriver, udgave {len(saves)}."
            answer = own_client.post(url, data=form_data(page, general=text, autosave="1"))
            saves.append((text, answer.status_code, answer.get_json(silent=True)))
            if finished:
                return
    return run


def uploader(url: str, page: str, name: str, data: bytes, left: list, uploads_done: threading.Event):
    def run(own_client):
        form = form_data(page, action="save")
        form["attachments"] = (io.BytesIO(data), name)
        try:
            answer = own_client.post(url, data=form, content_type="multipart/form-data")
            return answer.status_code, answer.get_data(as_text=True)
        finally:
            left.pop()
            if not left:
                uploads_done.set()
    return run


@pytest.mark.parametrize(("files", "size"), [(1, 19 * MB), (4, 5 * MB)], ids=["one-19-mb-file", "four-at-once"])
def test_files_attached_while_a_colleague_autosaves_are_all_kept_and_so_is_every_text(app, client, party, files,
                                                                                       size):
    member, colleague = [f"/svar/{token}" for token in party.tokens]
    page = client.get(member).get_data(as_text=True)
    names = [f"bilag-{n}.pdf" for n in range(files)]
    data = a_large_pdf(size)
    done, left, saves = threading.Event(), list(names), []

    results = at_once(app, [colleague_typing(colleague, done, saves)]
                       + [uploader(member, page, name, data, left, done) for name in names])

    uploads = results[1:]
    assert [status for status, _html in uploads if status >= 500] == [], "no upload ends in a server error"
    assert all(status in (200, 302) for status, _html in uploads), [status for status, _html in uploads]
    assert saves and all(status == 200 and body["saved"] for _text, status, body in saves), [
        (status, body) for _text, status, body in saves if status != 200 or not body["saved"]][:3]
    response = the_response()
    kept = db.session.scalars(select(Attachment.filename).where(Attachment.id.in_(response.draft["attachments"])))
    assert sorted(kept) == names, "every file is on the response"
    assert db.session.scalar(select(func.count(Attachment.id))) == files, "and no file is left over, unattached"
    assert response.draft["general"] == saves[-1][0], "the colleague's last text is kept"
    assert response.draft["signed_name"] == "Ion Meyer"
