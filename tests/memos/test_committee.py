"""To the committee: the memo goes by mail with Word and PDF to chosen members, who read it and the
responses behind it and change nothing; staff record the decision, and the hearing is DECIDED."""

import html
import io
import re
from datetime import date

import docx
import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.committee.meetings.models import CommitteeBody
from app.demo.load import SLUG
from app.extensions import db
from app.hearings.models import Hearing, HearingState
from app.memos import committee, operations
from app.notifications.models import OutboxMessage
from app.notifications.operations import send_due
from app.replies.models import Reply
from app.responses.models import Response
from tests.factories import make_hearing, make_user

STAFF_URL = f"/medarbejder/hoeringer/{SLUG}"
COMMITTEE_URL = f"/udvalg/hoeringer/{SLUG}"
TITLE = "Kvalitetsstandarder på det specialiserede voksenområde"


@pytest.fixture
def memo_ready(app, db, demo):
    """The 2019 round with its memo finalised (state MEMO), its officer, and three committee members."""
    hearing = demo
    officer = make_user(Role.STAFF, name="Søren Sagsbehandler", email="soeren@kommune.example.org")
    hearing.officers.append(officer)
    people = {
        "officer": officer,
        "anna": make_user(Role.COMMITTEE, name="Anna Andersen", email="anna@byraad.example.org"),
        "bo": make_user(Role.COMMITTEE, name="Bo Bech", email="bo@byraad.example.org"),
        "carl": make_user(Role.COMMITTEE, name="Carl Clausen", email="carl@byraad.example.org"),
    }
    db.session.commit()
    with app.test_request_context():
        operations.finalise(hearing, officer, "Udvalget behandler sagen 20. juni; de sidste svar følger.")
        db.session.commit()
    assert hearing.state is HearingState.MEMO
    return {"hearing": hearing, **people}


@pytest.fixture
def sent(app, memo_ready):
    """The memo sent to Anna and Bo (not Carl)."""
    with app.test_request_context():
        committee.send_to_committee(memo_ready["hearing"], [memo_ready["anna"], memo_ready["bo"]],
                                    memo_ready["officer"])
        db.session.commit()
    return memo_ready


def _main(page: str) -> str:
    return page.split('<main id="main-content"', 1)[1].split("</main>", 1)[0]


def _mail_to(smtp_server, address: str):
    [message] = [m for m in smtp_server.messages if m["X-Envelope-To"] == address]
    return message


# ---------------------------------------------------------------- sending


def test_sending_mails_each_chosen_member_the_link_and_both_files(auth, client, memo_ready, smtp_server):
    officer, anna, bo = memo_ready["officer"], memo_ready["anna"], memo_ready["bo"]
    auth.log_in(officer)
    page = client.get(f"{STAFF_URL}/udvalg").get_data(as_text=True)
    for person in ("Anna Andersen", "Bo Bech", "Carl Clausen"):
        assert person in page, "every committee member may be chosen"
    assert "Søren Sagsbehandler" not in _main(page).split("<form", 1)[1], "staff are no committee members"

    done = client.post(f"{STAFF_URL}/udvalg", data={"members": [anna.id, bo.id]})
    assert done.status_code == 302 and done.headers["Location"].endswith(STAFF_URL)

    hearing = db.session.get(Hearing, memo_ready["hearing"].id, populate_existing=True)
    assert hearing.state is HearingState.SENT and hearing.sent_to_committee_at is not None
    assert {m.email for m in hearing.committee_members} == {anna.email, bo.email}
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "memo_sent_to_committee")).all()
    assert event.details["version"] == 1 and sorted(event.details["members"]) == sorted([anna.id, bo.id])
    assert event.actor_id == officer.id

    assert send_due()[1] == 0
    assert {m["X-Envelope-To"] for m in smtp_server.messages} >= {anna.email, bo.email}
    assert not [m for m in smtp_server.messages if m["X-Envelope-To"] == memo_ready["carl"].email]
    for person in (anna, bo):
        mail = _mail_to(smtp_server, person.email)
        assert mail["Subject"] == f"Høringsnotat til {hearing.committee}: {TITLE}"
        text = mail.get_body(("plain",)).get_content()
        assert f"Kære {person.name}" in text and "version 1" in text
        assert f"http://localhost/udvalg/hoeringer/{SLUG}" in text
        files = {part.get_filename(): part.get_content() for part in mail.iter_attachments()}
        assert set(files) == {f"hoeringsnotat-{SLUG}-v1.docx", f"hoeringsnotat-{SLUG}-v1.pdf"}
        assert files[f"hoeringsnotat-{SLUG}-v1.pdf"][:4] == b"%PDF"
        document = docx.Document(io.BytesIO(files[f"hoeringsnotat-{SLUG}-v1.docx"]))
        assert any(TITLE in paragraph.text for paragraph in document.paragraphs)


