"""A joint response names another party only with that party's consent (issue 19, item 2).

A party naming another as co-signer through its own link makes a pending co-signature: until the named
party accepts it from its own link, it has not answered (it is reminded, the memo's list of parties says
so, and the memo does not name it as co-author), its link shows the joint response above its own form,
and it may answer on its own. When the sender changes the words, each co-signer accepts them again. Staff
registering a letter signed by several parties name them accepted."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.hearings.invitations import party_rows
from app.hearings.models import Hearing, Invitation, PartyLink
from app.hearings.reminders import remindable
from app.hearings.tokens import new_token, token_hash
from app.memos.compile import compile_memo
from app.parties.models import ContactPerson, Organisation, OrganisationKind
from app.responses.models import Response, ResponseState
from tests.responses.helpers import form_data

SENT = "Vi foreslår en model 2½, som Kirsten Marie står bag sammen med os."
OWN = "Kirsten Marie foretrækker model 1."
ACCEPT = "Bekræft, at vi står bag svaret"


def _invite_kirsten_marie(party) -> tuple[Organisation, str]:
    """Kirsten Marie on the party's hearing, with a personal link of its own."""
    hearing = db.session.get(Hearing, party.hearing_id)
    other = Organisation(name="Kirsten Marie", kind=OrganisationKind.INSTITUTION)
    contact = ContactPerson(name="Karin Forstander", email="forstander@kirstenmarie.example.org")
    other.contacts.append(contact)
    invitation = Invitation(hearing=hearing, organisation=other, invited_at=datetime.now(UTC) - timedelta(days=3))
    token = new_token()
    db.session.add_all([invitation, PartyLink(invitation=invitation, contact=contact, token_hash=token_hash(token))])
    db.session.commit()
    return other, f"/svar/{token}"


def _name_as_cosigner(client, party, other: Organisation) -> None:
    """Handicaprådet submits a response naming Kirsten Marie as co-signer, through its own link; its receipt
    says the co-signer stands behind it only once it has said so."""
    page = client.get(party.url).get_data(as_text=True)
    done = client.post(party.url, data=form_data(page, general=SENT, cosigners=str(other.id), action="submit"))
    assert done.status_code == 302, done.get_data(as_text=True)
    receipt = " ".join(re.sub(r"<[^>]+>", "", client.get(done.headers["Location"]).get_data(as_text=True)).split())
    assert "Fælles høringssvar med: Kirsten Marie" in receipt
    assert "Hver af dem står først bag svaret, når de har bekræftet det fra deres eget link." in receipt


def _response_of(name: str) -> Response | None:
    db.session.expire_all()
    return db.session.scalar(select(Response).join(Response.organisation).where(Organisation.name == name))


def _answered(party) -> dict[str, bool]:
    hearing = db.session.get(Hearing, party.hearing_id)
    return {row.organisation.name: row.answered_at is not None for row in party_rows(hearing)}


def _memo(app, party):
    with app.test_request_context():
        return compile_memo(db.session.get(Hearing, party.hearing_id))


def _accept_url(other_url: str, response: Response) -> str:
    return f"{other_url}/faelles-svar/{response.id}/bekraeft"


def test_a_party_named_as_cosigner_has_not_answered_until_it_accepts(app, client, party):
    other, other_url = _invite_kirsten_marie(party)
    _name_as_cosigner(client, party, other)

    joint = _response_of("Handicaprådet")
    assert [o.name for o in joint.pending_cosigners] == ["Kirsten Marie"] and joint.cosigners == []
    assert [o.name for o in joint.signing_parties] == ["Handicaprådet"]
    assert _answered(party) == {"Handicaprådet": True, "Kirsten Marie": False}
    hearing = db.session.get(Hearing, party.hearing_id)
    assert [i.organisation.name for i in remindable(hearing)] == ["Kirsten Marie"], "it is still reminded"

    memo = _memo(app, party)
    assert {p.name: p.status for p in memo.parties} == {"Handicaprådet": "answered", "Kirsten Marie": "not_answered"}
    assert [r.sender for r in memo.appendix] == ["Handicaprådet"], "not named as co-author"

    # Its own link: the joint response and the way to accept it, above its own form, which it may use.
    page = client.get(other_url).get_data(as_text=True)
    assert "Fælles høringssvar fra Handicaprådet" in page and SENT in page
    assert ACCEPT in page and f'action="{_accept_url(other_url, joint)}"' in page
    assert page.index(ACCEPT) < page.index('name="general"')


