"""Settings for development, testing and production, read from the environment.

Pick one with the environment variable HORING_CONFIG (development, testing,
production); `create_app()` defaults to development.
"""

import math
import os
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
# The 2019 round lives beside the repository in shared/seeds (see README).
DEFAULT_DEMO_SEED = BASE_DIR.parent / "shared" / "seeds" / "001_1345e644b00922b9.txt"


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str, default: str = "") -> list[str]:
    return [item.strip().lower() for item in os.environ.get(name, default).split(",") if item.strip()]


def _mapping(name: str) -> dict[str, str]:
    """ "a=b, c=d" as {"a": "b", "c": "d"} (keys keep their case: group names and ids are the provider's)."""
    pairs = (item.split("=", 1) for item in os.environ.get(name, "").split(",") if "=" in item)
    return {key.strip(): value.strip().lower() for key, value in pairs if key.strip()}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SECRET_KEY_FALLBACKS: list[str] = []
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'horingsrunde.sqlite'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    MUNICIPALITY_NAME = os.environ.get("MUNICIPALITY_NAME", "Lyngby-Taarbæk Kommune")
    # Where links in e-mails point; a mail is read outside any request.
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    # Argon2id's cost for passwords (app/accounts/passwords.py): argon2-cffi's defaults, RFC 9106's second
    # choice (3 passes over 64 MiB, 4 lanes: about 0.14 s a hash on a 2-core server).
    ARGON2_TIME_COST = int(os.environ.get("ARGON2_TIME_COST", 3))
    ARGON2_MEMORY_KIB = int(os.environ.get("ARGON2_MEMORY_KIB", 65536))
    ARGON2_PARALLELISM = int(os.environ.get("ARGON2_PARALLELISM", 4))

    BABEL_DEFAULT_LOCALE = os.environ.get("DEFAULT_LANGUAGE", "da")
    BABEL_DEFAULT_TIMEZONE = os.environ.get("TIME_ZONE", "Europe/Copenhagen")
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "app" / "translations")
    LANGUAGES = ("da", "en")

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Høringsrunde <noreply@horingsrunde.example>"
    )
    MAIL_TIMEOUT = int(os.environ.get("MAIL_TIMEOUT", "10"))
    # Outbox: how often and how long to retry a message that SMTP refused.
    # The hearings' mailbox (`flask letters fetch`): one IMAP box, and each hearing has its own address on it by
    # plus-addressing: MAILBOX_ADDRESS "hoering@kommune.dk" gives "hoering+<slug>@kommune.dk". Empty: no mailbox.
    MAILBOX_ADDRESS = os.environ.get("MAILBOX_ADDRESS", "")
    MAILBOX_IMAP_HOST = os.environ.get("MAILBOX_IMAP_HOST", "")
    MAILBOX_IMAP_PORT = int(os.environ.get("MAILBOX_IMAP_PORT", "993"))
    MAILBOX_IMAP_USER = os.environ.get("MAILBOX_IMAP_USER", "")
    MAILBOX_IMAP_PASSWORD = os.environ.get("MAILBOX_IMAP_PASSWORD", "")
    MAILBOX_IMAP_FOLDER = os.environ.get("MAILBOX_IMAP_FOLDER", "INBOX")
    MAILBOX_IMAP_SSL = _bool("MAILBOX_IMAP_SSL", True)
    # Where a mail goes once its letter is saved (or it is set aside): moved, never deleted.
    MAILBOX_IMAP_DONE_FOLDER = os.environ.get("MAILBOX_IMAP_DONE_FOLDER", "Registreret")
    MAILBOX_IMAP_TIMEOUT = int(os.environ.get("MAILBOX_IMAP_TIMEOUT", "30"))
    MAILBOX_MAX_MESSAGE_BYTES = int(os.environ.get("MAILBOX_MAX_MESSAGE_BYTES", str(60 * 1024 * 1024)))

    OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
    OUTBOX_BACKOFF_SECONDS = int(os.environ.get("OUTBOX_BACKOFF_SECONDS", "60"))
    OUTBOX_LEASE_SECONDS = int(os.environ.get("OUTBOX_LEASE_SECONDS", "300"))

    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None  # a long answer must not die with its token
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Log-in sessions end after this much inactivity, and after this long in all.
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
    SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", "12"))
    # How long a link to choose a password works: "Glemt adgangskode?", and a new user's first.
    PASSWORD_RESET_MINUTES = int(os.environ.get("PASSWORD_RESET_MINUTES", "60"))
    ACCOUNT_LINK_HOURS = int(os.environ.get("ACCOUNT_LINK_HOURS", "72"))

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Redis away must not stop log-ins and submissions: limits then count in each server's memory, with a
    # warning in the log, until Redis answers again (Flask-Limiter asks it at growing intervals); /helse says
    # "degraded". Any other error of the storage is logged and the request let through.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    # A Redis that hangs (a cut network) must not hold up requests for long, and /helse, which asks it, must
    # answer well within a load balancer's health-check time-out (often 5 s, as long as redis-py's default).
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}
    # Off only for load tests (bench/), which would otherwise be throttled.
    RATELIMIT_ENABLED = os.environ.get("RATELIMIT_ENABLED", "true").lower() != "false"
    # How many proxies in front of the app set X-Forwarded-For/-Proto/-Host (0: none, trust no header).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    # Public pages seen by visitors who are not logged in are kept this many seconds in a shared cache, and
    # less when the hearing opens or closes sooner; any change to what they show starts afresh at once.
    # Production: CACHE_TYPE=RedisCache with CACHE_REDIS_URL, shared by every app server; with nothing set,
    # each process keeps its own (enough for `make run`).
    CACHE_TYPE = os.environ.get("CACHE_TYPE", "SimpleCache")
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL", "redis://127.0.0.1:6379/3")
    CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "horingsrunde:")
    PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "60"))
    # Files larger than this (a national hearing's memo as PDF) are not kept in the cache.
    PUBLIC_CACHE_MAX_BYTES = int(os.environ.get("PUBLIC_CACHE_MAX_BYTES", str(5 * 1024 * 1024)))
    # Parts of pages that are the same for every reader (a draft's 200 sections; app/fragments.py) are kept
    # this long after they were last made; 0 renders them for every request.
    FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", str(24 * 3600)))

    # Hearings: reminders go this many days before the deadline, once.
    REMINDER_DAYS_BEFORE = int(os.environ.get("REMINDER_DAYS_BEFORE", "3"))

    # Retention: a decided hearing's personal data is removed this many months after
    # the decision, unless the hearing has its own date (see app/retention).
    RETENTION_MONTHS_AFTER_DECISION = int(os.environ.get("RETENTION_MONTHS_AFTER_DECISION", "24"))
    # A hearing never decided (dropped, or forgotten) is cleared this many months after its deadline.
    RETENTION_MONTHS_WITHOUT_DECISION = int(os.environ.get("RETENTION_MONTHS_WITHOUT_DECISION", "36"))
    # Personal data: who a citizen writes to about their rights (the municipality's DPO), shown on /persondata.
    PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "databeskyttelse@horingsrunde.example")

    DEMO_SEED_FILE = os.environ.get("DEMO_SEED_FILE", str(DEFAULT_DEMO_SEED))

    # Staff sign in with the municipality's own login (OpenID Connect: Entra ID, AD FS, Keycloak, KOMBIT's
    # broker), see app/signin and the README. Off while OIDC_ISSUER is empty.
    OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "")
    OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
    OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
    OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
    # A new user is created at the first log-in only when the e-mail's domain is one of these (comma-separated).
    OIDC_ALLOWED_DOMAINS = _list("OIDC_ALLOWED_DOMAINS")
    # The claim that lists the user's groups, and which group gives which role ("group=role, …"; roles:
    # admin, approver, staff, committee). A user in several groups gets the one that allows the most.
    OIDC_ROLE_CLAIM = os.environ.get("OIDC_ROLE_CLAIM", "groups")
    OIDC_ROLE_MAP = _mapping("OIDC_ROLE_MAP")
    # Administrators and approvers sign in with two steps: the provider says so in `amr` (any of these values)
    # or `acr` (any of these); a log-in without it is refused.
    OIDC_MFA_AMR = _list("OIDC_MFA_AMR", "mfa,otp,hwk,swk,sms,fido,face,fpt")
    OIDC_MFA_ACR = _list("OIDC_MFA_ACR")
    # false: only the municipality's login; the password form and "Glemt adgangskode?" are gone.
    LOCAL_LOGIN = _bool("LOCAL_LOGIN", True)
    # Citizens and parties may sign in with MitID through an OpenID Connect broker. Off while MITID_ISSUER
    # is empty. The claims: a pseudonymous id and the name (the CPR number is never asked for nor kept), and
    # for MitID Erhverv the company's CVR number.
    MITID_ISSUER = os.environ.get("MITID_ISSUER", "")
    MITID_CLIENT_ID = os.environ.get("MITID_CLIENT_ID", "")
    MITID_CLIENT_SECRET = os.environ.get("MITID_CLIENT_SECRET", "")
    MITID_SCOPES = os.environ.get("MITID_SCOPES", "openid profile")
    MITID_ID_CLAIM = os.environ.get("MITID_ID_CLAIM", "sub")
    MITID_NAME_CLAIM = os.environ.get("MITID_NAME_CLAIM", "name")
    MITID_CVR_CLAIM = os.environ.get("MITID_CVR_CLAIM", "https://data.gov.dk/model/core/eid/professional/cvr")
    # A link made at a MitID Erhverv sign-in is a session, not a mailed link: it stops working this many hours
    # after it was last opened (the person signs in again), so links made at every sign-in do not pile up live.
    MITID_LINK_HOURS = int(os.environ.get("MITID_LINK_HOURS", "12"))

    # Background jobs (app/jobs): Celery. The job table is the source of truth, the broker only carries
    # "run job 17": a lost message is sent again by `flask hearings tick` (on the timer). Production uses
    # Redis (CELERY_BROKER_URL=redis://127.0.0.1:6379/0) or RabbitMQ (amqp://guest:guest@127.0.0.1:5672//);
    # with nothing set, a folder under instance/ is the broker, so `make run` needs nothing installed.
    CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
    CELERY_QUEUE = os.environ.get("CELERY_QUEUE", "horingsrunde")
    # A running job holds a lease that its worker renews; a worker that dies lets it lapse, and the job
    # is taken up again (by the message sent back to the queue, or by the requeue on the timer).
    JOB_LEASE_SECONDS = int(os.environ.get("JOB_LEASE_SECONDS", "60"))
    # The person who asked gets a mail when the file is ready, if it took longer than this.
    JOB_MAIL_AFTER_SECONDS = int(os.environ.get("JOB_MAIL_AFTER_SECONDS", "30"))
    # How often a job's page asks how it is doing (milliseconds).
    JOB_POLL_MS = int(os.environ.get("JOB_POLL_MS", "2000"))
    # Finished files name people (the memo does): they are removed this many days after they were made.
    JOB_FILES_KEEP_DAYS = int(os.environ.get("JOB_FILES_KEEP_DAYS", "7"))
    # A memo's PDF with more points than PDF_PART_POINTS is laid out in parts of about that many points, by
    # PDF_WORKERS processes at once (0: one per core this process may use, at most 4; set, up to 32), and joined
    # (app/memos/pdf_parts.py): its memory stays flat however large the hearing.
    PDF_PART_POINTS = int(os.environ.get("PDF_PART_POINTS", "200"))
    PDF_WORKERS = int(os.environ.get("PDF_WORKERS", "0"))
    # A part whose layout takes longer has its worker stopped and fails the memo's job, which is then
    # shown as failed: a layout that never ends must not hold the queue (app/memos/pdf_workers.py).
    PDF_PART_SECONDS = int(os.environ.get("PDF_PART_SECONDS", "600"))
    # Celery beat's schedule (app/jobs/celery_app.py): the tick and the mailbox every TICK_SECONDS, and the
    # nightly retention run and clean-up at NIGHTLY_AT ("HH:MM", Copenhagen time).
    # A section with more open comments than this has its near-duplicates (a campaign's copies) grouped by a
    # background worker, asked for with a button; fewer are grouped in the request (app/replies/alike.py).
    GROUPING_IN_REQUEST_MAX = int(os.environ.get("GROUPING_IN_REQUEST_MAX", "500"))
    # A letter's file larger than this has its text taken out by a background worker (app/responses/letters/
    # text_jobs.py); smaller ones are read in the request.
    LETTER_TEXT_IN_REQUEST_MAX_BYTES = int(os.environ.get("LETTER_TEXT_IN_REQUEST_MAX_BYTES", str(2 * 1024 * 1024)))
    TICK_SECONDS = int(os.environ.get("TICK_SECONDS", "300"))
    NIGHTLY_AT = tuple(int(part) for part in os.environ.get("NIGHTLY_AT", "03:15").split(":"))

    # Filing on the case (app/records, README "Filing on the case"): getorganized, sbsys, folder, or unset (off).
    RECORDS_ADAPTER = os.environ.get("RECORDS_ADAPTER", "")
    RECORDS_FOLDER = os.environ.get("RECORDS_FOLDER", "")  # folder: where the import picks the files up
    GETORGANIZED_URL = os.environ.get("GETORGANIZED_URL", "")  # https://go.kommune.dk (the site with /_goapi)
    GETORGANIZED_USER = os.environ.get("GETORGANIZED_USER", "")
    GETORGANIZED_PASSWORD = os.environ.get("GETORGANIZED_PASSWORD", "")
    GETORGANIZED_LIST = os.environ.get("GETORGANIZED_LIST", "Dokumenter")
    SBSYS_URL = os.environ.get("SBSYS_URL", "")
    SBSYS_TOKEN_URL = os.environ.get("SBSYS_TOKEN_URL", "")
    SBSYS_CLIENT_ID = os.environ.get("SBSYS_CLIENT_ID", "")
    SBSYS_CLIENT_SECRET = os.environ.get("SBSYS_CLIENT_SECRET", "")
    RECORDS_TIMEOUT_SECONDS = float(os.environ.get("RECORDS_TIMEOUT_SECONDS", "30"))
    # A failed try is tried again after 30 s, 60 s, 120 s …; after this many the row waits for a person.
    RECORDS_MAX_TRIES = int(os.environ.get("RECORDS_MAX_TRIES", "6"))
    RECORDS_RETRY_SECONDS = float(os.environ.get("RECORDS_RETRY_SECONDS", "30"))
    RECORDS_LEASE_SECONDS = int(os.environ.get("RECORDS_LEASE_SECONDS", "120"))


