"""Staff follow the responses of a hearing: the list, every submitted version, accepting a late one."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.audit.operations import record
from app.auth import staff_required
from app.db_types import utcnow
from app.extensions import db
from app.hearings.loading import current_hearing
from app.hearings.models import Hearing
from app.responses import operations as responding
from app.responses.forms import AcceptLateForm
from app.responses.letters.mailbox import operations as mailbox
from app.responses.models import Response, ResponseState


def _load_response(hearing: Hearing, response_id: int) -> Response:
    response = db.session.get(Response, response_id)
    if response is None or response.hearing_id != hearing.id or response.state is ResponseState.DRAFT:
        abort(404)  # a party's unsent working copy is theirs alone
    return response


@staff_required
def response_list():
    hearing = current_hearing()
    responses = db.session.scalars(
        select(Response)
        .where(Response.hearing_id == hearing.id, Response.state != ResponseState.DRAFT)
        .options(selectinload(Response.organisation), selectinload(Response.submissions),
                 selectinload(Response.comments))
        .order_by(Response.submitted_at)
    ).all()
    return render_template("responses/staff_list.html", hearing=hearing, responses=responses,
                           can_edit=hearing.can_edit(current_user), waiting=mailbox.waiting_mails(hearing))


@staff_required
def response_versions(response_id: int):
    hearing = current_hearing()
    response = _load_response(hearing, response_id)
    record("response_read", response, hearing_id=hearing.id, page="versions")  # who read personal data
    db.session.commit()
    return render_template("responses/staff_versions.html", hearing=hearing, response=response,
                           submissions=list(reversed(response.submissions)))


@staff_required
def response_accept_late(response_id: int):
    hearing = current_hearing(edit=True)
    response = _load_response(hearing, response_id)
    if not response.is_late:
        abort(404)  # only a late response has anything to accept
    form = AcceptLateForm()
    if form.validate_on_submit():
        responding.accept_late(response, form.reason.data, utcnow())
        db.session.commit()
        flash(_("Svaret fra %(sender)s er godkendt, selv om det kom efter fristen.", sender=response.sender_name),
              "success")
        return redirect(url_for("staff_responses.response_list", slug=hearing.slug))
    return render_template("responses/staff_accept_late.html", hearing=hearing, response=response, form=form)
