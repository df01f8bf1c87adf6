"""The 2013 round of seed 000 as the demo hearing `helhedsplan-socialpsykiatri-2013`.

Social- og Sundhedsudvalget sent "socialpsykiatriens 3 modeller" to hearing on
15 May 2013 with a deadline of 24 June 2013 (seed lines 57–59). The three
models are the hearing's alternatives, each a section of the draft with the
administration's description of it (lines 872–1052). The entitled parties are
the three institutions the seed names (Nettet, Kirsten Marie, Slotsvænget) and
the councils of the demo's register. The responses say only what the seed
reports (lines 67–77): most point to model 2, and the two self-governing
institutions jointly proposed a "model 2½". The meetings of 21 August and
11 September 2013 are recorded from the minutes (lines 120–139), and the
revised model of 10 September 2013 (lines 1082–1371) is the hearing's revised
draft. Looked up before it is made: loading twice changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from markupsafe import escape
from sqlalchemy import select

from app.accounts.models import Role, User
from app.audit.operations import record
from app.committee.meetings import operations as meetings
from app.demo.seed_2013_questions import load_2013_questions
from app.demo.seed_2013_text import Seed2013, SeedMinutes, SeedPart, read_2013
from app.demo.seed_meetings import parse_minutes
from app.extensions import db
from app.hearings.alternatives.models import Alternative
from app.hearings.models import DraftVersion, Hearing, HearingState, Invitation, Section
from app.parties.models import Organisation, OrganisationKind
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.models import Comment, Cosignature, Preference, Response, ResponseKind, ResponseState

SLUG_2013 = "helhedsplan-socialpsykiatri-2013"
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
# The three institutions the seed names (lines 69–76, 177, 293, 343); no contact persons: the demo
# registers their letters, it does not mail them.
INSTITUTIONS = ("Kirsten Marie", "Nettet", "Slotsvænget")
COUNCILS = ("Handicaprådet", "Integrationsrådet", "Seniorrådet", "Udsatterådet")
# Seed lines 67–68 say that most responses point to model 2 but not whose they were: the demo lets these
# two councils be the "most" (two of the three responses). Their texts only state that preference.
MODEL_2_PARTIES = ("Handicaprådet", "Udsatterådet")
RECEIVED = date(2013, 6, 24)  # the deadline (line 59); the seed gives no dates of the letters themselves


def load_2013(seed_path: str | Path, users: dict[Role, User]) -> tuple[Hearing, bool]:
    """The 2013 hearing, made if it is not there. Returns (hearing, created)."""
    existing = db.session.scalar(select(Hearing).where(Hearing.slug == SLUG_2013))
    if existing is not None:
        return existing, False
    seed = read_2013(seed_path)
    hearing = _hearing(seed, users)
    _draft(hearing, seed)
    organisations = _parties(hearing)
    db.session.flush()
    _responses(hearing, seed, organisations, users)
    _revised_model(hearing, seed, users[Role.STAFF])
    db.session.flush()
    _meeting(hearing, seed.committee, date(2013, 8, 21), seed.meeting_august)
    # Postponed for answers: the members' written questions and the administration's answers (lines 171–1075).
    load_2013_questions(hearing, seed_path)
    db.session.flush()
    _meeting(hearing, seed.committee, date(2013, 9, 11), seed.meeting_september)
    record("demo_loaded", hearing, hearing_id=hearing.id, actor_label="system")
    return hearing, True


def _at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=COPENHAGEN)


def _hearing(seed: Seed2013, users: dict[Role, User]) -> Hearing:
    hearing = Hearing(
        slug=SLUG_2013, title=seed.title, committee=seed.committee,
        summary="\n\n".join(seed.vision),  # seed lines 62–65
        letter=seed.letter,  # seed lines 57–60
        is_public=False, state=HearingState.REPLYING,
        opens_at=_at(date(2013, 5, 15), 9), deadline_at=_at(date(2013, 6, 24), 23).replace(minute=59),
        closed_at=_at(date(2013, 6, 25), 0), created_by=users[Role.STAFF], approver=users[Role.APPROVER],
    )
    hearing.officers = [users[Role.STAFF]]
    db.session.add(hearing)
    return hearing


def _html(paragraphs) -> str:
    parts = []
    for paragraph in paragraphs:
        if isinstance(paragraph, tuple):
            parts.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in paragraph) + "</ul>")
        else:
            parts.append(f"<p>{escape(paragraph)}</p>")
    return "".join(parts)


def _sections(version: DraftVersion, parts: tuple[SeedPart, ...]) -> None:
    for position, part in enumerate(parts):
        version.sections.append(Section(key=part.key, position=position, heading=part.heading,
                                        body_html=_html(part.paragraphs)))


def _draft(hearing: Hearing, seed: Seed2013) -> None:
    """The vision (lines 62–65), then the three models, each the part of the draft of its alternative."""
    version = DraftVersion(number=1, note="Høringsudkast: socialpsykiatriens 3 modeller")
    hearing.versions.append(version)
    _sections(version, (SeedPart("vision", "Helhedsplanens vision", seed.vision), *seed.models))
    hearing.alternatives = [Alternative(position=i, name=model.heading, section_key=model.key)
                            for i, model in enumerate(seed.models)]


def _parties(hearing: Hearing) -> dict[str, Organisation]:
    """The institutions (added to the register if they are not there) and the councils, all invited."""
    found = {}
    for name in (*INSTITUTIONS, *COUNCILS):
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
        if organisation is None:
            organisation = Organisation(name=name, kind=OrganisationKind.INSTITUTION if name in INSTITUTIONS
                                        else OrganisationKind.COUNCIL)
            db.session.add(organisation)
        found[name] = organisation
        db.session.add(Invitation(hearing=hearing, organisation=organisation, invited_at=hearing.opens_at))
    return found


def _response(hearing: Hearing, organisation: Organisation, text: str, staff: User, **preference) -> Comment:
    response = Response(
        hearing=hearing, kind=ResponseKind.LETTER, organisation=organisation, state=ResponseState.SUBMITTED,
        submitted_at=_at(RECEIVED), received_on=RECEIVED, registered_by_id=staff.id, full_text=text, **preference,
    )
    db.session.add(response)
    comment = Comment(response=response, text=text, position=0)
    db.session.add(comment)
    return comment


def _responses(hearing: Hearing, seed: Seed2013, organisations: dict[str, Organisation],
               users: dict[Role, User]) -> None:
    staff, approver = users[Role.STAFF], users[Role.APPROVER]
    model_2 = hearing.alternatives[1]
    model_2_comments = [
        # Seed lines 67–68: "De fleste høringssvar peger på model 2" (the parties are the demo's choice, above).
        _response(hearing, organisations[name], f"{name} peger på model 2.", staff,
                  preference=Preference.ALTERNATIVE, alternative=model_2)
        for name in MODEL_2_PARTIES
    ]
    # Seed lines 68–77: the two self-governing institutions' joint "model 2½", in the committee's outline;
    # the reason is the one question 1 (lines 177–181) quotes from the response from Nettet.
    joint = _response(
        hearing, organisations["Nettet"], "Nettet og Kirsten Marie foreslår i fællesskab en model 2½.\n\n"
        + seed.variant_text, staff, preference=Preference.VARIANT, variant_name="model 2½",
        variant_text=seed.variant_text, preference_reason=seed.variant_reason,
    )
    # A letter signed by both: the co-signature is accepted, as staff register it.
    joint.response.cosignatures = [Cosignature(organisation=organisations["Kirsten Marie"],
                                               accepted_at=joint.response.submitted_at)]
    approved_at = _at(date(2013, 8, 1), 10)
    # Seed lines 79–88 and 103–105: why the administration recommends model 2, and the difference in money.
    db.session.add(Reply(
        hearing=hearing, text="\n\n".join(_plain(seed.administration_view)), outcome=Outcome.NOT_ACCEPTED,
        status=ReplyStatus.APPROVED, financial_consequence=True, financial_note=seed.financial_note,
        approved_by=approver, approved_at=approved_at, created_by=staff, comments=[joint],
    ))
    # The preference for model 2 is what the administration recommends (line 117): noted, no words of its own.
    db.session.add(Reply(hearing=hearing, text="", outcome=Outcome.NOTED, status=ReplyStatus.APPROVED,
                         approved_by=approver, approved_at=approved_at, created_by=staff,
                         comments=model_2_comments))


def _plain(paragraphs) -> list[str]:
    return ["\n".join(p) if isinstance(p, tuple) else p for p in paragraphs]


def _revised_model(hearing: Hearing, seed: Seed2013, staff: User) -> None:
    """The administration's revised model after the postponement (lines 1082–1371): never out for hearing,
    a revised draft for the committee (as app/hearings/rounds makes one: a revision with a title), not the
    revision the accepted replies make, nor a version parties answer."""
    version = DraftVersion(number=2, title="model af 10. september 2013",
                           note="Revideret model af 10. september 2013", is_revision=True, created_by_id=staff.id)
    hearing.versions.append(version)
    _sections(version, seed.revised)


def _meeting(hearing: Hearing, committee: str, held_on: date, minutes: SeedMinutes) -> None:
    parsed = parse_minutes(minutes.text)
    meetings.record_meeting(hearing, meetings.MeetingInput(
        body=meetings.body_named(committee), held_on=held_on, outcome=parsed.outcome,
        decision_text=parsed.decision_text, absent=minutes.absent,
        votes=tuple((vote.side, vote.count, vote.parties, vote.reason) for vote in parsed.votes),
    ))
