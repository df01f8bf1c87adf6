"""Four eyes: a reply is approved by someone who did not write it, and the hearing's named approver is asked."""

import re
from datetime import UTC, datetime

import pytest

from app.accounts.models import Role
from app.extensions import db
from app.hearings.models import HearingState
from app.replies.models import Reply, ReplyStatus
from app.responses.models import ResponseState
from tests.factories import make_comment, make_hearing, make_organisation, make_response, make_user


@pytest.fixture
def case(db):
    hearing = make_hearing(state=HearingState.REPLYING)
    section = hearing.current_version.sections[0]
    response = make_response(hearing, make_organisation("Handicaprådet"), state=ResponseState.SUBMITTED,
                             submitted_at=datetime.now(UTC))
    comment = make_comment(response, section, "Aflastning bør kunne gives i mere end 60 døgn.")
    users = {"lead": make_user(Role.APPROVER, name="Tove Teamleder"),
             "other": make_user(Role.APPROVER, name="Ole Teamleder"),
             "named": make_user(Role.APPROVER, name="Nina Godkender")}
    db.session.commit()
    return {"hearing": hearing, "slug": hearing.slug, "key": section.key, "comment": comment.id, "users": users}


def _write_and_send(client, case) -> str:
    """The logged-in user writes a reply and sends it for approval; returns its address."""
    base = f"/medarbejder/hoeringer/{case['slug']}"
    started = client.post(f"{base}/besvarelse/{case['key']}/nyt-svar", data={"comment": case["comment"]})
    url = started.headers["Location"]
    version = re.search(r'name="lock_version" type="hidden" value="(\d+)"', client.get(url).get_data(as_text=True))[1]
    client.post(url, data={"text": "Forvaltningen fastholder 60 døgn.", "outcome": "not_accepted",
                           "financial_consequence": "no", "lock_version": version, "ready": "1"})
    assert db.session.scalar(db.select(Reply)).status is ReplyStatus.READY
    return url


def test_an_approver_cannot_approve_their_own_reply(auth, client, case):
    auth.log_in(case["users"]["lead"])
    url = _write_and_send(client, case)
    page = client.get(url).get_data(as_text=True)
    assert "Godkend svaret" not in page and "en anden teamleder skal godkende det" in page

    refused = client.post(f"{url}/godkend", follow_redirects=True).get_data(as_text=True)
    assert "en anden teamleder skal godkende det" in refused
    client.post(f"{url}/send-tilbage", data={"reason": "Selv"})
    db.session.expire_all()
    assert db.session.scalar(db.select(Reply)).status is ReplyStatus.READY

    auth.log_in(case["users"]["other"])
    assert "Godkend svaret" in client.get(url).get_data(as_text=True)
    client.post(f"{url}/godkend")
    db.session.expire_all()
    reply = db.session.scalar(db.select(Reply))
    assert reply.status is ReplyStatus.APPROVED and reply.approved_by.name == "Ole Teamleder"


def test_a_colleague_who_edited_the_reply_is_an_author_too(auth, client, case):
    auth.log_in(case["users"]["other"])
    url = _write_and_send(client, case)
    auth.log_in(case["users"]["lead"])
    version = re.search(r'name="lock_version" type="hidden" value="(\d+)"', client.get(url).get_data(as_text=True))[1]
    client.post(url, data={"text": "Forvaltningen fastholder 60 døgn, jf. budgettet.", "outcome": "not_accepted",
                           "financial_consequence": "no", "lock_version": version, "ready": "1"})
    assert "Godkend svaret" not in client.get(url).get_data(as_text=True)
    client.post(f"{url}/godkend")
    db.session.expire_all()
    assert db.session.scalar(db.select(Reply)).status is ReplyStatus.READY


def test_the_hearings_named_approver_is_the_one_asked(auth, client, case):
    officer = make_user(Role.STAFF)
    case["hearing"].approver, case["hearing"].officers = case["users"]["named"], [officer]
    db.session.commit()
    auth.log_in(officer)
    url = _write_and_send(client, case)

    auth.log_in(case["users"]["lead"])
    page = client.get(url).get_data(as_text=True)
    assert "Godkend svaret" not in page and "Nina Godkender" in page
    client.post(f"{url}/godkend")
    db.session.expire_all()
    assert db.session.scalar(db.select(Reply)).status is ReplyStatus.READY

    auth.log_in(case["users"]["named"])
    client.post(f"{url}/godkend")
    db.session.expire_all()
    assert db.session.scalar(db.select(Reply)).approved_by.name == "Nina Godkender"
