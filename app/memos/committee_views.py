"""Staff send the memo to the committee."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.auth import staff_required
from app.extensions import db
from app.hearings.loading import current_hearing
from app.memos import committee, operations
from app.memos.forms import CommitteeForm
from app.refusals import Refused, show_refusal


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
