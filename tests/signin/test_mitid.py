"""Citizens and parties sign in with MitID through a broker, here a real OpenID Connect provider on loopback
with MitID-like claims (NemLog-in's names for the CVR and CPR claims)."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.hearings.models import Hearing, Invitation, PartyLink
from app.hearings.tokens import token_hash
from app.notifications.operations import send_due
from app.parties.models import Organisation
from app.responses.models import Response, ResponseState
from tests.factories import make_party
from tests.oidc_provider import local_path
from tests.responses.helpers import CITIZEN_TEXT, citizen_form

CVR_CLAIM = "https://data.gov.dk/model/core/eid/professional/cvr"
CPR_CLAIM = "https://data.gov.dk/model/core/eid/cprNumber"


@pytest.fixture
def broker(app, oidc_provider):
    app.config.update(oidc_provider.settings("MITID"), MITID_ID_CLAIM="sub", MITID_NAME_CLAIM="name",
                      MITID_CVR_CLAIM=CVR_CLAIM, MITID_SCOPES="openid profile email")
    return oidc_provider


def public_party(db):
    party = make_party(db)
    db.session.get(Hearing, party.hearing_id).is_public = True
    db.session.commit()
    return party


def through_broker(client, broker, start_path: str, sub: str):
    start = client.get(start_path)
    assert start.status_code == 302, start.status_code
    return client.get(local_path(broker.approve(start.headers["Location"], sub)))


def test_mitid_is_offered_only_when_configured(app, client, db, broker):
    party = public_party(db)
    assert "Log ind med MitID" in client.get(f"/hoeringer/{party.slug}/svar").get_data(as_text=True)
    assert "MitID Erhverv" in client.get(f"/hoeringer/{party.slug}").get_data(as_text=True)
    app.config["MITID_ISSUER"] = ""
    assert "MitID" not in client.get(f"/hoeringer/{party.slug}/svar").get_data(as_text=True)
    assert client.get(f"/hoeringer/{party.slug}/svar/mitid").status_code == 404
    assert client.get("/mitid/retur").status_code == 404


def test_a_citizen_with_mitid_is_confirmed_without_the_mail_and_no_cpr_is_kept(client, db, broker, smtp_server):
    party = public_party(db)
    sub = f"pid-{uuid.uuid4().hex[:12]}"  # the broker's pseudonymous id
    broker.set_claims(sub, {"name": "Karen Mitid Hansen", CPR_CLAIM: "0101701234", "cpr": "0101701234"})
    back = through_broker(client, broker, f"/hoeringer/{party.slug}/svar/mitid", sub)
    assert back.status_code == 302 and back.headers["Location"].endswith(f"/hoeringer/{party.slug}/svar")
    with client.session_transaction() as session:
        assert "0101701234" not in str(dict(session))
    form = client.get(f"/hoeringer/{party.slug}/svar").get_data(as_text=True)
    assert "Karen Mitid Hansen (verificeret med MitID)" in form and 'name="citizen_name"' not in form

    sent = client.post(f"/hoeringer/{party.slug}/svar", data=citizen_form(citizen_name="Someone Else"))
    assert sent.status_code == 302 and "/bekraeft/" in sent.headers["Location"]
    page = client.get(local_path(sent.headers["Location"])).get_data(as_text=True)
    assert "Dit høringssvar er bekræftet" in page and "verificeret med MitID" in page

    response = db.session.scalar(select(Response))
    assert response.state is ResponseState.SUBMITTED and response.mitid_verified_at is not None
    assert (response.citizen_name, response.mitid_subject) == ("Karen Mitid Hansen", sub)
    assert response.email_confirmed_at is None  # confirmed by MitID, not by the mail
    assert [c.text for c in response.comments] == [CITIZEN_TEXT]
    send_due()
    subjects = [message["Subject"] for message in smtp_server.messages]
    assert not any("Bekræft" in subject for subject in subjects) and any("Kvittering" in s for s in subjects)
    stored = " ".join(str(value) for value in (
        *db.session.execute(select(Response.__table__)).one(),
        *(str(event.details) for event in db.session.scalars(select(AuditEvent))),
    ))
    assert "0101701234" not in stored
    # The sign-in counted for this one response: the next answer asks for the mail again.
    assert 'name="citizen_name"' in client.get(f"/hoeringer/{party.slug}/svar").get_data(as_text=True)


def test_a_response_page_without_mitid_still_goes_by_the_mail(client, db, broker):
    party = public_party(db)
    sent = client.post(f"/hoeringer/{party.slug}/svar", data=citizen_form())
    assert sent.headers["Location"].endswith("/svar/sendt")
    assert db.session.scalar(select(Response)).state is ResponseState.DRAFT


def test_a_contact_with_mitid_erhverv_is_matched_to_the_party_by_cvr(client, db, broker):
    party = make_party(db)
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == party.organisation))
    organisation.cvr = "29189846"
    db.session.commit()
    links_before = db.session.scalar(select(func.count()).select_from(PartyLink))
    sub = f"emp-{uuid.uuid4().hex[:12]}"
    broker.set_claims(sub, {"name": "Ion Meyer", "email": party.contacts[0], CVR_CLAIM: "29189846"})
    back = through_broker(client, broker, f"/hoeringer/{party.slug}/part/mitid", sub)
    assert back.status_code == 302 and back.headers["Location"].startswith("/svar/")
    page = client.get(back.headers["Location"]).get_data(as_text=True)
    assert "Handicaprådet" in page
    link = db.session.scalars(select(PartyLink).order_by(PartyLink.id.desc())).first()
    assert db.session.scalar(select(func.count()).select_from(PartyLink)) == links_before + 1
    assert link.invitation_id == party.invitation_id and link.contact.email == party.contacts[0]
    assert link.sent_at is None  # made for the sign-in, not mailed


def test_a_cvr_of_no_invited_party_gets_no_link(client, db, broker):
    party = make_party(db)
    sub = f"emp-{uuid.uuid4().hex[:12]}"
    broker.set_claims(sub, {"name": "Ukendt", CVR_CLAIM: "11111111"})
    refused = through_broker(client, broker, f"/hoeringer/{party.slug}/part/mitid", sub)
    assert refused.status_code == 403
    assert "hører ikke til en høringspart" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(PartyLink)) == len(party.tokens)
    assert db.session.get(Invitation, party.invitation_id) is not None


def test_a_callback_without_a_sign_in_under_way_is_refused(client, broker):
    page = client.get("/mitid/retur?code=abc&state=def")
    assert page.status_code == 400 and "Log ind med MitID mislykkedes" in page.get_data(as_text=True)


def test_an_expired_id_token_from_the_broker_gets_the_failure_page(app, client, db, expired_token_provider):
    app.config.update(expired_token_provider.settings("MITID"), MITID_ID_CLAIM="sub", MITID_NAME_CLAIM="name",
                      MITID_CVR_CLAIM=CVR_CLAIM, MITID_SCOPES="openid profile email")
    party = public_party(db)
    sub = f"pid-{uuid.uuid4().hex[:12]}"
    expired_token_provider.set_claims(sub, {"name": "Karen Udløbet"})
    page = through_broker(client, expired_token_provider, f"/hoeringer/{party.slug}/svar/mitid", sub)
    assert page.status_code == 400 and "Log ind med MitID mislykkedes" in page.get_data(as_text=True)
    assert 'name="citizen_name"' in client.get(f"/hoeringer/{party.slug}/svar").get_data(as_text=True)


def test_a_double_click_with_mitid_files_one_response(client, db, broker):
    party = public_party(db)
    sub = f"pid-{uuid.uuid4().hex[:12]}"
    broker.set_claims(sub, {"name": "Karen Mitid Hansen"})
    through_broker(client, broker, f"/hoeringer/{party.slug}/svar/mitid", sub)
    with client.session_transaction() as session:
        signed_in = dict(session)  # what the second click (or a second tab) still carries

    def send(**fields):
        answer = client.post(f"/hoeringer/{party.slug}/svar", data=citizen_form(**fields))
        with client.session_transaction() as session:
            session.update(signed_in)
        return answer

    def response_shown(answer):
        """The receipt's address without its signature: the signature carries the second it was made in."""
        address, token = answer.headers["Location"].rsplit("/", 1)
        return address, token.split(".")[0]

    first, second = send(), send()
    assert first.status_code == second.status_code == 302
    assert response_shown(first) == response_shown(second)  # the same response's page
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "response_submitted")) == 1

    other = send(**{"section-s84-omfang": "Noget andet."})  # another text is another response
    assert response_shown(other) != response_shown(first)
    assert db.session.scalar(select(func.count()).select_from(Response)) == 2


