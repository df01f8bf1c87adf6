"""`flask demo load`: the 2019 round of Lyngby-Taarbæk Kommune as demo data.

Everything is looked up before it is created, so running it twice changes
nothing. The texts come from the seed (see app/demo/seed_2019.py); only the
party register's contact persons and the demo users are made up.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from markupsafe import escape
from sqlalchemy import select

from app.accounts.models import Role, User
from app.accounts.passwords import hash_password
from app.audit.operations import record
from app.committee.meetings import operations as meetings
from app.demo.practice import PRACTICE_SLUG, load_practice, practice_links
from app.demo.seed_2013 import SLUG_2013, load_2013
from app.demo.seed_2013_text import SEED_2013_NAME
from app.demo.seed_2019 import SeedRound, SeedSection, load_round
from app.demo.seed_2019_points import DraftChange
from app.demo.seed_meetings import parse_minutes
from app.extensions import db
from app.hearings.models import DraftVersion, Hearing, HearingState, Invitation, Section
from app.hearings.text_format import html_to_markdown
from app.links import external_url
from app.parties.models import ContactPerson, Organisation, OrganisationKind
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.models import Comment, Response, ResponseKind, ResponseState

SLUG = "kvalitetsstandarder-2019"
DEMO_PASSWORD = "demo-hoering-2019"  # noqa: S105 (printed by the command; demo only, refused in production)  # nosec B105
COPENHAGEN = ZoneInfo("Europe/Copenhagen")

DEMO_USERS = (
    ("admin@demo.example.org", "Anne Administrator", Role.ADMIN),
    ("sagsbehandler@demo.example.org", "Søren Sagsbehandler", Role.STAFF),
    ("sagsbehandler2@demo.example.org", "Sara Sagsbehandler", Role.STAFF),
    ("teamleder@demo.example.org", "Tove Teamleder", Role.APPROVER),
    ("udvalg@demo.example.org", "Ulrik Udvalgsmedlem", Role.COMMITTEE),
)

# The register of parties: the municipality's councils and a few others.
# Contact persons are made up; their addresses are under example.org.
PARTIES = (
    ("Handicaprådet", OrganisationKind.COUNCIL, (
        ("Ion Meyer", "formand", "formand@handicapraadet.example.org"),
        ("Helle Holm", "sekretær", "sekretaer@handicapraadet.example.org"),
    )),
    ("Seniorrådet", OrganisationKind.COUNCIL, (
        ("Bent Berg", "formand", "formand@seniorraadet.example.org"),
    )),
    ("Integrationsrådet", OrganisationKind.COUNCIL, (
        ("Inger Ibsen", "sekretær", "sekretaer@integrationsraadet.example.org"),
    )),
    ("Udsatterådet", OrganisationKind.COUNCIL, (
        ("Ulla Ulriksen", "formand", "formand@udsatteraadet.example.org"),
    )),
    ("Bruger- og pårørenderådet for botilbuddene", OrganisationKind.USER_COUNCIL, (
        ("Per Poulsen", "formand", "formand@brugerraad-botilbud.example.org"),
    )),
    ("MED-udvalget for Social og Sundhed", OrganisationKind.MED_COMMITTEE, (
        ("Mette Madsen", "næstformand", "med-social@kommune.example.org"),
    )),
    ("Handicaporganisationernes lokalafdeling", OrganisationKind.ASSOCIATION, (
        ("Lars Lund", "kontaktperson", "kontakt@handicaporganisationer.example.org"),
    )),
)

OUTCOMES = {
    "accepted": Outcome.ACCEPTED,
    "partly_accepted": Outcome.PARTLY_ACCEPTED,
    "not_accepted": Outcome.NOT_ACCEPTED,
    "noted": Outcome.NOTED,
}


class DemoDataError(Exception):
    pass


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    users: list[tuple[str, str, Role]] = field(default_factory=list)
    practice_links: list[tuple[str, str, str]] = field(default_factory=list)
    practice_url: str = ""

    def summary(self) -> str:
        lines = []
        if self.created:
            lines.append("Oprettet: " + ", ".join(self.created))
        if self.existing:
            lines.append("Fandtes allerede: " + ", ".join(self.existing))
        lines.append(f"Demobrugere (adgangskode for alle: {DEMO_PASSWORD}):")
        lines += [f"  {role.value:<10} {email}  ({name})" for email, name, role in self.users]
        lines.append("  admin og approver sætter totrinsbekræftelse op (en app til engangskoder) første gang, "
                     "de logger ind.")
        if self.practice_links:
            lines.append(f"Prøvehøringen, åben for svar (også borgere): {self.practice_url}")
            lines.append("Personlige links til de inviterede råd:")
            lines += [f"  {organisation}, {contact}: {link}" for organisation, contact, link in self.practice_links]
        return "\n".join(lines)


def load_demo(seed_path: str | Path) -> LoadReport:
    """Add the demo data to the session (the caller commits)."""
    if current_app.config.get("SESSION_COOKIE_SECURE") and not current_app.testing:
        raise DemoDataError("Demo data is not loaded in production: it has known passwords.")
    path = Path(seed_path)
    if not path.is_file():
        raise DemoDataError(
            f"The seed file {path} is missing. It lives in shared/seeds beside the repository; "
            "set DEMO_SEED_FILE to its path."
        )
    report = LoadReport()
    users = _users(report)
    organisations = _organisations(report)
    seed = load_round(path)
    if db.session.scalar(select(Hearing).where(Hearing.slug == SLUG)) is not None:
        report.existing.append(f"høringen {SLUG}")
    else:
        hearing = _hearing(seed, users)
        sections = _draft(hearing, seed.sections)
        _response_and_replies(seed, hearing, sections, organisations["Handicaprådet"], users)
        db.session.flush()
        _meeting(seed, hearing)
        record("demo_loaded", hearing, hearing_id=hearing.id, actor_label="system")
        report.created.append(f"høringen {SLUG} med {len(sections)} afsnit")
    _load_2013(path.with_name(SEED_2013_NAME), users, report)
    practice, created = load_practice(seed, users, organisations, _draft)
    (report.created if created else report.existing).append(f"prøvehøringen {PRACTICE_SLUG}")
    report.practice_links = practice_links(practice)
    report.practice_url = external_url("public.hearing", slug=PRACTICE_SLUG)
    return report


def _load_2013(seed_path: Path, users: dict[Role, User], report: LoadReport) -> None:
    """The 2013 round (seed 000, beside seed 001): alternatives, a joint response, two meetings."""
    if not seed_path.is_file():
        report.existing.append(f"ikke {SLUG_2013}: {seed_path} mangler")
        return
    _hearing_2013, created = load_2013(seed_path, users)
    (report.created if created else report.existing).append(f"høringen {SLUG_2013}")


def _meeting(seed: SeedRound, hearing: Hearing) -> None:
    """The committee's meeting of 11 June 2019: its decision and vote, as the minutes write them."""
    minutes = parse_minutes(seed.decision_text)
    meetings.record_meeting(hearing, meetings.MeetingInput(
        body=meetings.body_named(seed.committee), held_on=seed.decision_date, outcome=minutes.outcome,
        decision_text=minutes.decision_text,
        votes=tuple((vote.side, vote.count, vote.parties, vote.reason) for vote in minutes.votes),
    ))


