"""The lifecycle: every action from every state, allowed or refused, in one table."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from app.hearings import lifecycle, operations
from app.hearings.models import HearingState
from app.memos.models import Memo
from app.refusals import Refused
from app.timezone import local_to_utc
from tests.factories import make_hearing, make_organisation

S = HearingState
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

# (state, action) pairs the machine allows; every other pair must be refused.
ALLOWED = {
    (S.DRAFT, "schedule"), (S.DRAFT, "open"),
    (S.SCHEDULED, "unschedule"), (S.SCHEDULED, "open"),
    (S.OPEN, "close"),
    (S.CLOSED, "start_replies"),
    (S.REPLYING, "start_memo"),
    (S.MEMO, "send_to_committee"),
    (S.SENT, "record_decision"),
}


def _ready_hearing(db, state: HearingState):
    """A hearing that meets every guard of the action that leads out of `state`."""
    deadline = NOW - timedelta(hours=1) if state is S.OPEN else NOW + timedelta(days=14)
    decision = {"decided_on": date(2026, 3, 1), "decision_text": "Anbefalet"} if state in (S.SENT, S.DECIDED) else {}
    hearing = make_hearing(state=state, opens_at=NOW + timedelta(days=1) if state is S.DRAFT else
                           NOW - timedelta(days=14), deadline_at=deadline, **decision)
    operations_party = make_organisation()
    from app.hearings.invitations import add_party

    add_party(hearing, operations_party, NOW)
    if state is S.MEMO:
        db.session.add(Memo(hearing=hearing, version=1, content={}, sha256="0" * 64))
    db.session.flush()
    return hearing


@pytest.mark.parametrize("state", list(HearingState))
@pytest.mark.parametrize("action", list(lifecycle.ACTIONS))
def test_every_action_from_every_state(db, state, action):
    hearing = _ready_hearing(db, state)
    if (state, action) in ALLOWED:
        operations.perform(hearing, action, NOW)
        db.session.flush()
        assert hearing.state is lifecycle.ACTIONS[action].target
    else:
        with pytest.raises(Refused) as refused:
            operations.perform(hearing, action, NOW)
        assert refused.value.reasons
        assert hearing.state is state


def test_opening_needs_sections_parties_and_a_future_deadline(db):
    hearing = make_hearing(state=S.DRAFT, sections=0, deadline_at=NOW - timedelta(days=1),
                           opens_at=NOW - timedelta(days=2))
    reasons = [str(r) for r in lifecycle.problems(hearing, "open", NOW)]
    assert any("ingen afsnit" in r for r in reasons)
    assert any("høringspart" in r for r in reasons)
    assert any("fremtiden" in r for r in reasons)


def test_a_public_hearing_may_open_without_invited_parties(db):
    hearing = make_hearing(state=S.DRAFT, is_public=True, opens_at=None, deadline_at=NOW + timedelta(days=5))
    operations.perform(hearing, "open", NOW)
    assert hearing.state is S.OPEN
    assert hearing.opens_at == NOW


def test_a_scheduled_hearing_opens_and_then_closes_by_itself(db):
    hearing = _ready_hearing(db, S.DRAFT)
    operations.perform(hearing, "schedule", NOW)
    assert operations.refresh_state(hearing, NOW) == []
    assert operations.refresh_state(hearing, NOW + timedelta(days=1, seconds=1)) == ["open"]
    assert hearing.state is S.OPEN
    assert operations.refresh_state(hearing, hearing.deadline_at + timedelta(seconds=1)) == ["close"]
    assert hearing.state is S.CLOSED
    assert hearing.closed_at is not None


def test_extending_the_deadline_reopens_a_closed_hearing(db):
    hearing = _ready_hearing(db, S.OPEN)
    operations.refresh_state(hearing, NOW)
    assert hearing.state is S.CLOSED
    operations.extend_deadline(hearing, NOW + timedelta(days=3), NOW)
    assert hearing.state is S.OPEN
    assert hearing.closed_at is None


def test_a_deadline_in_the_past_is_refused(db):
    hearing = _ready_hearing(db, S.DRAFT)
    with pytest.raises(Refused) as refused:
        operations.extend_deadline(hearing, NOW - timedelta(minutes=1), NOW)
    assert refused.value.reasons == [lifecycle.DEADLINE_IN_PAST_MESSAGE]


@pytest.mark.parametrize(
    ("day", "expected_utc"),
    [
        (date(2026, 3, 28), datetime(2026, 3, 28, 22, 59, tzinfo=UTC)),  # the day before summer time: UTC+1
        (date(2026, 3, 29), datetime(2026, 3, 29, 21, 59, tzinfo=UTC)),  # summer time began at 02:00: UTC+2
        (date(2026, 10, 24), datetime(2026, 10, 24, 21, 59, tzinfo=UTC)),  # last summer-time day
        (date(2026, 10, 25), datetime(2026, 10, 25, 22, 59, tzinfo=UTC)),  # winter time again
    ],
)
def test_a_deadline_at_2359_danish_time_across_daylight_saving(app, day, expected_utc):
    assert local_to_utc(day, time(23, 59)) == expected_utc
