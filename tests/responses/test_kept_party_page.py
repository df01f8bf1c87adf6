"""The page of a party that has not written, kept once per hearing and filled in per request
(app/responses/kept_party_page.py), and answered in front of Flask (app/responses/party_front.py): the same page
as rendered in full for that party, never another party's parts, and every link still checked."""

import gzip
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.hearings.models import Hearing, HearingState, Invitation, PartyLink
from app.hearings.tokens import new_token, token_hash
from app.parties.models import ContactPerson, Organisation, OrganisationKind
from app.responses import kept_party_page
from app.responses.models import Response
from app.responses.party_front import KeptPartyPages
from tests.factories import make_response
from tests.responses.helpers import form_data

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
# A name and a contact that need escaping, wherever the page shows them.
NAME = 'Rådet for "Ældre" & <Handicap>'
CONTACT = "Åse O'Brien & co"


@pytest.fixture
def flask_requests(app):
    """How many requests reached Flask's own handling."""
    seen = []
    app.before_request_funcs.setdefault(None, []).insert(0, lambda: seen.append(1))
    return seen


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True


def _add_party(hearing_id: int, name: str, contact: str, *, sent: bool = True) -> tuple[str, int]:
    """Another party invited to the hearing, with one contact and a personal link: (url, link id)."""
    hearing = db.session.get(Hearing, hearing_id)
    organisation = Organisation(name=name, kind=OrganisationKind.COUNCIL)
    person = ContactPerson(name=contact, email=f"{new_token()[:8]}@raad.example.org")
    organisation.contacts.append(person)
    invitation = Invitation(hearing=hearing, organisation=organisation, invited_at=datetime.now(UTC))
    token = new_token()
    link = PartyLink(invitation=invitation, contact=person, token_hash=token_hash(token),
                     sent_at=datetime.now(UTC) if sent else None)
    db.session.add_all([invitation, link])
    db.session.commit()
    return f"/svar/{token}", link.id


@pytest.fixture
def parties(db, party):
    """Handicaprådet (party) and two more parties on the same hearing."""
    first = _add_party(party.hearing_id, NAME, CONTACT)
    second = _add_party(party.hearing_id, "Seniorrådet", "Birte Holm")
    return party, first, second


def _without_csrf(html: bytes) -> bytes:
    return CSRF.sub('name="csrf_token" type="hidden" value="…"', html.decode()).encode()


def _full(app, client, url: str):
    """The page rendered in full (keeping off), as every page was before."""
    app.config["FRAGMENT_CACHE_SECONDS"] = 0
    try:
        return client.get(url)
    finally:
        app.config["FRAGMENT_CACHE_SECONDS"] = 3600


def _headers(answer) -> list:
    return sorted((name, value) for name, value in answer.headers.items() if name != "Set-Cookie")


@pytest.mark.usefixtures("csrf_on")
def test_the_filled_page_is_the_page_rendered_in_full_for_that_party(app, client, parties, flask_requests):
    party, (url, _), (other, _) = parties
    made = client.get(other)  # keeps the page (in the view)
    assert made.status_code == 200 and len(flask_requests) == 1
    for address in (url, party.url):
        client.delete_cookie("session")
        before = len(flask_requests)
        kept = client.get(address)
        assert len(flask_requests) == before, "answered in front of Flask"
        client.delete_cookie("session")
        full = _full(app, client, address)
        assert kept.status_code == full.status_code == 200
        assert _without_csrf(kept.data) == _without_csrf(full.data)
        assert _headers(kept) == _headers(full)
        assert kept.headers["Cache-Control"] == "no-store" and "Content-Security-Policy" in kept.headers
        # The session cookie as Flask sets it: the same attributes, a token of its own.
        assert kept.headers["Set-Cookie"].split(";", 1)[1] == full.headers["Set-Cookie"].split(";", 1)[1]
    page = kept.get_data(as_text=True)
    assert "Høringssvar fra Handicaprådet" in page and 'value="Ion Meyer"' in page
    named = client.get(url).get_data(as_text=True)
    assert "Høringssvar fra Rådet for &#34;Ældre&#34; &amp; &lt;Handicap&gt;" in named
    assert 'value="Åse O&#39;Brien &amp; co"' in named


