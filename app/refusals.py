"""One way to say no: an operation raises `Refused` with the reasons, and a
view shows them with `show_refusal`."""

from flask import flash

from app.extensions import db


class Refused(Exception):
    """A step that may not happen now; `reasons` say why, in words for the person
    (translated texts, lazy or not). Give one reason or a list of them."""

    def __init__(self, reasons) -> None:
        self.reasons = list(reasons) if isinstance(reasons, list | tuple) else [reasons]
        super().__init__("; ".join(str(reason) for reason in self.reasons))


def show_refusal(refused: Refused, errors: list | None = None) -> None:
    """Undo what the request changed, then give each reason: in `errors` (a form's or a
    field's list, shown next to it) or, without one, as a flashed message."""
    db.session.rollback()
    reasons = [str(reason) for reason in refused.reasons]
    if errors is None:
        for reason in reasons:
            flash(reason, "error")
    else:
        errors.extend(reasons)
