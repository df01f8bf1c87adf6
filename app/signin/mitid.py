"""MitID through a broker: a citizen's name and pseudonymous id for a response confirmed without the mail,
and MitID Erhverv's CVR number for a party's contact, matched to the organisation in the register.

Only the claims named in the settings are read, and only these are kept: the name, the broker's
pseudonymous id, the CVR number. A CPR number, which some brokers send (`cpr`, `…/cpr-number`), is never
read, kept in the session nor stored.
"""

import time
from dataclasses import dataclass

from flask import current_app, session
from sqlalchemy import select

from app.audit.operations import record
from app.extensions import db
from app.hearings import invitations
from app.hearings.models import Hearing, HearingState, Invitation
from app.parties.models import Organisation

CITIZEN = "mitid_citizen"
FOR = "mitid_for"  # what the sign-in under way is for: {"kind": "citizen" | "party", "slug": …}
# A sign-in counts for one response, sent within this time.
VALID_SECONDS = 60 * 60


@dataclass
class Person:
    subject: str
    name: str


def _claim(claims: dict, name: str) -> str:
    value = claims.get(name)
    return str(value).strip() if isinstance(value, (str, int)) else ""


def person_from_claims(claims: dict) -> Person | None:
    """The name and pseudonymous id; None when the broker sent neither."""
    config = current_app.config
    subject = _claim(claims, config["MITID_ID_CLAIM"])
    name = _claim(claims, config["MITID_NAME_CLAIM"])[:200]
    if not subject or not name or "cpr" in config["MITID_ID_CLAIM"].lower():
        return None
    return Person(subject=subject[:255], name=name)


def cvr_from_claims(claims: dict) -> str | None:
    cvr = _claim(claims, current_app.config["MITID_CVR_CLAIM"]).replace(" ", "")
    return cvr if len(cvr) == 8 and cvr.isdigit() else None


def remember_citizen(slug: str, person: Person) -> None:
    session[CITIZEN] = {"slug": slug, "subject": person.subject, "name": person.name, "at": int(time.time())}


def signed_in_citizen(slug: str) -> Person | None:
    """The citizen who signed in with MitID for this hearing a moment ago; None when nobody did."""
    found = session.get(CITIZEN)
    if not isinstance(found, dict) or found.get("slug") != slug:
        return None
    if time.time() - found.get("at", 0) > VALID_SECONDS:
        session.pop(CITIZEN, None)
        return None
    return Person(subject=found["subject"], name=found["name"])


def forget_citizen() -> None:
    session.pop(CITIZEN, None)


def party_link_for_cvr(hearing: Hearing, cvr: str, email: str) -> str | None:
    """A new personal link for the invited organisation with this CVR number (the caller commits), for the
    contact with the signed-in e-mail if the register has them; None when no invited party has the number."""
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.cvr == cvr, Organisation.active.is_(True)))
    if organisation is None or hearing.state is HearingState.DECIDED:
        return None
    invitation = db.session.scalar(select(Invitation).where(
        Invitation.hearing_id == hearing.id, Invitation.organisation_id == organisation.id))
    if invitation is None or invitation.invited_at is None:
        return None
    contact = next((c for c in organisation.active_contacts if email and c.email.lower() == email.lower()), None)
    token = invitations.signed_in_link(invitation, contact)
    record("mitid_party_signed_in", invitation, hearing_id=hearing.id, actor_label=organisation.name, cvr=cvr)
    return token
