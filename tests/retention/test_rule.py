"""When a hearing's personal data is due for removal."""

from datetime import UTC, date, datetime

import pytest

from app.hearings.models import Hearing, HearingState
from app.retention.operations import add_months, is_due, retention_date

MONTHS = 24


def _hearing(state=HearingState.DECIDED, decided_on=date(2020, 1, 15), retention_until=None, removed_at=None):
    return Hearing(state=state, decided_on=decided_on, retention_until=retention_until,
                   personal_data_removed_at=removed_at)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2020, 1, 15), 24, date(2022, 1, 15)),
    (date(2020, 1, 31), 1, date(2020, 2, 29)),  # a leap year's February
    (date(2021, 1, 31), 1, date(2021, 2, 28)),
    (date(2020, 11, 30), 3, date(2021, 2, 28)),
    (date(2020, 12, 1), 0, date(2020, 12, 1)),
])
def test_months_are_calendar_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(("hearing", "until"), [
    (_hearing(), date(2022, 1, 15)),  # the default: months after the decision
    (_hearing(retention_until=date(2030, 6, 1)), date(2030, 6, 1)),  # staff's own date wins, later
    (_hearing(retention_until=date(2020, 6, 1)), date(2020, 6, 1)),  # or earlier
    (_hearing(state=HearingState.SENT, decided_on=None), None),  # not decided: kept
    (_hearing(state=HearingState.MEMO, decided_on=date(2020, 1, 15)), None),  # a date alone decides nothing
    (_hearing(state=HearingState.OPEN, decided_on=None, retention_until=date(2020, 6, 1)), date(2020, 6, 1)),
])
def test_the_retention_date(hearing, until):
    assert retention_date(hearing, MONTHS) == until


@pytest.mark.parametrize(("hearing", "today", "due"), [
    (_hearing(), date(2022, 1, 15), False),  # the last day it is kept
    (_hearing(), date(2022, 1, 16), True),
    (_hearing(retention_until=date(2030, 6, 1)), date(2025, 1, 1), False),
    (_hearing(state=HearingState.SENT, decided_on=None), date(2099, 1, 1), False),
    (_hearing(state=HearingState.OPEN, decided_on=None, retention_until=date(2020, 6, 1)), date(2020, 6, 2), True),
    (_hearing(removed_at=datetime(2022, 2, 1, tzinfo=UTC)), date(2025, 1, 1), False),  # done already
])
def test_due_only_after_the_date_and_only_once(hearing, today, due):
    assert is_due(hearing, today, MONTHS) is due