def test_sending_again_goes_to_the_members_chosen_now_with_the_latest_version(auth, app, client, sent, smtp_server):
    reply = db.session.scalar(select(Reply).where(Reply.draft_change_key == "p97-andre-bestemmelser"))
    reply.text += " Henvisningen tilføjes under Andre bestemmelser."
    db.session.commit()
    with app.test_request_context():
        assert operations.finalise(sent["hearing"], sent["officer"], "Rettet").version == 2
        db.session.commit()
    auth.log_in(sent["officer"])
    page = client.get(f"{STAFF_URL}/udvalg").get_data(as_text=True)
    assert re.search(rf'value="{sent["anna"].id}"[^>]*checked|checked[^>]*value="{sent["anna"].id}"', page), \
        "those the memo went to are chosen already"
    assert client.post(f"{STAFF_URL}/udvalg", data={"members": [sent["anna"].id, sent["carl"].id]}).status_code == 302

    hearing = db.session.get(Hearing, sent["hearing"].id, populate_existing=True)
    assert hearing.state is HearingState.SENT
    assert {m.name for m in hearing.committee_members} == {"Anna Andersen", "Carl Clausen"}
    versions = [e.details["version"] for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "memo_sent_to_committee").order_by(AuditEvent.id))]
    assert versions == [1, 2]
    send_due()
    carl = _mail_to(smtp_server, sent["carl"].email)
    assert {part.get_filename() for part in carl.iter_attachments()} == {
        f"hoeringsnotat-{SLUG}-v2.docx", f"hoeringsnotat-{SLUG}-v2.pdf"}
    auth.log_in(sent["bo"])
    assert client.get(COMMITTEE_URL).status_code == 403, "Bo was not chosen this time"


def test_choosing_nobody_is_refused_in_danish(auth, client, memo_ready):
    auth.log_in(memo_ready["officer"])
    page = client.post(f"{STAFF_URL}/udvalg", data={})
    assert page.status_code == 200
    assert 'id="members-error"' in page.get_data(as_text=True)
    assert "Vælg mindst ét udvalgsmedlem." in page.get_data(as_text=True)
    assert memo_ready["hearing"].state is HearingState.MEMO
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient.like("%byraad%"))) is None


def test_without_a_finalised_memo_nothing_is_sent_and_the_page_says_why(auth, client, db):
    hearing = make_hearing(HearingState.MEMO, slug="uden-notat")
    officer = make_user(Role.STAFF)
    member = make_user(Role.COMMITTEE)
    hearing.officers.append(officer)
    db.session.commit()
    auth.log_in(officer)
    url = "/medarbejder/hoeringer/uden-notat/udvalg"
    for page in (client.get(url), client.post(url, data={"members": [member.id]})):
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "Høringsnotatet er ikke færdiggjort" in text
        assert "/medarbejder/hoeringer/uden-notat/hoeringsnotat" in text
        assert "<form" not in _main(text)
    assert db.session.get(Hearing, hearing.id, populate_existing=True).state is HearingState.MEMO
    assert db.session.scalar(select(OutboxMessage)) is None


def test_before_the_memo_stage_the_officer_is_sent_back_with_a_message(auth, client, db):
    hearing = make_hearing(HearingState.REPLYING, slug="svares")
    officer = make_user(Role.STAFF)
    hearing.officers.append(officer)
    db.session.commit()
    auth.log_in(officer)
    for path in ("udvalg",):  # the committee's meetings are recorded in any state (tests/committee/)
        response = client.post(f"/medarbejder/hoeringer/svares/{path}", follow_redirects=True)
        assert response.status_code == 200 and response.request.path == "/medarbejder/hoeringer/svares"
        assert 'class="alert alert-error"' in response.get_data(as_text=True)
    assert db.session.get(Hearing, hearing.id, populate_existing=True).state is HearingState.REPLYING


# ---------------------------------------------------------------- the committee reads


def test_a_member_reads_the_memo_and_every_response_and_can_change_nothing(auth, client, sent):
    anna, hearing = sent["anna"], sent["hearing"]
    memo = operations.latest_memo(hearing)
    auth.log_in(anna)

    listing = client.get("/udvalg/").get_data(as_text=True)
    assert TITLE in listing and COMMITTEE_URL in listing
    assert 'aria-label="Udvalgsmenu"' in listing and "Medarbejdermenu" not in listing
    assert "/medarbejder/" not in listing, "no link leads a member to the staff pages"

    page = client.get(COMMITTEE_URL)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert memo.sha256 in body and "Version 1" in body
    assert "Forvaltningens bemærkning" in body, "the memo itself is on the page"
    assert "<form" not in _main(body) and "/medarbejder/" not in _main(body)
    responses = db.session.scalars(select(Response).where(Response.hearing_id == hearing.id)).all()
    assert responses
    for response in responses:
        link = f"{COMMITTEE_URL}/svar/{response.id}"
        assert link in body
        shown = client.get(link)
        assert shown.status_code == 200
        text = _main(shown.get_data(as_text=True))
        assert "Høringssvar fra Handicaprådet" in text
        assert response.comments[0].text.split("\n")[0][:60] in html.unescape(text)
        assert "<form" not in text and "/medarbejder/" not in text and "<textarea" not in text

    word = client.get(f"{COMMITTEE_URL}/hoeringsnotat/docx")
    assert word.status_code == 200 and word.data[:2] == b"PK"
    assert word.headers["Cache-Control"] == "private, no-store"
    assert client.get(f"{COMMITTEE_URL}/hoeringsnotat/pdf").data[:4] == b"%PDF"
    assert client.get(f"{COMMITTEE_URL}/hoeringsnotat/csv").status_code == 404

    reads = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "committee_read")).all()
    assert {e.details["page"] for e in reads} == {"memo", "response"} and {e.actor_id for e in reads} == {anna.id}


