"""Small builders for test data. Each adds to the session and flushes."""

from datetime import UTC, datetime, timedelta
from itertools import count

from app.accounts.models import Role, User
from app.accounts.passwords import hash_password
from app.extensions import db
from app.hearings.models import DraftVersion, Hearing, HearingState, Section
from app.parties.models import ContactPerson, Organisation, OrganisationKind
from app.responses.models import Comment, Response, ResponseKind, ResponseState

_numbers = count(1)
PASSWORD = "korrekt-hest-batteri-haefteklamme"


def make_user(role: Role = Role.STAFF, **fields) -> User:
    n = next(_numbers)
    if fields.get("active") is False:
        fields.setdefault("deactivated_at", datetime.now(UTC))
    user = User(
        email=fields.pop("email", f"user{n}@kommune.example.org"),
        name=fields.pop("name", f"Bruger {n}"),
        role=role,
        password_hash=hash_password(fields.pop("password", PASSWORD)),
        **fields,
    )
    db.session.add(user)
    db.session.flush()
    return user


def make_organisation(name: str | None = None, contacts: int = 1, **fields) -> Organisation:
    n = next(_numbers)
    organisation = Organisation(
        name=name or f"Råd nr. {n}", kind=fields.pop("kind", OrganisationKind.COUNCIL), **fields
    )
    for i in range(contacts):
        organisation.contacts.append(
            ContactPerson(name=f"Kontakt {n}-{i}", email=f"kontakt{n}-{i}@example.org")
        )
    db.session.add(organisation)
    db.session.flush()
    return organisation


def make_hearing(state: HearingState = HearingState.OPEN, sections: int = 2, **fields) -> Hearing:
    n = next(_numbers)
    now = datetime.now(UTC)
    hearing = Hearing(
        slug=fields.pop("slug", f"hoering-{n}"),
        title=fields.pop("title", f"Høring nr. {n}"),
        state=state,
        opens_at=fields.pop("opens_at", now - timedelta(days=7)),
        deadline_at=fields.pop("deadline_at", now + timedelta(days=7)),
        **fields,
    )
    if state.value in ("closed", "replying", "memo", "sent", "decided"):
        hearing.closed_at = hearing.deadline_at
    version = DraftVersion(number=1)
    hearing.versions.append(version)
    for i in range(sections):
        version.sections.append(
            Section(key=f"s{i + 1}", position=i, heading=f"Afsnit {i + 1}", body_html="<p>Tekst</p>")
        )
    db.session.add(hearing)
    db.session.flush()
    return hearing


def make_response(hearing: Hearing, organisation: Organisation | None = None, **fields) -> Response:
    organisation = organisation or make_organisation()
    response = Response(
        hearing=hearing,
        kind=ResponseKind.PARTY,
        organisation=organisation,
        state=fields.pop("state", ResponseState.DRAFT),
        **fields,
    )
    db.session.add(response)
    db.session.flush()
    return response


def make_comment(response: Response, section: Section | None, text: str = "En bemærkning.") -> Comment:
    comment = Comment(response=response, section=section, text=text, position=len(response.comments))
    db.session.add(comment)
    db.session.flush()
    return comment
