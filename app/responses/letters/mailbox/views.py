"""Post til høringen: the mails that came to the hearing's address, waiting for a case officer's check.

The list, one mail (who sent it, its text, its files), and two actions: open it
into the existing check-and-split flow of a letter (its file becomes the
officer's pending file there, its details fill the form), or set it aside when
it is no response. Saving the letter marks the mail registered
(`letters.views`, through `operations.mark_registered`).
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.audit.operations import record
from app.auth import staff_required
from app.db_types import utcnow
from app.downloads import send_download
from app.extensions import db
from app.forms import EmptyForm
from app.hearings.loading import current_hearing
from app.hearings.models import Hearing
from app.responses.letters import operations as registering
from app.responses.letters.mailbox import operations as receiving
from app.responses.letters.mailbox.models import IncomingMail


@staff_required
def mail_list():
    hearing = current_hearing()
    return render_template("responses/mailbox/list.html", hearing=hearing, mails=receiving.waiting_mails(hearing),
                           address=receiving.hearing_mail_address(hearing))


@staff_required
def mail_page(mail_id: int):
    hearing = current_hearing()
    mail = _load_mail(hearing, mail_id)
    record("mail_read", mail, hearing_id=hearing.id)  # who read personal data
    db.session.commit()
    return render_template(
        "responses/mailbox/mail.html", hearing=hearing, mail=mail, letter=receiving.letter_file(mail),
        can_register=mail.is_waiting and registering.may_register_letters(hearing, current_user),
        can_set_aside=mail.is_waiting and hearing.can_edit(current_user), form=EmptyForm(),
    )


@staff_required
def mail_file(mail_id: int, file_id: int):
    hearing = current_hearing()
    mail = _load_mail(hearing, mail_id)
    file = next((f for f in mail.kept_files if f.id == file_id and f.data is not None), None)
    if file is None:
        abort(404)
    record("mail_read", mail, hearing_id=hearing.id, file=file.filename)
    db.session.commit()
    return send_download(file.data, file.filename, file.content_type)


@staff_required
def mail_register(mail_id: int):
    """Open the mail into the letter's check-and-split flow: its file as the officer's pending file."""
    hearing = current_hearing(edit=True)
    mail = _load_mail(hearing, mail_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not mail.is_waiting:
        flash(_("Mailen er allerede behandlet."), "info")
        return redirect(url_for("staff_responses.mail_page", slug=hearing.slug, mail_id=mail.id))
    if not registering.may_register_letters(hearing, current_user):
        flash(_("Et brev kan kun registreres som høringssvar, mens høringen er åben, lukket for svar "
                "eller ved at blive besvaret."), "error")
        return redirect(url_for("staff_responses.mail_page", slug=hearing.slug, mail_id=mail.id))
    pending = receiving.open_into_letter(hearing, mail, current_user)
    db.session.commit()
    return redirect(url_for("staff_responses.letter_new", slug=hearing.slug, post=mail.id,
                            fil=pending.id if pending else None))


@staff_required
def mail_set_aside(mail_id: int):
    hearing = current_hearing(edit=True)
    mail = _load_mail(hearing, mail_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if receiving.set_aside(mail, current_user, utcnow()):
        db.session.commit()
        flash(_("Mailen fra %(sender)s er lagt til side. Den bliver ikke et høringssvar.", sender=mail.sender),
              "success")
    else:
        flash(_("Mailen er allerede behandlet."), "info")
    return redirect(url_for("staff_responses.mail_list", slug=hearing.slug))


def _load_mail(hearing: Hearing, mail_id: int) -> IncomingMail:
    mail = receiving.mail_of(hearing, mail_id)
    if mail is None:
        abort(404)
    return mail
