"""Subscribing to hearings by e-mail (issue #21, item 5): double opt-in, exactly one mail when a matching
hearing opens or its memo is published, through the real SMTP server, one-click unsubscribe, and none after."""

import re
from datetime import UTC, datetime, timedelta

from app.extensions import db
from app.hearings import operations
from app.hearings.models import HearingState
from app.memos import operations as memos
from app.memos import publishing
from app.notifications.operations import send_due
from app.subscriptions import operations as subscriptions
from app.subscriptions.models import Event, Notice, Subscription, Topic
from tests.factories import make_hearing, make_user

ADDRESS = "karen.jensen@example.org"
LINK = re.compile(r"http://localhost(/abonnement/[^\s<>\"]+)")


def _open(title: str, committee: str | None = None):
    hearing = make_hearing(state=HearingState.DRAFT, title=title, committee=committee, is_public=True, opens_at=None,
                           deadline_at=datetime.now(UTC) + timedelta(days=30))
    operations.perform(hearing, "open")
    db.session.commit()
    return hearing


def _links(message) -> list[str]:
    return LINK.findall(message.get_body(("plain",)).get_content())


def _subscribe_and_confirm(client, smtp_server, **form) -> None:
    answer = client.post("/abonnement", data={"email": ADDRESS.upper(), "topic": "new_hearings", **form})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/abonnement/tjek-din-mail")
    send_due()
    [mail] = smtp_server.messages
    assert mail["X-Envelope-To"] == ADDRESS
    assert "List-Unsubscribe" not in mail  # a confirmation is not a mail of the list
    [confirm] = _links(mail)
    page = client.get(confirm)
    assert page.status_code == 200 and "Bekræft abonnementet" in page.get_data(as_text=True)
    assert db.session.scalar(db.select(Subscription.confirmed_at)) is None  # opening the link confirms nothing
    done = client.post(confirm, data={"confirmed": "1"})
    assert done.status_code == 200 and "Dit abonnement er bekræftet" in done.get_data(as_text=True)
    smtp_server.messages.clear()


def test_a_confirmed_subscriber_gets_one_mail_per_opening_and_none_after_unsubscribing(app, client, smtp_server):
    _subscribe_and_confirm(client, smtp_server)
    first = _open("Plan for botilbud")
    send_due()
    [mail] = smtp_server.messages
    assert mail["Subject"] == "Ny høring: Plan for botilbud"
    assert f"/hoeringer/{first.slug}" in mail.get_body(("plain",)).get_content()
    one_click = re.fullmatch(r"<http://localhost(/abonnement/afmeld/[^>]+/et-klik)>", mail["List-Unsubscribe"])
    assert one_click and mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert any(link.startswith("/abonnement/afmeld/") for link in _links(mail))

    # The same event seen again (a retried request, a second timer): no second mail.
    with app.test_request_context():
        assert subscriptions.notify(first, Event.OPENED) == 0
    db.session.commit()
    assert send_due() == (0, 0)

    smtp_server.messages.clear()
    answer = client.post(one_click.group(1), data={"List-Unsubscribe": "One-Click"})  # as a mail program does
    assert answer.status_code == 204
    assert db.session.scalar(db.select(db.func.count(Subscription.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Notice.id))) == 0
    _open("Takster 2027")
    send_due()
    assert smtp_server.messages == []


def test_two_matching_subscriptions_still_give_one_mail(app, client, smtp_server):
    _subscribe_and_confirm(client, smtp_server)
    _open("Første sag", committee="Social- og Sundhedsudvalget")
    send_due()
    smtp_server.messages.clear()
    client.post("/abonnement",
                data={"email": ADDRESS, "topic": "committee", "committee": "Social- og Sundhedsudvalget"})
    send_due()
    [confirmation] = smtp_server.messages
    client.post(_links(confirmation)[0], data={"confirmed": "1"})
    smtp_server.messages.clear()
    assert db.session.scalar(db.select(db.func.count(Subscription.id))) == 2
    _open("Anden sag", committee="Social- og Sundhedsudvalget")
    send_due()
    assert [mail["Subject"] for mail in smtp_server.messages] == ["Ny høring: Anden sag"]


def test_a_committee_subscription_hears_only_of_that_committee(app, client, smtp_server):
    _open("Sag i et andet udvalg", committee="Teknik- og Miljøudvalget")
    _open("Tidligere sag", committee="Social- og Sundhedsudvalget")
    send_due()
    smtp_server.messages.clear()
    _subscribe_and_confirm(client, smtp_server, topic="committee", committee="Social- og Sundhedsudvalget")
    _open("Vejplan", committee="Teknik- og Miljøudvalget")
    _open("Botilbud", committee="social- og sundhedsudvalget")  # the name as typed on another hearing
    send_due()
    assert [mail["Subject"] for mail in smtp_server.messages] == ["Ny høring: Botilbud"]


