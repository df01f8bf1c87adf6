"""Importing the draft: upload or paste, preview the sections, then save."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from app.auth import staff_required
from app.extensions import db
from app.hearings import draft_import, operations
from app.hearings.draft_import.numbering import change_numbers
from app.hearings.draft_import.preview import result_from_json, result_to_json
from app.hearings.forms import ConfirmImportForm, DraftImportForm
from app.hearings.loading import current_hearing
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
    if form.validate_on_submit():
        result = _parse(form, original)
        if result is not None:
            sections = list(draft_import.all_sections(result.sections))
            confirm = ConfirmImportForm(formdata=None, payload=_signer().dumps(result_to_json(result)),
                                        numbers=[section.number or "" for section in sections])
            return _preview(hearing, result, confirm)
    return render_template("hearings/import.html", hearing=hearing, form=form, original=original)


def _preview(hearing, result: draft_import.ImportResult, form: ConfirmImportForm):
    sections = list(draft_import.all_sections(result.sections))
    form.label_numbers(sections)
    fields = {id(section): entry for section, entry in zip(sections, form.numbers.entries, strict=True)}
    return render_template("hearings/import_preview.html", hearing=hearing, result=result, form=form,
                           number_field=lambda section: fields[id(section)], count=len(sections))


def _parse(form: DraftImportForm, original) -> draft_import.ImportResult | None:
    if form.from_original.data:
        return _parse_original(form, original)
    upload = form.document.data
    has_file = bool(upload and getattr(upload, "filename", ""))
    if not has_file and not form.text.data:
        form.document.errors = [_("Vælg en fil med udkastet, eller indsæt teksten.")]
        return None
    try:
        if has_file:
            data = upload.read(draft_import.MAX_DOCX_BYTES + 1)
            return draft_import.import_document(data, upload.filename)
        return draft_import.import_markdown(form.text.data)
    except draft_import.DraftImportError as error:
        (form.document if has_file else form.text).errors = [str(error.message)]
        return None


def _parse_original(form: DraftImportForm, original) -> draft_import.ImportResult | None:
    if original is None:  # removed, or replaced by a file the importer cannot read, since the page was shown
        form.document.errors = [_("Høringen har ikke længere en uploadet fil, der kan importeres. Vælg filen igen.")]
        return None
    try:
        return draft_import.import_document(original.data)
    except draft_import.DraftImportError as error:
        form.document.errors = [_("Den uploadede fil %(name)s kan ikke importeres: %(reason)s",
                                  name=original.filename, reason=error.message)]
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
