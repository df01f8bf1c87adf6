"""A hearing on alternatives: a party states which it prefers (or its own variant) with a reason, and may
answer together with other parties on the list; each co-signer counts as answered once it accepts with its
own link (tests/responses/test_cosigner_consent.py), and then reads the joint response there."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import inspect, select

from app.extensions import db
from app.hearings import invitations
from app.hearings.alternatives.models import Alternative
from app.hearings.invitations import party_rows
from app.hearings.models import Hearing, Invitation, PartyLink
from app.hearings.reminders import remindable
from app.hearings.tokens import new_token, token_hash
from app.memos.compile import compile_memo
from app.notifications.operations import send_due
from app.parties.models import ContactPerson, Organisation, OrganisationKind
from app.responses.models import Preference, Response, ResponseKind, ResponseState
from tests.responses.helpers import citizen_form, form_data, textareas, the_response
from tests.responses.letter_files import Round, form_values, make_2019_hearing

REASON = "Model 2 giver en samlet indsats tæt på borgeren."
VARIANT = "Nettet varetager § 104-tilbud, og Kirsten Marie varetager § 85."


def _with_alternatives(party) -> tuple[Hearing, str]:
    """Model 1 and Model 2 on the party's hearing, and Kirsten Marie on its list with a link of its own."""
    hearing = db.session.get(Hearing, party.hearing_id)
    hearing.alternatives = [Alternative(position=0, name="Model 1", section_key="s84"),
                            Alternative(position=1, name="Model 2", section_key="s85")]
    other = Organisation(name="Kirsten Marie", kind=OrganisationKind.INSTITUTION)
    contact = ContactPerson(name="Karin Forstander", email="forstander@kirstenmarie.example.org")
    other.contacts.append(contact)
    invitation = Invitation(hearing=hearing, organisation=other, invited_at=datetime.now(UTC) - timedelta(days=3))
    token = new_token()
    db.session.add_all([invitation, PartyLink(invitation=invitation, contact=contact, token_hash=token_hash(token))])
    db.session.commit()
    return hearing, f"/svar/{token}"


def _choice(hearing: Hearing, name: str) -> str:
    return next(f"alternative-{a.id}" for a in hearing.alternatives if a.name == name)


def test_the_page_asks_for_the_preference_only_on_a_hearing_with_alternatives(client, party):
    assert 'name="preference"' not in client.get(party.url).get_data(as_text=True)
    _with_alternatives(party)
    page = client.get(party.url).get_data(as_text=True)
    assert 'name="preference"' in page and "Model 1" in page and "Intet af alternativerne" in page
    assert 'name="cosigners"' in page and "Kirsten Marie" in page


def test_the_link_is_read_with_every_alternative_of_its_hearing(app, party):
    """The form is made with the alternatives: read with the link (a row each), not by a query of their own."""
    _with_alternatives(party)
    db.session.expunge_all()

    link = invitations.find_link(party.tokens[0])

    hearing = link.invitation.hearing
    assert "alternatives" not in inspect(hearing).unloaded
    assert [a.name for a in hearing.alternatives] == ["Model 1", "Model 2"]


def test_a_variant_without_its_text_is_refused_in_danish_and_the_typed_words_stay(client, party):
    hearing, _other = _with_alternatives(party)
    page = client.get(party.url).get_data(as_text=True)
    refused = client.post(party.url, data=form_data(page, general="Vi har et eget forslag.", preference="variant",
                                                    preference_reason=REASON, action="submit"))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "Beskriv det egne forslag, eller vælg et af alternativerne." in html
    assert 'id="variant_text-error"' in html
    assert textareas(html)["preference_reason"] == REASON and textareas(html)["general"] == "Vi har et eget forslag."
    assert the_response().state is ResponseState.DRAFT


