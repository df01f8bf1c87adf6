"""Issue #18, item 8: when the memo is published, every invited party and each citizen who asked is told:
"Vi spurgte, I svarede, vi besluttede", with the link. Over SMTP, to a real server."""

from datetime import UTC, datetime

from sqlalchemy import select

from app.extensions import db
from app.hearings.models import Invitation
from app.notifications.operations import send_due
from app.responses.models import Response
from tests.factories import make_organisation
from tests.memos.publication import NAMED, UNNAMED, finalised_hearing

SUBJECT = "Vi spurgte, I svarede, vi besluttede"


def test_publishing_tells_every_party_and_each_citizen_who_asked_once(auth, app, client, smtp_server):
    hearing, officer = finalised_hearing(app, publish=False)
    invited = make_organisation("Seniorrådet", contacts=2)
    invited.contacts[1].active = False
    db.session.add(Invitation(hearing=hearing, organisation=invited, invited_at=datetime.now(UTC)))
    db.session.add(Invitation(hearing=hearing, organisation=make_organisation("Ikke inviteret endnu")))
    db.session.scalar(select(Response).where(Response.citizen_email == NAMED[1])).memo_mail = True
    db.session.commit()

    auth.log_in(officer)
    publish = f"/medarbejder/hoeringer/{hearing.slug}/hoeringsnotat/offentliggoer"
    assert client.post(publish, data={"confirmed": "1"}).status_code == 302
    send_due()
    told = {m["X-Envelope-To"]: m for m in smtp_server.messages if m["Subject"].startswith(SUBJECT)}
    assert set(told) == {invited.contacts[0].email, NAMED[1]}, "the active contact, and the citizen who asked"
    body = told[NAMED[1]].get_body(("plain",)).get_content()
    assert f"Kære {NAMED[0]}" in body and f"http://localhost/hoeringer/{hearing.slug}/hoeringsnotat" in body
    assert UNNAMED[1] not in told

    # Taken off the page and published again (a corrected version): no second mail.
    client.post(f"/medarbejder/hoeringer/{hearing.slug}/hoeringsnotat/fjern-offentliggoerelse")
    client.post(publish, data={"confirmed": "1"})
    send_due()
    assert len([m for m in smtp_server.messages if m["Subject"].startswith(SUBJECT)]) == 2
