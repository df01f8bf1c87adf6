"""Citizens answer a public hearing: the same comment fields, then a link by e-mail to confirm."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.attachments.uploads import accepts_files
from app.db_types import utcnow
from app.extensions import db, limiter
from app.forms import EmptyForm
from app.public.loading import load_public_hearing
from app.records.operations import file_on_case
from app.responses import citizens, preference_forms
from app.responses import operations as responding
from app.responses.forms import citizen_form
from app.responses.models import ResponseState
from app.responses.views import checked_uploads, flash_files_not_attached
from app.responses.window import Window, may_withdraw, window
from app.signin import mitid, providers

# A second attempt finds the response confirmed by the other press; a few more for SQLite under load.
CONFIRM_ATTEMPTS = 5


def _citizen_email_key() -> str:
    return "citizen:" + (request.form.get("citizen_email") or "").strip().lower()[:254]


# Each sending mails a confirmation link: a few an hour per address, and per network address.
@limiter.limit("5 per hour", key_func=_citizen_email_key, methods=["POST"])
@limiter.limit("30 per hour", methods=["POST"])
@accepts_files
def citizen_respond(slug: str):
    hearing, sections = load_public_hearing(slug)
    if not hearing.is_public:
        abort(404)
    form = citizen_form(sections, hearing)
    # Signed in with MitID: the name is MitID's, and the response counts without the mail's link.
    person = mitid.signed_in_citizen(slug)
    if person is not None:
        del form.citizen_name
        form.citizen_email.description = _("Vi sender en kvittering med hele dit svar hertil.")
    now = request.arrived_at  # the time it was sent, not the time its files had arrived
    is_open = window(hearing, now, None) is Window.OPEN
    if request.method == "POST" and is_open and all([form.validate(), preference_forms.check_variant(form, hearing)]) \
            and (files := _checked_files(form)) is not None:
        citizen = citizens.Citizen(
            name=person.name if person else form.citizen_name.data, email=form.citizen_email.data,
            organisation=form.citizen_organisation.data, publish_name=form.publish_name.data == "yes",
            memo_mail=form.memo_mail.data,
        )
        if person is not None:
            response = citizens.submit_verified(hearing, citizen, form.sent_values(), sections, now, person.subject,
                                                files)
            mitid.forget_citizen()
            db.session.commit()
            return redirect(url_for("responses.citizen_confirm", slug=slug, token=citizens.link_token(response)))
        response, is_new = citizens.send_response(hearing, citizen, form.sent_values(), now)
        if is_new:
            for name, data, content_type in files:
                responding.add_attachment(response, name, data, content_type)
            citizens.mail_confirmation(response, sections)
        db.session.commit()
        return redirect(url_for("responses.citizen_sent", slug=slug))
    status = 409 if request.method == "POST" and not is_open else (422 if form.errors else 200)
    if status == 409:
        flash_files_not_attached(form)
    return render_template(
        "responses/citizen.html", hearing=hearing, sections=sections, form=form, is_open=is_open,
        mitid_person=person, mitid_enabled=providers.is_configured(providers.MITID),
        commented={s.key for s in sections if (form._fields[f"section-{s.key}"].data or "").strip()},
    ), status


def citizen_sent(slug: str):
    hearing, _sections = load_public_hearing(slug)
    return render_template("responses/citizen_sent.html", hearing=hearing)


def citizen_confirm(slug: str, token: str):
    hearing, sections = load_public_hearing(slug)
    for attempt in range(CONFIRM_ATTEMPTS):
        try:
            response = citizens.confirm(hearing, token, sections, utcnow())
            db.session.commit()
            break
        except (StaleDataError, IntegrityError):  # confirmed at the same moment elsewhere (SQLite has no row locks)
            db.session.rollback()
            if attempt == CONFIRM_ATTEMPTS - 1:
                raise
    if response is None:
        return render_template("responses/citizen_confirm_invalid.html", hearing=hearing), 404
    file_on_case(hearing)  # journalisering, after the commit
    return render_template(
        "responses/citizen_confirmed.html", hearing=hearing, response=response, token=token,
        submission=response.submissions[-1],
        may_withdraw=response.state is ResponseState.SUBMITTED and may_withdraw(hearing, utcnow()),
    )


def citizen_withdraw(slug: str, token: str):
    """The citizen takes back a confirmed response, until the deadline, with the link from their mail."""
    hearing, _sections = load_public_hearing(slug)
    now = utcnow()
    response = citizens.confirmed_response(hearing, token, now)
    if response is None:
        return render_template("responses/citizen_confirm_invalid.html", hearing=hearing), 404
    back = redirect(url_for("responses.citizen_confirm", slug=slug, token=token))
    if response.state is not ResponseState.SUBMITTED:
        return back
    if not may_withdraw(hearing, now):
        flash(_("Fristen er overskredet, så svaret kan ikke trækkes tilbage. Kontakt forvaltningen."), "error")
        return back
    form = EmptyForm()
    if form.validate_on_submit():
        responding.withdraw(response, None, now)
        db.session.commit()
        flash(_("Dit høringssvar er trukket tilbage. Du kan sende et nyt indtil fristen."), "success")
        return back
    return render_template("responses/citizen_withdraw.html", form=form, hearing=hearing, token=token)


def _checked_files(form) -> list[tuple[str, bytes, str]] | None:
    """Every chosen file, checked; None (with the reasons on the field) if any is refused."""
    files = checked_uploads(form, request.files.getlist(form.attachments.name))
    return None if form.attachments.errors else files
