"""Staff fix where a comment sits: move it, split it, or set it aside as no remark."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import ensure, staff_required
from app.extensions import db
from app.forms import EmptyForm
from app.hearings.loading import current_hearing
from app.hearings.models import Hearing, Section
from app.hearings.sections import with_depth
from app.refusals import Refused, show_refusal
from app.replies import comment_fixes
from app.replies.forms import MoveCommentForm, SplitCommentForm
from app.replies.operations import GENERAL_KEY
from app.responses.models import Comment, ResponseState


@staff_required
def fix_comment(comment_id: int):
    hearing = current_hearing()
    ensure(hearing.can_reply(current_user))
    comment = _comment_or_404(hearing, comment_id)
    return _page(hearing, comment, _move_form(hearing, comment), _split_form(hearing, comment))


@staff_required
def move_comment(comment_id: int):
    hearing = current_hearing()
    ensure(hearing.can_reply(current_user))
    comment = _comment_or_404(hearing, comment_id)
    form = _move_form(hearing, comment)
    if not form.validate_on_submit():
        return _page(hearing, comment, form, _split_form(hearing, comment)), 422
    return _act(hearing, comment, lambda: comment_fixes.move(comment, _section(hearing, form.section.data)),
                _("Bemærkningen er flyttet."))


@staff_required
def split_comment(comment_id: int):
    hearing = current_hearing()
    ensure(hearing.can_reply(current_user))
    comment = _comment_or_404(hearing, comment_id)
    form = _split_form(hearing, comment)
    if not form.validate_on_submit():
        return _page(hearing, comment, _move_form(hearing, comment), form), 422
    return _act(hearing, comment, lambda: comment_fixes.split(
        comment, form.before_paragraph.data, _section(hearing, form.second_section.data)),
        _("Bemærkningen er delt i to."))


@staff_required
def toggle_not_a_remark(comment_id: int):
    hearing = current_hearing()
    ensure(hearing.can_reply(current_user))
    comment = _comment_or_404(hearing, comment_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    aside = comment.is_active
    return _act(hearing, comment, lambda: comment_fixes.set_not_a_remark(comment, aside),
                _("Bemærkningen er sat til side som ”ikke en bemærkning”.") if aside
                else _("Bemærkningen er med igen."))


# ---------------------------------------------------------------- helpers


def _comment_or_404(hearing: Hearing, comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.response.hearing_id != hearing.id \
            or comment.response.state is not ResponseState.SUBMITTED:
        abort(404)
    return comment


def _choices(hearing: Hearing) -> list[tuple[str, str]]:
    sections = with_depth(hearing.current_version.sections)
    return [(GENERAL_KEY, _("Generelle bemærkninger"))] + [
        (section.key, section.full_label) for section, _depth in sections
    ]


def _section(hearing: Hearing, key: str) -> Section | None:
    return next((s for s in hearing.current_version.sections if s.key == key), None)


def _move_form(hearing: Hearing, comment: Comment) -> MoveCommentForm:
    form = MoveCommentForm()
    form.section.choices = _choices(hearing)
    return form


def _split_form(hearing: Hearing, comment: Comment) -> SplitCommentForm:
    form = SplitCommentForm()
    parts = comment_fixes.paragraphs(comment.text)
    form.before_paragraph.choices = [
        (number, _("Før: ”%(start)s …”", start=part[:80])) for number, part in enumerate(parts[1:], 1)
    ]
    form.second_section.choices = _choices(hearing)
    return form


def _page(hearing: Hearing, comment: Comment, move_form, split_form):
    key = comment.section.key if comment.section else GENERAL_KEY
    return render_template("replies/fix_comment.html", hearing=hearing, comment=comment, key=key,
                           move_form=move_form, split_form=split_form, aside_form=EmptyForm(),
                           can_split=len(comment_fixes.paragraphs(comment.text)) > 1)


def _act(hearing: Hearing, comment: Comment, act, done: str):
    key = comment.section.key if comment.section else GENERAL_KEY
    try:
        act()
        db.session.commit()
        flash(done, "success")
    except Refused as refused:
        show_refusal(refused)
        return redirect(url_for("replies.fix_comment", slug=hearing.slug, comment_id=comment.id))
    return redirect(url_for("replies.section_replies", slug=hearing.slug, key=key))