def test_the_named_party_may_answer_on_its_own_and_that_ends_the_pending_cosignature(app, client, party):
    other, other_url = _invite_kirsten_marie(party)
    _name_as_cosigner(client, party, other)
    joint = _response_of("Handicaprådet")

    page = client.get(other_url).get_data(as_text=True)
    sent = client.post(other_url, data=form_data(page, general=OWN, action="submit"))
    assert sent.status_code == 302 and sent.headers["Location"].endswith(f"{other_url}/kvittering")

    own = _response_of("Kirsten Marie")
    assert own.state is ResponseState.SUBMITTED and own.submissions[-1].content["general"] == OWN
    joint = _response_of("Handicaprådet")
    assert joint.state is ResponseState.SUBMITTED and joint.submissions[-1].content["general"] == SENT
    assert joint.cosignatures == [], "the pending co-signature ended; the response is otherwise as it was"
    assert _answered(party) == {"Handicaprådet": True, "Kirsten Marie": True}
    assert sorted(r.sender for r in _memo(app, party).appendix) == ["Handicaprådet", "Kirsten Marie"]

    # Too late to accept now: it answered on its own.
    refused = client.post(_accept_url(other_url, joint))
    assert refused.status_code == 302 and refused.headers["Location"].endswith(other_url)
    assert _response_of("Handicaprådet").cosigners == []
    assert ACCEPT not in client.get(other_url).get_data(as_text=True)


def test_accepting_from_its_own_link_counts_it_and_names_it_in_the_memo(app, client, party):
    other, other_url = _invite_kirsten_marie(party)
    _name_as_cosigner(client, party, other)
    joint = _response_of("Handicaprådet")

    assert client.post(_accept_url(party.url, joint)).status_code == 302  # not the sender's to accept
    assert _response_of("Handicaprådet").cosigners == []

    accepted = client.post(_accept_url(other_url, joint))
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith(other_url)
    joint = _response_of("Handicaprådet")
    assert [o.name for o in joint.cosigners] == ["Kirsten Marie"] and joint.pending_cosigners == []
    assert joint.cosignatures[0].accepted_at is not None
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "cosignature_accepted")) is not None
    assert _answered(party) == {"Handicaprådet": True, "Kirsten Marie": True}
    assert remindable(db.session.get(Hearing, party.hearing_id)) == []
    memo = _memo(app, party)
    assert {p.name: p.status for p in memo.parties} == {"Handicaprådet": "answered", "Kirsten Marie": "answered"}
    assert [r.sender for r in memo.appendix] == ["Handicaprådet og Kirsten Marie (fælles høringssvar)"]

    # From now on its link shows the joint response read-only, as the answer it stands behind.
    page = client.get(other_url).get_data(as_text=True)
    assert "står bag et fælles høringssvar, som Handicaprådet har sendt" in page
    assert SENT in page and 'name="general"' not in page and ACCEPT not in page
    posted = client.post(other_url, data={"general": OWN, "action": "submit"})
    assert posted.status_code == 302 and _response_of("Kirsten Marie") is None

    # The sender sends it again with the same words and the same co-signer: nothing new to accept.
    page = client.get(party.url).get_data(as_text=True)
    client.post(party.url, data=form_data(page, general=SENT, cosigners=str(other.id), action="submit"))
    assert [o.name for o in _response_of("Handicaprådet").cosigners] == ["Kirsten Marie"]

    # The sender changes its words: the co-signer stood behind the words it read, so it accepts again.
    page = client.get(party.url).get_data(as_text=True)
    client.post(party.url, data=form_data(page, general=SENT + " Rettet.", cosigners=str(other.id),
                                          action="submit"))
    joint = _response_of("Handicaprådet")
    assert joint.cosigners == [] and [o.name for o in joint.pending_cosigners] == ["Kirsten Marie"]
    assert _answered(party) == {"Handicaprådet": True, "Kirsten Marie": False}
    page = client.get(other_url).get_data(as_text=True)
    assert SENT + " Rettet." in page and ACCEPT in page
    assert client.post(_accept_url(other_url, joint)).status_code == 302
    assert [o.name for o in _response_of("Handicaprådet").cosigners] == ["Kirsten Marie"]


def test_accepting_needs_the_forms_token(app, client, party):
    other, other_url = _invite_kirsten_marie(party)
    _name_as_cosigner(client, party, other)
    joint = _response_of("Handicaprådet")
    app.config["WTF_CSRF_ENABLED"] = True
    client.post(_accept_url(other_url, joint))
    assert _response_of("Handicaprådet").cosigners == [], "no token, no acceptance"
    page = client.get(other_url).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(_accept_url(other_url, joint), data={"csrf_token": csrf})
    assert [o.name for o in _response_of("Handicaprådet").cosigners] == ["Kirsten Marie"]