def _users(report: LoadReport) -> dict[Role, User]:
    by_role: dict[Role, User] = {}
    for email, name, role in DEMO_USERS:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=name, role=role, password_hash=hash_password(DEMO_PASSWORD))
            db.session.add(user)
            report.created.append(email)
        else:
            report.existing.append(email)
        by_role.setdefault(role, user)
        report.users.append((email, name, role))
    db.session.flush()
    return by_role


def _organisations(report: LoadReport) -> dict[str, Organisation]:
    found = {}
    for name, kind, contacts in PARTIES:
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
        if organisation is None:
            organisation = Organisation(name=name, kind=kind)
            organisation.contacts = [
                ContactPerson(name=person, title=title, email=email) for person, title, email in contacts
            ]
            db.session.add(organisation)
            report.created.append(name)
        else:
            report.existing.append(name)
        found[name] = organisation
    db.session.flush()
    return found


def _danish_time(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=COPENHAGEN)


def _hearing(seed: SeedRound, users: dict[Role, User]) -> Hearing:
    staff, approver = users[Role.STAFF], users[Role.APPROVER]
    hearing = Hearing(
        slug=SLUG,
        title=seed.title,
        case_number="27.12.00-P27-1-19",
        committee=seed.committee,
        summary=seed.summary,
        background=seed.background_note,
        letter=HEARING_LETTER,
        is_public=False,
        state=HearingState.REPLYING,
        # Sent to Handicaprådet after the committee meeting on 9 April 2019;
        # the council answered on 3 June 2019.
        opens_at=_danish_time(date(2019, 4, 10), time(9, 0)),
        deadline_at=_danish_time(date(2019, 6, 3), time(23, 59)),
        closed_at=_danish_time(date(2019, 6, 4), time(0, 0)),
        created_by=staff,
        approver=approver,
    )
    hearing.officers = db.session.scalars(
        select(User).where(User.role == Role.STAFF, User.email.like("%@demo.example.org"))
    ).all()
    db.session.add(hearing)
    return hearing


