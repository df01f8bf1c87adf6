"""The reply workspace: staff answer every comment, section by section, and a team lead approves.

load → check → validate → act → redirect; the rules are in `operations` and
on the hearing (`can_reply`, `can_approve_replies`).
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from app.auth import ensure, staff_required
from app.db_types import utcnow
from app.extensions import db
from app.fields import int_or_none
from app.forms import EmptyForm
from app.hearings.loading import current_hearing
from app.hearings.models import Hearing, Section
from app.hearings.sections import with_depth
from app.jobs.operations import enqueue
from app.refusals import Refused, show_refusal
from app.replies import operations as replying
from app.replies import (
    progress,
    revision,
)
from app.replies.alike import alike, order_grouping
from app.replies.forms import ChooseCommentsForm, ReplyForm, SendBackForm
from app.replies.models import Outcome, Reply, ReplyStatus
from app.replies.section_page import section_page
from app.responses.models import Comment, CommentStatus

# A section of a national hearing can have thousands of comments, most of them a campaign's
# copies under one shared reply (bench/RESULTS.md): the page shows them a page at a time,
# and a shared reply's first few comments, with the rest on the reply's own page.
# Each comment shown is a card of its own (sender, time, text, links): 20 replies and 50 open comments
# a page keep the page near 100 cards, which renders in well under the 300 ms of issue 20.
REPLIES_PAGE, REPLIES_PER_PAGE = "svar", 20
OPEN_PAGE, OPEN_COMMENTS_PER_PAGE = "uden_svar", 50
COMMENTS_SHOWN_PER_REPLY = 3


@staff_required
def section_replies(key: str):
    hearing = current_hearing()
    section = _section_or_404(hearing, key)
    page = section_page(hearing, key, replies_page=int_or_none(request.args.get(REPLIES_PAGE)),
                        replies_per_page=REPLIES_PER_PAGE, open_page=int_or_none(request.args.get(OPEN_PAGE)),
                        open_per_page=OPEN_COMMENTS_PER_PAGE, shown_per_reply=COMMENTS_SHOWN_PER_REPLY)
    form = ChooseCommentsForm()
    form.comments.choices = [(i, str(i)) for i in page.open_ids]
    return render_template(
        "replies/section.html", hearing=hearing, section=section, key=key, total=page.total, form=form,
        replies=page.replies, open_comments=page.open_comments,
        set_aside=replying.answerable_comments(hearing, key, CommentStatus.NOT_A_REMARK),
        alike=alike(hearing, key, page.open_rows, page.sender) if hearing.can_reply(current_user) else None,
        can_reply=hearing.can_reply(current_user), neighbours=progress.neighbours(hearing, key),
        next_unanswered=progress.next_unanswered(hearing, key),
    )


@staff_required
def find_alike(key: str):
    """A large section's comments that say the same, grouped by a background worker (app/replies/alike.py)."""
    hearing = current_hearing()
    ensure(hearing.can_reply(current_user))
    _section_or_404(hearing, key)
    if not EmptyForm().validate_on_submit():
        abort(400)
    job = order_grouping(hearing, key, current_user)
    db.session.commit()
    enqueue(job)
    return redirect(url_for("jobs.job_page", job_id=job.id), code=303)


@staff_required
def start_reply(key: str):
    hearing = current_hearing()
    ensure(hearing.can_reply(current_user))
    _section_or_404(hearing, key)
    comments = {c.id: c for c in replying.answerable_comments(hearing, key)}
    form = ChooseCommentsForm()
    form.comments.choices = [(i, str(i)) for i in comments]
    if not form.validate_on_submit():
        abort(400)
    chosen = [form.comment.data] if form.comment.data else (form.comments.data or [])
    try:
        reply = replying.start_reply(hearing, [comments[i] for i in chosen if i in comments], current_user)
    except Refused as refused:
        show_refusal(refused)
        return redirect(url_for("replies.section_replies", slug=hearing.slug, key=key))
    db.session.commit()
    return redirect(url_for("replies.edit_reply", slug=hearing.slug, reply_id=reply.id))


@staff_required
def edit_reply(reply_id: int):
    hearing = current_hearing()
    ensure(hearing.can_reply(current_user))
    reply = _reply_or_404(hearing, reply_id)
    form = _reply_form(hearing, data=None if request.method == "POST" else _form_data(reply), reply=reply)
    theirs = None
    if form.fetch_text.data:  # fill in the chosen section's wording to edit; nothing is saved
        form.draft_change.data = revision.section_wording(form.sections.get(form.draft_change_key.data))
        return _edit_page(hearing, reply, form, None, fetched=True)
    if form.validate_on_submit():
        try:
            changed = replying.save_reply(reply, _content(form), int(form.lock_version.data or 0))
            db.session.commit()
        except (replying.ReplyConflict, StaleDataError):
            db.session.rollback()
            theirs = db.session.get(Reply, reply_id)
            form.lock_version.data = str(theirs.lock_version)  # saving again takes mine, having seen theirs
        else:
            if form.ready.data:  # "Send til godkendelse" sends what is in the form: saved first, never lost
                if changed:
                    flash(_("Svaret er gemt."), "success")
                return _send_for_approval(hearing, reply)
            flash(_("Svaret er gemt.") if changed else _("Der var ingen ændringer at gemme."), "success")
            return redirect(url_for("replies.edit_reply", slug=hearing.slug, reply_id=reply.id))
    return _edit_page(hearing, reply, form, theirs)