def test_an_unknown_alternative_is_refused(client, party):
    _with_alternatives(party)
    page = client.get(party.url).get_data(as_text=True)
    refused = client.post(party.url, data=form_data(page, general="Tekst.", preference="alternative-99999",
                                                    action="submit"))
    assert "Vælg et af alternativerne" in refused.get_data(as_text=True)
    assert the_response().state is ResponseState.DRAFT


def test_a_joint_response_with_a_preference_counts_for_each_party_once_the_cosigner_accepts(client, party):
    hearing, other_url = _with_alternatives(party)
    kirsten_marie = db.session.scalar(select(Organisation).where(Organisation.name == "Kirsten Marie"))
    page = client.get(party.url).get_data(as_text=True)
    done = client.post(party.url, data=form_data(
        page, general="Vi foretrækker model 2.", preference=_choice(hearing, "Model 2"), preference_reason=REASON,
        cosigners=str(kirsten_marie.id), action="submit"))
    assert done.status_code == 302

    response = the_response()
    assert response.preference is Preference.ALTERNATIVE and response.alternative.name == "Model 2"
    assert response.preference_reason == REASON
    assert response.submissions[-1].content["cosigners"] == [{"id": kirsten_marie.id, "name": "Kirsten Marie"}]
    receipt = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Model 2" in receipt and "Fælles høringssvar med:" in receipt
    # Named, not yet a co-signer: Kirsten Marie stands behind it once it accepts from its own link.
    assert [o.name for o in response.signing_parties] == ["Handicaprådet"]
    hearing = db.session.get(Hearing, party.hearing_id)
    assert {row.organisation.name: row.answered_at is not None for row in party_rows(hearing)} == {
        "Handicaprådet": True, "Kirsten Marie": False}
    assert "Vi foretrækker model 2." in client.get(other_url).get_data(as_text=True)
    assert client.post(f"{other_url}/faelles-svar/{response.id}/bekraeft").status_code == 302
    response = the_response()
    assert [o.name for o in response.signing_parties] == ["Handicaprådet", "Kirsten Marie"]

    hearing = db.session.get(Hearing, party.hearing_id)
    answered = {row.organisation.name: row.answered_at is not None for row in party_rows(hearing)}
    assert answered == {"Handicaprådet": True, "Kirsten Marie": True}
    assert remindable(hearing) == [], "a co-signer has answered: it is not reminded"

    # The co-signer's own link shows the joint response, read-only.
    joint = client.get(other_url).get_data(as_text=True)
    assert "står bag et fælles høringssvar, som Handicaprådet har sendt" in joint
    assert "Vi foretrækker model 2." in joint and 'name="general"' not in joint
    posted = client.post(other_url, data={"general": "Eget svar.", "action": "submit"})
    assert posted.status_code == 302 and posted.headers["Location"].endswith(other_url)


def test_a_variant_with_its_text_and_name_is_kept(client, party):
    hearing, _other = _with_alternatives(party)
    page = client.get(party.url).get_data(as_text=True)
    client.post(party.url, data=form_data(page, general="Se vores forslag.", preference="variant",
                                          variant_name="model 2½", variant_text=VARIANT, action="submit"))
    response = the_response()
    assert response.preference is Preference.VARIANT and response.alternative is None
    assert (response.variant_name, response.variant_text) == ("model 2½", VARIANT)
    assert response.cosigners == []


# ---------------------------------------------------------------- a letter registered by staff


def _letter_round(db) -> tuple[Round, Hearing]:
    r = make_2019_hearing(db)
    hearing = db.session.get(Hearing, r.hearing_id)
    hearing.alternatives = [Alternative(position=0, name="Model 1"), Alternative(position=1, name="Model 2")]
    db.session.commit()
    return r, hearing


def _split_page(client, r, text: str) -> str:
    split = client.post(r.url, data={"organisation_id": str(r.organisation_id), "received_on": "2019-06-03",
                                     "signed_name": "Ion Meyer", "signed_role": "formand", "text": text,
                                     "action": "extract"}, content_type="multipart/form-data")
    assert split.status_code == 200, split.get_data(as_text=True)
    return split.get_data(as_text=True)


