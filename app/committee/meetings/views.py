"""Staff record the committee's meetings on a hearing, and correct them."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import ensure, staff_required
from app.committee.meetings import operations
from app.committee.meetings.forms import VOTE_FIELDS, CorrectionForm, MeetingForm
from app.committee.meetings.models import CommitteeBody, Meeting, MeetingOutcome
from app.db_types import utcnow
from app.extensions import db
from app.hearings.loading import current_hearing
from app.records.operations import file_on_case
from app.refusals import Refused, show_refusal
from app.timezone import to_local


@staff_required
def new_meeting():
    hearing = current_hearing(edit=True)
    ensure(hearing.can_record_meeting(current_user))
    form = _with_choices(MeetingForm(today=to_local(utcnow()).date()))
    if form.validate_on_submit():
        try:
            operations.record_meeting(hearing, _input(form), current_user)
        except Refused as refused:
            show_refusal(refused, form.outcome.errors)
        else:
            db.session.commit()
            file_on_case(hearing)  # journalisering of the decision, after the commit
            flash(_("Mødet er registreret."), "success")
            return redirect(url_for("hearings.show", slug=hearing.slug))
    return render_template("committee/meeting_form.html", hearing=hearing, form=form, meeting=None)


@staff_required
def correct_meeting(meeting_id: int):
    hearing = current_hearing(edit=True)
    ensure(hearing.can_record_meeting(current_user))
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.hearing_id != hearing.id:
        abort(404)
    form = _with_choices(CorrectionForm(today=to_local(utcnow()).date()))
    if request.method == "GET":
        _show(form, meeting)
    if form.validate_on_submit():
        try:
            operations.correct_meeting(meeting, _input(form), form.correction_reason.data, current_user)
        except Refused as refused:
            show_refusal(refused, form.outcome.errors)
        else:
            db.session.commit()
            file_on_case(hearing)  # a corrected decision is filed as a new version, after the commit
            flash(_("Mødet er rettet. Den tidligere udgave er gemt."), "success")
            return redirect(url_for("hearings.show", slug=hearing.slug))
    return render_template("committee/meeting_form.html", hearing=hearing, form=form, meeting=meeting,
                           earlier=operations.earlier_versions(meeting))


def _with_choices(form: MeetingForm) -> MeetingForm:
    form.body.choices = [("", _("Vælg udvalg eller råd")), *[(body.id, body.name) for body in operations.bodies()]]
    return form


def _input(form: MeetingForm) -> operations.MeetingInput:
    if form.body.data is not None:
        body = db.session.get(CommitteeBody, form.body.data)
    else:
        body = operations.body_named(form.new_body.data, current_user)
    return operations.MeetingInput(
        body=body, held_on=form.held_on.data, outcome=MeetingOutcome(form.outcome.data),
        decision_text=form.decision_text.data or "", votes=tuple(form.votes()),
        absent=tuple((form.absent.data or "").splitlines()),
    )


def _show(form: MeetingForm, meeting: Meeting) -> None:
    """The meeting as recorded, in the form's fields."""
    form.body.data, form.held_on.data, form.outcome.data = meeting.body_id, meeting.held_on, meeting.outcome.value
    form.decision_text.data, form.absent.data = meeting.decision_text, meeting.absent
    by_side = {vote.side: vote for vote in meeting.votes}
    for prefix, side in VOTE_FIELDS:
        vote = by_side.get(side)
        if vote is not None:
            getattr(form, f"{prefix}_count").data = str(vote.count)
            getattr(form, f"{prefix}_parties").data = vote.parties
            getattr(form, f"{prefix}_reason").data = vote.reason
