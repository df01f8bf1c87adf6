"""Staff pages for a hearing: the start page, create and edit, the lifecycle."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.attachments.models import Attachment
from app.attachments.operations import detect_document_type
from app.auth import ensure, staff_required
from app.committee.meetings.operations import meeting_history
from app.confirmations import ConfirmForm, confirmation_page, confirmed
from app.db_types import utcnow
from app.downloads import send_attachment
from app.extensions import db
from app.forms import EmptyForm
from app.hearings import invitations, lifecycle, operations
from app.hearings.forms import DeadlineForm, HearingForm
from app.hearings.loading import current_hearing
from app.hearings.models import Hearing, HearingState, hearing_officers
from app.hearings.sections import with_depth
from app.records.operations import file_on_case
from app.refusals import Refused, show_refusal
from app.responses.models import Response, ResponseState
from app.timezone import END_OF_DAY, local_to_utc, to_local

MAX_ORIGINAL_BYTES = 20 * 1024 * 1024
# Steps that cannot be undone ask first, on their confirmation page (app/confirmations.py): opening
# sends the invitations.
CONFIRM_FIRST = {"open": "hearings/confirm_open.html"}


@staff_required
def dashboard():
    mine = select(hearing_officers.c.hearing_id).where(hearing_officers.c.user_id == current_user.id)
    hearings = db.session.scalars(
        select(Hearing)
        .where((Hearing.created_by_id == current_user.id) | (Hearing.approver_id == current_user.id)
               | Hearing.id.in_(mine))
        .order_by(Hearing.deadline_at.desc())
    ).all()
    others = db.session.scalars(
        select(Hearing).where(Hearing.id.not_in([h.id for h in hearings])).order_by(Hearing.deadline_at.desc())
    ).all()
    counts = dict(db.session.execute(
        select(Response.hearing_id, func.count(Response.id))
        .where(Response.state == ResponseState.SUBMITTED)
        .group_by(Response.hearing_id)
    ).all())
    by_state = {state: [h for h in hearings if h.state is state] for state in HearingState}
    return render_template(
        "hearings/dashboard.html", by_state=by_state, others=others, counts=counts,
    )


@staff_required
def new():
    ensure(current_user.can_create_hearings)
    form = _hearing_form(HearingForm())
    del form.retention_until  # set on an existing hearing, by an administrator
    if request.method == "GET":
        form.officers.data = [current_user.id]
    if form.validate_on_submit() and _original_is_valid(form):
        hearing = operations.create_hearing(_details(form), current_user)
        _store_original(form, hearing)
        db.session.commit()
        flash(_("Høringen er oprettet. Importér nu udkastet."), "success")
        return redirect(url_for("hearings.import_draft", slug=hearing.slug))
    return render_template("hearings/form.html", form=form, hearing=None)


@staff_required
def show():
    hearing = current_hearing()
    now = utcnow()
    actions = [(a, lifecycle.problems(hearing, a.name, now)) for a in lifecycle.available_actions(hearing)
               if a.name not in ("close", "send_to_committee", "record_decision")]
    return render_template(
        "hearings/show.html", hearing=hearing, actions=actions, can_edit=hearing.can_edit(current_user),
        sections=with_depth(hearing.current_version.sections),
        action_form=EmptyForm(), meetings=meeting_history(hearing), confirm_first=CONFIRM_FIRST,
    )


@staff_required
def edit():
    hearing = current_hearing(edit=True)
    form = _hearing_form(HearingForm(obj=None if request.method == "POST" else _form_data(hearing)))
    if current_user.role is not Role.ADMIN:
        del form.retention_until  # retention is the administrators' (DESIGN: people and what they do)
    if form.validate_on_submit() and _original_is_valid(form) and _retention_is_valid(form, hearing):
        try:
            operations.update_hearing(hearing, _details(form))
            if "retention_until" in form:
                operations.set_retention_until(hearing, form.retention_until.data)
        except Refused as refused:
            show_refusal(refused, form.deadline_on.errors)
        else:
            _store_original(form, hearing)
            db.session.commit()
            flash(_("Ændringerne er gemt."), "success")
            return redirect(url_for("hearings.show", slug=hearing.slug))
    return render_template("hearings/form.html", form=form, hearing=hearing)


@staff_required
def perform(action: str):
    hearing = current_hearing(edit=True)
    if action not in lifecycle.ACTIONS or action in ("close", "send_to_committee", "record_decision"):
        abort(404)
    if request.method == "GET" and action not in CONFIRM_FIRST:
        abort(404)  # the other steps are one button on the hearing's page
    now = utcnow()
    if action in CONFIRM_FIRST:
        problems = lifecycle.problems(hearing, action, now)
        form = ConfirmForm()
        if problems:  # said on the hearing's page, next to the step
            show_refusal(Refused(problems))
            return redirect(url_for("hearings.show", slug=hearing.slug))
        if not confirmed(form):
            return confirmation_page(CONFIRM_FIRST[action], form, hearing=hearing,
                                     opening=invitations.opening_preview(hearing, now),
                                     cancel_url=url_for("hearings.show", slug=hearing.slug))
    elif not EmptyForm().validate_on_submit():
        abort(400)
    try:
        operations.perform(hearing, action, now)
    except Refused as refused:
        show_refusal(refused)
    else:
        db.session.commit()
        file_on_case(hearing)  # journalisering of the letter and draft once it opens, after the commit
        flash(_("Høringen har nu status: %(state)s.", state=hearing.state.label), "success")
    return redirect(url_for("hearings.show", slug=hearing.slug))


@staff_required
def deadline():
    hearing = current_hearing(edit=True)
    form = DeadlineForm()
    if request.method == "GET" and hearing.deadline_at:
        local = to_local(hearing.deadline_at)
        form.deadline_on.data, form.deadline_time.data = local.date(), local.time().replace(second=0)
    shortening = None  # an earlier deadline for an open hearing is asked about first, then confirmed
    if form.validate_on_submit():
        new_deadline = local_to_utc(form.deadline_on.data, form.deadline_time.data or END_OF_DAY)
        earlier = hearing.is_open and hearing.deadline_at is not None and new_deadline < hearing.deadline_at
        if earlier and request.form.get("shorten") != "1":
            shortening = {"new": new_deadline, "started": invitations.started_count(hearing)}
        else:
            try:
                (operations.shorten_deadline if earlier else operations.extend_deadline)(hearing, new_deadline)
            except Refused as refused:
                show_refusal(refused, form.deadline_on.errors)
            else:
                db.session.commit()
                flash(_("Høringsfristen er ændret. Høringsparterne får besked."), "success")
                return redirect(url_for("hearings.show", slug=hearing.slug))
    return render_template("hearings/deadline.html", form=form, hearing=hearing, shortening=shortening)


@staff_required
def document(attachment_id: int):
    hearing = current_hearing()
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.hearing_id != hearing.id:
        abort(404)
    return send_attachment(attachment)


def _hearing_form(form: HearingForm) -> HearingForm:
    staff = db.session.scalars(
        select(User).where(User.active, User.role.in_([Role.STAFF, Role.APPROVER])).order_by(User.name)
    ).all()
    form.officers.choices = [(u.id, u.name) for u in staff]
    form.approver.choices = [(0, _("Ingen valgt"))] + [(u.id, u.name) for u in staff if u.role is Role.APPROVER]
    return form


def _form_data(hearing: Hearing):
    """The hearing's values in the form's shape (dates in Danish time)."""

    class Data:
        pass

    data = Data()
    for name in ("title", "subtitle", "case_number", "committee", "summary", "letter", "is_public"):
        setattr(data, name, getattr(hearing, name))
    data.opens_on = data.opens_time = data.deadline_on = data.deadline_time = None
    if hearing.opens_at:
        local = to_local(hearing.opens_at)
        data.opens_on, data.opens_time = local.date(), local.time().replace(second=0, microsecond=0)
    if hearing.deadline_at:
        local = to_local(hearing.deadline_at)
        data.deadline_on, data.deadline_time = local.date(), local.time().replace(second=0, microsecond=0)
    data.officers = [u.id for u in hearing.officers]
    data.approver = hearing.approver_id or 0
    data.retention_until = hearing.retention_until
    data.original = None
    return data


def _details(form: HearingForm) -> operations.HearingDetails:
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(form.officers.data or [])))}
    opens_at = (
        local_to_utc(form.opens_on.data, form.opens_time.data or END_OF_DAY.replace(hour=0, minute=0))
        if form.opens_on.data else None
    )
    return operations.HearingDetails(
        title=form.title.data,
        subtitle=form.subtitle.data or None,
        case_number=form.case_number.data or None,
        committee=form.committee.data or None,
        summary=form.summary.data or "",
        letter=form.letter.data or "",
        is_public=form.is_public.data,
        opens_at=opens_at,
        deadline_at=local_to_utc(form.deadline_on.data, form.deadline_time.data or END_OF_DAY),
        officers=[users[i] for i in form.officers.data or [] if i in users],
        approver=db.session.get(User, form.approver.data) if form.approver.data else None,
    )


def _retention_is_valid(form: HearingForm, hearing: Hearing) -> bool:
    """A new retention date lies ahead: one in the past would empty the hearing at the next night's run."""
    if "retention_until" not in form or form.retention_until.data in (None, hearing.retention_until):
        return True
    if form.retention_until.data <= to_local(utcnow()).date():
        form.retention_until.errors = [_("Datoen skal ligge efter i dag.")]
        return False
    return True


def _original_is_valid(form: HearingForm) -> bool:
    upload = form.original.data
    if not upload or not getattr(upload, "filename", ""):
        return True
    data = upload.read(MAX_ORIGINAL_BYTES + 1)
    upload.stream.seek(0)
    if len(data) > MAX_ORIGINAL_BYTES:
        form.original.errors = [_("Filen er større end 20 MB. Vælg en mindre fil.")]
    elif not data:
        form.original.errors = [_("Filen er tom.")]
    elif detect_document_type(data) is None:
        form.original.errors = [_("Filen er ikke en PDF, et Word-dokument eller et ODT-dokument.")]
    return not form.original.errors


def _store_original(form: HearingForm, hearing: Hearing) -> None:
    from app.attachments.operations import store_attachment

    upload = form.original.data
    if not upload or not getattr(upload, "filename", ""):
        return
    data = upload.read()
    version = hearing.current_version
    attachment = store_attachment(upload.filename, data, detect_document_type(data), hearing_id=hearing.id,
                                  personal=False, uploaded_by_id=current_user.id)
    version.original_attachment_id = attachment.id