def test_a_letter_with_a_variant_and_no_text_is_refused_and_keeps_what_was_chosen(auth, client, db):
    r, hearing = _letter_round(db)
    auth.log_in(officer_of=r.hearing_id)
    page = _split_page(client, r, "Vi foreslår en model 2½.")
    assert 'name="preference"' in page and 'name="cosigners"' in page
    refused = client.post(r.url, data={**form_values(page), "preference": "variant", "variant_name": "model 2½",
                                       "preference_reason": REASON, "action": "preview"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Beskriv det egne forslag, eller vælg et af alternativerne." in html
    assert 'value="model 2½"' in html and REASON in html


def test_a_letter_from_two_parties_counts_for_both_and_states_their_variant(app, auth, client, db):
    r, hearing = _letter_round(db)
    seniors = db.session.scalar(select(Organisation).where(Organisation.name == "Seniorrådet"))
    auth.log_in(officer_of=r.hearing_id)
    page = _split_page(client, r, "Vi foreslår en model 2½.")
    chosen = {"preference": "variant", "variant_name": "model 2½", "variant_text": VARIANT,
              "preference_reason": REASON, "cosigners": str(seniors.id)}
    preview = client.post(r.url, data={**form_values(page), **chosen, "action": "preview"})
    saved = client.post(r.url, data={**form_values(preview.get_data(as_text=True)), **chosen, "action": "save"})
    assert saved.status_code == 302, saved.get_data(as_text=True)

    db.session.expire_all()
    response = db.session.scalar(select(Response).where(Response.kind == ResponseKind.LETTER))
    assert (response.preference, response.variant_name, response.variant_text, response.preference_reason) == (
        Preference.VARIANT, "model 2½", VARIANT, REASON)
    assert [o.name for o in response.signing_parties] == ["Handicaprådet", "Seniorrådet"]
    assert all(c.accepted_at is not None for c in response.cosignatures), "the letter is the evidence: accepted"
    assert response.submissions[0].content["preference"]["label"] == "Eget forslag: model 2½"
    rows = {row.organisation.name: row.answered_at is not None for row in party_rows(hearing)}
    assert rows == {"Handicaprådet": True, "Seniorrådet": True}
    with app.test_request_context():
        assert [r.sender for r in compile_memo(hearing).appendix] == [
            "Handicaprådet og Seniorrådet (fælles høringssvar)"]
    page = " ".join(client.get(saved.headers["Location"]).get_data(as_text=True).split())
    assert "Fælles høringssvar med</dt><dd>Seniorrådet" in page
    assert "Eget forslag: model 2½. Begrundelse: " + REASON in page and VARIANT in page


# ---------------------------------------------------------------- a citizen on a public hearing


def test_a_citizens_variant_needs_its_text_and_an_alternative_counts_once_confirmed(client, party, smtp_server):
    hearing, _other = _with_alternatives(party)
    hearing.is_public = True
    db.session.commit()
    url = f"/hoeringer/{party.slug}/svar"
    assert 'name="preference"' in client.get(url).get_data(as_text=True)
    refused = client.post(url, data=citizen_form(preference="variant", preference_reason=REASON))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Beskriv det egne forslag, eller vælg et af alternativerne." in html
    assert textareas(html)["preference_reason"] == REASON and the_response() is None

    sent = client.post(url, data=citizen_form(preference=_choice(hearing, "Model 1"), preference_reason=REASON))
    assert sent.status_code == 302
    send_due()
    [mail] = [m for m in smtp_server.messages if "Bekræft" in m["Subject"]]
    link = re.search(r"http://localhost(/hoeringer/[\w-]+/bekraeft/[\w.-]+)", mail.get_body(("plain",)).get_content())
    client.get(link.group(1))
    response = the_response()
    assert response.state is ResponseState.SUBMITTED
    assert (response.preference, response.alternative.name, response.preference_reason) == (
        Preference.ALTERNATIVE, "Model 1", REASON)
