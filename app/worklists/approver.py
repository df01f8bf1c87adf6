"""What waits for a team lead: replies sent for approval, across hearings, oldest first."""

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased, joinedload

from app.accounts.models import User
from app.extensions import db
from app.hearings.models import REPLYING_STATES, Hearing
from app.replies.models import Reply, ReplyStatus
from app.worklists.sections import NamedReply, named

SHOWN = 50  # the oldest; the heading gives the whole count


def _waiting_for(user: User):
    """Replies `user` may approve: ready, in a hearing still answered, that names them or no active
    approver, and not sent by themselves (four eyes; `approval_refused` says the rest on the reply)."""
    named = aliased(User)
    return (
        select(Reply).join(Hearing, Reply.hearing_id == Hearing.id)
        .outerjoin(named, Hearing.approver_id == named.id)
        .where(Reply.status == ReplyStatus.READY, Hearing.state.in_(REPLYING_STATES),
               or_(Hearing.approver_id.is_(None), Hearing.approver_id == user.id, named.active.is_(False)),
               func.coalesce(Reply.ready_by_id, Reply.created_by_id, 0) != user.id)
    )


def waiting_count(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(_waiting_for(user).subquery())) or 0


def waiting_replies(user: User, limit: int = SHOWN) -> list[NamedReply]:
    replies = db.session.scalars(
        _waiting_for(user)
        .options(joinedload(Reply.hearing), joinedload(Reply.ready_by), joinedload(Reply.created_by))
        .order_by(func.coalesce(Reply.ready_at, Reply.updated_at), Reply.id)
        .limit(limit)
    ).all()
    return named(replies)
