"""Recording and correcting a meeting; a meeting that ends the case decides the hearing.

The hearing's own `decided_on` and `decision_text` stay the closing record that
the lifecycle, retention and the open data read; they are written here, and
only here, from the meeting that ended the case, so the two never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.audit.operations import record
from app.committee.meetings.models import CommitteeBody, Meeting, MeetingOutcome, MeetingVote, VoteSide
from app.committee.meetings.record import MeetingRecord
from app.db_types import utcnow
from app.extensions import db
from app.hearings import operations as hearing_operations
from app.hearings.models import Hearing, HearingState
from app.refusals import Refused


@dataclass
class MeetingInput:
    """What the minutes say about one meeting."""

    body: CommitteeBody
    held_on: date
    outcome: MeetingOutcome
    decision_text: str = ""
    votes: tuple[tuple[VoteSide, int, str, str], ...] = ()  # (side, count, parties, reason)
    absent: tuple[str, ...] = ()


def bodies() -> list[CommitteeBody]:
    return list(db.session.scalars(select(CommitteeBody).order_by(CommitteeBody.name)))


def body_named(name: str, user: User | None = None) -> CommitteeBody:
    """The body of that name (letter case aside), added to the list if it is new."""
    name = " ".join(name.split())
    # Compared here, not in SQL: SQLite's lower() leaves "Ø" as it is. The list is short.
    found = next((body for body in bodies() if body.name.casefold() == name.casefold()), None)
    if found is not None:
        return found
    body = CommitteeBody(name=name, created_by_id=user.id if user else None)
    db.session.add(body)
    db.session.flush()
    record("committee_body_added", body, name=name)
    return body


def record_meeting(hearing: Hearing, data: MeetingInput, user: User | None = None,
                   now: datetime | None = None) -> Meeting:
    meeting = Meeting(hearing=hearing, created_by_id=user.id if user else None)
    _fill(meeting, data)
    db.session.add(meeting)
    db.session.flush()
    record("meeting_recorded", meeting, hearing_id=hearing.id, meeting=MeetingRecord.of(meeting).to_dict())
    _decide(hearing, now)
    return meeting


def correct_meeting(meeting: Meeting, data: MeetingInput, reason: str, user: User | None = None,
                    now: datetime | None = None) -> None:
    """Correct what was recorded; the earlier version and the reason go in the audit trail."""
    hearing = meeting.hearing
    if meeting.outcome.ends_the_case and hearing.state is HearingState.DECIDED and not data.outcome.ends_the_case \
            and _deciding_meeting(hearing) is meeting:
        raise Refused(_l("Mødet afsluttede sagen. Udfaldet kan kun rettes til et andet afsluttende udfald "
                         "(godkendt, taget til efterretning eller forkastet)."))
    before = MeetingRecord.of(meeting).to_dict()
    meeting.votes.clear()
    db.session.flush()
    _fill(meeting, data)
    meeting.corrected_at = now or utcnow()
    db.session.flush()
    record("meeting_corrected", meeting, hearing_id=hearing.id, reason=reason.strip(), before=before,
           after=MeetingRecord.of(meeting).to_dict())
    _decide(hearing, now)


def earlier_versions(meeting: Meeting) -> list[dict]:
    """Each correction of the meeting, newest first: when, by whom, why, and the record before it."""
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.object_type == "Meeting", AuditEvent.object_id == meeting.id,
                                 AuditEvent.action == "meeting_corrected")
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    return [{"at": event.at, "by": event.actor_label, "reason": event.details.get("reason", ""),
             "record": MeetingRecord.from_dict(event.details["before"])} for event in events]


def _fill(meeting: Meeting, data: MeetingInput) -> None:
    meeting.body = data.body
    meeting.held_on = data.held_on
    meeting.outcome = data.outcome
    meeting.decision_text = data.decision_text.strip()
    meeting.absent = "\n".join(name.strip() for name in data.absent if name.strip())
    for position, (side, count, parties, reason) in enumerate(data.votes):
        if count < 0:
            raise ValueError("a vote count is never negative")
        meeting.votes.append(MeetingVote(side=side, position=position, count=count, parties=parties.strip(),
                                         reason=reason.strip()))


def _deciding_meeting(hearing: Hearing) -> Meeting | None:
    """The latest meeting that ended the case."""
    ending = [m for m in hearing.meetings if m.outcome.ends_the_case]
    return max(ending, key=lambda m: (m.held_on, m.id)) if ending else None


def _decide(hearing: Hearing, now: datetime | None) -> None:
    """A meeting that ends the case decides a hearing sent to the committee, and stays its closing record."""
    deciding = _deciding_meeting(hearing)
    if deciding is None or hearing.state not in (HearingState.SENT, HearingState.DECIDED):
        return
    hearing.decided_on = deciding.held_on
    with force_locale("da"):  # the closing record is the Danish minutes' words
        hearing.decision_text = deciding.decision_text or str(deciding.outcome.label)
    if hearing.state is HearingState.SENT:
        hearing_operations.perform(hearing, "record_decision", now)


def meeting_history(hearing: Hearing) -> list[dict]:
    """For staff: each meeting in order, its record, and its earlier versions if it was corrected."""
    ordered = sorted(hearing.meetings, key=lambda m: (m.held_on, m.id))
    return [{"meeting": meeting, "record": MeetingRecord.of(meeting), "earlier": earlier_versions(meeting)}
            for meeting in ordered]