@pytest.mark.usefixtures("csrf_on")
def test_party_b_never_sees_party_a_s_name_link_or_token(client, parties, flask_requests):
    party, (a_url, _), (b_url, _) = parties
    a_page = client.get(a_url).get_data(as_text=True)
    a_token = CSRF.search(a_page).group(1)
    client.delete_cookie("session")
    b_page = client.get(b_url).get_data(as_text=True)
    assert len(flask_requests) == 1, "B's page filled in front of Flask"
    a_key = a_url.rsplit("/", 1)[1]
    assert a_key not in b_page and a_token not in b_page and CONTACT.split()[0] not in b_page
    assert "Høringssvar fra Seniorrådet" in b_page and "Birte Holm" in b_page
    # A is offered to B as a co-signer, as every other party is, never as the one who answers; B is not.
    offered = re.findall(r'<label class="form-label" for="cosigners-\d+">([^<]*)</label>', b_page)
    assert offered == sorted(["Handicaprådet", "Rådet for &#34;Ældre&#34; &amp; &lt;Handicap&gt;"], key=str.casefold)
    assert "Rådet for &#34;Ældre&#34;" not in b_page.split('id="faelles-svar"')[0]


@pytest.mark.usefixtures("csrf_on")
def test_a_browser_that_takes_gzip_gets_the_same_page_compressed(client, parties, flask_requests, monkeypatch):
    """Every party's page, wherever the party stands among the co-signers offered (compressed three to a
    run here, so that a party stands at the start, inside and at the end of a run), is the page it gets
    uncompressed."""
    monkeypatch.setattr(kept_party_page, "OFFERED_RUN", 3)
    party, (first, _), (second, _) = parties
    more = [_add_party(party.hearing_id, f"Råd nr. {n}", f"Kontakt {n}")[0] for n in range(5)]
    urls = [party.url, first, second, *more]
    client.get(urls[0])  # keeps the page (in the view)
    for url in urls:
        client.delete_cookie("session")
        plain = client.get(url)
        packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert packed.status_code == 200 and packed.headers["Content-Encoding"] == "gzip"
        assert packed.headers["Vary"] == "Cookie, Accept-Encoding" and "Content-Encoding" not in plain.headers
        assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data) / 2
        assert _without_csrf(gzip.decompress(packed.data)) == _without_csrf(plain.data)
    assert len(flask_requests) == 1, "every page filled in front of Flask"


def test_a_revoked_expired_or_deactivated_link_is_still_refused(app, client, parties, flask_requests):
    party, (url, link_id), _ = parties
    assert client.get(url).status_code == 200 and client.get(party.url).status_code == 200
    link = db.session.get(PartyLink, link_id)
    link.revoked_at = datetime.now(UTC)
    db.session.commit()
    refused = client.get(url)
    assert refused.status_code == 404 and "Høringssvar fra" not in refused.get_data(as_text=True)

    mitid_url, mitid_id = _add_party(party.hearing_id, "Ældrerådet", "Ole Lund", sent=False)  # a MitID link
    assert client.get(mitid_url).status_code == 200
    mitid = db.session.get(PartyLink, mitid_id)
    mitid.created_at = mitid.last_opened_at = datetime.now(UTC) - timedelta(hours=app.config["MITID_LINK_HOURS"] + 1)
    db.session.commit()
    assert client.get(mitid_url).status_code == 404

    contact = db.session.scalar(select(ContactPerson).where(ContactPerson.name == "Ion Meyer"))
    contact.active = False
    db.session.commit()
    assert client.get(party.url).status_code == 404


def test_a_closed_hearing_shows_the_closed_state(client, parties):
    party, (url, _), _ = parties
    assert "Høringen er lukket for svar" not in client.get(url).get_data(as_text=True)
    hearing = db.session.get(Hearing, party.hearing_id)
    hearing.deadline_at = datetime.now(UTC) - timedelta(hours=1)  # the deadline passed; the state not yet changed
    db.session.commit()
    for _ in range(2):  # made, then kept
        page = client.get(url).get_data(as_text=True)
        assert "Høringen er lukket for svar" in page and "<textarea" not in page
    db.session.expire_all()
    assert db.session.get(Hearing, party.hearing_id).state is HearingState.CLOSED


