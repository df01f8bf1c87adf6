"""Importing the draft: upload or paste, preview the sections, then save."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from app.auth import staff_required
from app.extensions import db
from app.hearings import draft_import, operations
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
    if form.validate_on_submit():
        result = _parse(form)
        if result is not None:
            confirm = ConfirmImportForm(payload=_signer().dumps(draft_import.result_to_json(result)))
            return render_template(
                "hearings/import_preview.html", hearing=hearing, result=result, form=confirm,
                count=draft_import.count_sections(result),
            )
    return render_template("hearings/import.html", hearing=hearing, form=form)


def _parse(form: DraftImportForm) -> draft_import.ImportResult | None:
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


@staff_required
def save_draft():
    hearing = current_hearing(edit=True)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        result = draft_import.result_from_json(_signer().loads(form.payload.data))
    except (BadSignature, ValueError, TypeError, KeyError):
        abort(400)
    try:
        operations.replace_draft(hearing, result, current_user)
    except Refused as refused:
        show_refusal(refused)
        return redirect(url_for("hearings.show", slug=hearing.slug))
    db.session.commit()
    flash(ngettext("Udkastet er gemt med %(num)d afsnit.", "Udkastet er gemt med %(num)d afsnit.",
                   draft_import.count_sections(result)), "success")
    return redirect(url_for("hearings.show", slug=hearing.slug))
