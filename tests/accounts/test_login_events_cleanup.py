"""`flask accounts cleanup` also removes the audit trail's old log-in events, and keeps account changes."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from tests.factories import make_user


def _event(user, action: str, at: datetime) -> AuditEvent:
    event = AuditEvent(actor_id=user.id, actor_label=user.name, action=action, object_type="User",
                       object_id=user.id, at=at, details={})
    db.session.add(event)
    return event


def test_log_in_events_older_than_90_days_go(app):
    user = make_user()
    now = datetime.now(UTC)
    old, recent = now - timedelta(days=120), now - timedelta(days=10)
    for action in ("logged_in", "recovery_code_used", "password_reset_requested"):
        _event(user, action, old)
    _event(user, "logged_in", recent)  # still useful when a log-in looks suspicious
    _event(user, "user_role_changed", old)  # who gave whom which rights: kept
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["accounts", "cleanup"])
    assert result.exit_code == 0, result.output
    assert "3 log-ind-hændelser i revisionssporet." in result.output
    left = db.session.execute(select(AuditEvent.action, AuditEvent.at).order_by(AuditEvent.id)).all()
    assert [action for action, _at in left] == ["logged_in", "user_role_changed"]
    assert app.test_cli_runner().invoke(args=["accounts", "cleanup"]).output.count(" 0 log-ind-hændelser") == 1
