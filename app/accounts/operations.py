"""Log-in and users."""

from flask_login import login_user
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.accounts.passwords import hash_password, needs_rehash, verify_password
from app.audit.operations import record
from app.db_types import utcnow
from app.extensions import db


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None."""
    user = find_user(email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def log_in(user: User) -> None:
    login_user(user)
    user.last_login_at = utcnow()
    record("logged_in", user)


def create_user(email: str, name: str, role: Role, password: str | None = None) -> User:
    user = User(email=email.strip().lower(), name=name.strip(), role=role)
    if password:
        user.password_hash = hash_password(password)
    db.session.add(user)
    db.session.flush()
    record("user_created", user, role=role.value)
    return user


def count_users() -> int:
    return db.session.scalar(select(func.count(User.id))) or 0
