"""The daily mail to each staff user of what waits for them (only when something does).

`flask staff digest` sends it; `flask hearings tick` runs the same from DIGEST_FROM_HOUR local
time. Each user is claimed for the day with one conditional UPDATE before their mail is queued,
in the same transaction, so a second run that day (or two at once) sends nothing more.
"""

from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select, update

from app.accounts.models import STAFF_ROLES, User
from app.extensions import db
from app.links import external_url
from app.notifications.operations import queue_mail
from app.timezone import to_local
from app.worklists.lists import work_for

DIGEST_FROM_HOUR = 7  # local time: the mail is there when the working day starts


def _not_yet_today(today: date):
    return or_(User.digest_sent_on.is_(None), User.digest_sent_on < today)


def send_digests(now: datetime) -> int:
    """Queue today's digest for every staff user who wants it and has not had today's. Returns how
    many mails were queued; commits user by user."""
    today = to_local(now).date()
    user_ids = db.session.scalars(
        select(User.id).where(User.active, User.role.in_(STAFF_ROLES), User.wants_digest, _not_yet_today(today))
        .order_by(User.id)
    ).all()
    sent = 0
    for user_id in user_ids:
        claimed = db.session.execute(
            update(User).where(User.id == user_id, _not_yet_today(today)).values(digest_sent_on=today)
        ).rowcount
        if claimed == 1:
            sent += _queue_digest(db.session.get(User, user_id), now)
        db.session.commit()
    return sent


def _queue_digest(user: User, now: datetime) -> bool:
    with force_locale(user.locale):
        lines = work_for(user, now).summary()
        if not lines:
            return False
        subject = _("Det venter på dig i Høringsrunde")
    queue_mail(user.email, "digest", subject=subject, locale=user.locale, name=user.name, lines=lines,
               link=external_url("worklists.index"), account=external_url("accounts.account"))
    return True


def due(now: datetime) -> bool:
    """Whether the tick should send today's digests now."""
    return to_local(now).hour >= DIGEST_FROM_HOUR