def test_an_unconfirmed_subscription_gets_nothing_and_goes_after_a_week(app, client, smtp_server):
    client.post("/abonnement", data={"email": ADDRESS, "topic": "new_hearings"})
    send_due()
    smtp_server.messages.clear()
    _open("Plan for botilbud")
    send_due()
    assert smtp_server.messages == []
    assert subscriptions.remove_unconfirmed(datetime.now(UTC)) == 0
    assert subscriptions.remove_unconfirmed(datetime.now(UTC) + timedelta(days=8)) == 1


def test_one_hearings_memo_subscription_hears_when_the_memo_is_published(app, client, smtp_server):
    hearing = _open("Ny legeplads")
    page = client.get(f"/hoeringer/{hearing.slug}")
    assert f"/abonnement/hoering/{hearing.slug}" in page.get_data(as_text=True)
    client.post(f"/abonnement/hoering/{hearing.slug}", data={"email": ADDRESS})
    send_due()
    [confirmation] = smtp_server.messages
    assert "Høringsnotatet i høringen »Ny legeplads«" in confirmation.get_body(("plain",)).get_content()
    client.post(_links(confirmation)[0], data={"confirmed": "1"})
    smtp_server.messages.clear()
    officer = make_user()
    hearing.officers.append(officer)
    hearing.state = HearingState.REPLYING
    hearing.closed_at = datetime.now(UTC)
    db.session.commit()
    with app.test_request_context():
        memos.finalise(hearing, officer)
        publishing.publish(hearing)
        publishing.unpublish(hearing)
        publishing.publish(hearing)  # put back: no second mail
    db.session.commit()
    send_due()
    subjects = [mail["Subject"] for mail in smtp_server.messages if mail["X-Envelope-To"] == ADDRESS]
    assert subjects == ["Høringsnotatet er offentliggjort: Ny legeplads"]


def test_bad_input_gets_danish_messages_next_to_the_fields_and_keeps_what_was_typed(client):
    answer = client.post("/abonnement", data={"email": "ikke-en-adresse", "topic": "new_hearings"})
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert "Skriv en gyldig e-mailadresse" in page and 'value="ikke-en-adresse"' in page
    _open("Sag", committee="Social- og Sundhedsudvalget")
    answer = client.post("/abonnement", data={"email": ADDRESS, "topic": "committee", "committee": ""})
    assert answer.status_code == 422
    assert "Vælg det udvalg, du vil have besked om." in answer.get_data(as_text=True)
    answer = client.post("/abonnement", data={"email": ADDRESS, "topic": "committee", "committee": "Findes ikke"})
    assert "Vælg et af udvalgene på listen." in answer.get_data(as_text=True)


def test_broken_and_old_links_say_so(app, client):
    assert "Linket virker ikke" in client.get("/abonnement/bekraeft/noget-andet").get_data(as_text=True)
    with app.test_request_context():
        subscription = subscriptions.subscribe(ADDRESS, Topic.NEW_HEARINGS)
        unsubscribe = subscriptions.unsubscribe_token(subscription)
        confirm = subscriptions.confirm_token(subscription)
    db.session.commit()
    assert client.post(f"/abonnement/afmeld/{unsubscribe}", data={"confirmed": "1"}).status_code == 200
    gone = client.get(f"/abonnement/afmeld/{unsubscribe}")
    assert gone.status_code == 404 and "allerede afmeldt" in gone.get_data(as_text=True)
    assert client.get(f"/abonnement/bekraeft/{confirm}").status_code == 404
    assert client.post(f"/abonnement/afmeld/{unsubscribe}/et-klik").status_code == 204  # nothing more to do


def test_subscriptions_are_in_the_access_file_and_erased_with_the_address(app, client, smtp_server):
    from app.privacy import operations as privacy

    _subscribe_and_confirm(client, smtp_server)
    stored = privacy.find(ADDRESS)
    assert not stored.is_empty
    with app.test_request_context():
        exported = privacy.export(stored, datetime.now(UTC))
    assert [item["topic"] for item in exported["subscriptions"]] == ["new_hearings"]
    assert exported["subscriptions"][0]["confirmed_at"] is not None
    with app.test_request_context():
        result = privacy.erase(privacy.find(ADDRESS))
    db.session.commit()
    assert result.subscriptions_deleted == 1
    assert db.session.scalar(db.select(db.func.count(Subscription.id))) == 0


def test_a_hearing_only_for_invited_parties_is_told_as_such(app, client, smtp_server):
    """Subscribers hear of every hearing that opens, but are not invited to answer one that citizens cannot."""
    from app.hearings import invitations
    from tests.factories import make_organisation

    _subscribe_and_confirm(client, smtp_server)
    hearing = make_hearing(state=HearingState.DRAFT, title="Takster for rådene", is_public=False, opens_at=None,
                           deadline_at=datetime.now(UTC) + timedelta(days=30))
    invitations.add_party(hearing, make_organisation("Handicaprådet"))
    with app.test_request_context():
        operations.perform(hearing, "open")
    db.session.commit()
    send_due()
    [mail] = [m for m in smtp_server.messages if m["X-Envelope-To"] == ADDRESS]
    text = " ".join(mail.get_body(("plain",)).get_content().split())
    assert "hos bestemte høringsparter" in text and "du kan give din mening til kende" not in text
