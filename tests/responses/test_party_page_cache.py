"""The party's page with its draft from the cache (app/responses/draft_sections.py): the same page as rendered
anew, only the party's own texts in it, and a change to the draft or the deadline seen on the next request."""

import re
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.extensions import cache, db
from app.hearings.models import Hearing, Invitation, PartyLink, Section
from app.hearings.tokens import new_token, token_hash
from app.parties.models import ContactPerson, Organisation, OrganisationKind
from tests.responses.helpers import form_data, textareas

OURS = "Handicaprådet: aflastning skal også gælde weekender."
GENERAL = "Rådet takker for udkastet."
THEIRS = "Seniorrådet: støtten i eget hjem bør følges op hver måned."


def _page(client, url: str) -> str:
    answer = client.get(url)
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def _kept_and_not(app, client, url: str) -> tuple[str, str, str]:
    """The page rendered with the draft kept off, then twice with it on (made, then from the cache)."""
    app.config["FRAGMENT_CACHE_SECONDS"] = 0
    anew = _page(client, url)
    app.config["FRAGMENT_CACHE_SECONDS"] = 3600
    return anew, _page(client, url), _page(client, url)


def _second_party(hearing_id: int, name: str = "Seniorrådet") -> str:
    """Another council invited to the same hearing; its personal link."""
    hearing = db.session.get(Hearing, hearing_id)
    organisation = Organisation(name=name, kind=OrganisationKind.COUNCIL)
    contact = ContactPerson(name="Birte Holm", email="birte@seniorraadet.example.org")
    organisation.contacts.append(contact)
    invitation = Invitation(hearing=hearing, organisation=organisation, invited_at=datetime.now(UTC))
    token = new_token()
    db.session.add_all([invitation, PartyLink(invitation=invitation, contact=contact, token_hash=token_hash(token),
                                              sent_at=datetime.now(UTC))])
    db.session.commit()
    return f"/svar/{token}"


def test_the_page_from_the_cache_is_the_page_rendered_anew_with_texts_errors_and_conflicts(app, client, party):
    page = _page(client, party.url)
    client.post(party.url, data=form_data(page, general=GENERAL, **{"section-s84-omfang": OURS, "action": "save"}))
    _page(client, party.url)  # shows "Kladden er gemt" once
    anew, made, kept = _kept_and_not(app, client, party.url)
    assert anew == made == kept
    fields = textareas(kept)
    assert fields["section-s84-omfang"] == OURS and fields["general"] == GENERAL
    assert fields["section-s84"] == fields["section-s85"] == ""
    assert '<label class="form-label" for="section-s85">Bemærkning til § 85 Socialpædagogisk støtte</label>' in kept

    # A page sent back with an error next to a field, and with a colleague's conflicting text next to a field
    # emptied by the one who sends it.
    too_long = "Bemærkning. " * 3000
    chair, secretary = (f"/svar/{token}" for token in party.tokens)
    client.post(chair, data=form_data(_page(client, chair), **{"section-s85": GENERAL, "action": "save"}))
    _page(client, chair)  # "Kladden er gemt"
    secretary_page = _page(client, secretary)
    client.post(chair, data=form_data(_page(client, chair), **{"section-s85": THEIRS, "action": "save"}))
    _page(client, chair)
    pages = []
    for seconds in (0, 3600, 3600):
        app.config["FRAGMENT_CACHE_SECONDS"] = seconds
        answer = client.post(secretary, data=form_data(secretary_page, **{
            "section-s84": too_long, "section-s85": "", "action": "save"}))
        pages.append(answer.get_data(as_text=True))
    assert pages[0] == pages[1] == pages[2]
    assert "Teksten er for lang: 36.000 tegn, højst 30.000." in pages[2]
    assert 'aria-describedby="section-s84-error"' in pages[2], "the error is tied to its field"
    assert "En anden fra jeres organisation har ændret dette felt, mens du skrev." in pages[2]
    assert f'<blockquote class="app-conflict-text"><p>{THEIRS}</p></blockquote>' in pages[2]
    assert textareas(pages[2])["section-s84"] == too_long and textareas(pages[2])["section-s85"] == ""


def test_one_party_never_sees_another_partys_text(app, client, party):
    theirs = _second_party(party.hearing_id)
    client.post(party.url, data=form_data(_page(client, party.url), general=GENERAL,
                                          **{"section-s84": OURS, "action": "save"}))
    _page(client, party.url)  # shows "Kladden er gemt" once
    cache.clear()  # as after a restart of Redis: the next page, with our text, is the first to keep the draft
    ours_page = _page(client, party.url)
    their_page = _page(app.test_client(), theirs)
    assert OURS not in their_page and GENERAL not in their_page
    assert set(textareas(their_page).values()) == {""}
    assert "Høringssvar fra Seniorrådet" in their_page

    other = app.test_client()
    other.post(theirs, data=form_data(their_page, **{"section-s84": THEIRS, "action": "save"}))
    assert textareas(_page(other, theirs))["section-s84"] == THEIRS
    ours_again = _page(client, party.url)
    assert THEIRS not in ours_again and textareas(ours_again)["section-s84"] == OURS
    assert ours_again == ours_page


def test_the_other_parties_are_offered_as_cosigners_but_never_the_party_itself(app, client, party):
    theirs = _second_party(party.hearing_id)
    ours_page, their_page = _page(client, party.url), _page(app.test_client(), theirs)
    offered = re.compile(r'<input class="form-checkbox" id="cosigners-\d+" name="cosigners" type="checkbox" '
                         r'value="(\d+)">\s*<label class="form-label" for="cosigners-\d+">([^<]+)</label>')
    assert [name for _id, name in offered.findall(ours_page)] == ["Seniorrådet"]
    assert [name for _id, name in offered.findall(their_page)] == ["Handicaprådet"]


def test_a_corrected_section_and_a_closed_hearing_show_on_the_next_request(client, party):
    assert "Der ydes op til 60 døgn om året." in _page(client, party.url)
    section = db.session.scalar(select(Section).where(Section.key == "s84-omfang"))
    section.body_html = "<p>Der ydes op til 90 døgn om året.</p>"
    db.session.commit()
    page = _page(client, party.url)
    assert "Der ydes op til 90 døgn om året." in page and "60 døgn" not in page

    hearing = db.session.get(Hearing, party.hearing_id)
    hearing.deadline_at = datetime.now(UTC) - timedelta(hours=1)
    db.session.commit()
    closed = _page(client, party.url)
    assert "Høringen er lukket for svar" in closed
    assert "<textarea" not in closed and "Skriv en bemærkning" not in closed


def test_a_kept_draft_never_shows_an_open_field_after_the_deadline_passes(client, party):
    hearing = db.session.get(Hearing, party.hearing_id)
    soon = datetime.now(UTC) + timedelta(seconds=5)  # room for two pages on a loaded machine
    hearing.deadline_at = soon
    db.session.commit()
    assert "<textarea" in _page(client, party.url)
    assert "<textarea" in _page(client, party.url)  # from the cache
    time.sleep(max(0.0, (soon - datetime.now(UTC)).total_seconds()) + 0.5)
    closed = _page(client, party.url)
    assert "Høringen er lukket for svar" in closed and "<textarea" not in closed
