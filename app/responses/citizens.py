"""Citizens answer public hearings; a response counts once its e-mail address is confirmed.

The confirmation link is signed (itsdangerous, with the app's secret) and
names the response, so nothing is stored for it; confirming twice is the same
as once. A response sent before the deadline counts with the time it was
sent, even when the link is pressed after the deadline.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from app.audit.operations import record
from app.extensions import db
from app.hearings.models import Hearing, HearingState, Section
from app.links import external_url
from app.notifications.operations import queue_mail
from app.responses import drafts
from app.responses import operations as responding
from app.responses.models import Response, ResponseKind, ResponseState
from app.security import signing_keys

CONFIRMATION_SALT = "citizen-response-confirmation"
CONFIRMATION_DAYS = 7
# The same text from the same address within this time is the same response (a double click, a second tab).
SAME_RESPONSE_WITHIN = timedelta(hours=1)
# States in which a confirmation still counts: afterwards staff are answering what came.
CONFIRMABLE = (HearingState.OPEN, HearingState.CLOSED)


@dataclass
class Citizen:
    name: str
    email: str
    organisation: str | None
    publish_name: bool
    memo_mail: bool = False


def send_response(hearing: Hearing, citizen: Citizen, texts: dict[str, str], now: datetime) -> tuple[Response, bool]:
    """Keep the response, unconfirmed, and mail the link. Returns (response, is_new)."""
    email = citizen.email.lower()
    earlier = db.session.scalars(
        select(Response).where(
            Response.hearing_id == hearing.id, Response.kind == ResponseKind.CITIZEN,
            Response.citizen_email == email, Response.state == ResponseState.DRAFT,
            Response.created_at >= now - SAME_RESPONSE_WITHIN,
        )
    ).all()
    for response in earlier:
        if {name: response.draft.get(name, "") for name in texts} == texts:
            return response, False
    response = Response(
        hearing=hearing, kind=ResponseKind.CITIZEN, state=ResponseState.DRAFT, created_at=now,
        citizen_name=citizen.name, citizen_email=email, citizen_organisation=citizen.organisation or None,
        publish_name=citizen.publish_name, memo_mail=citizen.memo_mail,
        draft={**texts, drafts.SIGNED_NAME: citizen.name},
    )
    db.session.add(response)
    db.session.flush()
    record("citizen_response_sent", response, hearing_id=hearing.id, actor_label=_("Borger"))
    return response, True


def submit_verified(hearing: Hearing, citizen: Citizen, texts: dict[str, str], sections: list[Section],
                    now: datetime, mitid_subject: str, files: list[tuple[str, bytes, str]]) -> Response:
    """A citizen who signed in with MitID: the response counts at once, marked "verificeret med MitID", with
    the broker's pseudonymous id (never a CPR number). The receipt goes to the e-mail address given.

    The same text from the same MitID identity within SAME_RESPONSE_WITHIN (a double click, a second tab) is
    the response already filed, returned as it is."""
    earlier = db.session.scalars(
        select(Response).where(
            Response.hearing_id == hearing.id, Response.kind == ResponseKind.CITIZEN,
            Response.mitid_subject == mitid_subject, Response.state == ResponseState.SUBMITTED,
            Response.created_at >= now - SAME_RESPONSE_WITHIN,
        )
    ).all()
    for response in earlier:
        if {name: (response.draft or {}).get(name, "") for name in texts} == texts:
            return response
    response = Response(
        hearing=hearing, kind=ResponseKind.CITIZEN, state=ResponseState.DRAFT, created_at=now,
        citizen_name=citizen.name, citizen_email=citizen.email.lower(),
        citizen_organisation=citizen.organisation or None, publish_name=citizen.publish_name,
        memo_mail=citizen.memo_mail, draft={**texts, drafts.SIGNED_NAME: citizen.name},
        mitid_verified_at=now, mitid_subject=mitid_subject,
    )
    db.session.add(response)
    db.session.flush()
    record("citizen_response_sent", response, hearing_id=hearing.id, actor_label=_("Borger"), mitid=True)
    for name, data, content_type in files:
        responding.add_attachment(response, name, data, content_type)
    responding.submit(response, sections, None, now)
    return response


def link_token(response: Response) -> str:
    """The token of the citizen's own link to the response (the one the confirmation mail holds)."""
    return _serializer().dumps(response.id)


def mail_confirmation(response: Response, sections: list[Section]) -> None:
    """The link to confirm, with the text as sent: the person sees what they confirm, and keeps a copy."""
    hearing = response.hearing
    queue_mail(
        response.citizen_email, "citizen_confirm", subject=_("Bekræft dit høringssvar: %(title)s", title=hearing.title),
        hearing_id=hearing.id, hearing=hearing, name=response.citizen_name, days=CONFIRMATION_DAYS,
        response=response, content=responding.submission_content(response, sections),
        link=external_url("responses.citizen_confirm", slug=hearing.slug, token=_serializer().dumps(response.id)),
    )


def confirm(hearing: Hearing, token: str, sections: list[Section], now: datetime) -> Response | None:
    """The response the link names, now counted; None if the link is not (or no longer) valid.

    An unused link works for CONFIRMATION_DAYS. Once the response is confirmed, the same link (in the mail
    the citizen keeps) goes on showing it, and offers to withdraw it until the deadline."""
    response, fresh = _linked(hearing, token, now, lock=True)
    if response is not None and response.state is ResponseState.DRAFT:
        if not fresh or hearing.state not in CONFIRMABLE:
            return None
        response.email_confirmed_at = now
        responding.submit(response, sections, None, response.created_at)
    return response


def confirmed_response(hearing: Hearing, token: str, now: datetime) -> Response | None:
    """The confirmed (or since withdrawn) response the citizen's link names; None for any other link."""
    response, _fresh = _linked(hearing, token, now, lock=True)
    return response if response is not None and response.state is not ResponseState.DRAFT else None


def _linked(hearing: Hearing, token: str, now: datetime, *, lock: bool) -> tuple[Response | None, bool]:
    """(the citizen's response of this hearing the link names, whether the link is young enough to confirm)."""
    try:
        response_id, signed_at = _serializer().loads(token, return_timestamp=True)
    except BadSignature:
        return None, False
    if not isinstance(response_id, int):
        return None, False
    # Locked and read afresh: a mail scanner and the person pressing the link at once count it once.
    query = select(Response).where(Response.id == response_id).execution_options(populate_existing=True)
    response = db.session.scalar(query.with_for_update() if lock else query)
    if response is None or response.hearing_id != hearing.id or response.kind is not ResponseKind.CITIZEN:
        return None, False
    return response, now - signed_at <= timedelta(days=CONFIRMATION_DAYS)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(signing_keys(), salt=CONFIRMATION_SALT)
