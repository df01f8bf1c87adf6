"""The life of a hearing as an explicit state machine.

Each action names the states it may start from, the state it leads to, and a
guard: a function that returns the reasons it may not happen now (an empty
list means go). Operations (operations.py) perform the actions; this module
only decides.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.extensions import db
from app.hearings.models import Hearing, HearingState, Invitation, Section

S = HearingState


def opening_problems(hearing: Hearing, now: datetime) -> list[str]:
    """What stands in the way of putting the hearing out (now or at its opening time)."""
    problems = []
    version = hearing.current_version
    if version is None or not _has_sections(version.id):
        problems.append(_l("Høringen har ingen afsnit. Importér eller skriv udkastet først."))
    if not hearing.is_public and not _has_invitations(hearing):
        problems.append(_l("Vælg mindst én høringspart, eller gør høringen offentlig for borgere."))
    if hearing.deadline_at is None:
        problems.append(_l("Høringen har ingen høringsfrist."))
    elif hearing.deadline_at <= now:
        problems.append(_l("Høringsfristen skal ligge i fremtiden."))
    return problems


def _schedule_problems(hearing: Hearing, now: datetime) -> list[str]:
    problems = opening_problems(hearing, now)
    if hearing.opens_at is None or hearing.opens_at <= now:
        problems.append(_l("Vælg et tidspunkt i fremtiden, hvor høringen skal åbne."))
    elif hearing.deadline_at is not None and hearing.deadline_at <= hearing.opens_at:
        problems.append(_l("Høringsfristen skal ligge efter åbningstidspunktet."))
    return problems


def _close_problems(hearing: Hearing, now: datetime) -> list[str]:
    if hearing.deadline_at is not None and hearing.deadline_at > now:
        return [_l("Høringen lukker først ved høringsfristen. Ret fristen, hvis den skal lukke før.")]
    return []


def _send_problems(hearing: Hearing, now: datetime) -> list[str]:
    from app.memos.models import Memo

    finalised = db.session.scalar(select(func.count(Memo.id)).where(Memo.hearing_id == hearing.id))
    return [] if finalised else [_l("Høringsnotatet skal være færdiggjort, før det sendes til udvalget.")]


def _decision_problems(hearing: Hearing, now: datetime) -> list[str]:
    if not hearing.decided_on or not (hearing.decision_text or "").strip():
        return [_l("Skriv udvalgets beslutning og datoen for den.")]
    return []


def _no_problems(hearing: Hearing, now: datetime) -> list[str]:
    return []


@dataclass(frozen=True)
class Action:
    name: str
    sources: frozenset[HearingState]
    target: HearingState
    guard: Callable[[Hearing, datetime], list[str]]
    label: str


ACTIONS = {
    action.name: action
    for action in (
        Action("schedule", frozenset({S.DRAFT}), S.SCHEDULED, _schedule_problems, _l("Planlæg åbning")),
        Action("unschedule", frozenset({S.SCHEDULED}), S.DRAFT, _no_problems, _l("Fortryd planlægning")),
        Action("open", frozenset({S.DRAFT, S.SCHEDULED}), S.OPEN, opening_problems, _l("Åbn høringen nu")),
        Action("close", frozenset({S.OPEN}), S.CLOSED, _close_problems, _l("Luk høringen")),
        Action("start_replies", frozenset({S.CLOSED}), S.REPLYING, _no_problems,
               _l("Begynd at svare på høringssvarene")),
        Action("start_memo", frozenset({S.REPLYING}), S.MEMO, _no_problems, _l("Begynd på høringsnotatet")),
        Action("send_to_committee", frozenset({S.MEMO}), S.SENT, _send_problems, _l("Send til udvalget")),
        Action("record_decision", frozenset({S.SENT}), S.DECIDED, _decision_problems, _l("Registrér beslutningen")),
    )
}


def problems(hearing: Hearing, action_name: str, now: datetime) -> list[str]:
    """Why `action_name` may not happen to `hearing` now; empty when it may."""
    action = ACTIONS[action_name]
    if hearing.state not in action.sources:
        return [_l("Det kan ikke lade sig gøre, mens høringen har status %(state)s.", state=hearing.state.label)]
    return action.guard(hearing, now)


def available_actions(hearing: Hearing) -> list[Action]:
    return [a for a in ACTIONS.values() if hearing.state in a.sources]


def _has_sections(version_id: int) -> bool:
    return bool(db.session.scalar(select(func.count(Section.id)).where(Section.version_id == version_id)))


def _has_invitations(hearing: Hearing) -> bool:
    return bool(db.session.scalar(select(func.count(Invitation.id)).where(Invitation.hearing_id == hearing.id)))


FROZEN_MESSAGE = _l("Høringen er sendt ud, så udkastet kan kun rettes som en ny version.")
DEADLINE_IN_PAST_MESSAGE = _l("Den nye høringsfrist skal ligge i fremtiden.")
TOO_LATE_TO_EXTEND_MESSAGE = _l("Fristen kan ikke ændres, når forvaltningen er begyndt at svare.")
