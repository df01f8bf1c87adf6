"""Error pages in the app's own layout; never a stack trace or SQL on a page."""

from datetime import UTC, datetime

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db, limiter

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
}


def render_error(code: int, retry_at: datetime | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title, message=message,
                           retry_at=retry_at), code


def _seconds_until(moment: datetime | None) -> str:
    return str(max(1, int((moment - datetime.now(UTC)).total_seconds()))) if moment else "60"


def _retry_at() -> datetime | None:
    """When the limit that was hit lets go again (None when the limiter cannot tell)."""
    try:
        current = limiter.current_limit
        return datetime.fromtimestamp(current.reset_at, UTC) if current is not None else None
    except Exception:  # noqa: BLE001 (the storage may be what failed; the page still shows)  # nosec B110
        return None


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 429:
            response, code = render_error(429, _retry_at())
            return response, code, {"Retry-After": _seconds_until(_retry_at())}
        return render_error(error.code or 500)

    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError):
        db.session.rollback()  # a failed transaction must not leak into the page
        return render_error(500)
