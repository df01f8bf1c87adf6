"""Error pages in the app's own layout; never a stack trace or SQL on a page."""

from contextlib import suppress
from datetime import UTC, datetime

from flask import Flask, current_app, g, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.routing import BuildError

from app.extensions import db, limiter, login_manager

MESSAGES = {
    400: (_l("Forkert forespørgsel"),
          _l("Siden kunne ikke forstå det, der blev sendt. Gå tilbage og prøv igen.")),
    403: (_l("Du har ikke adgang"),
          _l("Du har ikke adgang til denne side. Log ind med en anden bruger, eller kontakt forvaltningen.")),
    404: (_l("Siden findes ikke"),
          _l("Vi kan ikke finde siden. Måske er linket forkert, eller siden er flyttet.")),
    405: (_l("Handlingen er ikke tilladt"),
          _l("Siden kan ikke bruges på den måde. Gå tilbage og prøv igen.")),
    409: (_l("Det kan ikke lade sig gøre nu"),
          _l("Høringen er nået til et trin, hvor det ikke kan lade sig gøre. "
             "Gå tilbage til høringen og se dens status.")),
    413: (_l("Filen er for stor"),
          _l("Det, du sendte, er for stort. Vælg en mindre fil, og prøv igen.")),
    429: (_l("For mange forsøg"),
          _l("Du har prøvet for mange gange på kort tid. Vent lidt, og prøv igen.")),
    500: (_l("Der skete en fejl"),
          _l("Der skete en fejl hos os. Det, du har gemt, er ikke tabt. Prøv igen om lidt.")),
    503: (_l("Vi kan ikke hente eller gemme data lige nu"),
          _l("Det er et midlertidigt problem hos os. Hvis du var ved at indsende noget, er det ikke sendt. "
             "Det, du har gemt før, er ikke tabt. Vent et øjeblik, og prøv igen.")),
}

# How long a client is asked to wait when the database cannot be reached (a restart takes seconds).
DATABASE_RETRY_SECONDS = 10

# SQLite's result codes (the low byte of sqlite_errorcode) that mean "busy or unreachable, not wrong":
# SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_PROTOCOL.
_SQLITE_UNAVAILABLE = frozenset({5, 6, 10, 14, 15})


def render_error(code: int, retry_at: datetime | None = None, again_url: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title, message=message,
                           retry_at=retry_at, again_url=again_url), code


def _seconds_until(moment: datetime | None) -> str:
    return str(max(1, int((moment - datetime.now(UTC)).total_seconds()))) if moment else "60"


def _retry_at() -> datetime | None:
    """When the limit that was hit lets go again (None when the limiter cannot tell)."""
    try:
        current = limiter.current_limit
        return datetime.fromtimestamp(current.reset_at, UTC) if current is not None else None
    except Exception:  # noqa: BLE001 (the storage may be what failed; the page still shows)  # nosec B110
        return None


def database_unavailable(error: BaseException) -> bool:
    """Whether `error` says the database cannot be reached or used right now (a restart, a cut
    connection, a lock held too long, a full pool), as opposed to a mistake in a query."""
    if isinstance(error, PoolTimeoutError):
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if not isinstance(error, OperationalError):
        return False
    code = getattr(error.orig, "sqlite_errorcode", None)
    # sqlite3 also calls "no such table" an OperationalError: only its busy and I/O codes count.
    return code is None or code & 0xFF in _SQLITE_UNAVAILABLE


def _render_without_database(code: int):
    """The page for a database that is away: its layout must not ask the database again.
    The session is rolled back, and the page is drawn for an anonymous visitor (the layout would
    otherwise load the logged-in user, whose row a rollback has expired)."""
    with suppress(SQLAlchemyError):  # the connection may be gone already; the pool then discards it
        db.session.rollback()
    g._login_user = login_manager.anonymous_user()
    response, code = render_error(code, again_url=_this_page_again())
    return response, code, {"Retry-After": str(DATABASE_RETRY_SECONDS), "Cache-Control": "no-store"}


def _this_page_again() -> str | None:
    """Where "Prøv igen" leads: the same page, built from its route (never a path as sent, which could
    point elsewhere). None for a form that was posted: that is sent again from the form itself."""
    if request.method != "GET" or request.endpoint is None:
        return None
    try:
        return url_for(request.endpoint, **{**request.args.to_dict(), **(request.view_args or {})})
    except BuildError:
        return None


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 429:
            response, code = render_error(429, _retry_at())
            return response, code, {"Retry-After": _seconds_until(_retry_at())}
        return render_error(error.code or 500)

    @app.errorhandler(DBAPIError)
    @app.errorhandler(PoolTimeoutError)
    def database_error(error: SQLAlchemyError):
        if not database_unavailable(error):
            raise error  # a mistake, not an outage: the 500 page below, logged as every crash is
        current_app.logger.warning("Database unavailable, answered 503: %s", error.__class__.__name__,
                                   exc_info=error)
        return _render_without_database(503)

    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError):
        with suppress(SQLAlchemyError):  # a failed transaction must not leak into the page; a lost connection
            db.session.rollback()        # must not turn the page into an empty 500
        return render_error(500)

    # Registered after Flask-SQLAlchemy's, so it runs first: the session is ended here, where a connection
    # the server dropped after the answer was made (its rollback fails) is discarded instead of escaping
    # as an empty 500 without headers. The answer is already made and stands.
    @app.teardown_appcontext
    def end_session(error: BaseException | None) -> None:
        try:
            db.session.close()
        except DBAPIError as lost:
            if not database_unavailable(lost):
                raise
            current_app.logger.warning("Database connection lost at the end of a request, discarded: %s",
                                       lost.__class__.__name__)
            db.session().invalidate()  # closes without another rollback; the pool opens a new connection
