"""Danish local time <-> UTC. Deadlines are typed in Danish time and stored in UTC."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app

END_OF_DAY = time(23, 59)


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_to_utc(day: date, at: time) -> datetime:
    """The UTC instant of a Danish wall-clock time (summer and winter time handled by zoneinfo)."""
    return datetime.combine(day, at, tzinfo=local_zone()).astimezone(UTC)


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(local_zone())
