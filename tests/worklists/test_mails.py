"""The mails that tell staff work waits: one when a reply is sent back, and a daily digest (opt-out),
delivered through the outbox to a real SMTP server."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from app.accounts.models import Role, User
from app.extensions import db
from app.hearings.models import HearingState, SectionAssignment
from app.notifications.operations import send_due
from app.replies.models import Reply, ReplyStatus
from app.responses.models import ResponseState
from app.worklists import digest
from tests.factories import make_comment, make_hearing, make_incoming_mail, make_organisation, make_response, make_user


@pytest.fixture
def case(db):
    hearing = make_hearing(state=HearingState.REPLYING, title="Kvalitetsstandarder 2019")
    section = hearing.current_version.sections[0]
    section.number, section.heading = "§ 84", "Aflastning"
    response = make_response(hearing, make_organisation("Handicaprådet"), state=ResponseState.SUBMITTED,
                             submitted_at=datetime.now(UTC))
    comment = make_comment(response, section, "Aflastning bør kunne gives i mere end 60 døgn.")
    officer = make_user(Role.STAFF, name="Sara Sagsbehandler")
    hearing.officers.append(officer)
    lead = make_user(Role.APPROVER, name="Tove Teamleder")
    db.session.commit()
    return {"hearing": hearing, "key": section.key, "comment": comment.id, "officer": officer, "lead": lead}


def _write_and_send(client, case) -> str:
    base = f"/medarbejder/hoeringer/{case['hearing'].slug}"
    started = client.post(f"{base}/besvarelse/{case['key']}/nyt-svar", data={"comment": case["comment"]})
    url = started.headers["Location"]
    version = re.search(r'name="lock_version" type="hidden" value="(\d+)"', client.get(url).get_data(as_text=True))[1]
    client.post(url, data={"text": "Forvaltningen fastholder 60 døgn.", "outcome": "not_accepted",
                           "financial_consequence": "no", "lock_version": version, "ready": "1"})
    return url


def test_the_officer_gets_one_mail_with_the_reason_and_link_when_a_reply_is_sent_back(auth, client, case,
                                                                                        smtp_server):
    auth.log_in(case["officer"])
    url = _write_and_send(client, case)
    reply = db.session.scalar(db.select(Reply))
    assert reply.status is ReplyStatus.READY and reply.ready_by_id == case["officer"].id

    auth.log_in(case["lead"])
    assert client.post(f"{url}/send-tilbage", data={"reason": "Henvis til servicelovens § 84, stk. 1."}
                       ).status_code == 302
    assert send_due() == (1, 0)
    assert send_due() == (0, 0)

    [message] = smtp_server.messages
    assert message["X-Envelope-To"] == case["officer"].email
    assert message["Subject"] == "Dit svar er sendt tilbage: Kvalitetsstandarder 2019"
    body = message.get_body(("plain",)).get_content()
    assert "Tove Teamleder har sendt dit svar tilbage" in body
    assert "§ 84 Aflastning" in body and "Henvis til servicelovens § 84, stk. 1." in body
    assert url in body  # the link goes straight to the reply

    auth.log_in(case["officer"])
    page = client.get("/medarbejder/opgaver/").get_data(as_text=True)
    assert "Svar sendt tilbage til dig <span class=\"app-count\">(1)</span>" in page
    assert "Henvis til servicelovens § 84, stk. 1." in page


def test_the_daily_digest_goes_once_a_day_only_to_those_with_work_waiting_who_want_it(app, case, smtp_server):
    officer = case["officer"]
    db.session.add(SectionAssignment(hearing_id=case["hearing"].id, section_key=case["key"], user_id=officer.id))
    opted_out = make_user(Role.STAFF, name="Uden Mail", wants_digest=False)
    case["hearing"].officers.append(opted_out)
    idle = make_user(Role.STAFF, name="Ingen Opgaver")
    make_user(Role.COMMITTEE, name="Udvalgsmedlem")
    db.session.commit()

    runner = app.test_cli_runner()
    first = runner.invoke(args=["staff", "digest"])
    assert first.exit_code == 0 and "staff: 1 digests" in first.output
    second = runner.invoke(args=["staff", "digest"])
    assert "staff: 0 digests" in second.output, "a second run the same day sends nothing more"
    assert send_due() == (1, 0)

    [message] = smtp_server.messages
    assert message["X-Envelope-To"] == officer.email
    body = message.get_body(("plain",)).get_content()
    assert "1 bemærkning uden svar på de afsnit, du har fået." in body
    assert "/medarbejder/opgaver/" in body and "/konto/" in body
    assert db.session.get(User, idle.id).digest_sent_on is not None  # looked at today, nothing waited


def test_the_digest_counts_the_mails_waiting_at_the_officers_hearings_address(app, case, smtp_server):
    now = datetime.now(UTC)
    for hours in (1, 2):
        make_incoming_mail(case["hearing"], now - timedelta(hours=hours))
    db.session.commit()
    assert digest.send_digests(now) == 1  # the officer of the hearing, the only one it names
    assert send_due() == (1, 0)
    [message] = smtp_server.messages
    assert message["X-Envelope-To"] == case["officer"].email
    body = message.get_body(("plain",)).get_content()
    assert "- 2 mails til dine høringers adresse venter på at blive tjekket." in body


def test_the_tick_sends_the_digest_from_the_morning_and_the_next_day_again(app, case, smtp_server):
    db.session.add(SectionAssignment(hearing_id=case["hearing"].id, section_key=case["key"],
                                     user_id=case["officer"].id))
    db.session.commit()
    night = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)  # 05:00 in Copenhagen
    morning = night + timedelta(hours=3)
    assert not digest.due(night) and digest.due(morning)
    assert digest.send_digests(morning) == 1
    assert digest.send_digests(morning + timedelta(hours=5)) == 0
    assert digest.send_digests(morning + timedelta(days=1)) == 1
    assert send_due() == (2, 0)


def test_a_staff_user_turns_the_digest_off_and_on_on_their_account_page(app, auth, client, case):
    auth.log_in(case["officer"])
    app.config["WTF_CSRF_ENABLED"] = True  # after logging in: the form needs its token
    page = client.get("/konto/").get_data(as_text=True)
    assert "Send mig en e-mail hver morgen, når noget venter på mig" in page and "checked" in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    assert client.post("/konto/daglig-e-mail", data={}).status_code == 400  # no token
    done = client.post("/konto/daglig-e-mail", data={"csrf_token": token}, follow_redirects=True)
    assert "Du får ikke længere den daglige e-mail." in done.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, case["officer"].id).wants_digest is False
    client.post("/konto/daglig-e-mail", data={"csrf_token": token, "wants_digest": "y"})
    db.session.expire_all()
    assert db.session.get(User, case["officer"].id).wants_digest is True


def test_a_committee_member_has_no_digest_setting(auth, client, db):
    auth.log_in(Role.COMMITTEE, two_factor=False)
    assert "Daglig e-mail" not in client.get("/konto/").get_data(as_text=True)
    assert client.post("/konto/daglig-e-mail", data={}).status_code == 403
