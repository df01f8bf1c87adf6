"""An earlier deadline is its own, confirmed step, with a day's notice, and every invited party is told."""

from datetime import UTC, date, datetime, timedelta

import pytest

from app.accounts.models import Role
from app.extensions import db
from app.hearings import operations
from app.hearings.models import Hearing, HearingState, Invitation
from app.notifications.models import OutboxMessage
from app.refusals import Refused
from app.responses.models import ResponseState
from app.timezone import to_local
from tests.factories import PASSWORD, make_hearing, make_organisation, make_response, make_user


@pytest.fixture
def hearing(db):
    """Open for 30 more days; Handicaprådet has begun a response, Seniorrådet has not."""
    hearing = make_hearing(state=HearingState.OPEN, deadline_at=datetime.now(UTC) + timedelta(days=30))
    now = datetime.now(UTC)
    for name in ("Handicaprådet", "Seniorrådet"):
        organisation = make_organisation(name)
        db.session.add(Invitation(hearing=hearing, organisation=organisation, invited_at=now))
        if name == "Handicaprådet":
            make_response(hearing, organisation, state=ResponseState.DRAFT)
    db.session.commit()
    return hearing


def _mails(subject_start: str) -> list[OutboxMessage]:
    return [m for m in db.session.scalars(db.select(OutboxMessage)) if m.subject.startswith(subject_start)]


def test_saving_an_earlier_deadline_asks_first_and_changes_nothing(client, hearing):
    officer = make_user(Role.APPROVER)
    db.session.commit()
    client.post("/konto/log-ind", data={"email": officer.email, "password": PASSWORD})
    before = hearing.deadline_at
    tomorrow = date.today() + timedelta(days=2)
    page = client.post(f"/medarbejder/hoeringer/{hearing.slug}/frist",
                       data={"deadline_on": tomorrow.isoformat(), "deadline_time": "12:00"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Vil du afkorte fristen?" in text
    assert "1 høringspart er begyndt på et svar." in text and 'name="shorten"' in text
    db.session.expire_all()
    assert db.session.get(Hearing, hearing.id).deadline_at == before and _mails("Tidligere") == []

    confirmed = client.post(f"/medarbejder/hoeringer/{hearing.slug}/frist",
                            data={"deadline_on": tomorrow.isoformat(), "deadline_time": "12:00", "shorten": "1"})
    assert confirmed.status_code == 302
    db.session.expire_all()
    assert db.session.get(Hearing, hearing.id).deadline_at.date() == tomorrow
    told = _mails("Tidligere høringsfrist")
    assert len(told) == 2, "the party with a draft and the party that has not begun"
    assert all("Er I begyndt på et høringssvar" in m.body_text for m in told)


def test_an_open_hearing_cannot_be_set_to_close_in_two_minutes(client, hearing):
    officer = make_user(Role.APPROVER)
    db.session.commit()
    client.post("/konto/log-ind", data={"email": officer.email, "password": PASSWORD})
    before = hearing.deadline_at
    soon = to_local(datetime.now(UTC) + timedelta(minutes=2))
    page = client.post(f"/medarbejder/hoeringer/{hearing.slug}/frist",
                       data={"deadline_on": soon.date().isoformat(), "deadline_time": soon.strftime("%H:%M"),
                             "shorten": "1"})
    assert page.status_code == 200 and "mindst et døgn frem" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Hearing, hearing.id).deadline_at == before and _mails("Tidligere") == []
    with pytest.raises(Refused):  # the old operation no longer moves an open deadline earlier
        operations.extend_deadline(hearing, before - timedelta(days=1))


def test_the_hearing_form_cannot_shorten_an_open_hearings_deadline(hearing):
    before = hearing.deadline_at
    details = operations.HearingDetails(
        title=hearing.title, case_number=None, committee=None, summary="", letter="", is_public=False,
        opens_at=hearing.opens_at, deadline_at=datetime.now(UTC) + timedelta(minutes=2), officers=[], approver=None)
    with pytest.raises(Refused):
        operations.update_hearing(hearing, details)
    db.session.rollback()
    assert db.session.get(Hearing, hearing.id).deadline_at == before and _mails("Ny høringsfrist") == []