class DevelopmentConfig(Config):
    DEBUG = False  # the Werkzeug debugger must never be one click away
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "8025"))


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret"  # noqa: S105 (tests only)
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    RATELIMIT_ENABLED = False
    WTF_CSRF_ENABLED = False  # tests that check CSRF turn it back on
    MAIL_SUPPRESS_SEND = False  # tests read real mail from a real SMTP server
    SERVER_NAME = None
    BASE_URL = "http://localhost"
    # Jobs in tests go through the real Redis to a real worker (tests/jobs_worker.py); each run has a
    # queue of its own (tests/conftest.py), so parallel runs never take each other's jobs.
    CELERY_BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
    JOB_LEASE_SECONDS = 6
    JOB_MAIL_AFTER_SECONDS = 0
    JOB_POLL_MS = 300
    RECORDS_ADAPTER = ""  # tests that file set it
    RECORDS_RETRY_SECONDS = 0.2
    RECORDS_LEASE_SECONDS = 10
    # Passwords hashed at a test's cost: a user made and logged in costs two hashes, 0.3 s at the real cost,
    # some 300 times a run. The real cost is the same code with other numbers.
    ARGON2_TIME_COST, ARGON2_MEMORY_KIB, ARGON2_PARALLELISM = 1, 1024, 1