HEARING_LETTER = (
    "Social- og Sundhedsudvalget besluttede den 9. april 2019 at sende forslag til "
    "kvalitetsstandarder på det specialiserede voksenområde i høring i Handicaprådet, "
    "før udvalget tager endelig stilling.\n\n"
    "Kataloget indeholder 11 kvalitetsstandarder. De beskriver det serviceniveau, som "
    "borgerne kan forvente i Lyngby-Taarbæk Kommune.\n\n"
    "Vi hører gerne Handicaprådets bemærkninger, både generelt og til de enkelte standarder."
)


def _draft(hearing: Hearing, seed_sections: tuple[SeedSection, ...]) -> dict[str, Section]:
    version = DraftVersion(number=1, note="Høringsudkast")
    hearing.versions.append(version)
    by_key: dict[str, Section] = {}

    def add(seed_section: SeedSection, parent: Section | None) -> None:
        section = Section(
            key=seed_section.key,
            position=len(by_key),
            number=seed_section.number,
            heading=seed_section.heading,
            body_html=paragraphs_to_html(seed_section.paragraphs),
            page=seed_section.page,
            parent=parent,
        )
        version.sections.append(section)
        by_key[section.key] = section
        for child in seed_section.children:
            add(child, section)

    for seed_section in seed_sections:
        add(seed_section, None)
    return by_key


def paragraphs_to_html(paragraphs) -> str:
    """Paragraphs (str) and bullet lists (tuple of str) as escaped HTML."""
    parts = []
    for paragraph in paragraphs:
        if isinstance(paragraph, tuple):
            items = "".join(f"<li>{escape(item)}</li>" for item in paragraph)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{escape(paragraph)}</p>")
    return "".join(parts)


def _response_and_replies(
    seed: SeedRound,
    hearing: Hearing,
    sections: dict[str, Section],
    council: Organisation,
    users: dict[Role, User],
) -> None:
    invitation = Invitation(hearing=hearing, organisation=council, invited_at=hearing.opens_at)
    db.session.add(invitation)
    received = _danish_time(seed.response_date, time(12, 0))
    response = Response(
        hearing=hearing,
        kind=ResponseKind.LETTER,
        organisation=council,
        invitation=invitation,
        state=ResponseState.SUBMITTED,
        submitted_at=received,
        received_on=seed.response_date,
        signed_name=seed.signed_name,
        signed_role=seed.signed_role,
        full_text=seed.letter_text,
        registered_by_id=users[Role.STAFF].id,
    )
    db.session.add(response)
    comments = []
    for position, seed_comment in enumerate(seed.comments):
        section = sections[seed_comment.section_key] if seed_comment.section_key else None
        comment = Comment(
            response=response, section=section, position=position,
            heading=seed_comment.heading, text=seed_comment.text, no_remarks=seed_comment.no_remarks,
        )
        comments.append(comment)
        db.session.add(comment)

    approver = users[Role.APPROVER]
    approved_at = _danish_time(date(2019, 6, 5), time(10, 0))
    for seed_reply in seed.replies:
        reply = Reply(
            hearing=hearing,
            text=seed_reply.text,
            outcome=OUTCOMES[seed_reply.outcome],
            status=ReplyStatus.APPROVED,
            financial_consequence=seed_reply.financial_consequence,
            financial_note=seed_reply.financial_note,
            draft_change=_new_wording(sections, seed_reply.draft_change),
            draft_change_key=seed_reply.draft_change.section_key if seed_reply.draft_change else None,
            approved_by=approver,
            approved_at=approved_at,
            created_by=users[Role.STAFF],
        )
        reply.comments = [comments[i] for i in seed_reply.comment_indexes]
        db.session.add(reply)


def _new_wording(sections: dict[str, Section], change: DraftChange | None) -> str | None:
    """The section's text with the seed's change made, as the reply's draft-change field holds it."""
    if change is None:
        return None
    text = html_to_markdown(sections[change.section_key].body_html)
    if text.count(change.find) != 1:
        raise ValueError(f"seed: {change.find!r} is not once in section {change.section_key}")
    return text.replace(change.find, change.replace)