def test_the_kept_page_changes_when_the_hearing_changes(client, parties, flask_requests):
    party, (url, _), (other, _) = parties
    client.get(url)
    client.get(other)
    assert len(flask_requests) == 1
    hearing = db.session.get(Hearing, party.hearing_id)
    hearing.title = "Kvalitetsstandarder, rettet udgave"
    db.session.commit()  # moves the public cache's generation on
    assert "Kvalitetsstandarder, rettet udgave" in client.get(other).get_data(as_text=True)
    assert len(flask_requests) == 2, "made again"
    assert "Kvalitetsstandarder, rettet udgave" in client.get(url).get_data(as_text=True)
    assert len(flask_requests) == 2
    # A new party on the list is offered as a co-signer at once.
    _add_party(party.hearing_id, "Integrationsrådet", "Mette Kjær")
    assert "Integrationsrådet</label>" in client.get(url).get_data(as_text=True)


@pytest.mark.usefixtures("csrf_on")
def test_the_token_of_the_filled_page_saves(client, parties, flask_requests):
    party, (url, _), (other, _) = parties
    client.get(other)
    client.delete_cookie("session")
    page = client.get(url)
    assert len(flask_requests) == 1 and "Set-Cookie" in page.headers, "filled before Flask, with a session"
    html = page.get_data(as_text=True)
    saved = client.post(url, data=form_data(html, general="Rådet støtter udkastet.", action="save",
                                            csrf_token=CSRF.search(html).group(1)))
    assert saved.status_code == 302
    response = db.session.scalar(select(Response).where(Response.organisation_id.is_not(None)))
    assert response.draft["general"] == "Rådet støtter udkastet."
    # Its page is its own now (text, the message): rendered in full by Flask.
    shown = client.get(url).get_data(as_text=True)
    assert "Kladden er gemt." in shown and "Rådet støtter udkastet." in shown and len(flask_requests) == 3
    # Another visit, with the same session: its token still saves.
    again = client.get(url).get_data(as_text=True)
    assert client.post(url, data=form_data(again, general="Ændret.", action="save",
                                           csrf_token=CSRF.search(again).group(1))).status_code == 302


def test_the_opening_is_noted_once_a_minute(client, parties, flask_requests):
    party, (url, link_id), (other, _) = parties
    client.get(other)
    client.get(url)
    assert len(flask_requests) == 1
    link = db.session.get(PartyLink, link_id)
    first = link.first_opened_at
    assert first is not None and link.last_opened_at == first
    link.last_opened_at = first - timedelta(minutes=2)
    db.session.commit()
    client.get(url)
    db.session.expire_all()
    link = db.session.get(PartyLink, link_id)
    assert link.first_opened_at == first and link.last_opened_at > first


def test_a_party_with_something_of_its_own_is_rendered_in_full(client, parties, flask_requests):
    party, (url, _), (other, _) = parties
    client.get(other)
    client.set_cookie("remember_token", "a-log-in")
    client.get(url)
    client.delete_cookie("remember_token")
    client.get(f"{url}?x=1")
    assert len(flask_requests) == 3
    invitation = db.session.scalar(select(Invitation).where(Invitation.organisation.has(name=NAME)))
    make_response(invitation.hearing, invitation.organisation, draft={"general": "Vores kladde."})
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Vores kladde." in page and len(flask_requests) == 4


@pytest.mark.usefixtures("csrf_on")
def test_each_language_has_its_own_kept_page(app, client, parties, flask_requests):
    party, (url, _), (other, _) = parties
    client.set_cookie("language", "en")
    client.get(other)
    client.delete_cookie("session")
    kept = client.get(url)
    assert len(flask_requests) == 1 and 'lang="en"' in kept.get_data(as_text=True)
    client.delete_cookie("session")
    assert _without_csrf(kept.data) == _without_csrf(_full(app, client, url).data)
    client.delete_cookie("language")
    client.delete_cookie("session")
    assert 'lang="da"' in client.get(url).get_data(as_text=True) and len(flask_requests) == 3


def test_the_fronts_own_connections_take_the_apps_engine_options_but_the_ping(app):
    """Connect arguments, pool sizes and time-outs set for the app hold for the front's pool too."""
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True, "pool_recycle": 1234}
    front = KeptPartyPages(app)
    assert front.engine.pool._recycle == 1234 and front.engine.pool._pre_ping is False
    assert str(front.engine.url) == str(db.engine.url)
