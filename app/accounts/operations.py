"""Log-in, passwords and users: every change to an account goes through here (the caller commits)."""

from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update

from app.accounts import sessions, totp
from app.accounts.models import PasswordPurpose, PasswordToken, Role, User
from app.accounts.passwords import hash_password, needs_rehash, verify_password
from app.audit.operations import record
from app.db_types import utcnow
from app.extensions import db
from app.hearings.tokens import new_token, token_hash
from app.links import external_url
from app.notifications.operations import queue_mail
from app.signin import providers

# Someone who asks for many reset links in an hour gets no more mail (nor a sign of it).
MAX_RESET_MAILS_PER_HOUR = 3
# This many wrong passwords for one account within the window, from anywhere, and its owner gets one mail.
WARN_AFTER_FAILED_LOGINS = 10
FAILED_LOGIN_WINDOW = timedelta(hours=24)


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def signs_in_with_provider(user: User) -> bool:
    """A user of the municipality's login, while it is on: their groups there decide, never a password here."""
    return user.oidc_subject is not None and providers.is_configured(providers.STAFF)


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (also for a user of the municipality's login)."""
    user = find_user(email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok and user is not None and user.active:
        _count_failed_login(user)
    if not ok or user is None or not user.active or signs_in_with_provider(user):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def _count_failed_login(user: User) -> None:
    """Count a wrong password on the account (the caller commits). The owner is not locked out, which would
    hand the lock to anyone who knows the address; the limits per network address slow the guessing, and
    the owner is told once, in the mail, when the count reaches WARN_AFTER_FAILED_LOGINS within the window."""
    now = utcnow()
    db.session.execute(update(User).where(User.id == user.id, or_(
        User.failed_logins_since.is_(None), User.failed_logins_since < now - FAILED_LOGIN_WINDOW,
    )).values(failed_logins=0, failed_logins_since=now))
    # One UPDATE adds the try: of two at the same moment, the row lock lets only one see the threshold.
    db.session.execute(update(User).where(User.id == user.id).values(failed_logins=User.failed_logins + 1))
    count, since = db.session.execute(
        select(User.failed_logins, User.failed_logins_since).where(User.id == user.id)).one()
    if count != WARN_AFTER_FAILED_LOGINS:
        return
    with force_locale(user.locale):
        subject = _("Forsøg på at logge ind på din bruger i Høringsrunde")
    queue_mail(user.email, "failed_logins", subject=subject, locale=user.locale, name=user.name, count=count,
               since=since)
    record("failed_logins_reported", user, actor_label=_("Log ind"), count=count)


def log_in(user: User) -> None:
    sessions.start(user)


def create_user(email: str, name: str, role: Role, password: str | None = None, party: str | None = None) -> User:
    user = User(email=email.strip().lower(), name=name.strip(), role=role, party=(party or "").strip() or None)
    if password:
        user.password_hash = hash_password(password)
    db.session.add(user)
    db.session.flush()
    record("user_created", user, role=role.value)
    return user


def invite_user(email: str, name: str, role: Role, party: str | None = None) -> User:
    """A new user, who gets a mail with a link to choose a password, or, where staff sign in only with the
    municipality's login (LOCAL_LOGIN=false), a mail that says to use it; `party`: a committee member's letter."""
    user = create_user(email, name, role, party=party)
    if current_app.config["LOCAL_LOGIN"]:
        send_password_link(user, PasswordPurpose.WELCOME)
    else:
        _send_sso_welcome(user)
    return user


def _send_sso_welcome(user: User) -> None:
    """No password here: the first log-in with the municipality's login links the account by its address."""
    with force_locale(user.locale):
        subject = _("Du er oprettet som bruger af Høringsrunde")
    queue_mail(user.email, "account_created_sso", subject=subject, locale=user.locale, name=user.name,
               link=external_url("accounts.login"), role=user.role.label)


def count_users() -> int:
    return db.session.scalar(select(func.count(User.id))) or 0


# ---------------------------------------------------------------- password links


def _lifetime(purpose: PasswordPurpose) -> timedelta:
    config = current_app.config
    if purpose is PasswordPurpose.WELCOME:
        return timedelta(hours=config["ACCOUNT_LINK_HOURS"])
    return timedelta(minutes=config["PASSWORD_RESET_MINUTES"])


def send_password_link(user: User, purpose: PasswordPurpose) -> None:
    """Queue a mail with a single-use link to choose a password; only the token's hash is kept."""
    token = new_token()
    now = utcnow()
    lifetime = _lifetime(purpose)
    db.session.add(PasswordToken(
        user_id=user.id, purpose=purpose, token_hash=token_hash(token), created_at=now, expires_at=now + lifetime,
    ))
    link = external_url("accounts.reset_password", token=token)
    with force_locale(user.locale):
        if purpose is PasswordPurpose.WELCOME:
            subject = _("Du er oprettet som bruger af Høringsrunde")
        else:
            subject = _("Vælg en ny adgangskode til Høringsrunde")
    queue_mail(
        user.email, "account_created" if purpose is PasswordPurpose.WELCOME else "password_reset",
        subject=subject, locale=user.locale, name=user.name, link=link, role=user.role.label,
        hours=int(lifetime.total_seconds() // 3600), minutes=int(lifetime.total_seconds() // 60),
        two_factor=user.two_factor_required,
    )


def resend_password_link(user: User) -> None:
    """An administrator sends a user a new link: to a first password, or a new one."""
    purpose = PasswordPurpose.RESET if user.password_hash else PasswordPurpose.WELCOME
    send_password_link(user, purpose)
    record("password_link_sent", user, purpose=purpose.value)


def request_password_reset(email: str) -> None:
    """Mail a reset link if the address belongs to an active user who logs in with a password here. Says
    nothing either way."""
    user = find_user(email)
    if user is None or not user.active or signs_in_with_provider(user):
        return
    recent = db.session.scalar(
        select(func.count(PasswordToken.id)).where(
            PasswordToken.user_id == user.id, PasswordToken.purpose == PasswordPurpose.RESET,
            PasswordToken.created_at > utcnow() - timedelta(hours=1),
        )
    )
    if recent >= MAX_RESET_MAILS_PER_HOUR:
        return
    send_password_link(user, PasswordPurpose.RESET)
    record("password_reset_requested", user, actor_label=_("Glemt adgangskode"))


def valid_password_token(token: str) -> PasswordToken | None:
    """The link's token if it is unused, unexpired and its user active; else None."""
    if not token or len(token) > 100:
        return None
    found = db.session.scalar(select(PasswordToken).where(PasswordToken.token_hash == token_hash(token)))
    if found is None or found.used_at is not None or found.expires_at <= utcnow() or not found.user.active:
        return None
    return found


def _revoke_password_links(user: User) -> None:
    db.session.execute(
        update(PasswordToken)
        .where(PasswordToken.user_id == user.id, PasswordToken.used_at.is_(None))
        .values(used_at=utcnow())
    )


def set_password_from_link(link: PasswordToken, password: str) -> User:
    """Choose a password with a link: the link and every other one is used up, and every session ends."""
    user = link.user
    user.password_hash = hash_password(password)
    _revoke_password_links(user)
    sessions.end_all(user)
    record("password_set", user, actor_label=user.name, purpose=link.purpose.value)
    return user


def change_password(user: User, password: str) -> None:
    """From "Min konto": sessions on other devices end, this one goes on."""
    user.password_hash = hash_password(password)
    _revoke_password_links(user)
    sessions.end_all(user, except_current=True)
    record("password_changed", user)


# ---------------------------------------------------------------- administrators manage users


def change_role(user: User, role: Role) -> bool:
    if user.role is role:
        return False
    before = user.role
    user.role = role
    record("user_role_changed", user, before=before.value, after=role.value)
    return True


def set_active(user: User, active: bool) -> bool:
    """Deactivate (every open session ends at once, unused links stop working) or reactivate."""
    if user.active is active:
        return False
    user.active = active
    if active:
        user.deactivated_at = None
        record("user_reactivated", user)
    else:
        user.deactivated_at = utcnow()
        sessions.end_all(user)
        _revoke_password_links(user)
        record("user_deactivated", user)
    return True


def reset_two_factor(user: User) -> bool:
    """For a user who lost both phone and recovery codes: they set it up again at the next log-in."""
    if user.totp_secret is None:
        return False
    totp.disable(user, reason="two_factor_reset")
    sessions.end_all(user)
    return True


def set_wants_digest(user: User, wants: bool) -> bool:
    """Turn the daily mail of what waits on or off. Returns whether it changed."""
    if user.wants_digest == wants:
        return False
    user.wants_digest = wants
    record("digest_setting_changed", user, wants_digest=wants)
    return True
