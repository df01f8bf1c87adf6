"""When a response may be written, submitted, changed or withdrawn.

Until the deadline a party may save, submit, change and withdraw. A response
started before the deadline may still be submitted for ten minutes after it
(a council secretary pressing the button at 23:59 must not lose the work of
an evening); it is then marked late. After that the hearing is closed to
responses; the draft stays readable, and staff may accept a late response
with a reason.

A request counts from the time it reached the app, before its files were read (`request.arrived_at`):
an upload begun before the deadline is in time, though the timer closed the hearing while it arrived.
"""

import enum
from datetime import datetime, timedelta

from app.hearings.models import Hearing, HearingState

GRACE_PERIOD = timedelta(minutes=10)


class Window(enum.Enum):
    NOT_YET = "not_yet"  # the hearing has not opened
    OPEN = "open"
    GRACE = "grace"  # after the deadline, for a response started before it
    CLOSED = "closed"


def window(hearing: Hearing, now: datetime, started_at: datetime | None) -> Window:
    if hearing.state in (HearingState.DRAFT, HearingState.SCHEDULED):
        return Window.NOT_YET
    deadline = hearing.deadline_at
    if deadline is not None and now <= deadline and _open_at(hearing, now):
        return Window.OPEN
    in_grace = (
        hearing.state in (HearingState.OPEN, HearingState.CLOSED)
        and deadline is not None
        and deadline < now <= deadline + GRACE_PERIOD
        and started_at is not None
        and started_at <= deadline
    )
    return Window.GRACE if in_grace else Window.CLOSED


def _open_at(hearing: Hearing, now: datetime) -> bool:
    """Open at `now`: open still, or closed (by the timer, at its deadline) after `now`, a request's arrival."""
    if hearing.state is HearingState.OPEN:
        return True
    return hearing.state is HearingState.CLOSED and hearing.closed_at is not None and now < hearing.closed_at


def may_write(hearing: Hearing, now: datetime, started_at: datetime | None) -> bool:
    return window(hearing, now, started_at) in (Window.OPEN, Window.GRACE)


def may_withdraw(hearing: Hearing, now: datetime) -> bool:
    """Withdrawing is for before the deadline: afterwards staff are answering it."""
    return window(hearing, now, None) is Window.OPEN
