"""Opening a hearing invites every contact with a personal link that works;
reminders go once; links can be resent and revoked."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.accounts.models import Role
from app.hearings import invitations, operations
from app.hearings.models import HearingState, PartyLink
from app.notifications.operations import send_due
from tests.factories import PASSWORD, make_hearing, make_organisation, make_user

LINK = re.compile(r"http://localhost(/svar/[\w-]+)")


def _links(message) -> list[str]:
    return LINK.findall(message.get_body(("plain",)).get_content())


def _open_hearing_with(db, *organisations, deadline_in=timedelta(days=14)):
    hearing = make_hearing(state=HearingState.DRAFT, title="Kvalitetsstandarder på voksenområdet",
                           opens_at=None, deadline_at=datetime.now(UTC) + deadline_in)
    for organisation in organisations:
        invitations.add_party(hearing, organisation)
    operations.perform(hearing, "open")
    db.session.commit()
    return hearing


def test_opening_sends_each_contact_a_personal_link_that_works(db, client, smtp_server):
    handicapraadet = make_organisation("Handicaprådet", contacts=2)
    seniorraadet = make_organisation("Seniorrådet", contacts=1)
    _open_hearing_with(db, handicapraadet, seniorraadet)

    assert send_due() == (3, 0)
    recipients = sorted(m["X-Envelope-To"] for m in smtp_server.messages)
    assert recipients == sorted(c.email for c in handicapraadet.contacts + seniorraadet.contacts)
    for message in smtp_server.messages:
        assert message["Subject"] == "Høring: Kvalitetsstandarder på voksenområdet"
        [path] = _links(message)
        page = client.get(path)
        assert page.status_code == 200
        assert "Kvalitetsstandarder på voksenområdet" in page.get_data(as_text=True)
    assert len({tuple(_links(m)) for m in smtp_server.messages}) == 3, "every contact has a link of their own"


def test_the_list_of_parties_shows_invited_and_opened(db, client, smtp_server):
    user = make_user(Role.STAFF)
    council = make_organisation("Handicaprådet")
    hearing = _open_hearing_with(db, council, make_organisation("Seniorrådet"))
    hearing.officers = [user]
    db.session.commit()
    send_due()
    council_mail = next(m for m in smtp_server.messages if m["X-Envelope-To"] == council.contacts[0].email)
    client.get(_links(council_mail)[0])

    client.post("/konto/log-ind", data={"email": user.email, "password": PASSWORD})
    page = client.get(f"/medarbejder/hoeringer/{hearing.slug}/parter").get_data(as_text=True)
    rows = {name: page.split(name, 1)[1].split("</tr>", 1)[0] for name in ("Handicaprådet", "Seniorrådet")}
    assert "Ikke sendt endnu" not in page
    assert "Nej" not in rows["Handicaprådet"], "the council's link was opened"
    assert "Nej" in rows["Seniorrådet"]
    assert "Ikke svaret" in rows["Seniorrådet"]


def test_a_party_added_to_an_open_hearing_is_invited_at_once(db, smtp_server):
    hearing = _open_hearing_with(db, make_organisation("Handicaprådet"))
    send_due()
    invitations.add_party(hearing, make_organisation("Udsatterådet"))
    db.session.commit()
    assert send_due() == (1, 0)


def test_resending_makes_new_links_and_the_old_ones_stop_working(db, client, smtp_server):
    council = make_organisation("Handicaprådet")
    hearing = _open_hearing_with(db, council)
    send_due()
    [old_path] = _links(smtp_server.messages[0])

    invitations.resend(hearing.invitations[0])
    db.session.commit()
    send_due()
    [new_path] = _links(smtp_server.messages[1])

    assert new_path != old_path
    assert client.get(old_path).status_code == 404
    assert "Linket virker ikke" in client.get(old_path).get_data(as_text=True)
    assert client.get(new_path).status_code == 200


def test_a_revoked_link_and_an_unknown_link_do_not_work(db, client, smtp_server):
    hearing = _open_hearing_with(db, make_organisation("Handicaprådet"))
    send_due()
    [path] = _links(smtp_server.messages[0])
    invitations.revoke_link(db.session.scalar(select(PartyLink)))
    db.session.commit()
    assert client.get(path).status_code == 404
    assert client.get("/svar/gaet-et-link").status_code == 404
    assert hearing.state is HearingState.OPEN


def test_a_reminder_goes_once_to_those_who_have_not_answered(app, db, smtp_server):
    from app.responses.models import Response, ResponseKind, ResponseState

    answered, silent = make_organisation("Seniorrådet"), make_organisation("Handicaprådet")
    hearing = _open_hearing_with(db, answered, silent, deadline_in=timedelta(days=2))
    db.session.add(Response(hearing=hearing, kind=ResponseKind.PARTY, organisation=answered,
                            state=ResponseState.SUBMITTED, submitted_at=datetime.now(UTC)))
    db.session.commit()
    send_due()
    smtp_server.messages.clear()

    runner = app.test_cli_runner()
    assert "1 reminders" in runner.invoke(args=["hearings", "tick"]).output
    assert "0 reminders" in runner.invoke(args=["hearings", "tick"]).output
    send_due()
    [reminder] = smtp_server.messages
    assert reminder["X-Envelope-To"] == silent.contacts[0].email
    assert reminder["Subject"].startswith("Påmindelse om høring")
    assert _links(reminder)


def test_no_reminder_while_the_deadline_is_far_away(app, db, smtp_server):
    _open_hearing_with(db, make_organisation("Handicaprådet"), deadline_in=timedelta(days=20))
    assert "0 reminders" in app.test_cli_runner().invoke(args=["hearings", "tick"]).output


def test_tick_closes_a_hearing_whose_deadline_passed(app, db, smtp_server):
    hearing = _open_hearing_with(db, make_organisation("Handicaprådet"), deadline_in=timedelta(seconds=1))
    hearing.opens_at = datetime.now(UTC) - timedelta(days=7)
    hearing.deadline_at = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    assert "1 state changes" in app.test_cli_runner().invoke(args=["hearings", "tick"]).output
    db.session.expire_all()
    assert hearing.state is HearingState.CLOSED


def test_a_later_deadline_is_mailed_to_parties_who_have_not_answered(db, smtp_server):
    hearing = _open_hearing_with(db, make_organisation("Handicaprådet"))
    send_due()
    operations.extend_deadline(hearing, hearing.deadline_at + timedelta(days=7))
    db.session.commit()
    send_due()
    assert smtp_server.messages[-1]["Subject"].startswith("Ny høringsfrist")


def test_counts_of_parties_and_contacts_are_said_in_singular_and_plural(db, auth, client, smtp_server):
    """Issue #18: "1 part(er) er tilføjet" is now "1 part" or "2 parter"."""
    hearing = _open_hearing_with(db, make_organisation("Handicaprådet", contacts=2))
    auth.log_in(Role.STAFF, officer_of=hearing.id)
    one = make_organisation("Seniorrådet")
    more = [make_organisation("Ældrerådet"), make_organisation("Integrationsrådet")]
    db.session.commit()
    parties = f"/medarbejder/hoeringer/{hearing.slug}/parter"

    page = client.post(parties, data={"organisations": [one.id]}, follow_redirects=True).get_data(as_text=True)
    assert "1 part er tilføjet og har fået invitationen." in page
    page = client.post(parties, data={"organisations": [o.id for o in more]}, follow_redirects=True)
    assert "2 parter er tilføjet og har fået invitationen." in page.get_data(as_text=True)
    council = hearing.invitations[0]
    page = client.post(f"{parties}/{council.id}/send-igen", data={"confirmed": "1"},
                       follow_redirects=True).get_data(as_text=True)
    assert "nye links til 2 kontaktpersoner. De gamle links" in page
    assert "(er)" not in page
