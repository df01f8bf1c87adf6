"""Issue #18, item 3: "Send påmindelse" reminds the parties still to answer (one, several or all), names
the deadline and leaves every link working; "Send nyt link" revokes the old link only after asking.
Mail goes through the outbox to a real SMTP server (aiosmtpd)."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.hearings import invitations, operations
from app.hearings.models import HearingState, Invitation
from app.notifications.operations import send_due
from app.responses.models import Response, ResponseKind, ResponseState
from tests.factories import make_hearing, make_organisation

LINK = re.compile(r"http://localhost(/svar/[\w-]+)")
DEADLINE = datetime(2031, 6, 24, 21, 59, tzinfo=UTC)  # 23:59 Danish summer time


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


def _open_hearing(*organisations):
    hearing = make_hearing(state=HearingState.DRAFT, title="Helhedsplan for socialpsykiatrien", opens_at=None,
                           deadline_at=DEADLINE)
    for organisation in organisations:
        invitations.add_party(hearing, organisation)
    operations.perform(hearing, "open")
    db.session.commit()
    return hearing


def _first_links(smtp_server) -> dict[str, str]:
    """The invitation's link of each contact, by address; the outbox emptied."""
    send_due()
    links = {m["X-Envelope-To"]: LINK.findall(_text(m))[0] for m in smtp_server.messages}
    smtp_server.messages.clear()
    return links


def _answer(hearing, organisation, state=ResponseState.SUBMITTED):
    db.session.add(Response(hearing=hearing, kind=ResponseKind.PARTY, organisation=organisation, state=state,
                            submitted_at=datetime.now(UTC),
                            withdrawn_at=datetime.now(UTC) if state is ResponseState.WITHDRAWN else None))
    db.session.commit()


def _remind(client, hearing, *organisations, **data):
    ids = [db.session.scalar(select(Invitation.id).where(Invitation.hearing_id == hearing.id,
                                                         Invitation.organisation_id == o.id)) for o in organisations]
    return client.post(f"/medarbejder/hoeringer/{hearing.slug}/parter/paamindelser",
                       data={"invitations": ids, **data})


def test_the_chosen_party_is_reminded_of_the_deadline_and_its_old_link_still_works(auth, client, smtp_server):
    nettet, kirsten_marie = make_organisation("Nettet"), make_organisation("Kirsten Marie")
    hearing = _open_hearing(nettet, kirsten_marie)
    old = _first_links(smtp_server)[nettet.contacts[0].email]
    auth.log_in(Role.STAFF, officer_of=hearing.id)

    done = _remind(client, hearing, nettet)
    assert done.status_code == 302
    assert "1 part har fået en påmindelse: Nettet." in client.get(done.headers["Location"]).get_data(as_text=True)
    assert send_due() == (1, 0)
    [reminder] = smtp_server.messages
    assert reminder["X-Envelope-To"] == nettet.contacts[0].email
    assert reminder["Subject"] == "Påmindelse om høring: Helhedsplan for socialpsykiatrien"
    text = _text(reminder)
    assert "Høringsfristen er 24. juni 2031 kl. 23.59." in text
    assert "Det link, I fik tidligere, virker stadig" in text

    auth.log_out()
    for path in (old, LINK.findall(text)[0]):
        page = client.get(path)
        assert page.status_code == 200 and "Helhedsplan for socialpsykiatrien" in page.get_data(as_text=True)
    reminded, other = (db.session.scalar(select(Invitation).where(Invitation.organisation_id == o.id))
                       for o in (nettet, kirsten_marie))
    assert reminded.last_reminder_at is not None and reminded.reminder_count == 1
    assert other.last_reminder_at is None


