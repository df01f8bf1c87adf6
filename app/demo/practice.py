"""A practice hearing beside the 2019 round: the same draft, open now, so a newcomer can answer it.

Handicaprådet and Seniorrådet are invited and citizens may answer. The
personal links are derived from the secret key (an HMAC of the contact's
address), so `flask demo load` prints the same working links every time
without storing anything but their hashes, and running it twice changes
nothing.
"""

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from app.accounts.models import Role, User
from app.demo.seed_2019 import SeedRound
from app.extensions import db
from app.hearings.models import Hearing, HearingState, Invitation, PartyLink
from app.hearings.tokens import token_hash
from app.links import external_url
from app.parties.models import Organisation
from app.timezone import END_OF_DAY, local_to_utc

PRACTICE_SLUG = "kvalitetsstandarder-proevehoering"
INVITED = ("Handicaprådet", "Seniorrådet")
OPEN_DAYS = 30

PRACTICE_LETTER = (
    "Dette er en prøvehøring med det rigtige udkast fra 2019. Prøv at svare, som et råd eller en borger "
    "ville gøre: skriv bemærkninger til de afsnit, de handler om, og indsend svaret.\n\n"
    "Svarene bruges kun til at afprøve Høringsrunde."
)


def load_practice(seed: SeedRound, users: dict[Role, User], organisations: dict[str, Organisation],
                  make_draft) -> tuple[Hearing, bool]:
    """The practice hearing, made if it is not there. Returns (hearing, created)."""
    hearing = db.session.scalar(select(Hearing).where(Hearing.slug == PRACTICE_SLUG))
    if hearing is not None:
        return hearing, False
    now = datetime.now(UTC)
    deadline_day = (now + timedelta(days=OPEN_DAYS)).date()
    hearing = Hearing(
        slug=PRACTICE_SLUG, title=f"Prøvehøring: {seed.title}", committee=seed.committee, summary=seed.summary,
        letter=PRACTICE_LETTER, is_public=True, state=HearingState.OPEN, opens_at=now,
        deadline_at=local_to_utc(deadline_day, END_OF_DAY), created_by=users[Role.STAFF],
        approver=users[Role.APPROVER],
    )
    hearing.officers = [users[Role.STAFF]]
    db.session.add(hearing)
    make_draft(hearing, seed.sections)
    for name in INVITED:
        invitation = Invitation(hearing=hearing, organisation=organisations[name], invited_at=now)
        db.session.add(invitation)
        for contact in organisations[name].contacts:
            db.session.add(PartyLink(invitation=invitation, contact=contact, sent_at=now,
                                     token_hash=token_hash(practice_token(contact.email))))
    db.session.flush()
    return hearing, True


def practice_token(email: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, f"demo-link:{PRACTICE_SLUG}:{email}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def practice_links(hearing: Hearing) -> list[tuple[str, str, str]]:
    """(organisation, contact, link) for every contact of every invited party."""
    return sorted(
        (invitation.organisation.name, contact.name,
         external_url("responses.party_start", token=practice_token(contact.email)))
        for invitation in hearing.invitations for contact in invitation.organisation.contacts
    )