MAKE_A_KEY = "Make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
MIN_KEY_BYTES = 32
# Below this many bits per character a key is a word, a pattern or a repeated letter (random hex has ~3.8).
MIN_KEY_BITS_PER_CHARACTER = 3.0
# Keys that are published (here, in deploy/env.example, bench/), so anyone could sign with them.
KNOWN_KEYS = frozenset({
    "change-me", "change-me-to-64-random-characters", "dev-only-not-secret", "testing-secret",
    "bench-secret", "bench-secret-not-for-production",
})
PLACEHOLDER_WORDS = ("change-me", "changeme", "secret", "example", "password")


def weak_key_problem(key: str) -> str | None:
    """Why `key` must not sign sessions and links in production, or None when it looks like a random key."""
    if key.strip().lower() in KNOWN_KEYS or any(word in key.lower() for word in PLACEHOLDER_WORDS):
        return "it is a published example, not a secret"
    if len(key.encode()) < MIN_KEY_BYTES:
        return f"it is shorter than {MIN_KEY_BYTES} bytes"
    counts = Counter(key)
    bits = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    if bits < MIN_KEY_BITS_PER_CHARACTER:
        return "it does not look random (too few different characters)"
    return None


class ProductionConfig(Config):
    PRODUCTION = True  # real people's data: no demo data, no demo users
    # Static URLs carry a content hash (app/serving.py), so browsers and a CDN may keep them a year.
    SEND_FILE_MAX_AGE_DEFAULT = 365 * 24 * 3600
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    def __init__(self) -> None:
        secret = os.environ.get("SECRET_KEY")
        if not secret:
            raise RuntimeError(
                "SECRET_KEY is not set. Production refuses to start without it. " + MAKE_A_KEY
            )
        # Keys being rotated out: still accepted on what they signed, never used to sign (oldest first).
        fallbacks = os.environ.get("SECRET_KEY_FALLBACKS", "").replace(",", " ").split()
        for name, key in [("SECRET_KEY", secret), *(("SECRET_KEY_FALLBACKS", key) for key in fallbacks)]:
            if problem := weak_key_problem(key):
                raise RuntimeError(f"{name}: {problem}. Production refuses to start with it. {MAKE_A_KEY}")
        self.SECRET_KEY = secret
        self.SECRET_KEY_FALLBACKS = fallbacks


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def load(name: str | None = None) -> Config:
    name = name or os.environ.get("HORING_CONFIG", "development")
    try:
        return CONFIGS[name]()
    except KeyError:
        raise RuntimeError(
            f"Unknown HORING_CONFIG {name!r}; choose one of {', '.join(CONFIGS)}"
        ) from None