def _signed_in_with_mitid_erhverv(client, db, broker):
    """A party's contact signed in with MitID Erhverv: the party, and the address of the link it was given."""
    party = make_party(db)
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == party.organisation))
    organisation.cvr = "29189846"
    db.session.commit()
    sub = f"emp-{uuid.uuid4().hex[:12]}"
    broker.set_claims(sub, {"name": "Ion Meyer", "email": party.contacts[0], CVR_CLAIM: "29189846"})
    return party, through_broker(client, broker, f"/hoeringer/{party.slug}/part/mitid", sub).headers["Location"]


def test_a_link_made_at_a_mitid_erhverv_sign_in_stops_working_like_a_session(app, client, db, broker):
    party, signed_in = _signed_in_with_mitid_erhverv(client, db, broker)
    assert client.get(signed_in).status_code == 200
    link = db.session.scalars(select(PartyLink).order_by(PartyLink.id.desc())).first()
    hours = app.config["MITID_LINK_HOURS"]
    link.created_at = link.last_opened_at = link.last_opened_at - timedelta(hours=hours, minutes=1)
    mailed = db.session.scalar(select(PartyLink).where(PartyLink.token_hash == token_hash(party.tokens[0])))
    assert mailed.sent_at is not None
    mailed.created_at = mailed.sent_at = mailed.last_opened_at = link.created_at  # as old, but mailed
    db.session.commit()
    assert client.get(signed_in).status_code == 404  # sign in again
    assert client.get(f"/svar/{party.tokens[0]}").status_code == 200  # the mailed link lives to the decision


def test_saving_through_a_mitid_erhverv_link_counts_as_using_it(app, client, db, broker):
    party, signed_in = _signed_in_with_mitid_erhverv(client, db, broker)
    link = db.session.scalars(select(PartyLink).order_by(PartyLink.id.desc())).first()
    link.created_at = link.last_opened_at = datetime.now(UTC) - timedelta(hours=app.config["MITID_LINK_HOURS"] - 1)
    db.session.commit()
    assert client.post(signed_in, data={"general": "Vi skriver hele dagen."}).status_code in (200, 302)
    db.session.refresh(link)
    assert datetime.now(UTC) - link.last_opened_at < timedelta(minutes=1)  # the hours start again
