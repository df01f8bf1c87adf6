"""One way to ask before what cannot be undone (issue #18, item 4).

An action that cannot be taken back (opening a hearing, sending a new link,
revoking a link, finalising or publishing the memo) answers a GET at its own
address with a confirmation page: what will happen, its consequences, a primary
button that POSTs to the same address with the CSRF token and `confirmed=1`, and
"Fortryd" back. Its view acts only on that POST; any other POST to it (an old
page, a script, a form without the field) gets the confirmation page instead.
The pages extend templates/_layouts/confirm_page.html. No JavaScript is needed.

    form = ConfirmForm()
    if not confirmed(form):
        return confirmation_page("memos/confirm_publish.html", form, hearing=hearing)
    publishing.publish(hearing)  # … commit, flash, redirect
"""

from flask import render_template, request
from flask_wtf import FlaskForm
from wtforms import HiddenField

CONFIRMED = "confirmed"


class ConfirmForm(FlaskForm):
    """The form of a confirmation page: the CSRF token and `confirmed=1`. A page that asks for more
    (the reason for finalising with gaps, the parties to remind) subclasses it."""

    confirmed = HiddenField(default="1")


def confirmed(form: ConfirmForm) -> bool:
    """Whether this request is the confirmation page's own POST, valid: only then may the view act."""
    return request.method == "POST" and request.form.get(CONFIRMED) == "1" and form.validate_on_submit()


def confirmation_page(template: str, form: ConfirmForm, **context) -> tuple[str, int]:
    """The confirmation page; 422 when the confirmed POST had errors (a field of the page), else 200."""
    return render_template(template, form=form, **context), 422 if form.errors else 200
