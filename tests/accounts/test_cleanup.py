"""`flask accounts cleanup` removes log-in records older than 90 days and never a live session."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.accounts.models import LoginSession, PasswordPurpose, PasswordToken, RecoveryCode
from tests.factories import make_user


def test_old_records_go_and_live_ones_stay(app, db):
    user = make_user()
    now = datetime.now(UTC)
    old, recent = now - timedelta(days=120), now - timedelta(days=10)
    db.session.add_all([
        LoginSession(user=user, token_hash="a" * 64, created_at=old, last_seen_at=old, ended_at=old),
        LoginSession(user=user, token_hash="b" * 64, created_at=old, last_seen_at=old),  # never logged out
        LoginSession(user=user, token_hash="c" * 64, created_at=recent, last_seen_at=now),  # live
        PasswordToken(user=user, purpose=PasswordPurpose.RESET, token_hash="d" * 64, created_at=old,
                      expires_at=old + timedelta(hours=1)),
        PasswordToken(user=user, purpose=PasswordPurpose.RESET, token_hash="e" * 64, created_at=now,
                      expires_at=now + timedelta(hours=1)),
        RecoveryCode(user=user, code_hash="f" * 64, used_at=old),
        RecoveryCode(user=user, code_hash="g" * 64),  # unused: still the person's way in
    ])
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["accounts", "cleanup"])
    assert result.exit_code == 0, result.output
    assert "Fjernet: 2 log-ind-sessioner, 1 adgangskodelinks, 1 brugte gendannelseskoder." in result.output
    assert [s.token_hash[0] for s in db.session.scalars(select(LoginSession))] == ["c"]
    assert [t.token_hash[0] for t in db.session.scalars(select(PasswordToken))] == ["e"]
    assert [c.code_hash[0] for c in db.session.scalars(select(RecoveryCode))] == ["g"]
    again = app.test_cli_runner().invoke(args=["accounts", "cleanup"])
    assert "Fjernet: 0 log-ind-sessioner, 0 adgangskodelinks, 0 brugte gendannelseskoder." in again.output
