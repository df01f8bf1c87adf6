"""Small builders for test data. Each adds to the session and flushes."""

import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import count

import pyotp
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject

from app.accounts import totp
from app.accounts.models import TWO_FACTOR_ROLES, Role, User
from app.accounts.passwords import hash_password
from app.extensions import db
from app.hearings.models import DraftVersion, Hearing, HearingState, Invitation, PartyLink, Section
from app.hearings.tokens import new_token, token_hash
from app.jobs.models import Job, JobState
from app.parties.models import ContactPerson, Organisation, OrganisationKind
from app.responses.letters.mailbox.models import IncomingMail, IncomingState
from app.responses.models import Comment, Response, ResponseKind, ResponseState

_numbers = count(1)
PASSWORD = "korrekt-hest-batteri-haefteklamme"


def make_user(role: Role = Role.STAFF, *, two_factor: bool | None = None, **fields) -> User:
    """A user with PASSWORD. Administrators and approvers have two-step verification set up
    (as they must), unless two_factor=False: then they are asked to set it up at log-in."""
    n = next(_numbers)
    if fields.get("active") is False:
        fields.setdefault("deactivated_at", datetime.now(UTC))
    if two_factor if two_factor is not None else role in TWO_FACTOR_ROLES:
        fields.setdefault("totp_secret", pyotp.random_base32())
        fields.setdefault("totp_enabled_at", datetime.now(UTC))
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


def _unused_step(user: User) -> int | None:
    now = totp.current_step()
    step = now if user.totp_last_step is None else max(now, user.totp_last_step + 1)
    return step if step <= now + 1 else None


def next_app_code(user: User) -> str:
    """The code the user's authenticator app shows now: a time step not used yet
    (the app's code for now, or for the next 30 seconds, which the server also accepts)."""
    user = db.session.get(User, user.id, populate_existing=True)
    step = _unused_step(user)
    assert step is not None, "this user's app codes for now are used up: log in with a recovery code"
    return pyotp.TOTP(user.totp_secret).generate_otp(step)


def second_step_code(user: User) -> str:
    """What the person types at log-in's second step: the app's code or, when this half-minute's
    codes are used up (a test that logs the same user in again and again), a recovery code."""
    user = db.session.get(User, user.id, populate_existing=True)
    if _unused_step(user) is not None:
        return next_app_code(user)
    [code, *_] = totp.new_recovery_codes(user)
    db.session.commit()
    return code


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


def make_incoming_mail(hearing: Hearing, fetched_at: datetime | None = None,
                       state: IncomingState = IncomingState.WAITING,
                       subject: str = "Høringssvar fra Handicaprådet") -> IncomingMail:
    """A mail that came to the hearing's own address, as `flask letters fetch` keeps it (no files)."""
    n = next(_numbers)
    fetched_at = fetched_at or datetime.now(UTC)
    mail = IncomingMail(hearing=hearing, message_id=f"<{n}@handicapraad.example.dk>",
                        content_sha256=hashlib.sha256(str(n).encode()).hexdigest(), imap_uid=n, imap_uidvalidity=1,
                        sender_email="ion.meyer@handicapraad.example.dk", sender_name="Ion Meyer",
                        subject=subject, fetched_at=fetched_at, body_text="Se vedhæftede høringssvar.", state=state,
                        handled_at=None if state is IncomingState.WAITING else fetched_at)
    db.session.add(mail)
    db.session.flush()
    return mail


def make_finished_job(hearing: Hearing, user: User, content: bytes = b"a;b\r\n") -> Job:
    """A background job that has made its file (a memo's comments as CSV), as a worker leaves it."""
    job = Job(kind="memo_file", params={"format": "csv"}, hearing_id=hearing.id, requested_by_id=user.id,
              state=JobState.DONE, progress_done=3, progress_total=3, attempts=1, finished_at=datetime.now(UTC),
              result_filename=f"bemaerkninger-{hearing.slug}.csv", result_mimetype="text/csv; charset=utf-8",
              result_size=len(content), result_sha256=hashlib.sha256(content).hexdigest(), result_data=content)
    db.session.add(job)
    db.session.flush()
    return job


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


def a_pdf() -> bytes:
    """A valid one-page PDF, blank."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


MB = 1024 * 1024


def a_large_pdf(size: int) -> bytes:
    """A valid one-page PDF of about `size` bytes: a long comment in the page's drawing makes it large
    (not an embedded file, which attachments refuse as active content)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    padding = DecodedStreamObject()
    padding.set_data(b"% " + b"0" * size + b"\n")
    page.replace_contents(padding)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
