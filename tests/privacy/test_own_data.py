"""A citizen asks by e-mail for what is stored about their address, takes it as a file, and has it erased."""

import hashlib
import json
import time

from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.extensions import db
from app.notifications.models import OutboxMessage
from app.notifications.operations import send_due
from app.privacy.operations import LINK_SALT
from app.responses.models import Comment, Response, ResponseState
from app.retention.operations import ANONYMISED_CITIZEN, ANONYMISED_EMAIL
from tests.privacy.journey import (
    DECIDED_TEXT,
    DECIDED_TITLE,
    EMAIL,
    NAME,
    OPEN_TEXT,
    ORGANISATION,
    OTHER_EMAIL,
    OTHER_NAME,
    OTHER_TEXT,
    UNCONFIRMED_TEXT,
    make_journey,
    privacy_link,
)
from tests.retention.scenario import text_columns_containing

SENT = "Hvis vi har oplysninger om adressen, har vi sendt et link"
NOTHING = "Der er ingen oplysninger om adressen"
DIGEST = hashlib.sha256(EMAIL.encode()).hexdigest()


def _ask(client, email: str):
    asked = client.post("/persondata", data={"email": email})
    assert asked.status_code == 302 and asked.headers["Location"].endswith("/persondata/sendt")
    return client.get(asked.headers["Location"]).get_data(as_text=True)


def test_the_whole_journey_ask_see_download_erase(client, smtp_server):
    journey = make_journey(client, smtp_server)
    assert {"responses.citizen_name", "responses.citizen_email", "outbox_messages.recipient",
            "audit_events.actor_label", "audit_events.details"} <= set(text_columns_containing(NAME)
                                                                      + text_columns_containing(EMAIL))

    assert SENT in _ask(client, f"  {EMAIL.upper()} ")
    path = privacy_link(smtp_server)

    page = client.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "private, no-store"
    for expected in (journey.open_title, DECIDED_TITLE, OPEN_TEXT, DECIDED_TEXT, UNCONFIRMED_TEXT, NAME,
                     ORGANISATION, "Bekræft dit høringssvar", "Kvittering for høringssvar", "Dine oplysninger i"):
        assert expected in html, expected
    assert "Ikke bekræftet – tæller ikke med i høringen" in html and "Politisk behandlet" in html
    assert OTHER_NAME not in html and OTHER_TEXT not in html
    assert "arkivloven" in html, "the page says why the texts stay"

    download = client.get(f"{path}/fil")
    assert download.status_code == 200 and download.mimetype == "application/json"
    assert download.headers["Content-Disposition"].startswith("attachment; filename=persondata-")
    assert download.headers["Cache-Control"] == "private, no-store"
    data = json.loads(download.get_data(as_text=True))
    assert data["email"] == EMAIL and {r["name"] for r in data["responses"]} == {NAME}
    texts = {t["text"] for r in data["responses"] for t in r["texts"]}
    assert {OPEN_TEXT, DECIDED_TEXT, UNCONFIRMED_TEXT} <= texts
    assert OTHER_TEXT not in texts
    assert {m["subject"] for m in data["mails"]} >= {"Dine oplysninger i Høringsrunde"}

    unticked = client.post(f"{path}/slet", data={})
    assert unticked.status_code == 422
    assert "Sæt kryds, hvis du vil have dine oplysninger slettet." in unticked.get_data(as_text=True)
    assert text_columns_containing(EMAIL) != []

    erased = client.post(f"{path}/slet", data={"confirm": "y"}, follow_redirects=True)
    html = erased.get_data(as_text=True)
    assert erased.status_code == 200 and NOTHING in html and "Dine oplysninger er slettet." in html

    for needle in (NAME, EMAIL, UNCONFIRMED_TEXT, ORGANISATION):
        assert text_columns_containing(needle) == [], needle
    assert {OPEN_TEXT, DECIDED_TEXT, OTHER_TEXT} <= set(db.session.scalars(select(Comment.text)))
    assert "response_submissions.content" in text_columns_containing(OPEN_TEXT), "the frozen texts stay"
    db.session.expire_all()
    theirs = db.session.scalars(select(Response).where(Response.citizen_name == ANONYMISED_CITIZEN)).all()
    assert len(theirs) == 2 and all(r.state is ResponseState.SUBMITTED for r in theirs)
    assert all(r.citizen_email == ANONYMISED_EMAIL and r.citizen_organisation is None and not r.publish_name
               and r.email_confirmed_at is None for r in theirs)
    other = db.session.scalar(select(Response).where(Response.citizen_email == OTHER_EMAIL))
    assert other.citizen_name == OTHER_NAME and other.email_confirmed_at is not None, "nobody else's data goes"
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.recipient == OTHER_EMAIL)) >= 2

    events = {e.action: e for e in db.session.scalars(select(AuditEvent))}
    for action in ("personal_data_link_sent", "personal_data_exported", "personal_data_erased"):
        assert events[action].details["email_sha256"] == DIGEST and events[action].object_type == "EmailAddress"
    assert events["personal_data_erased"].details["responses_deleted"] == 1
    assert events["personal_data_erased"].details["responses_anonymised"] == 2
    assert events["hearing_note"].details["note"] == "Talte i telefon med [anonymiseret]."

    again = client.get(path).get_data(as_text=True)
    assert NOTHING in again and OPEN_TEXT not in again
    assert client.get(f"{path}/fil").status_code == 302
    sent_before = len(smtp_server.messages)
    assert SENT in _ask(client, EMAIL)
    assert send_due() == (0, 0) and len(smtp_server.messages) == sent_before, "nothing left: no mail"


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, smtp_server):
    assert SENT in _ask(client, "ingen.her@example.org")
    assert send_due() == (0, 0) and smtp_server.messages == []
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_a_bad_address_is_named_next_to_the_field(client):
    answer = client.post("/persondata", data={"email": "ikke-en-adresse"})
    assert answer.status_code == 422
    assert "Skriv en gyldig e-mailadresse, fx navn@eksempel.dk." in answer.get_data(as_text=True)


