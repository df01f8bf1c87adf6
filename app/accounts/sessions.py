"""Log-in sessions, kept on the server as well as in the cookie.

At log-in the cookie is emptied and gets a new random token (the session is
rotated); a LoginSession row keeps its hash. Every request checks that row:
a session ends at log-out, after inactivity (SESSION_IDLE_MINUTES), after
SESSION_MAX_HOURS in all, and when an administrator deactivates the user or
the password is changed. An ended session stays ended, even for someone who
kept a copy of the cookie.

Between the password and the code of two-step verification nobody is logged
in: the cookie only remembers who is half-way, for a few minutes.
"""

import time
from datetime import datetime, timedelta

from flask import current_app, g, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select, update

from app.accounts.models import LoginSession, User
from app.audit.operations import record
from app.db_types import utcnow
from app.extensions import db
from app.hearings.tokens import new_token, token_hash

SESSION_TOKEN = "login_session"  # noqa: S105 (the key in the cookie, not a secret)  # nosec B105
PENDING = "pending_login"
PENDING_SECONDS = 5 * 60
MAX_CODE_TRIES = 5
TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at is written at most this often
WARN_SECONDS = 120  # the page warns this long before the log-in times out (SESSION_WARNING_SECONDS overrides)


def fresh_cookie() -> None:
    """Empty the session cookie (the chosen language is a cookie of its own, and stays)."""
    session.clear()


def start(user: User, *, provider_id_token: str | None = None) -> None:
    """Log `user` in with a new session (the caller commits); `provider_id_token` when the municipality's
    login signed them in (its second step then stands for ours)."""
    fresh_cookie()
    token = new_token()
    now = utcnow()
    db.session.add(LoginSession(user_id=user.id, token_hash=token_hash(token), created_at=now, last_seen_at=now,
                                provider_id_token=provider_id_token or None))
    session[SESSION_TOKEN] = token
    login_user(user)
    user.last_login_at = now
    user.second_step_tries = 0
    record("logged_in", user, **({"method": "oidc"} if provider_id_token else {}))


def _current_row() -> LoginSession | None:
    token = session.get(SESSION_TOKEN)
    if not isinstance(token, str) or not token:
        return None
    row = db.session.scalar(select(LoginSession).where(LoginSession.token_hash == token_hash(token)))
    g.login_session = row  # the page's time-out warning reads it again without a query
    return row


def end_current() -> None:
    """Log out: the server forgets the session, the cookie is emptied (the caller commits)."""
    row = _current_row()
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
        row.provider_id_token = None
    logout_user()
    fresh_cookie()


def provider_id_token() -> str | None:
    """The ID token of the municipality's login when it signed this session in; else None."""
    row = g.login_session if "login_session" in g else _current_row()
    return row.provider_id_token if row is not None and row.ended_at is None else None


def end_all(user: User, *, except_current: bool = False) -> None:
    """End every open session of `user` (deactivated, password changed)."""
    statement = update(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
    if except_current and (token := session.get(SESSION_TOKEN)):
        statement = statement.where(LoginSession.token_hash != token_hash(token))
    db.session.execute(statement.values(ended_at=utcnow(), provider_id_token=None))


def check_current(*, touch: bool = True) -> str | None:
    """For a logged-in request: None if the session is still good, else why it ended ("idle", "ended").

    An ended session logs the user out for this request and the next. With touch=False (a page
    asking how long is left) the request does not count as activity.
    """
    row = _current_row()
    now = utcnow()
    config = current_app.config
    reason = None
    if row is None or row.user_id != current_user.id or row.ended_at is not None:
        reason = "ended"
    elif now - row.last_seen_at > timedelta(minutes=config["SESSION_IDLE_MINUTES"]):
        reason = "idle"
    elif now - row.created_at > timedelta(hours=config["SESSION_MAX_HOURS"]):
        reason = "ended"
    if reason is None:
        if touch and now - row.last_seen_at >= TOUCH_EVERY:
            row.last_seen_at = now
            db.session.commit()
        return None
    if row is not None and row.ended_at is None:
        row.ended_at = now
        row.provider_id_token = None
        db.session.commit()
    logout_user()
    fresh_cookie()
    return reason


def expires_at(row: LoginSession) -> datetime:
    """When `row` times out if nothing more happens: after inactivity, or at the latest after the maximum."""
    config = current_app.config
    return min(row.last_seen_at + timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
               row.created_at + timedelta(hours=config["SESSION_MAX_HOURS"]))


def current_expiry() -> datetime | None:
    """When the current log-in times out; None when nobody is logged in."""
    if not current_user.is_authenticated:
        return None
    row = g.login_session if "login_session" in g else _current_row()
    if row is None or row.ended_at is not None:
        return None
    return expires_at(row)


def extend_current() -> datetime | None:
    """Count now as activity ("Forbliv logget ind"); the new time-out, or None when not logged in (caller commits)."""
    expiry = current_expiry()
    if expiry is None:
        return None
    row = g.login_session
    row.last_seen_at = utcnow()
    return expires_at(row)


def warn_seconds() -> int:
    return int(current_app.config.get("SESSION_WARNING_SECONDS", WARN_SECONDS))


# ---------------------------------------------------------------- half-way: password right, code to come


def await_second_step(user: User, next_url: str | None) -> None:
    """The password was right: the code step starts, with MAX_CODE_TRIES tries (the caller commits)."""
    fresh_cookie()
    user.second_step_tries = 0
    session[PENDING] = {"user": user.id, "at": int(time.time()), "next": next_url or ""}


def pending_user() -> User | None:
    """Who gave the right password a moment ago and now owes the code; None when nobody (or too late)."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    if time.time() - pending.get("at", 0) > PENDING_SECONDS:
        session.pop(PENDING, None)
        return None
    user = db.session.get(User, pending.get("user") or 0)
    if user is None or not user.active or not user.two_factor_enabled or user.second_step_tries >= MAX_CODE_TRIES:
        session.pop(PENDING, None)
        return None
    return user


def pending_next() -> str:
    pending = session.get(PENDING) or {}
    return pending.get("next", "")


def take_code_try(user: User) -> bool:
    """Count a try at the code before it is checked, on the user's row and committed at once, so neither a
    replayed cookie nor requests sent side by side get more than MAX_CODE_TRIES. False when none is left."""
    db.session.execute(update(User).where(User.id == user.id)
                       .values(second_step_tries=User.second_step_tries + 1))
    db.session.commit()
    if db.session.scalar(select(User.second_step_tries).where(User.id == user.id)) > MAX_CODE_TRIES:
        session.pop(PENDING, None)
        return False
    return True


def wrong_code(user: User) -> bool:
    """After a wrong code: True when it was the last try and the log-in must start again with the password."""
    if user.second_step_tries >= MAX_CODE_TRIES:
        session.pop(PENDING, None)
        return True
    return False
