"""Password hashing with Argon2id (argon2-cffi), at the cost the settings give (ARGON2_TIME_COST,
ARGON2_MEMORY_KIB, ARGON2_PARALLELISM: argon2-cffi's defaults, RFC 9106's second choice, unless set).
A hash made at another cost still verifies, and is made again at the set one on the next log-in
(`needs_rehash`)."""

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app


@lru_cache(maxsize=4)
def _hasher_at(time_cost: int, memory_kib: int, parallelism: int) -> tuple[PasswordHasher, str]:
    """The hasher at a cost, and a hash of its own that is verified against when the e-mail is unknown,
    so a wrong e-mail takes as long as a wrong password and log-in does not tell which accounts exist."""
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)
    return hasher, hasher.hash("not-a-real-password")


def _hasher() -> tuple[PasswordHasher, str]:
    config = current_app.config
    return _hasher_at(config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_KIB"], config["ARGON2_PARALLELISM"])


def hash_password(password: str) -> str:
    return _hasher()[0].hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    hasher, dummy = _hasher()
    try:
        return hasher.verify(password_hash or dummy, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher()[0].check_needs_rehash(password_hash)
