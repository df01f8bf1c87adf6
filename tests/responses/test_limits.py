"""Sending is limited: confirmation mails per citizen address, saves per party link; the page says when to retry."""

from app.hearings.models import Hearing
from tests.factories import make_party
from tests.responses.helpers import citizen_form


def test_five_confirmation_mails_an_hour_per_address_then_a_time_to_retry(db, limited_client):
    party = make_party(db)
    hearing = db.session.get(Hearing, party.hearing_id)
    hearing.is_public = True
    db.session.commit()
    url = f"/hoeringer/{hearing.slug}/svar"
    for _ in range(5):
        assert limited_client.post(url, data=citizen_form()).status_code == 302
    refused = limited_client.post(url, data=citizen_form(citizen_email="KAREN@example.org"))
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "Du har prøvet for mange gange på kort tid." in page and "Du kan prøve igen" in page
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert limited_client.post(url, data=citizen_form(citizen_email="en.anden@example.org")).status_code == 302


def test_a_party_link_saves_120_times_a_minute_then_waits(db, limited_client):
    party = make_party(db)
    url = f"/svar/{party.tokens[0]}"
    statuses = [limited_client.post(url, data={}, headers={"Accept": "application/json"}).status_code
                for _ in range(121)]
    assert 429 not in statuses[:120] and statuses[120] == 429
    assert limited_client.post(f"/svar/{party.tokens[1]}", data={}).status_code != 429  # a colleague's link