def test_a_member_is_refused_every_change(auth, client, sent):
    hearing = sent["hearing"]
    reply = db.session.scalar(select(Reply).where(Reply.hearing_id == hearing.id))
    response = db.session.scalar(select(Response).where(Response.hearing_id == hearing.id))
    auth.log_in(sent["anna"])
    comment = response.comments[0]
    for path in ("udvalg", "moeder/nyt", "hoeringsnotat/faerdiggoer", "hoeringsnotat/offentliggoer",
                 "handling/record_decision", f"svar-paa-bemaerkninger/{reply.id}",
                 f"svar-paa-bemaerkninger/{reply.id}/godkend", f"bemaerkninger/{comment.id}/flyt",
                 "rediger", "frist", "udkast/revision"):
        assert client.post(f"{STAFF_URL}/{path}", data={"decision_text": "Forkastet",
                                                        "decided_on": "20-6-2019"}).status_code == 403, path
    for path in ("", f"/svar/{response.id}", "/hoeringsnotat/pdf"):
        assert client.post(f"{COMMITTEE_URL}{path}").status_code == 405, "the committee's pages only read"
    again = db.session.get(Hearing, hearing.id, populate_existing=True)
    assert again.state is HearingState.SENT and again.decision_text is None
    assert len(operations.memos_of(again)) == 1


def test_a_committee_member_of_another_hearing_is_refused(auth, client, sent):
    carl = sent["carl"]
    response = db.session.scalar(select(Response).where(Response.hearing_id == sent["hearing"].id))
    auth.log_in(carl)
    assert TITLE not in client.get("/udvalg/").get_data(as_text=True)
    for path in ("", "/hoeringsnotat/docx", f"/svar/{response.id}"):
        assert client.get(f"{COMMITTEE_URL}{path}").status_code == 403, path
    assert client.get("/udvalg/hoeringer/findes-ikke").status_code == 404
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "committee_read")) is None


def test_anonymous_visitors_are_sent_to_log_in_and_staff_see_what_the_committee_sees(auth, client, sent):
    first = client.get(COMMITTEE_URL)
    assert first.status_code == 302 and "/konto/log-ind" in first.headers["Location"]
    colleague = make_user(Role.STAFF)
    db.session.commit()
    auth.log_in(colleague)
    assert client.get(COMMITTEE_URL).status_code == 200
    assert TITLE in client.get("/udvalg/").get_data(as_text=True)


# ---------------------------------------------------------------- the decision


def test_the_committees_approval_makes_the_hearing_decided_and_shows_on_its_pages(auth, client, sent):
    """The decision is a meeting (tests/committee/test_meetings.py tests the form); one that ends the case
    makes the hearing DECIDED, and the members read it on their page."""
    officer = sent["officer"]
    auth.log_in(officer)
    show = client.get(STAFF_URL).get_data(as_text=True)
    assert f"{STAFF_URL}/moeder/nyt" in show and "/handling/record_decision" not in show
    assert "Anna Andersen" in show and "Bo Bech" in show

    body = db.session.scalar(select(CommitteeBody).where(CommitteeBody.name == "Social- og Sundhedsudvalget"))
    done = client.post(f"{STAFF_URL}/moeder/nyt", data={"body": str(body.id), "held_on": "20-06-2019",
                                                       "outcome": "approved", "decision_text": "Godkendt."})
    assert done.status_code == 302

    hearing = db.session.get(Hearing, sent["hearing"].id, populate_existing=True)
    assert hearing.state is HearingState.DECIDED
    assert (hearing.decided_on, hearing.decision_text) == (date(2019, 6, 20), "Godkendt.")
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "hearing_record_decision")) is not None
    show = client.get(STAFF_URL).get_data(as_text=True)
    assert "20. juni 2019 – Social- og Sundhedsudvalget:</strong> Godkendt." in show
    assert "Politisk behandlet" in show and f"{STAFF_URL}/udvalg\"" not in show
    auth.log_in(sent["bo"])
    page = client.get(COMMITTEE_URL).get_data(as_text=True)
    assert "11. juni 2019 – Social- og Sundhedsudvalget" in page and "20. juni 2019" in page
