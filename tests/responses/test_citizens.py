"""Citizens answer a public hearing; the response counts once the e-mail address is confirmed."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.hearings.models import Hearing, HearingState
from app.notifications.operations import send_due
from app.responses.models import Response, ResponseKind, ResponseState
from tests.factories import make_party
from tests.responses.helpers import CITIZEN_TEXT, citizen_form, the_response

CONFIRM_LINK = re.compile(r"http://localhost(/hoeringer/[\w-]+/bekraeft/[\w.-]+)")


def _public_hearing(db, **kwargs):
    party = make_party(db, **kwargs)
    hearing = db.session.get(Hearing, party.hearing_id)
    hearing.is_public = True
    db.session.commit()
    return party


def _confirmation_path(smtp_server) -> str:
    send_due()
    [message] = [m for m in smtp_server.messages if "Bekræft" in m["Subject"]]
    return CONFIRM_LINK.search(message.get_body(("plain",)).get_content()).group(1)


def test_a_citizen_answers_and_the_response_counts_after_the_link_is_pressed(client, smtp_server):
    party = _public_hearing(db)
    public_page = client.get(f"/hoeringer/{party.slug}").get_data(as_text=True)
    assert "Afgiv høringssvar" in public_page and "Der ydes op til 60 døgn om året." in public_page

    form = client.get(f"/hoeringer/{party.slug}/svar").get_data(as_text=True)
    assert "Må vi vise dit navn, når høringssvarene offentliggøres?" in form
    assert re.search(r'<input checked[^>]*id="publish_name-0"[^>]*value="no"', form), "by default the name is not shown"
    sent = client.post(f"/hoeringer/{party.slug}/svar", data=citizen_form())
    assert sent.status_code == 302
    assert "Tjek din e-mail" in client.get(sent.headers["Location"]).get_data(as_text=True)

    response = the_response()
    assert response.kind is ResponseKind.CITIZEN and response.state is ResponseState.DRAFT
    assert response.citizen_email == "karen@example.org" and not response.publish_name
    assert response.comments == [], "nothing counts before the address is confirmed"

    path = _confirmation_path(smtp_server)
    confirmed = client.get(path).get_data(as_text=True)
    assert "Dit høringssvar er bekræftet" in confirmed and CITIZEN_TEXT in confirmed
    response = the_response()
    assert response.state is ResponseState.SUBMITTED and response.email_confirmed_at is not None
    assert response.submitted_at == response.created_at, "it counts from when it was sent"
    assert [(c.section.key, c.text) for c in response.comments] == [("s84-omfang", CITIZEN_TEXT)]

    assert client.get(path).status_code == 200, "pressing the link again changes nothing"
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    send_due()
    receipt = [m for m in smtp_server.messages if m["Subject"].startswith("Kvittering")]
    assert len(receipt) == 1 and CITIZEN_TEXT in receipt[0].get_body(("plain",)).get_content()


def test_the_confirmation_mail_shows_the_text_sent(client, smtp_server):
    party = _public_hearing(db)
    client.post(f"/hoeringer/{party.slug}/svar", data=citizen_form(general="Godt, at planen kommer i høring.",
                                                                   memo_mail="y"))
    assert the_response().memo_mail, "she asked to be told when the memo is published"
    send_due()
    [message] = [m for m in smtp_server.messages if "Bekræft" in m["Subject"]]
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "Dit høringssvar" in body and "Generelle bemærkninger\n\nGodt, at planen kommer i høring." in body
    assert "§ 84 Aflastning – Omfang/varighed\n\n" + CITIZEN_TEXT in body
    assert body.index("Bekræft dit høringssvar:") < body.index(CITIZEN_TEXT), "the link first, then the text"


def test_sending_twice_is_one_response_and_one_mail(client, smtp_server):
    party = _public_hearing(db)
    client.post(f"/hoeringer/{party.slug}/svar", data=citizen_form())
    client.post(f"/hoeringer/{party.slug}/svar", data=citizen_form())
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    assert send_due() == (1, 0)


def test_bad_input_is_named_next_to_each_field_and_the_text_is_kept(client):
    party = _public_hearing(db)
    answer = client.post(f"/hoeringer/{party.slug}/svar",
                         data=citizen_form(citizen_name="", citizen_email="ikke-en-adresse"))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "Skriv dit navn." in html and "Skriv en gyldig e-mailadresse, fx navn@eksempel.dk." in html
    assert CITIZEN_TEXT in html
    assert the_response() is None


def test_a_tampered_or_foreign_link_confirms_nothing(client, smtp_server):
    party = _public_hearing(db)
    client.post(f"/hoeringer/{party.slug}/svar", data=citizen_form())
    path = _confirmation_path(smtp_server)
    assert client.get(path[:-3] + "abc").status_code == 404
    assert the_response().state is ResponseState.DRAFT


def test_a_confirmation_after_the_deadline_still_counts_a_response_sent_in_time(client, smtp_server):
    party = _public_hearing(db)
    client.post(f"/hoeringer/{party.slug}/svar", data=citizen_form())
    path = _confirmation_path(smtp_server)
    hearing = db.session.get(Hearing, party.hearing_id)
    hearing.deadline_at = datetime.now(UTC) - timedelta(hours=1)
    hearing.state, hearing.closed_at = HearingState.CLOSED, hearing.deadline_at
    db.session.commit()
    assert client.get(path).status_code == 200
    response = the_response()
    assert response.state is ResponseState.SUBMITTED and not response.is_late


def test_a_hearing_for_invited_parties_only_takes_no_citizen_responses(client):
    party = make_party(db)
    assert "Afgiv høringssvar" not in client.get(f"/hoeringer/{party.slug}").get_data(as_text=True)
    assert client.get(f"/hoeringer/{party.slug}/svar").status_code == 404
    assert client.post(f"/hoeringer/{party.slug}/svar", data=citizen_form()).status_code == 404


def test_after_the_deadline_a_citizen_cannot_send_and_sees_the_text(client):
    party = _public_hearing(db, deadline_in=timedelta(minutes=-1))
    answer = client.post(f"/hoeringer/{party.slug}/svar", data=citizen_form())
    assert answer.status_code == 409
    assert "Høringen er lukket for svar" in answer.get_data(as_text=True)
    assert CITIZEN_TEXT in answer.get_data(as_text=True)
    assert the_response() is None


def test_a_hearing_not_yet_opened_is_not_public(client):
    party = make_party(db, state=HearingState.DRAFT)
    assert client.get(f"/hoeringer/{party.slug}").status_code == 404


def test_with_the_link_in_the_mail_a_citizen_sees_and_withdraws_the_response_until_the_deadline(client, smtp_server):
    party = _public_hearing(db)
    client.post(f"/hoeringer/{party.slug}/svar", data=citizen_form())
    path = _confirmation_path(smtp_server)
    assert client.get(f"{path}/traek-tilbage").status_code == 404, "nothing counts, nor is withdrawn, unconfirmed"
    assert the_response().state is ResponseState.DRAFT
    confirmed = client.get(path).get_data(as_text=True)
    assert CITIZEN_TEXT in confirmed and f'href="{path}/traek-tilbage">Træk dit høringssvar tilbage</a>' in confirmed

    asked = client.get(f"{path}/traek-tilbage").get_data(as_text=True)
    assert "Træk dit høringssvar tilbage?" in asked and "Ja, træk mit svar tilbage" in asked
    done = client.post(f"{path}/traek-tilbage", data={})
    assert done.status_code == 302 and done.headers["Location"] == path
    response = the_response()
    assert response.state is ResponseState.WITHDRAWN and response.withdrawn_at is not None
    page = client.get(path).get_data(as_text=True)
    assert "Dit høringssvar er trukket tilbage" in page and CITIZEN_TEXT in page and "traek-tilbage" not in page
    assert the_response().state is ResponseState.WITHDRAWN, "the link does not confirm it again"


def test_a_confirmed_response_stays_readable_by_its_link_but_cannot_be_withdrawn_after_the_deadline(client,
                                                                                                   smtp_server):
    from app.responses import citizens

    party = _public_hearing(db)
    client.post(f"/hoeringer/{party.slug}/svar", data=citizen_form())
    path = _confirmation_path(smtp_server)
    token = path.rsplit("/", 1)[1]
    hearing = db.session.get(Hearing, party.hearing_id)
    in_ten_days = datetime.now(UTC) + timedelta(days=10)
    assert citizens.confirm(hearing, token, hearing.current_version.sections, in_ten_days) is None, (
        "an unused link expires after 7 days")
    db.session.rollback()  # let go of the row the check locked (PostgreSQL), before the browser asks for it
    client.get(path)
    assert citizens.confirmed_response(hearing, token, in_ten_days) is not None, "a confirmed one is still shown"
    db.session.rollback()
    hearing = db.session.get(Hearing, party.hearing_id)

    hearing.deadline_at = datetime.now(UTC) - timedelta(hours=1)
    hearing.state, hearing.closed_at = HearingState.CLOSED, hearing.deadline_at
    db.session.commit()
    assert "traek-tilbage" not in client.get(path).get_data(as_text=True)
    refused = client.post(f"{path}/traek-tilbage", data={}, follow_redirects=True)
    assert "Fristen er overskredet" in refused.get_data(as_text=True)
    assert the_response().state is ResponseState.SUBMITTED
    assert client.get(f"/hoeringer/{party.slug}/bekraeft/forkert/traek-tilbage").status_code == 404
