"""A letter's "ingen bemærkninger" to a section is kept as a no-remarks point on that section,
shown in the memo ("Handicaprådet har ingen bemærkninger til § 100 …"), and asks for no reply.

Registered through the pages as an officer would, with the corpus's ODT letter.
"""

import io

import pytest
from sqlalchemy import select

from app.extensions import db
from app.hearings.models import Hearing
from app.memos.compile import compile_memo
from app.replies.progress import next_unanswered
from app.responses.models import Response, ResponseKind
from tests.corpus import scoring
from tests.responses.letter_files import form_values, make_2019_hearing


@pytest.fixture
def registered(auth, client, db):
    r = make_2019_hearing(db)
    auth.log_in(officer_of=r.hearing_id)
    data = (scoring.CORPUS / "letter-2019.odt").read_bytes()
    split = client.post(r.url, content_type="multipart/form-data", data={
        "organisation_id": str(r.organisation_id), "received_on": "2019-06-03", "signed_name": "Ion Meyer",
        "signed_role": "Formand", "text": "", "action": "extract", "letter": (io.BytesIO(data), "svar.odt"),
    })
    assert split.status_code == 200, split.get_data(as_text=True)
    preview = client.post(r.url, data={**form_values(split.get_data(as_text=True)), "action": "preview"})
    html = preview.get_data(as_text=True)
    assert "Ingen bemærkninger til afsnittet." in html
    saved = client.post(r.url, data={**form_values(html), "action": "save"})
    assert saved.status_code == 302
    return r


def test_no_remarks_to_100_is_kept_as_a_no_remarks_point_on_100(registered, client):
    response = db.session.scalar(select(Response).where(Response.kind == ResponseKind.LETTER))
    [kept] = [c for c in response.comments if c.no_remarks]
    assert (kept.section.key, kept.heading, kept.text) == ("p100", "Merudgifter § 100", "HR har ingen bemærkninger")
    assert not response.no_remarks, "the letter has remarks on other standards"
    page = client.get(f"/medarbejder/hoeringer/{registered.slug}/svar/{response.id}").get_data(as_text=True)
    assert "HR har ingen bemærkninger" in page and "Ingen bemærkninger til afsnittet." in page


def test_the_memo_says_the_party_has_no_remarks_to_100_and_needs_no_reply_to_it(registered, client):
    hearing = db.session.get(Hearing, registered.hearing_id)
    memo = compile_memo(hearing)
    [p100] = [s for s in memo.sections if s.keys == ["p100"]]
    assert p100.no_remarks == ["Handicaprådet"] and p100.points == []
    assert not any(gap.label.startswith("§ 100") for gap in memo.gaps)
    assert next_unanswered(hearing, "p102") != "p100"
    page = client.get(f"/medarbejder/hoeringer/{registered.slug}/hoeringsnotat").get_data(as_text=True)
    assert f"Handicaprådet har ingen bemærkninger til {p100.label}." in page
