"""Writing the audit trail. Called by operations, inside their transaction."""

from typing import Any

from flask_login import current_user

from app.audit.models import AuditEvent
from app.extensions import db


def record(
    action: str,
    obj: Any,
    *,
    hearing_id: int | None = None,
    actor_label: str | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit event for `obj` to the session (the caller commits).

    The actor is the logged-in user when there is one; otherwise `actor_label`
    names who acted (a party through its link, a citizen, the system).
    """
    user = _current_user_or_none()
    event = AuditEvent(
        actor_id=user.id if user else None,
        actor_label=actor_label or (user.name if user else "system"),
        action=action,
        object_type=type(obj).__name__,
        object_id=getattr(obj, "id", None),
        hearing_id=hearing_id,
        details=details,
    )
    db.session.add(event)
    return event


def _current_user_or_none():
    try:
        user = current_user._get_current_object()
    except (AttributeError, RuntimeError):  # outside a request (CLI, tests)
        return None
    return user if getattr(user, "is_authenticated", False) else None
