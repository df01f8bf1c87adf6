"""Importing the draft: upload or paste, preview the sections, then save.

A file (Word, ODT, PDF, or the hearing's own upload) is read by a background worker: the upload is
stored with its job, the person follows the job's progress page, and the preview opens when it is done.
Pasted text is read at once, as it takes no time.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from app.auth import staff_required
from app.extensions import db
from app.hearings import draft_import, draft_jobs, operations
from app.hearings.draft_import.numbering import change_numbers
from app.hearings.draft_import.preview import result_from_json, result_to_json
from app.hearings.forms import ConfirmImportForm, DraftImportForm
from app.hearings.loading import current_hearing
from app.jobs.models import Job, JobState
from app.jobs.operations import enqueue
from app.refusals import Refused, show_refusal
from app.security import signing_keys


def _signer() -> URLSafeSerializer:
    # The preview carries the parsed tree back in a hidden field: signed, so
    # what is saved is exactly what was shown, and nothing is stored before.
    return URLSafeSerializer(signing_keys(), salt="draft-import")


@staff_required
def import_draft():
    hearing = current_hearing(edit=True)
    if hearing.draft_is_frozen:
        abort(409)  # not a question of who asks: once out for hearing, a correction makes a new version
    form = DraftImportForm()
    original = operations.importable_original(hearing)
    if request.method == "GET":
        _show_refusal(form, hearing, request.args.get("job", type=int))
    if form.validate_on_submit():
        if form.from_original.data or _has_file(form):
            job = _order(form, hearing, original)
            if job is not None:
                db.session.commit()
                enqueue(job)
                return redirect(url_for("jobs.job_page", job_id=job.id), code=303)
        else:
            result = _parse_text(form)
            if result is not None:
                return _first_preview(hearing, result)
    return render_template("hearings/import.html", hearing=hearing, form=form, original=original)


@staff_required
def import_result(job_id: int):
    """The preview of a file the worker has read: the same page and form as pasted text gets."""
    hearing = current_hearing(edit=True)
    if hearing.draft_is_frozen:
        abort(409)
    job = db.session.get(Job, job_id)
    if job is None or job.kind != draft_jobs.KIND or job.hearing_id != hearing.id:
        abort(404)
    if job.state is not JobState.DONE:
        return redirect(url_for("jobs.job_page", job_id=job.id))
    result = draft_jobs.imported_result(job)
    if result is None:  # its file was removed after some days
        flash(_("Importen er for gammel og er slettet. Vælg filen igen."), "warning")
        return redirect(url_for("hearings.import_draft", slug=hearing.slug))
    return _first_preview(hearing, result)


def _first_preview(hearing, result: draft_import.ImportResult):
    sections = list(draft_import.all_sections(result.sections))
    confirm = ConfirmImportForm(formdata=None, payload=_signer().dumps(result_to_json(result)),
                                numbers=[section.number or "" for section in sections])
    return _preview(hearing, result, confirm)


def _preview(hearing, result: draft_import.ImportResult, form: ConfirmImportForm):
    sections = list(draft_import.all_sections(result.sections))
    form.label_numbers(sections)
    fields = {id(section): entry for section, entry in zip(sections, form.numbers.entries, strict=True)}
    return render_template("hearings/import_preview.html", hearing=hearing, result=result, form=form,
                           number_field=lambda section: fields[id(section)], count=len(sections))


def _show_refusal(form: DraftImportForm, hearing, job_id: int | None) -> None:
    """Back from a file the worker could not read: its reason next to the field, the pasted text kept."""
    job = db.session.get(Job, job_id) if job_id else None
    if (job is None or job.kind != draft_jobs.KIND or job.hearing_id != hearing.id
            or job.state is not JobState.FAILED or not job.refusal):
        return
    form.document.errors = [job.refusal]
    form.text.data = job.params.get("text") or form.text.data


def _has_file(form: DraftImportForm) -> bool:
    upload = form.document.data
    return bool(upload and getattr(upload, "filename", ""))


def _order(form: DraftImportForm, hearing, original) -> Job | None:
    """The job that reads the file (stored with it first); None, with the reason next to the field, when
    there is nothing to read."""
    if form.from_original.data:
        if original is None:  # removed, or replaced by a file the importer cannot read, since the page was shown
            form.document.errors = [_("Høringen har ikke længere en uploadet fil, der kan importeres. "
                                      "Vælg filen igen.")]
            return None
        return draft_jobs.order_original_import(hearing, current_user, original, form.text.data)
    upload = form.document.data
    data = upload.read(draft_import.MAX_DOCX_BYTES + 1)
    if not data:
        form.document.errors = [str(draft_import.EMPTY_FILE)]
        return None
    if len(data) > draft_import.MAX_DOCX_BYTES:
        form.document.errors = [str(draft_import.TOO_LARGE)]
        return None
    return draft_jobs.order_draft_import(hearing, current_user, data, upload.filename, form.text.data)


def _parse_text(form: DraftImportForm) -> draft_import.ImportResult | None:
    if not form.text.data:
        form.document.errors = [_("Vælg en fil med udkastet, eller indsæt teksten.")]
        return None
    try:
        return draft_import.import_markdown(form.text.data)
    except draft_import.DraftImportError as error:
        form.text.errors = [str(error.message)]
        return None


@staff_required
def save_draft():
    hearing = current_hearing(edit=True)
    form = ConfirmImportForm()
    try:
        result = result_from_json(_signer().loads(form.payload.data or ""))
    except (BadSignature, ValueError, TypeError, KeyError):
        abort(400)
    sections = list(draft_import.all_sections(result.sections))
    if not form.label_numbers(sections):
        abort(400)  # one number per previewed section, or the form was not made here
    if not form.validate_on_submit():
        if set(form.errors) - {"numbers"}:
            abort(400)
        return _preview(hearing, result, form)  # what was typed stays in the fields, next to its message
    if form.numbers.entries:
        change_numbers(sections, form.numbers.data)
    try:
        operations.replace_draft(hearing, result, current_user)
    except Refused as refused:
        show_refusal(refused)
        return redirect(url_for("hearings.show", slug=hearing.slug))
    db.session.commit()
    flash(ngettext("Udkastet er gemt med %(num)d afsnit.", "Udkastet er gemt med %(num)d afsnit.",
                   draft_import.count_sections(result)), "success")
    return redirect(url_for("hearings.show", slug=hearing.slug))
