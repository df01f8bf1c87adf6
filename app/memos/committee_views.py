"""Staff send the memo to the committee and record the committee's decision."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.auth import staff_required
from app.db_types import utcnow
from app.extensions import db
from app.hearings.loading import current_hearing
from app.memos import committee, operations
from app.memos.forms import CommitteeForm, DecisionForm
from app.refusals import Refused, show_refusal
from app.timezone import to_local


@staff_required
def send_to_committee():
    hearing = current_hearing(edit=True)
    if not hearing.can_send_to_committee(current_user):  # the right people, the wrong time
        flash(_("Høringsnotatet kan sendes til udvalget, når det er færdiggjort, og indtil udvalget har besluttet."),
              "error")
        return redirect(url_for("hearings.show", slug=hearing.slug))
    memo = operations.latest_memo(hearing)
    candidates = committee.committee_users()
    form = CommitteeForm()
    form.members.choices = [(user.id, user.name) for user in candidates]
    if request.method == "GET":
        form.members.data = [user.id for user in hearing.committee_members]
    if memo is not None and form.validate_on_submit():
        by_id = {user.id: user for user in candidates}
        members = [by_id[i] for i in form.members.data if i in by_id]
        try:
            committee.send_to_committee(hearing, members, current_user)
        except Refused as refused:
            show_refusal(refused)
        else:
            db.session.commit()
            flash(ngettext("Version %(number)d af høringsnotatet er sendt til %(num)d udvalgsmedlem.",
                           "Version %(number)d af høringsnotatet er sendt til %(num)d udvalgsmedlemmer.",
                           len(members), number=memo.version), "success")
            return redirect(url_for("hearings.show", slug=hearing.slug))
    return render_template("memos/send_to_committee.html", hearing=hearing, memo=memo, form=form,
                           candidates=candidates)


@staff_required
def record_decision():
    hearing = current_hearing(edit=True)
    if not hearing.can_record_decision(current_user):  # the right people, the wrong time
        flash(_("Udvalgets beslutning kan registreres, når høringsnotatet er sendt til udvalget."), "error")
        return redirect(url_for("hearings.show", slug=hearing.slug))
    form = DecisionForm(earliest=to_local(hearing.opens_at).date() if hearing.opens_at else None,
                        today=to_local(utcnow()).date())
    if form.validate_on_submit():
        try:
            committee.record_decision(hearing, form.decided_on.data, form.decision_text.data)
        except Refused as refused:
            show_refusal(refused, form.decision_text.errors)
        else:
            db.session.commit()
            flash(_("Udvalgets beslutning er registreret. Høringen er afsluttet."), "success")
            return redirect(url_for("hearings.show", slug=hearing.slug))
    return render_template("memos/decision.html", hearing=hearing, form=form)
