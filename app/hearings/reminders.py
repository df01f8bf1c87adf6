"""Reminders to the parties that have not answered (issue #18, item 3): by staff, to one, several or all
of them, and once by the clock when the deadline is near (`flask hearings tick`).

A reminder names the deadline and carries a personal link. Only the hash of a link is stored
(app/hearings/tokens.py), so the link sent earlier cannot be written into a new mail: like every
mail with a link (invitations.send_invitation), the reminder brings a new link for each contact, and
every earlier link keeps working. All of them lead to the same party's response. Storing the links
themselves, so as to send the same one again, would let anyone who reads the database answer on a
party's behalf; a new link beside the old one costs nothing of that.
"""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from app.db_types import utcnow
from app.extensions import db
from app.hearings.invitations import send_invitation
from app.hearings.models import Hearing, HearingState, Invitation
from app.responses.models import Response, ResponseState
from app.responses.preferences import cosigned_ids
from app.timezone import to_local

# A party with a response in one of these states has had its say: it is not reminded.
ANSWERED = (ResponseState.SUBMITTED, ResponseState.WITHDRAWN)


def remindable(hearing: Hearing) -> list[Invitation]:
    """The invited parties still to answer: not those who sent a response (or staff registered their
    letter), withdrew it, declined, or were taken out of the register."""
    done = set(db.session.scalars(select(Response.organisation_id).where(
        Response.hearing_id == hearing.id, Response.state.in_(ANSWERED), Response.organisation_id.is_not(None))))
    done |= set(cosigned_ids(hearing.id))  # a co-signer of a joint response has answered too
    return [
        invitation for invitation in hearing.invitations
        if invitation.invited_at is not None and invitation.declined_at is None
        and invitation.organisation.active and invitation.organisation_id not in done
    ]


def reminded_today(invitations: list[Invitation], now: datetime) -> list[Invitation]:
    """Those among `invitations` that were reminded earlier on the same Danish calendar day."""
    today = to_local(now).date()
    return [i for i in invitations if i.last_reminder_at is not None and to_local(i.last_reminder_at).date() == today]


def remind(invitations: list[Invitation], now: datetime) -> tuple[list[Invitation], list[Invitation]]:
    """Mail a reminder to every active contact of each party, and note when. Returns (reminded, those
    with no active contact, who got nothing)."""
    reminded, unreachable = [], []
    for invitation in invitations:
        if send_invitation(invitation, now, template="reminder"):
            invitation.reminder_count += 1
            invitation.last_reminder_at = now
            reminded.append(invitation)
        else:
            unreachable.append(invitation)
    return reminded, unreachable


def send_due_reminders(now: datetime | None = None) -> int:
    """Remind, once, the parties that have not answered when the deadline is near."""
    now = now or utcnow()
    horizon = now + timedelta(days=current_app.config["REMINDER_DAYS_BEFORE"])
    hearings = db.session.scalars(
        select(Hearing).where(
            Hearing.state == HearingState.OPEN, Hearing.deadline_at > now, Hearing.deadline_at <= horizon
        )
    ).all()
    due = [i for hearing in hearings for i in remindable(hearing) if i.reminder_count == 0]
    return len(remind(due, now)[0])