def test_all_who_have_not_answered_and_only_they_are_reminded(auth, client, smtp_server):
    answered, withdrawn, declined, gone = (make_organisation(n) for n in (
        "Seniorrådet", "Ældre Sagen", "Integrationsrådet", "Nedlagt forening"))
    waiting = [make_organisation("Handicaprådet", contacts=2), make_organisation("Udsatterådet")]
    hearing = _open_hearing(answered, withdrawn, declined, gone, *waiting)
    _first_links(smtp_server)
    _answer(hearing, answered)
    _answer(hearing, withdrawn, ResponseState.WITHDRAWN)
    next(i for i in hearing.invitations if i.organisation is declined).declined_at = datetime.now(UTC)
    gone.active = False
    db.session.commit()
    auth.log_in(Role.STAFF, officer_of=hearing.id)

    page = client.get(f"/medarbejder/hoeringer/{hearing.slug}/parter").get_data(as_text=True)
    labels = re.findall(r'<label class="form-label" for="invitations-\d+">([^<]+)</label>', page)
    assert labels == ["Handicaprådet", "Udsatterådet"], "a checkbox, named by the party, for each one still to answer"
    assert "Send påmindelse til alle 2 parter, der ikke har svaret" in page
    assert "Har trukket sit svar tilbage" in page

    # Asking for those who answered as well changes nothing: they are left out.
    assert _remind(client, hearing, answered, declined, everyone="1").status_code == 302
    assert send_due() == (3, 0)
    assert sorted(m["X-Envelope-To"] for m in smtp_server.messages) == sorted(
        c.email for o in waiting for c in o.contacts)
    assert {i.organisation.name for i in hearing.invitations if i.last_reminder_at} == {"Handicaprådet",
                                                                                        "Udsatterådet"}


def test_a_second_reminder_on_the_same_day_is_asked_about_first(auth, client, smtp_server):
    council = make_organisation("Handicaprådet")
    hearing = _open_hearing(council)
    _first_links(smtp_server)
    auth.log_in(Role.STAFF, officer_of=hearing.id)
    _remind(client, hearing, council)
    assert send_due() == (1, 0)

    asked = _remind(client, hearing, council)
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Vil du sende en påmindelse igen i dag?" in page
    invitation_id = hearing.invitations[0].id
    assert f'name="invitations" value="{invitation_id}"' in page and 'name="confirmed" type="hidden" value="1"' in page
    assert send_due() == (0, 0), "nothing sent before the answer"

    assert _remind(client, hearing, council, confirmed="1").status_code == 302
    assert send_due() == (1, 0)
    assert hearing.invitations[0].reminder_count == 2


def test_choosing_nobody_is_said_next_to_the_choice_and_nothing_is_sent(auth, client, smtp_server):
    hearing = _open_hearing(make_organisation("Handicaprådet"))
    _first_links(smtp_server)
    auth.log_in(Role.STAFF, officer_of=hearing.id)
    refused = _remind(client, hearing)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert page.count("Vælg mindst én part, der ikke har svaret endnu.") == 2, "in the summary and by the buttons"
    assert 'aria-invalid="true"' in page
    assert send_due() == (0, 0)


def test_a_new_link_is_sent_only_after_the_page_says_the_old_one_stops_working(auth, client, smtp_server):
    council = make_organisation("Handicaprådet")
    hearing = _open_hearing(council)
    [old] = _first_links(smtp_server).values()
    auth.log_in(Role.STAFF, officer_of=hearing.id)
    url = f"/medarbejder/hoeringer/{hearing.slug}/parter/{hearing.invitations[0].id}/send-igen"

    asked = client.get(url).get_data(as_text=True)
    assert "Det gamle link holder op med at virke." in asked
    assert council.contacts[0].email in asked
    assert client.post(url).status_code == 200, "a POST without the confirmation asks too"
    assert send_due() == (0, 0)
    auth.log_out()
    assert client.get(old).status_code == 200

    auth.log_in(Role.STAFF, officer_of=hearing.id)
    assert client.post(url, data={"confirmed": "1"}).status_code == 302
    send_due()
    [new] = LINK.findall(_text(smtp_server.messages[0]))
    auth.log_out()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_no_reminder_once_the_hearing_has_closed(auth, client, smtp_server):
    council = make_organisation("Handicaprådet")
    hearing = _open_hearing(council)
    _first_links(smtp_server)
    hearing.opens_at, hearing.deadline_at = datetime.now(UTC) - timedelta(days=9), datetime.now(UTC) - timedelta(1)
    db.session.commit()
    auth.log_in(Role.STAFF, officer_of=hearing.id)
    page = client.get(f"/medarbejder/hoeringer/{hearing.slug}/parter").get_data(as_text=True)
    assert "Send påmindelse" not in page
    done = _remind(client, hearing, council)
    assert "Påmindelser kan kun sendes, mens høringen er åben." in client.get(done.headers["Location"]).get_data(
        as_text=True)
    assert send_due() == (0, 0)
