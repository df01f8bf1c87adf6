"""An open hearing like the 2019 round, with Handicaprådet invited and a personal link for each of its contacts."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from app.hearings.models import HearingState, Invitation, PartyLink, Section
from app.hearings.tokens import new_token, token_hash
from app.parties.models import ContactPerson, Organisation, OrganisationKind
from tests.factories import make_hearing


@dataclass
class Party:
    hearing_id: int
    slug: str
    invitation_id: int
    organisation: str
    section_keys: list[str]
    tokens: list[str]  # one per contact, in the order of `contacts`
    contacts: list[str]  # e-mail addresses

    @property
    def url(self) -> str:
        return f"/svar/{self.tokens[0]}"


def make_party(db, *, deadline_in=timedelta(days=7), state=HearingState.OPEN, contacts=2) -> Party:
    now = datetime.now(UTC)
    hearing = make_hearing(
        state=state, sections=0, title="Kvalitetsstandarder på det specialiserede voksenområde",
        opens_at=now - timedelta(days=14), deadline_at=now + deadline_in,
    )
    version = hearing.current_version
    aflastning = Section(key="s84", position=0, number="§ 84", heading="Aflastning", body_html="<p>Aflastning.</p>")
    version.sections.append(aflastning)
    version.sections.append(Section(key="s84-omfang", position=1, heading="Omfang/varighed", parent=aflastning,
                                    body_html="<p>Der ydes op til 60 døgn om året.</p>"))
    version.sections.append(Section(key="s85", position=2, number="§ 85", heading="Socialpædagogisk støtte",
                                    body_html="<p>Støtte i eget hjem.</p>"))
    organisation = Organisation(name="Handicaprådet", kind=OrganisationKind.COUNCIL)
    for i, name in enumerate(["Ion Meyer", "Sekretær Sara"][:contacts]):
        organisation.contacts.append(ContactPerson(name=name, email=f"kontakt{i}@handicapraadet.example.org"))
    invitation = Invitation(hearing=hearing, organisation=organisation, invited_at=now - timedelta(days=14))
    tokens = []
    for contact in organisation.contacts:
        token = new_token()
        tokens.append(token)
        db.session.add(PartyLink(invitation=invitation, contact=contact, token_hash=token_hash(token), sent_at=now))
    db.session.add(invitation)
    db.session.commit()
    return Party(hearing.id, hearing.slug, invitation.id, organisation.name, ["s84", "s84-omfang", "s85"], tokens,
                 [c.email for c in organisation.contacts])


@pytest.fixture
def party(db) -> Party:
    return make_party(db)
