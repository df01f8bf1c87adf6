"""The memo for staff: a preview that says what is missing, and the files to download."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.audit.operations import record
from app.auth import staff_required
from app.confirmations import ConfirmForm, confirmation_page, confirmed
from app.downloads import send_download
from app.extensions import db
from app.forms import EmptyForm
from app.hearings.loading import current_hearing
from app.hearings.models import Hearing
from app.jobs.models import FORMAT_LABELS, JobState
from app.jobs.operations import enqueue, jobs_of_hearing
from app.memos import operations, publishing
from app.memos.compile import compile_memo
from app.memos.content import MemoContent
from app.memos.exports import APPENDIX_FORMATS, FORMATS, MemoFile, export
from app.memos.forms import FinaliseForm
from app.memos.gaps import LISTED_GAPS, gaps_by_section, gaps_to_link
from app.memos.jobs import order_memo_file, order_version_file, order_version_files, stored_file
from app.memos.models import Memo
from app.memos.on_screen import PART_ARGUMENT
from app.memos.render import memo_body_html
from app.records.operations import file_on_case
from app.refusals import Refused, show_refusal
from app.replies.operations import GENERAL_KEY
from app.responses.models import Comment


@staff_required
def memo_preview():
    hearing = current_hearing()
    memo = compile_memo(hearing)
    body = memo_body_html(memo, 3, "memos.memo_preview", request.args.get(PART_ARGUMENT), slug=hearing.slug)
    return render_template("memos/preview.html", hearing=hearing, memo=memo, body=body,
                           gap_sections=gaps_by_section(memo.gaps) if len(memo.gaps) > LISTED_GAPS else None,
                           answer_at=_where_to_answer(hearing, memo), versions=operations.memos_of(hearing),
                           form=FinaliseForm(), action_form=EmptyForm(),
                           can_finalise=hearing.can_finalise_memo(current_user),
                           can_send=hearing.can_send_to_committee(current_user),
                           can_publish=hearing.can_edit(current_user), published=publishing.published_memo(hearing),
                           files=jobs_of_hearing(hearing.id, current_user), format_labels=FORMAT_LABELS)


def _where_to_answer(hearing: Hearing, memo: MemoContent) -> dict[int, str]:
    """For each comment without a reply: the key of the section page where it is answered."""
    ids = [gap.comment_id for gap in gaps_to_link(memo.gaps) if gap.kind == "no_reply" and gap.comment_id is not None]
    if not ids:
        return {}
    keys = {section.key for section in hearing.current_version.sections}
    comments = db.session.scalars(select(Comment).where(Comment.id.in_(ids)).options(selectinload(Comment.section)))
    where = {comment.id: comment.section.key if comment.section else GENERAL_KEY for comment in comments}
    return {comment_id: key for comment_id, key in where.items() if key == GENERAL_KEY or key in keys}


@staff_required
def publish_memo():
    """Publishing cannot be taken back (what was public may have been read and kept), so it asks first."""
    hearing = current_hearing(edit=True)
    memo = operations.latest_memo(hearing)
    published = publishing.published_memo(hearing)
    if memo is not None and published is not None and published.version == memo.version:
        flash(_("Version %(number)d af høringsnotatet er allerede offentliggjort.", number=memo.version), "info")
        return redirect(url_for("memos.memo_preview", slug=hearing.slug))
    form = ConfirmForm()
    if memo is not None and not confirmed(form):
        return confirmation_page("memos/confirm_publish.html", form, hearing=hearing, memo=memo, published=published,
                                 cancel_url=url_for("memos.memo_preview", slug=hearing.slug))
    try:
        memo = publishing.publish(hearing)
    except Refused as refused:
        show_refusal(refused)
    else:
        db.session.commit()
        flash(_("Version %(number)d af høringsnotatet er offentliggjort på høringens side.", number=memo.version),
              "success")
    return redirect(url_for("memos.memo_preview", slug=hearing.slug))


@staff_required
def unpublish_memo():
    hearing = current_hearing(edit=True)
    if not EmptyForm().validate_on_submit():
        abort(400)
    publishing.unpublish(hearing)
    db.session.commit()
    flash(_("Høringsnotatet er fjernet fra høringens offentlige side."), "success")
    return redirect(url_for("memos.memo_preview", slug=hearing.slug))


@staff_required
def finalise_memo():
    """A finalised version cannot be changed or taken back: this page is its confirmation page."""
    hearing = current_hearing(edit=True)
    if not hearing.can_finalise_memo(current_user):  # the right people, the wrong time
        flash(_("Høringsnotatet kan færdiggøres, når forvaltningen svarer på høringssvarene, og indtil udvalget "
                "har besluttet."), "error")
        return redirect(url_for("memos.memo_preview", slug=hearing.slug))
    form = FinaliseForm()
    if confirmed(form):
        try:
            frozen = operations.finalise(hearing, current_user, form.override_reason.data)
        except Refused as refused:
            show_refusal(refused, form.override_reason.errors)
        else:
            files = order_version_files(frozen) if frozen is not None else []  # nobody's: no "file ready" mails
            db.session.commit()
            for job in files:  # made once and stored: every later download serves them
                enqueue(job)
            file_on_case(hearing)  # journalisering of the new version, after the commit
            if frozen is None:
                flash(_("Høringsnotatet er ikke ændret siden seneste version, så der er ikke lavet en ny."), "info")
            else:
                flash(_("Version %(number)d af høringsnotatet er færdiggjort.", number=frozen.version), "success")
            return redirect(url_for("memos.memo_preview", slug=hearing.slug))
    return confirmation_page("memos/finalise.html", form, hearing=hearing, memo=compile_memo(hearing),
                             latest=operations.latest_memo(hearing),
                             cancel_url=url_for("memos.memo_preview", slug=hearing.slug))


@staff_required
def memo_version_download(version: int, file_format: str, part: str = "memo"):
    """A finalised version's file: the one stored when it was finalised; while its job is still at work
    (or for a version finalised before files were stored), that job's page, which then offers it."""
    hearing = current_hearing()
    frozen = db.session.scalar(select(Memo).where(Memo.hearing_id == hearing.id, Memo.version == version))
    if frozen is None or file_format not in FORMATS or (part == "appendix" and file_format not in APPENDIX_FORMATS):
        abort(404)
    stored = stored_file(frozen, file_format, part) if file_format in APPENDIX_FORMATS else None
    record("memo_exported", hearing, hearing_id=hearing.id, format=file_format, version=version,
           **({"part": part} if part != "memo" else {}))
    if stored is not None:
        db.session.commit()
        return send_download(stored.data, stored.filename, stored.mimetype)
    if file_format not in APPENDIX_FORMATS:  # the tables are not stored: quick to make from the version
        db.session.commit()
        return _attachment(export(MemoContent.from_dict(frozen.content), file_format, version=version))
    job = order_version_file(frozen, file_format, part, current_user)
    db.session.commit()
    if job.state is JobState.QUEUED and job.enqueued_at is None:
        enqueue(job)
    return redirect(url_for("jobs.job_page", job_id=job.id), code=303)


@staff_required
def memo_version_appendix(version: int, file_format: str):
    return memo_version_download(version, file_format, part="appendix")


@staff_required
def memo_download(file_format: str):
    """The live memo as a file: made by a background worker, whose page shows its progress. A GET (a
    bookmark, an old link) shows the button that asks for it."""
    hearing = current_hearing()
    if file_format not in FORMATS:
        abort(404)
    form = EmptyForm()
    if not form.validate_on_submit():
        return render_template("memos/order_file.html", hearing=hearing, file_format=file_format, form=form,
                               format_label=FORMAT_LABELS[file_format])
    job = order_memo_file(hearing, file_format, current_user)
    record("memo_exported", hearing, hearing_id=hearing.id, format=file_format)  # it names people: who took it
    db.session.commit()
    enqueue(job)
    return redirect(url_for("jobs.job_page", job_id=job.id), code=303)


def _attachment(memo_file: MemoFile) -> Response:
    return send_download(memo_file.content, memo_file.filename, memo_file.mimetype)