def test_a_tampered_a_foreign_and_an_expired_link_are_refused_in_danish(app, client, smtp_server, monkeypatch):
    make_journey(client, smtp_server)
    _ask(client, EMAIL)
    path = privacy_link(smtp_server)

    tampered = client.get(path[:-3] + "abc")
    assert tampered.status_code == 404
    assert "Linket virker ikke" in (html := tampered.get_data(as_text=True)) and "ikke gyldigt" in html
    assert client.post(path[:-3] + "abc/slet", data={"confirm": "y"}).status_code == 404
    foreign = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="citizen-response-confirmation").dumps(EMAIL)
    assert client.get(f"/persondata/{foreign}").status_code == 404, "a token made for something else"

    day_old = int(time.time()) - 24 * 3600 - 60
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: day_old)
    expired = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=LINK_SALT).dumps(EMAIL)
    monkeypatch.undo()
    for url in (f"/persondata/{expired}", f"/persondata/{expired}/fil"):
        refused = client.get(url)
        assert refused.status_code == 404 and "Linket er for gammelt" in refused.get_data(as_text=True)
    assert client.post(f"/persondata/{expired}/slet", data={"confirm": "y"}).status_code == 404
    assert text_columns_containing(EMAIL) != [], "nothing was erased"


def test_four_requests_an_hour_for_one_address_get_429(db, limited_client):
    for _ in range(3):
        assert limited_client.post("/persondata", data={"email": EMAIL}).status_code == 302
    refused = limited_client.post("/persondata", data={"email": EMAIL.upper()})
    assert refused.status_code == 429 and "For mange forsøg" in refused.get_data(as_text=True)
    assert limited_client.post("/persondata", data={"email": OTHER_EMAIL}).status_code == 302
    assert limited_client.get("/persondata").status_code == 200, "reading the notice is not limited"


def test_twenty_requests_an_hour_from_one_network_address(db, limited_client):
    statuses = [limited_client.post("/persondata", data={"email": f"person{i}@example.org"}).status_code
                for i in range(21)]
    assert statuses[:20] == [302] * 20 and statuses[20] == 429


def test_erasure_and_asking_need_the_forms_csrf_token(app, client, smtp_server):
    make_journey(client, smtp_server)
    app.config["WTF_CSRF_ENABLED"] = True  # on from here, as in production
    assert client.post("/persondata", data={"email": EMAIL}).status_code == 400
    page = client.get("/persondata").get_data(as_text=True)
    token = _csrf(page)
    assert client.post("/persondata", data={"email": EMAIL, "csrf_token": token}).status_code == 302
    path = privacy_link(smtp_server)

    assert client.post(f"{path}/slet", data={"confirm": "y"}).status_code == 400
    assert text_columns_containing(EMAIL) != [], "nothing was erased without the token"
    token = _csrf(client.get(path).get_data(as_text=True))
    assert client.post(f"{path}/slet", data={"confirm": "y", "csrf_token": token}).status_code == 302
    assert text_columns_containing(EMAIL) == []


def _csrf(html: str) -> str:
    import re

    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
