"""Issue #18, item 4: what cannot be undone asks first, on a page that works without JavaScript
(app/confirmations.py, templates/_layouts/confirm_page.html): opening a hearing, sending a new link,
revoking a link, finalising and publishing the memo. The GET of each action's address is its
confirmation page; only a POST with `confirmed=1` (and the CSRF token) acts; any other POST asks."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.extensions import db
from app.hearings.models import HearingState, Invitation, PartyLink
from app.hearings.tokens import new_token, token_hash
from app.memos import operations as memos
from app.memos.models import Memo
from app.notifications.models import OutboxMessage
from tests.factories import make_hearing, make_organisation, make_party, make_user

STAFF = "/medarbejder/hoeringer"


@pytest.fixture
def hearings(app, db):
    """A draft planned to open in a week, with two parties (one without a contact); an open hearing with a
    party's link; a hearing being answered whose memo is finalised and not published."""
    officer = make_user(Role.STAFF, name="Søren Sagsbehandler")
    now = datetime.now(UTC)
    draft = make_hearing(state=HearingState.SCHEDULED, title="Kvalitetsstandarder 2020", officers=[officer],
                         opens_at=now + timedelta(days=7), deadline_at=now + timedelta(days=40))
    db.session.flush()
    from app.hearings.invitations import add_party

    add_party(draft, make_organisation("Seniorrådet", contacts=2))
    add_party(draft, make_organisation("Brugerrådet på Bakkehuset", contacts=0))
    party = make_party(db)
    replying = make_hearing(state=HearingState.REPLYING, title="Ny legeplads i Sorgenfri", officers=[officer],
                            opens_at=now - timedelta(days=30), deadline_at=now - timedelta(days=2))
    db.session.commit()
    with app.test_request_context():
        memos.finalise(replying, officer)
    db.session.commit()
    open_hearing = db.session.scalar(select(PartyLink).where(PartyLink.invitation_id == party.invitation_id))
    open_hearing.invitation.hearing.officers.append(officer)
    db.session.commit()
    return {
        "officer": officer, "draft": draft, "replying": replying, "party": party,
        "pages": {
            "open": f"{STAFF}/{draft.slug}/handling/open",
            "new_link": f"{STAFF}/{party.slug}/parter/{party.invitation_id}/send-igen",
            "revoke": f"{STAFF}/{party.slug}/links/{open_hearing.id}/tilbagekald",
            "finalise": f"{STAFF}/{replying.slug}/hoeringsnotat/faerdiggoer",
            "publish": f"{STAFF}/{replying.slug}/hoeringsnotat/offentliggoer",
        },
    }


HEADINGS = {
    "open": "Vil du åbne høringen nu?",
    "new_link": "Vil du sende et nyt link til Handicaprådet?",
    "revoke": "Vil du gøre linket ugyldigt?",
    "finalise": "Færdiggør høringsnotatet",
    "publish": "Vil du offentliggøre høringsnotatet?",
}


@pytest.mark.parametrize("role", ["officer", Role.APPROVER, Role.ADMIN, Role.STAFF, Role.COMMITTEE, None])
def test_each_confirmation_page_opens_for_those_who_may_act_and_no_one_else(auth, client, hearings, role):
    """tests/access_rules.py: HEARING_EDIT, the hearing's officers, team leads and administrators."""
    if role == "officer":
        auth.log_in(hearings["officer"])
    elif role is not None:
        auth.log_in(role)
    for page, heading in HEADINGS.items():
        response = client.get(hearings["pages"][page])
        if role in ("officer", Role.APPROVER, Role.ADMIN):
            html = response.get_data(as_text=True)
            assert response.status_code == 200, page
            assert re.search(r'<h1 tabindex="-1" autofocus>\s*' + re.escape(heading), html), "focus on the h1"
            form = html.split("<main", 1)[1].split('<form method="post"', 1)[1].split("</form>", 1)[0]
            assert 'name="confirmed" type="hidden" value="1"' in form, page
            assert ">Fortryd</a>" in form, page
        elif role is None:
            assert response.status_code == 302 and "/konto/log-ind" in response.headers["Location"], page
        else:
            assert response.status_code == 403, page


def _outbox() -> int:
    return db.session.scalar(select(func.count(OutboxMessage.id)))


def test_opening_says_who_is_invited_and_that_the_planned_date_is_overridden(auth, client, hearings):
    auth.log_in(hearings["officer"])
    draft, url = hearings["draft"], hearings["pages"]["open"]
    page = client.get(url).get_data(as_text=True)
    assert "Seniorrådet (2 kontaktpersoner)" in page
    assert "Brugerrådet på Bakkehuset" in page.split("ingen aktiv kontaktperson og får ingen invitation")[1]
    assert "Høringen er planlagt til at åbne" in page
    assert "Åbn høringen og send invitationerne" in page
    assert f'href="{STAFF}/{draft.slug}">Fortryd</a>' in page

    assert client.post(url).status_code == 200, "a POST without the confirmation only asks"
    db.session.expire_all()
    assert draft.state is HearingState.SCHEDULED and _outbox() == 0

    assert client.post(url, data={"confirmed": "1"}).status_code == 302
    db.session.expire_all()
    assert draft.state is HearingState.OPEN and draft.opens_at <= datetime.now(UTC)
    assert _outbox() == 2