@staff_required
def reply_ready(reply_id: int):
    hearing = current_hearing()
    ensure(hearing.can_reply(current_user))
    reply = _reply_or_404(hearing, reply_id)
    _require_button()
    return _send_for_approval(hearing, reply)


@staff_required
def approve_reply(reply_id: int):
    hearing = current_hearing()
    ensure(hearing.can_approve_replies(current_user))
    reply = _reply_or_404(hearing, reply_id)
    _require_button()
    return _step(hearing, reply, lambda: replying.approve(reply, current_user, utcnow()), _("Svaret er godkendt."))


@staff_required
def send_back_reply(reply_id: int):
    hearing = current_hearing()
    ensure(hearing.can_approve_replies(current_user))
    reply = _reply_or_404(hearing, reply_id)
    form = SendBackForm()
    if form.validate_on_submit():
        return _step(hearing, reply, lambda: replying.send_back(reply, form.reason.data, current_user),
                     _("Svaret er sendt tilbage til sagsbehandleren."))
    return render_template("replies/send_back.html", hearing=hearing, reply=reply, form=form)


@staff_required
def detach_comment(comment_id: int):
    hearing = current_hearing()
    ensure(hearing.can_reply(current_user))
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.response.hearing_id != hearing.id or not EmptyForm().validate_on_submit():
        abort(404 if comment is None else 400)
    key = comment.section.key if comment.section else replying.GENERAL_KEY
    replying.detach(comment)
    db.session.commit()
    flash(_("Bemærkningen er løsrevet fra svaret og kan få sit eget."), "success")
    return redirect(url_for("replies.section_replies", slug=hearing.slug, key=key))


# ---------------------------------------------------------------- helpers


def _section_or_404(hearing: Hearing, key: str) -> Section | None:
    """The section of the current draft with this key; None for the general remarks."""
    if key == replying.GENERAL_KEY:
        return None
    section = next((s for s in hearing.current_version.sections if s.key == key), None)
    if section is None:
        abort(404)
    return section


def _reply_or_404(hearing: Hearing, reply_id: int) -> Reply:
    reply = db.session.get(Reply, reply_id)
    if reply is None or reply.hearing_id != hearing.id:
        abort(404)
    return reply


def _reply_form(hearing: Hearing, data: dict | None, reply: Reply) -> ReplyForm:
    form = ReplyForm(data=data)
    form.in_general_reply.choices = [("", _("Nej, svaret står her"))] + [
        (general.id, _general_label(general)) for general in replying.general_replies(hearing, but=reply)
    ]
    sections = with_depth(hearing.current_version.sections)
    form.sections = {section.key: section for section, _depth in sections}
    form.draft_change_key.choices = [("", _("Ingen ændring i udkastet"))] + [
        (section.key, section.full_label) for section, _depth in sections
    ]
    return form


def _general_label(reply: Reply) -> str:
    """"Handicaprådet: ”Forvaltningen foreslår, at der i forordet …”"."""
    senders = ", ".join(dict.fromkeys(comment.response.sender_name for comment in reply.comments))
    words = reply.text.split()
    opening = " ".join(words[:12]) + (" …" if len(words) > 12 else "")
    return f"{senders}: \u201d{opening}\u201d"


def _form_data(reply: Reply) -> dict:
    return {
        "text": reply.text, "outcome": reply.outcome.value if reply.outcome else None,
        "financial_consequence": "yes" if reply.financial_consequence else "no",
        "financial_note": reply.financial_note, "draft_change": reply.draft_change,
        "draft_change_key": reply.draft_change_key or "",
        "internal_note": reply.internal_note, "lock_version": str(reply.lock_version),
        "in_general_reply": reply.in_general_reply_id,
    }


def _content(form: ReplyForm) -> replying.ReplyContent:
    draft_change = form.draft_change.data or None
    return replying.ReplyContent(
        text=form.text.data or "", outcome=Outcome(form.outcome.data) if form.outcome.data else None,
        financial_consequence=form.financial_consequence.data == "yes",
        financial_note=form.financial_note.data or None, draft_change=draft_change,
        draft_change_key=(form.draft_change_key.data or None) if draft_change else None,
        internal_note=form.internal_note.data or None, in_general_reply_id=form.in_general_reply.data,
    )


def _edit_page(hearing: Hearing, reply: Reply, form: ReplyForm, theirs: Reply | None, fetched: bool = False):
    comment = reply.comments[0] if reply.comments else None
    key = comment.section.key if comment is not None and comment.section else replying.GENERAL_KEY
    return render_template(
        "replies/edit.html", hearing=hearing, reply=reply, form=form, theirs=theirs, key=key,
        section=comment.section if comment is not None else None,
        action_form=EmptyForm(), fetched=fetched, change=revision.proposed_change(hearing, reply),
        can_approve=hearing.can_approve_replies(current_user),
        approval_refused=replying.approval_refused(reply, current_user) if reply.status is ReplyStatus.READY else None,
    ), (409 if theirs is not None else 200)


def _require_button() -> None:
    """A one-button POST still carries its CSRF token."""
    if not EmptyForm().validate_on_submit():
        abort(400)


def _send_for_approval(hearing: Hearing, reply: Reply):
    return _step(hearing, reply, lambda: replying.mark_ready(reply, current_user, utcnow()),
                 _("Svaret er sendt til godkendelse."))


def _step(hearing: Hearing, reply: Reply, act, done: str):
    try:
        act()
        db.session.commit()
        flash(done, "success")
    except Refused as refused:
        show_refusal(refused)
    return redirect(url_for("replies.edit_reply", slug=hearing.slug, reply_id=reply.id))
