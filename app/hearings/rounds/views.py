"""Staff's pages of a revised draft for the committee, and of a second hearing round."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import staff_required
from app.extensions import db
from app.hearings import draft_import
from app.hearings.comparison import compare_versions
from app.hearings.forms import DraftImportForm
from app.hearings.loading import current_hearing
from app.hearings.models import DraftVersion, Hearing
from app.hearings.rounds import operations
from app.hearings.rounds.carry_over import carried_comments
from app.hearings.rounds.forms import CommitteeDraftForm, CommitteeSectionForm, SecondRoundForm
from app.hearings.section_operations import find_section
from app.hearings.text_format import html_to_markdown
from app.refusals import Refused, show_refusal
from app.timezone import END_OF_DAY, local_to_utc


def _back(hearing: Hearing, reason) -> object:
    flash(str(reason), "error")
    return redirect(url_for("hearings.show", slug=hearing.slug))


@staff_required
def new_committee_draft():
    hearing = current_hearing(edit=True)
    if not hearing.is_postponed:
        return _back(hearing, operations.NOT_POSTPONED)
    if hearing.next_round is not None:
        return _back(hearing, operations.ALREADY_SENT_OUT)
    form = CommitteeDraftForm()
    if form.validate_on_submit():
        try:
            version = operations.make_committee_draft(hearing, form.title.data, form.note.data or "", current_user)
        except Refused as refused:
            show_refusal(refused, form.title.errors)
        else:
            db.session.commit()
            flash(_("Det reviderede udkast er lavet som version %(number)d. Ret afsnittene herunder.",
                    number=version.number), "success")
            return redirect(url_for("hearings.committee_draft", slug=hearing.slug, version=version.number))
    return render_template("hearings/rounds/new_committee_draft.html", hearing=hearing, form=form)


def _draft(hearing: Hearing, number: int) -> DraftVersion:
    draft = operations.committee_draft(hearing, number)
    if draft is None:
        abort(404)
    return draft


@staff_required
def committee_draft(version: int):
    hearing = current_hearing()
    draft = _draft(hearing, version)
    editable = (hearing.can_make_committee_draft(current_user) and hearing.next_round is None
                and draft is hearing.committee_drafts[-1])
    return render_template(
        "hearings/rounds/committee_draft.html", hearing=hearing, draft=draft, heard=hearing.current_version,
        differences=compare_versions(hearing.current_version, draft), editable=editable,
        may_send=hearing.can_start_next_round(current_user),
    )


@staff_required
def edit_committee_section(version: int, key: str):
    hearing = current_hearing(edit=True)
    draft = _draft(hearing, version)
    section = find_section(draft, key)
    if section is None:
        abort(404)
    form = CommitteeSectionForm()
    if request.method == "GET":
        form.heading.data, form.text.data = section.heading, html_to_markdown(section.body_html)
    if form.validate_on_submit():
        try:
            changed = operations.edit_committee_section(draft, key, form.heading.data, form.text.data or "")
        except Refused as refused:
            show_refusal(refused, form.text.errors)
        else:
            db.session.commit()
            flash(_("Afsnittet er rettet.") if changed else _("Afsnittet er uændret."), "success")
            return redirect(url_for("hearings.committee_draft", slug=hearing.slug, version=draft.number,
                                    _anchor=f"difference-{key}"))
    return render_template("hearings/rounds/committee_section.html", hearing=hearing, draft=draft,
                           section=section, form=form)


@staff_required
def import_committee_draft(version: int):
    """The revised draft from a file or pasted text, through the draft importer; the page it leads to shows
    the sections with their changes marked, so a wrong file is seen at once (and imported again)."""
    hearing = current_hearing(edit=True)
    draft = _draft(hearing, version)
    form = DraftImportForm()
    del form.from_original
    if form.validate_on_submit():
        result = _parse(form)
        if result is not None:
            try:
                operations.import_committee_draft(draft, result)
            except Refused as refused:
                show_refusal(refused, form.document.errors)
            else:
                db.session.commit()
                flash(_("Det reviderede udkast er importeret. Ændringerne i forhold til høringen er markeret "
                        "herunder."), "success")
                return redirect(url_for("hearings.committee_draft", slug=hearing.slug, version=draft.number))
    return render_template("hearings/rounds/committee_import.html", hearing=hearing, draft=draft, form=form)


def _parse(form: DraftImportForm) -> draft_import.ImportResult | None:
    upload = form.document.data
    has_file = bool(upload and getattr(upload, "filename", ""))
    if not has_file and not form.text.data:
        form.document.errors = [_("Vælg en fil med udkastet, eller indsæt teksten.")]
        return None
    try:
        if has_file:
            return draft_import.import_document(upload.read(draft_import.MAX_DOCX_BYTES + 1), upload.filename)
        return draft_import.import_markdown(form.text.data)
    except draft_import.DraftImportError as error:
        (form.document if has_file else form.text).errors = [str(error.message)]
        return None


@staff_required
def second_round():
    hearing = current_hearing(edit=True)
    if hearing.next_round is not None:
        return redirect(url_for("hearings.show", slug=hearing.next_round.slug))
    if not hearing.can_start_next_round(current_user):
        return _back(hearing, operations.NO_COMMITTEE_DRAFT if hearing.is_postponed else operations.NOT_POSTPONED)
    draft = hearing.committee_drafts[-1]
    form = SecondRoundForm()
    if request.method == "GET":
        form.title.data = _("Genhøring: %(title)s", title=hearing.title)
        form.letter.data = _("Forvaltningen sender hermed det reviderede udkast (%(draft)s) i genhøring. Ved "
                             "linket kan I se jeres bemærkninger fra første høringsrunde, forvaltningens svar på "
                             "dem og ændringerne i udkastet, før I svarer igen.", draft=draft.title)
    if form.validate_on_submit():
        details = operations.RoundDetails(
            title=form.title.data, letter=form.letter.data or "",
            deadline_at=local_to_utc(form.deadline_on.data, form.deadline_time.data or END_OF_DAY))
        try:
            second = operations.start_second_round(hearing, details, current_user)
        except Refused as refused:
            show_refusal(refused, form.deadline_on.errors)
        else:
            db.session.commit()
            flash(_("Genhøringen er oprettet med de samme høringsparter. Invitationerne sendes, når du åbner den."),
                  "success")
            return redirect(url_for("hearings.show", slug=second.slug))
    return render_template("hearings/rounds/second_round.html", hearing=hearing, draft=draft, form=form)


@staff_required
def earlier_comments():
    hearing = current_hearing()
    if hearing.previous_round is None:
        abort(404)
    return render_template("hearings/rounds/earlier_comments.html", hearing=hearing,
                           groups=carried_comments(hearing))
