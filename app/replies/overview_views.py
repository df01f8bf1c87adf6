"""The overview of a hearing's answering (sections × senders, filters) and who answers what."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import ensure, staff_required
from app.extensions import db
from app.fields import int_or_none
from app.hearings.loading import current_hearing
from app.hearings.models import Hearing
from app.replies import assignments, progress
from app.replies import forms as replies_forms
from app.replies.models import Outcome, ReplyStatus
from app.replies.operations import GENERAL_KEY

SENDER_PAGE = "afsendere"  # the query argument that pages the matrix's sender columns


@staff_required
def reply_overview():
    hearing = current_hearing()
    names = progress.sender_names(hearing)
    form = _filter_form(hearing, names)
    filters = progress.Filters(
        sender=int_or_none(form.sender.data), outcome=form.outcome.data or None, status=form.status.data or None,
        assignee=int_or_none(form.assignee.data),
    ) if form.validate() else progress.Filters()
    overview = progress.overview(hearing, filters, names, page=int_or_none(request.args.get(SENDER_PAGE)))
    return render_template("replies/overview.html", hearing=hearing, overview=overview, senders=overview.senders,
                           page_args={k: v for k, v in request.args.items() if k != SENDER_PAGE},
                           form=form, filtered=filters != progress.Filters(),
                           can_assign=hearing.can_reply(current_user))


@staff_required
def assign_sections():
    hearing = current_hearing()
    ensure(hearing.can_reply(current_user))
    tops = [(GENERAL_KEY, _("Generelle bemærkninger"))] + [
        (s.key, s.label) for s in hearing.current_version.sections if s.parent_id is None
    ]
    officers = [(u.id, u.name) for u in sorted(hearing.officers, key=lambda u: u.name)]
    current = assignments.assignments(hearing)
    form = replies_forms.assignment_form(tops, officers, data=None if request.method == "POST" else {
        f"assign-{key}": str(user.id) for key, user in current.items()})
    if form.validate_on_submit():
        valid = {user_id for user_id, _name in officers}
        choices = {key: int_or_none(form[f"assign-{key}"].data) for key, _label in tops}
        changed = assignments.assign(hearing, {k: v if v in valid else None for k, v in choices.items()})
        db.session.commit()
        flash(_("Fordelingen er gemt.") if changed else _("Der var ingen ændringer at gemme."), "success")
        return redirect(url_for("replies.reply_overview", slug=hearing.slug))
    return render_template("replies/assign.html", hearing=hearing, form=form, tops=tops)



# ---------------------------------------------------------------- helpers



def _filter_form(hearing: Hearing, names: dict[int, str]) -> replies_forms.OverviewFilterForm:
    form = replies_forms.OverviewFilterForm(request.args)
    everyone = [("", _("Alle"))]
    form.sender.choices = everyone + [(str(response_id), name) for response_id, name in names.items()]
    form.outcome.choices = everyone + Outcome.choices()
    form.status.choices = everyone + [("none", _("Uden svar"))] + ReplyStatus.choices()
    form.assignee.choices = everyone + [(str(u.id), u.name) for u in hearing.officers]
    return form
