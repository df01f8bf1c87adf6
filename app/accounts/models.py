"""People who log in: staff, approvers, committee members and administrators,
and what keeps their accounts safe: log-in sessions, recovery codes for
two-step verification, and links to choose a password."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, enum_column_type, utcnow
from app.extensions import db
from app.labels import LabelledEnum


class Role(LabelledEnum):
    ADMIN = "admin", _l("Administrator")  # users, roles, the party register, retention
    STAFF = "staff", _l("Sagsbehandler")  # case officers: run hearings, write replies
    APPROVER = "approver", _l("Godkender (teamleder)")  # team leads: everything staff do, and approve replies
    COMMITTEE = "committee", _l("Udvalgsmedlem")  # politicians: read memos and responses, read-only


STAFF_ROLES = frozenset({Role.STAFF, Role.APPROVER, Role.ADMIN})
# Those who can change what others see and sign for it log in with a second step.
TWO_FACTOR_ROLES = frozenset({Role.ADMIN, Role.APPROVER})


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("active OR deactivated_at IS NOT NULL", name="inactive_has_date"),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint("totp_enabled_at IS NULL OR totp_secret IS NOT NULL", name="two_factor_has_secret"),
        CheckConstraint("(oidc_issuer IS NULL) = (oidc_subject IS NULL)", name="oidc_issuer_with_subject"),
        UniqueConstraint("oidc_issuer", "oidc_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # A committee member's party letter as the minutes write it ("V", "SF"): "Gitte Westermann (V)".
    party: Mapped[str | None] = mapped_column(String(10))
    role: Mapped[Role] = mapped_column(enum_column_type(Role, "user_role"))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(String(5), default="da")
    # Set while enrolling; two-step verification is on once totp_enabled_at is set.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last time step whose code was accepted: a code works once.
    totp_last_step: Mapped[int | None]
    # Codes tried since the password was last given: counted here, not in the cookie, which can be replayed.
    second_step_tries: Mapped[int] = mapped_column(default=0)
    # Wrong passwords since failed_logins_since (a day at most): the owner is told once, never locked out.
    failed_logins: Mapped[int] = mapped_column(default=0)
    failed_logins_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The daily mail of what waits for a staff user (app.worklists.digest): on unless they turn it off,
    # and the local day it was last sent, so a second run that day sends nothing.
    # Who the municipality's login says this is (app/signin): the provider and its `sub`, which never changes,
    # where the e-mail address may.
    oidc_issuer: Mapped[str | None] = mapped_column(String(255))
    oidc_subject: Mapped[str | None] = mapped_column(String(255))
    wants_digest: Mapped[bool] = mapped_column(default=True, server_default=true())
    digest_sent_on: Mapped[date | None]

    login_sessions: Mapped[list["LoginSession"]] = relationship(back_populates="user")
    recovery_codes: Mapped[list["RecoveryCode"]] = relationship(back_populates="user")
    password_tokens: Mapped[list["PasswordToken"]] = relationship(back_populates="user")

    @property
    def is_active(self) -> bool:  # login_user refuses inactive users; load_user refuses them on every request
        return self.active

    @property
    def name_with_party(self) -> str:
        """As the minutes name a member: "Gitte Westermann (V)"."""
        return f"{self.name} ({self.party})" if self.party else self.name

    @property
    def is_committee_member(self) -> bool:
        return self.role is Role.COMMITTEE

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

    def can_manage_user(self, other: "User") -> bool:
        """Administrators manage users, but not themselves: nobody locks themselves out."""
        return self.active and self.can_administer and other.id != self.id

    # ---------------------------------------------------------------- two-step verification

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def two_factor_required(self) -> bool:
        return self.role in TWO_FACTOR_ROLES

    @property
    def must_enrol_two_factor(self) -> bool:
        """Logged in with the password, but may go nowhere before two-step verification is set up."""
        return self.two_factor_required and not self.two_factor_enabled

    @property
    def can_turn_off_two_factor(self) -> bool:
        return self.two_factor_enabled and not self.two_factor_required

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"


class LoginSession(db.Model):
    """One log-in, from the password (and code) to log-out, inactivity or deactivation.

    The browser's session cookie holds a random token; only its hash is kept
    here. A session the server has ended stays ended, even if someone kept a
    copy of the cookie.
    """

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Signed in with the municipality's login: its ID token, the hint for single log-out. Kept here, not in
    # the cookie (a token with many group claims passes a cookie's 4 KB); forgotten when the session ends.
    provider_id_token: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship(back_populates="login_sessions")


class RecoveryCode(db.Model):
    """A single-use code for when the phone is not at hand. Only its hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="recovery_codes")


class PasswordPurpose(enum.Enum):
    RESET = "reset"  # "Glemt adgangskode?"
    WELCOME = "welcome"  # a new user chooses a first password


class PasswordToken(db.Model):
    """A link to choose a password: sent by e-mail, stored as a hash, used once, expires."""

    __tablename__ = "password_tokens"
    __table_args__ = (CheckConstraint("expires_at > created_at", name="expires_after_creation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[PasswordPurpose] = mapped_column(enum_column_type(PasswordPurpose, "password_purpose"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="password_tokens")
