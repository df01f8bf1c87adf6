"""The revised draft and the comparison of draft versions, for staff."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import staff_required
from app.extensions import db
from app.fields import int_or_none
from app.forms import EmptyForm
from app.hearings.comparison import compare_text, compare_versions
from app.hearings.loading import current_hearing
from app.hearings.models import DraftVersion, Hearing
from app.refusals import Refused, show_refusal
from app.replies import revision


@staff_required
def draft_revision():
    hearing = current_hearing()
    plan = revision.plan_revision(hearing)
    previews = {change.section.key: compare_text(change.section.body_html, change.new_html)[0]
                for change in plan.changes + plan.conflicts}
    return render_template(
        "replies/revision.html", hearing=hearing, plan=plan, previews=previews,
        up_to_date=revision.is_up_to_date(hearing, plan), form=EmptyForm(),
        can_revise=hearing.can_revise_draft(current_user),
    )


@staff_required
def revise_draft():
    hearing = current_hearing(edit=True)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        version = revision.revise_draft(hearing, current_user)
    except Refused as refused:
        show_refusal(refused)
        return redirect(url_for("replies.draft_revision", slug=hearing.slug))
    if version is None:
        flash(_("Det reviderede udkast er allerede opdateret."), "info")
        return redirect(url_for("replies.draft_revision", slug=hearing.slug))
    db.session.commit()
    flash(_("Version %(number)d af udkastet er lavet med de godkendte ændringer.", number=version.number), "success")
    return redirect(url_for("replies.compare_drafts", slug=hearing.slug, fra=hearing.current_version.number,
                            til=version.number))


@staff_required
def compare_drafts():
    hearing = current_hearing()
    if len(hearing.versions) < 2:
        return render_template("replies/compare.html", hearing=hearing, old=None, new=None, differences=[])
    old, new = _versions_to_compare(hearing)
    show_all = request.args.get("alle") == "1"
    return render_template(
        "replies/compare.html", hearing=hearing, old=old, new=new, show_all=show_all,
        differences=compare_versions(old, new, include_same=show_all),
    )


def _versions_to_compare(hearing: Hearing) -> tuple[DraftVersion, DraftVersion]:
    """The versions asked for by number; by default the consulted draft and the latest version."""
    by_number = {version.number: version for version in hearing.versions}
    default_old = hearing.current_version if hearing.revised_version else hearing.versions[-2]
    old = by_number.get(int_or_none(request.args.get("fra")), default_old)
    new = by_number.get(int_or_none(request.args.get("til")), hearing.versions[-1])
    return old, new