def test_opening_a_public_hearing_without_parties_says_nobody_is_invited(auth, client, db):
    hearing = make_hearing(state=HearingState.DRAFT, is_public=True, opens_at=None,
                           deadline_at=datetime.now(UTC) + timedelta(days=20))
    auth.log_in(Role.STAFF, officer_of=hearing.id)
    page = client.get(f"{STAFF}/{hearing.slug}/handling/open").get_data(as_text=True)
    assert "Der er ingen høringsparter på listen, så ingen får en invitation." in page
    assert "planlagt" not in page
    assert re.search(r'<button type="submit" class="button button-primary">Åbn høringen</button>', page)


def test_a_step_that_cannot_happen_goes_back_to_the_hearing_with_the_reasons(auth, client, db):
    hearing = make_hearing(state=HearingState.DRAFT, opens_at=None, deadline_at=datetime.now(UTC) + timedelta(5))
    auth.log_in(Role.STAFF, officer_of=hearing.id)
    response = client.get(f"{STAFF}/{hearing.slug}/handling/open", follow_redirects=True)
    assert response.request.path == f"{STAFF}/{hearing.slug}"
    assert "Vælg mindst én høringspart" in response.get_data(as_text=True)
    assert client.get(f"{STAFF}/{hearing.slug}/handling/schedule").status_code == 404, "no page for one button"


def test_a_revoked_link_stops_working_only_when_confirmed(auth, client, hearings):
    party = hearings["party"]
    auth.log_in(hearings["officer"])
    page = client.get(hearings["pages"]["revoke"]).get_data(as_text=True)
    assert "Ion Meyer (kontakt0@handicapraadet.example.org)" in page
    assert "Det kan ikke gøres gyldigt igen." in page
    client.post(hearings["pages"]["revoke"])
    auth.log_out()
    assert client.get(f"/svar/{party.tokens[0]}").status_code == 200

    auth.log_in(hearings["officer"])
    assert client.post(hearings["pages"]["revoke"], data={"confirmed": "1"}).status_code == 302
    auth.log_out()
    assert client.get(f"/svar/{party.tokens[0]}").status_code == 404
    assert client.get(f"/svar/{party.tokens[1]}").status_code == 200, "the colleague's link is another"


def test_the_memo_is_published_and_finalised_only_when_confirmed(auth, client, hearings):
    replying = hearings["replying"]
    auth.log_in(hearings["officer"])
    page = client.get(hearings["pages"]["publish"]).get_data(as_text=True)
    assert "kan være læst og gemt af andre" in page and "Offentliggør version 1" in page
    client.post(hearings["pages"]["publish"])
    assert db.session.scalar(select(Memo.published_at)) is None
    client.post(hearings["pages"]["publish"], data={"confirmed": "1"})
    assert db.session.scalar(select(Memo.published_at)) is not None
    again = client.get(hearings["pages"]["publish"], follow_redirects=True).get_data(as_text=True)
    assert "Version 1 af høringsnotatet er allerede offentliggjort." in again

    page = client.get(hearings["pages"]["finalise"]).get_data(as_text=True)
    assert "Den version kan ikke ændres eller slettes." in page and "version 2" in page
    replying.summary = "Ændret, så en ny version kan laves."
    db.session.commit()
    client.post(hearings["pages"]["finalise"], data={"override_reason": ""})
    assert len(memos.memos_of(replying)) == 1


def test_a_confirmation_without_the_token_is_refused(app, auth, client, hearings):
    auth.log_in(hearings["officer"])
    app.config["WTF_CSRF_ENABLED"] = True
    main = client.get(hearings["pages"]["open"]).get_data(as_text=True).split("<main", 1)[1]
    assert 'id="csrf_token" name="csrf_token" type="hidden"' in main
    assert client.post(hearings["pages"]["open"], data={"confirmed": "1"}).status_code == 400
    db.session.expire_all()
    assert hearings["draft"].state is HearingState.SCHEDULED and _outbox() == 0


def test_a_link_of_another_hearing_is_not_found(auth, client, hearings, db):
    elsewhere = Invitation(hearing=make_hearing(), organisation=make_organisation("Ældrerådet"))
    link = PartyLink(invitation=elsewhere, token_hash=token_hash(new_token()))
    db.session.add(link)
    db.session.commit()
    auth.log_in(hearings["officer"])
    assert client.get(f"{STAFF}/{hearings['party'].slug}/links/{link.id}/tilbagekald").status_code == 404
