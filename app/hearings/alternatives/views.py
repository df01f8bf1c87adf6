"""The hearing's alternatives: which parts of the draft the parties choose between."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.auth import staff_required
from app.extensions import db
from app.hearings.alternatives import operations as ops
from app.hearings.forms import AlternativesForm
from app.hearings.loading import current_hearing
from app.refusals import Refused, show_refusal


@staff_required
def alternatives():
    hearing = current_hearing(edit=True)
    form = AlternativesForm()
    form.sections.choices = [(s.key, s.label) for s in ops.top_sections(hearing)]
    status = 200
    if form.is_submitted():
        if form.validate():
            try:
                ops.set_alternatives(hearing, form.sections.data or [])
            except Refused as refused:
                show_refusal(refused, form.sections.errors)
            else:
                db.session.commit()
                flash(_("Alternativerne er gemt."), "success")
                return redirect(url_for("hearings.alternatives", slug=hearing.slug))
        status = 409 if not ops.can_change(hearing) else 422
    else:
        form.sections.data = [a.section_key for a in hearing.alternatives]
    return render_template("hearings/alternatives.html", hearing=hearing, form=form,
                           may_change=ops.can_change(hearing)), status
