"""Template globals and filters: Danish dates and times, the municipality."""

from datetime import date, datetime

from flask import Flask, current_app
from flask_babel import format_date, format_datetime, get_locale

# The form Danish authorities write: "3. juni 2019 kl. 23.59".
DATETIME_PATTERNS = {"da": "d. MMMM y 'kl.' HH.mm", "en": "d MMMM y 'at' HH:mm"}


def danish_datetime(value: datetime | None) -> str:
    """A timestamp in the municipality's time zone, in the reader's language."""
    if value is None:
        return ""
    language = str(get_locale() or "da")
    return format_datetime(value, DATETIME_PATTERNS.get(language, DATETIME_PATTERNS["da"]))


def long_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return format_date(value, "long")


def register(app: Flask) -> None:
    app.jinja_env.filters["datetime"] = danish_datetime
    app.jinja_env.filters["date"] = long_date
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def site_context():
        return {"municipality": current_app.config["MUNICIPALITY_NAME"]}
