"""Two-step verification: a code from an authenticator app (TOTP, RFC 6238) or a recovery code.

Every code works once: a TOTP code's time step is remembered (user.totp_last_step),
a recovery code is marked used. Recovery codes are kept only as hashes.
"""

import hashlib
import re
import secrets
import time

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, func, select

from app.accounts.models import RecoveryCode, User
from app.audit.operations import record
from app.db_types import utcnow
from app.extensions import db

RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: the codes are read from paper and typed by hand.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_SIX_DIGITS = re.compile(r"^\d{6}$")
STEP_SECONDS = 30


def new_secret() -> str:
    return pyotp.random_base32()


def grouped(secret: str) -> str:
    """The secret in groups of four, as people type it into an app: "ABCD EFGH …"."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(user: User) -> str:
    issuer = f"Høringsrunde {current_app.config['MUNICIPALITY_NAME']}"
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_code_data_uri(user: User) -> str:
    """The QR code as an SVG data URI: an <img>, so the Content-Security-Policy needs nothing new."""
    return segno.make(provisioning_uri(user), error="m").svg_data_uri(scale=5, border=4, dark="#000", light="#fff")


def current_step(now: float | None = None) -> int:
    return int(now if now is not None else time.time()) // STEP_SECONDS


def verify_app_code(user: User, code: str) -> bool:
    """A code from the app, for this time step or one either side (clocks drift); each step only once."""
    if not user.totp_secret or not _SIX_DIGITS.match(code):
        return False
    totp = pyotp.TOTP(user.totp_secret)
    now = current_step()
    for step in (now - 1, now, now + 1):
        if user.totp_last_step is not None and step <= user.totp_last_step:
            continue
        if secrets.compare_digest(totp.generate_otp(step), code):
            user.totp_last_step = step
            return True
    return False


def normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def _hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode("ascii", "ignore")).hexdigest()


def use_recovery_code(user: User, code: str) -> bool:
    wanted = _hash(code)
    found = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.code_hash == wanted, RecoveryCode.used_at.is_(None)
        )
    )
    if found is None:
        return False
    found.used_at = utcnow()
    record("recovery_code_used", user, actor_label=user.name)
    return True


def verify_second_step(user: User, code: str) -> str | None:
    """"app" or "recovery" for a code that is right (and now used), else None."""
    code = normalise(code)
    if _SIX_DIGITS.match(code):
        return "app" if verify_app_code(user, code) else None
    return "recovery" if code and use_recovery_code(user, code) else None


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(
        select(func.count(RecoveryCode.id)).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ) or 0


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes; returns the new ones, to show once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        code = f"{raw[:5]}-{raw[5:]}"
        codes.append(code)
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash(code)))
    return codes


def start_enrolment(user: User) -> None:
    """A secret to scan; two-step verification is not on until a code from the app confirms it."""
    if user.totp_secret is None:
        user.totp_secret = new_secret()
        user.totp_last_step = None


def enable(user: User) -> list[str]:
    """After a code from the app was verified: switch it on, and return the recovery codes."""
    user.totp_enabled_at = utcnow()
    record("two_factor_enabled", user)
    return new_recovery_codes(user)


def disable(user: User, *, reason: str = "two_factor_disabled") -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    record(reason, user)
