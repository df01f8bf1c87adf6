"""Staff see what parties submitted (never their unsent drafts), every version, and may take a late one with."""

from datetime import UTC, datetime, timedelta

import pytest

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.extensions import db
from app.hearings.models import Hearing, HearingState
from tests.factories import make_hearing
from tests.responses.helpers import form_data, the_response


def _answer(client, party, text, action="submit"):
    page = client.get(party.url).get_data(as_text=True)
    client.post(party.url, data=form_data(page, action=action, **{"section-s85": text}))


def test_the_list_shows_submitted_responses_and_not_drafts(auth, client, party):
    _answer(client, party, "Et kladdesvar, som ikke er sendt.", action="save")
    auth.log_in()
    listing = client.get(f"/medarbejder/hoeringer/{party.slug}/svar").get_data(as_text=True)
    assert "Der er ikke kommet nogen høringssvar endnu." in listing
    assert client.get(f"/medarbejder/hoeringer/{party.slug}/svar/{the_response().id}/versioner").status_code == 404

    _answer(client, party, "Første udgave.")
    _answer(client, party, "Anden udgave.")
    listing = client.get(f"/medarbejder/hoeringer/{party.slug}/svar").get_data(as_text=True)
    assert "Handicaprådet" in listing and "2 versioner" in listing
    versions = client.get(f"/medarbejder/hoeringer/{party.slug}/svar/{the_response().id}/versioner")
    html = versions.get_data(as_text=True)
    assert html.index("Anden udgave.") < html.index("Første udgave."), "newest first"
    assert "Version 2, indsendt" in html and "(gældende)" in html


def test_a_late_response_is_taken_with_a_reason_that_goes_in_the_trail(auth, client, party):
    _answer(client, party, "Et svar.", action="save")
    response = the_response()
    hearing = db.session.get(Hearing, party.hearing_id)
    hearing.deadline_at = datetime.now(UTC) - timedelta(minutes=4)
    response.created_at = hearing.deadline_at - timedelta(hours=2)
    db.session.commit()
    page = client.get(party.url).get_data(as_text=True)
    client.post(party.url, data=form_data(page, action="submit"))
    assert the_response().is_late

    auth.log_in(officer_of=party.hearing_id)
    url = f"/medarbejder/hoeringer/{party.slug}/svar/{response.id}/for-sent"
    empty = client.post(url, data={"reason": "  "})
    assert "Skriv, hvorfor svaret tages med." in empty.get_data(as_text=True)
    done = client.post(url, data={"reason": "Rådet meldte forsinkelsen før fristen."})
    assert done.status_code == 302
    assert the_response().late_accepted_reason == "Rådet meldte forsinkelsen før fristen."
    assert db.session.query(AuditEvent).filter_by(action="late_response_accepted").count() == 1


def test_a_response_on_time_cannot_be_accepted_as_late(auth, client, party):
    _answer(client, party, "Til tiden.")
    auth.log_in(officer_of=party.hearing_id)
    url = f"/medarbejder/hoeringer/{party.slug}/svar/{the_response().id}/for-sent"
    assert client.post(url, data={"reason": "Hvorfor ikke."}).status_code == 404


@pytest.mark.parametrize(("role", "status"), [
    (None, 302), (Role.COMMITTEE, 403), (Role.STAFF, 200), (Role.APPROVER, 200), (Role.ADMIN, 200),
])
def test_who_may_see_the_responses(auth, client, party, role, status):
    _answer(client, party, "Et svar.")
    if role is not None:
        auth.log_in(role)
    for path in ("svar", f"svar/{the_response().id}/versioner"):
        assert client.get(f"/medarbejder/hoeringer/{party.slug}/{path}").status_code == status


@pytest.mark.parametrize(("state", "officer", "shown"), [
    ("open", True, True), ("replying", True, True), ("draft", True, False), ("memo", True, False),
    ("open", False, False),
])
def test_the_responses_page_offers_to_register_a_letter(auth, client, state, officer, shown):
    """Issue #18: the link hid under the list of parties until a party was on it; a letter may come from anyone."""
    hearing = make_hearing(state=HearingState(state))
    db.session.commit()
    auth.log_in(Role.STAFF, officer_of=hearing.id if officer else None)
    page = client.get(f"/medarbejder/hoeringer/{hearing.slug}/svar").get_data(as_text=True)
    link = f'<a href="/medarbejder/hoeringer/{hearing.slug}/breve/ny">Registrér et høringssvar fra et brev</a>'
    assert (link in page) is shown
