"""Template globals and filters: Danish dates and times, the municipality."""

import re
from datetime import date, datetime

from flask import Flask, current_app
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from markupsafe import Markup, escape

from app.notifications.quoting import defang
from app.timezone import to_local

# The form Danish authorities write: "3. juni 2019 kl. 23.59".
DATETIME_PATTERNS = {"da": "d. MMMM y 'kl.' HH.mm", "en": "d MMMM y 'at' HH:mm"}


def danish_datetime(value: datetime | None) -> str:
    """A timestamp in the municipality's time zone, in the reader's language."""
    if value is None:
        return ""
    language = str(get_locale() or "da")
    return format_datetime(value, DATETIME_PATTERNS.get(language, DATETIME_PATTERNS["da"]))


def clock_time(value: datetime | None) -> str:
    """Only the time ("14.32"), for what happened today in front of the reader, such as a save."""
    if value is None:
        return ""
    return format_datetime(value, "HH.mm" if str(get_locale() or "da") == "da" else "HH:mm")


def long_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return format_date(value, "long")


_URL = re.compile(r"https?://[^\s<>\"]+")


def text_to_html(text: str) -> Markup:
    """Plain text as HTML: escaped, blank lines make paragraphs, links become links (for e-mails)."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        escaped = str(escape(block))
        linked = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        paragraphs.append("<p>" + linked.replace("\n", "<br>\n") + "</p>")
    return Markup("\n".join(paragraphs))  # noqa: S704 (every piece was escaped above)  # nosec B704


def file_size(size: int) -> str:
    """Bytes as a person reads them: "820 kB", "1,4 MB"."""
    if size < 1000 * 1000:
        return f"{format_decimal(max(size / 1000, 0.1 if size else 0), '#,##0.#')} kB"
    return f"{format_decimal(size / 1000 / 1000, '#,##0.#')} MB"


def hearing_mail_address(hearing) -> str:
    """The hearing's own address for letters by e-mail ("hoering+<slug>@kommune.dk"), or "" without a mailbox."""
    from app.responses.letters.mailbox.operations import hearing_mail_address as address_of

    return address_of(hearing)


def register(app: Flask) -> None:
    app.jinja_env.filters["datetime"] = danish_datetime
    app.jinja_env.filters["date"] = long_date
    app.jinja_env.filters["text_to_html"] = text_to_html
    app.jinja_env.filters["typed"] = defang  # what others typed, quoted in a mail: never a link
    app.jinja_env.filters["filesize"] = file_size
    app.jinja_env.filters["local_date_input"] = lambda value: to_local(value).date().isoformat() if value else ""
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def site_context():
        return {"municipality": current_app.config["MUNICIPALITY_NAME"], "hearing_mail_address": hearing_mail_address}
