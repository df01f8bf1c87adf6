"""Waiting for the worker to settle a hearing's filings."""

import time

from sqlalchemy import select

from app.extensions import db
from app.records.models import FilingRecord, FilingState


def settled(hearing_id: int, count: int, timeout: float = 120) -> list[FilingRecord]:
    """The hearing's filings once there are `count` and none waits; fails the test after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.expire_all()
        rows = db.session.scalars(select(FilingRecord).where(FilingRecord.hearing_id == hearing_id)
                                  .order_by(FilingRecord.id)).all()
        if len(rows) == count and all(row.state is not FilingState.WAITING for row in rows):
            return rows
        time.sleep(0.1)
    raise AssertionError(f"the filings of hearing {hearing_id} did not settle within {timeout} s")
