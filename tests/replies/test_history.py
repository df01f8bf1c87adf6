"""Staff read the trail of a reply and of a comment: who, when, what changed."""

import re
from datetime import UTC, datetime

import pytest

from app.accounts.models import Role
from app.extensions import db
from app.hearings.models import HearingState
from app.replies.models import Reply
from app.responses.models import Comment, ResponseState
from tests.factories import make_comment, make_hearing, make_organisation, make_response, make_user
from tests.replies.helpers import reply_form, staff_base, start_reply


@pytest.fixture
def workspace_case(db):
    """A hearing being answered: one council's comment on the first of two sections."""
    hearing = make_hearing(state=HearingState.REPLYING)
    officer = make_user(Role.STAFF, name="Søren Sagsbehandler")
    hearing.officers = [officer]
    response = make_response(hearing, make_organisation("Handicaprådet"), state=ResponseState.SUBMITTED,
                             submitted_at=datetime.now(UTC))
    comment = make_comment(response, hearing.current_version.sections[0], "Aflastning bør gives i 90 døgn.")
    users = {"officer": officer, "approver": make_user(Role.APPROVER, name="Tove Teamleder"),
             "staff": make_user(Role.STAFF)}
    db.session.commit()
    return {"slug": hearing.slug, "key": "s1", "second": "s2", "comments": [comment.id], "users": users}


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def _lock(client, url) -> str:
    return re.search(r'name="lock_version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="lock_version"',
                     client.get(url).get_data(as_text=True)).group(1)


def test_a_replys_history_tells_every_step_with_who_and_what(auth, client, workspace_case):
    users = workspace_case["users"]
    auth.log_in(users["officer"])
    url = start_reply(client, workspace_case, workspace_case["comments"][0])
    client.post(url, data=reply_form(text="Forvaltningen fastholder 60 døgn.", lock_version=_lock(client, url)))
    client.post(url, data=reply_form(text="Forvaltningen fastholder 60 døgn om året.", outcome="noted",
                                 lock_version=_lock(client, url)))
    client.post(f"{url}/til-godkendelse")
    auth.log_in(users["approver"])
    client.post(f"{url}/send-tilbage", data={"reason": "Nævn udgiften ved at hæve til 90 døgn."})

    page = client.get(f"{url}/historik")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    text = _text(html)
    steps = ["Svaret er påbegyndt", "Svaret er gemt", "Svaret er gemt", "Svaret er sendt til godkendelse",
             "Svaret er sendt tilbage"]
    assert [m for m in re.findall(r'<h2 class="h4">([^<]+)</h2>', html)] == steps
    assert "Søren Sagsbehandler" in text and "Tove Teamleder" in text
    assert "Udfald Ikke imødekommet → Taget til efterretning" in text
    assert re.search(r"<ins><span class=\"sr-only\">\[indsat: </span>[^<]*om året\.", html)
    assert "Nævn udgiften ved at hæve til 90 døgn." in text


def test_a_moved_comments_history_is_told_on_the_old_and_the_new_comment(auth, client, workspace_case):
    auth.log_in(workspace_case["users"]["officer"])
    base = staff_base(workspace_case)
    client.post(f"{base}/bemaerkninger/{workspace_case['comments'][0]}/flyt", data={"section": "s2"})
    original, moved = db.session.scalars(db.select(Comment).order_by(Comment.id)).all()
    for comment in (original, moved):
        page = client.get(f"{base}/bemaerkninger/{comment.id}/historik")
        text = _text(page.get_data(as_text=True))
        assert "Bemærkningen er flyttet til et andet afsnit" in text
        assert "Afsnit 1 → Afsnit 2" in text
        assert "Aflastning bør gives i 90 døgn." in text  # the party's words, as written


def test_another_hearings_reply_or_comment_has_no_history_here(auth, client, workspace_case, db):
    other = make_hearing()
    db.session.commit()
    auth.log_in(workspace_case["users"]["staff"])
    reply = Reply(hearing_id=db.session.get(Comment, workspace_case["comments"][0]).response.hearing_id, text="")
    db.session.add(reply)
    db.session.commit()
    elsewhere = f"/medarbejder/hoeringer/{other.slug}"
    assert client.get(f"{elsewhere}/svar-paa-bemaerkninger/{reply.id}/historik").status_code == 404
    comment_id = workspace_case["comments"][0]
    assert client.get(f"/medarbejder/hoeringer/{other.slug}/bemaerkninger/{comment_id}/historik").status_code == 404
    assert client.get(f"{staff_base(workspace_case)}/bemaerkninger/{comment_id}/historik").status_code == 200
