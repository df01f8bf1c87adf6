"""The one way a view checks a permission.

Who may do what lives on the models (`user.can_manage_parties`,
`hearing.can_edit(user)`); a view asks with `ensure(...)`, which turns a
no into 403. Authentication comes first, with Flask-Login's
`@login_required` (an anonymous visitor is sent to the log-in page).
"""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def ensure(allowed: bool) -> None:
    if not allowed:
        abort(403)


def staff_required(view):
    """Logged in, with a staff role (case officer, approver, administrator)."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        ensure(current_user.is_staff)
        return view(*args, **kwargs)

    return wrapped
