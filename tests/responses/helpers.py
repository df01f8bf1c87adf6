"""Reading the response page as a browser would (its fields and the bases it sends back), and filling it in."""

import re
from html import unescape

from sqlalchemy import select

from app.extensions import db
from app.responses.models import Response

CITIZEN_TEXT = "Jeg bruger aflastning til min søn og har brug for flere døgn."
_HIDDEN = re.compile(r'<input type="hidden" name="(base-[\w-]+)" value="([0-9a-f]+)">')
_TEXTAREA = re.compile(r'<textarea[^>]*name="([\w-]+)"[^>]*>(.*?)</textarea>', re.S)


def bases(html: str) -> dict[str, str]:
    return dict(_HIDDEN.findall(html))


def textareas(html: str) -> dict[str, str]:
    # WTForms writes a newline after <textarea> (browsers drop it).
    return {name: unescape(text).removeprefix("\r\n").removeprefix("\n") for name, text in _TEXTAREA.findall(html)}


def form_data(html: str, **fields) -> dict[str, str]:
    """What the browser would post: the page's bases, its texts, then what the person typed."""
    data = {**bases(html), **textareas(html), "signed_name": "Ion Meyer", "signed_role": "formand"}
    data.update(fields)
    return data


def citizen_form(**fields) -> dict[str, str]:
    """What a citizen posts on a public hearing's response form (the hearing of make_party)."""
    data = {"citizen_name": "Karen Hansen", "citizen_email": "Karen@Example.org", "publish_name": "no",
            "section-s84-omfang": CITIZEN_TEXT}
    data.update(fields)
    return data


def the_response() -> Response | None:
    db.session.expire_all()
    return db.session.scalar(select(Response))


TYPED = "Rådet henviser til vedlagte brev."
