"""The warning before a log-in times out (WCAG 2.2.1): how long is left, and "Forbliv logget ind".

Every page of a logged-in user carries the time-out (templates/_session_timeout.html);
static/js/session_timeout.js asks `session_status` shortly before it (other tabs may have
kept the log-in alive meanwhile: asking is not activity), warns two minutes before, and
posts to `session_extend` when the user chooses to stay logged in. Both answer JSON; a
request that is not logged in (any more) gets 401 when it asks for JSON, else the log-in page.
"""

from datetime import datetime

from flask import abort, jsonify, request
from flask_babel import format_datetime, get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from app.accounts import sessions
from app.db_types import utcnow
from app.extensions import db, login_manager
from app.forms import EmptyForm

NOT_ACTIVITY = frozenset({"accounts.session_status"})


def clock_time(moment: datetime) -> str:
    """"14.32" in Danish, "14:32" in English, in the municipality's time zone."""
    return format_datetime(moment, "HH:mm" if str(get_locale() or "da") == "en" else "HH.mm")


def timeout_state() -> dict | None:
    """What the page needs to warn before the log-in times out; None when nobody is logged in."""
    expiry = sessions.current_expiry()
    if expiry is None:
        return None
    left = max(int((expiry - utcnow()).total_seconds()), 0)
    return {"seconds_left": left, "warn_seconds": sessions.warn_seconds(), "time": clock_time(expiry),
            "expires_at": expiry.isoformat()}


def session_timeout_globals() -> dict:
    return {"session_timeout": timeout_state}


def _answer(state: dict | None):
    if state is None:
        if request.accept_mimetypes.best == "application/json":
            response = jsonify(logged_in=False)
            response.status_code = 401
        else:
            response = login_manager.unauthorized()
    else:
        response = jsonify(logged_in=True, csrf_token=generate_csrf(), **state)
    response.headers["Cache-Control"] = "no-store"
    return response


def session_status():
    """How long until the log-in times out (this request does not count as activity)."""
    return _answer(timeout_state())


def session_extend():
    """ "Forbliv logget ind": now counts as activity; the new time-out."""
    if not current_user.is_authenticated:
        return _answer(None)
    if not EmptyForm().validate_on_submit():
        abort(400)
    sessions.extend_current()
    db.session.commit()
    return _answer(timeout_state())
