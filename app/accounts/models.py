"""People who log in: staff, approvers, committee members and administrators."""

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db_types import UTCDateTime, enum_column_type, utcnow
from app.extensions import db


class Role(enum.Enum):
    ADMIN = "admin"  # users, roles, the party register, retention
    STAFF = "staff"  # case officers: run hearings, write replies
    APPROVER = "approver"  # team leads: everything staff do, and approve replies
    COMMITTEE = "committee"  # politicians: read memos and responses, read-only


STAFF_ROLES = frozenset({Role.STAFF, Role.APPROVER, Role.ADMIN})


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("active OR deactivated_at IS NOT NULL", name="inactive_has_date"),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column_type(Role, "user_role"))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(String(5), default="da")
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users on every request
        return self.active

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def can_approve(self) -> bool:
        return self.role is Role.APPROVER

    @property
    def can_administer(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def can_manage_parties(self) -> bool:
        """The register of parties is kept by the staff who run hearings."""
        return self.active and self.is_staff

    @property
    def can_create_hearings(self) -> bool:
        return self.active and self.is_staff

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"
