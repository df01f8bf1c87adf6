"""The section editor: edit, move, split, merge and renumber the sections of the draft.

The rules (in place before opening, a new version for a correction while
open, nothing after closing) live in section_operations; these views load,
check, validate, act and redirect.
"""

from dataclasses import dataclass

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from app.auth import staff_required
from app.extensions import db
from app.forms import EmptyForm
from app.hearings import section_operations as ops
from app.hearings.loading import current_hearing
from app.hearings.models import Hearing, Section
from app.hearings.section_forms import SavedTextForm, SplitForm, section_form
from app.hearings.text_format import block_text, html_to_markdown, markdown_to_html, split_blocks
from app.refusals import Refused, show_refusal

LABEL_CHARS = 400


@dataclass
class Row:
    """One section as the editor lists it."""

    section: Section
    depth: int
    first: bool  # first among its siblings
    last: bool  # last among its siblings
    can_split: bool


def _rows(sections: list[Section]) -> list[Row]:
    ordered = sorted(sections, key=lambda s: s.position)
    depth: dict[int, int] = {}
    siblings: dict[int | None, list[Section]] = {}
    for section in ordered:
        depth[section.id] = depth[section.parent_id] + 1 if section.parent_id else 0
        siblings.setdefault(section.parent_id, []).append(section)
    return [
        Row(section, depth[section.id], siblings[section.parent_id][0] is section,
            siblings[section.parent_id][-1] is section, len(split_blocks(section.body_html)) > 1)
        for section in ordered
    ]


def _editor_url(hearing: Hearing, key: str | None = None) -> str:
    return url_for("hearings.sections", slug=hearing.slug, _anchor=f"afsnit-{key}" if key else None)


def _refuse_when_closed(hearing: Hearing) -> None:
    """409 with the reason: after the deadline the draft is what the parties answered."""
    if ops.mode(hearing) is ops.Mode.CLOSED:
        abort(make_response(render_template(
            "errors/error.html", code=409, title=_("Udkastet kan ikke rettes"), message=ops.CLOSED_MESSAGE,
        ), 409))


def _section_or_404(hearing: Hearing, key: str) -> Section:
    section = ops.find_section(hearing.current_version, key)
    if section is None:
        abort(404)
    return section


@staff_required
def sections():
    hearing = current_hearing(edit=True)
    return render_template(
        "hearings/sections.html", hearing=hearing, rows=_rows(hearing.current_version.sections),
        mode=ops.mode(hearing).value, closed_message=ops.CLOSED_MESSAGE,
    )


@staff_required
def edit_section(key: str):
    hearing = current_hearing(edit=True)
    _refuse_when_closed(hearing)
    correction = ops.mode(hearing) is ops.Mode.NEW_VERSION
    section = ops.find_section(hearing.current_version, key)
    if section is None:
        if request.method == "POST":  # merged away while the form was open
            flash(_("Afsnittet findes ikke længere i udkastet. Din tekst er ikke gemt."), "error")
            return redirect(_editor_url(hearing))
        abort(404)
    if request.method == "POST":
        form = section_form(correction=correction)
    else:
        form = section_form(correction=correction, number=section.number, heading=section.heading,
                            page=section.page, text=html_to_markdown(section.body_html),
                            text_hash=ops.content_hash(section))
    saved = None
    status = 200
    if form.validate_on_submit():
        if form.text_hash.data != ops.content_hash(section):
            # Someone saved meanwhile: show theirs next to ours, keep ours in the form;
            # the next save is then a deliberate choice.
            form.form_errors.append(_(
                "En anden har gemt en ændring af afsnittet, mens du rettede det. Din tekst er ikke gemt. "
                "Sammenlign med den gemte tekst herunder, ret til, og gem igen."
            ))
            form.text_hash.data = ops.content_hash(section)
            saved = SavedTextForm(formdata=None, saved_text=html_to_markdown(section.body_html))
            status = 409
        else:
            content = ops.SectionContent(number=form.number.data or None, heading=form.heading.data,
                                         page=form.page.data, body_html=markdown_to_html(form.text.data or ""))
            try:
                changed = ops.edit_section(hearing, key, content, current_user,
                                           note=form.note.data if correction else None)
            except Refused as refused:
                show_refusal(refused, form.form_errors)
            else:
                if changed is None:
                    flash(_("Du har ikke ændret noget i afsnittet. Intet er gemt."), "info")
                    return redirect(_editor_url(hearing, key))
                db.session.commit()
                if correction:
                    flash(_("Rettelsen er gemt som version %(number)d af udkastet. "
                            "De inviterede parter får besked.", number=hearing.current_version.number), "success")
                else:
                    flash(_("Afsnittet \u201d%(label)s\u201d er gemt.", label=changed.label), "success")
                return redirect(_editor_url(hearing, key))
    return render_template(
        "hearings/section_form.html", hearing=hearing, section=section, form=form, correction=correction,
        saved=saved, saved_section=section if saved else None,
    ), status


@staff_required
def split_section(key: str):
    hearing = current_hearing(edit=True)
    _refuse_when_closed(hearing)
    if ops.mode(hearing) is not ops.Mode.IN_PLACE:
        flash(str(ops.FROZEN_STRUCTURE_MESSAGE), "error")
        return redirect(_editor_url(hearing, key))
    section = _section_or_404(hearing, key)
    blocks = split_blocks(section.body_html)
    form = SplitForm()
    form.before.choices = [(str(index), _split_label(index, block)) for index, block in enumerate(blocks) if index]
    if request.method == "GET":
        form.text_hash.data, form.page.data = ops.content_hash(section), section.page
    if form.validate_on_submit():
        if form.text_hash.data != ops.content_hash(section):
            form.form_errors.append(_("En anden har ændret afsnittets tekst, mens du valgte. "
                                      "Se teksten igen, og vælg, hvor den skal deles."))
            form.text_hash.data = ops.content_hash(section)
            form.before.data = None
        else:
            content = ops.SectionContent(number=form.number.data or None, heading=form.heading.data,
                                         page=form.page.data)
            try:
                second = ops.split_section(hearing, key, int(form.before.data), content)
            except Refused as refused:
                show_refusal(refused, form.form_errors)
            else:
                db.session.commit()
                flash(_("Afsnittet er delt. Den nye del hedder \u201d%(label)s\u201d.", label=second.label), "success")
                return redirect(_editor_url(hearing, second.key))
    return render_template("hearings/section_split.html", hearing=hearing, section=section, form=form,
                           first_block=block_text(blocks[0]) if blocks else "",
                           has_children=bool(section.children))


def _split_label(index: int, block: str) -> Markup:
    text = block_text(block)
    if len(text) > LABEL_CHARS:
        text = text[: LABEL_CHARS - 1].rsplit(" ", 1)[0] + " …"
    return Markup('<span class="d-block weight-semibold">{}</span><span class="d-block">{}. {}</span>').format(
        _("Del før dette afsnit"), index + 1, escape(text)
    )


@staff_required
def move_section(key: str, direction: str):
    if direction not in ("op", "ned"):
        abort(404)
    hearing = current_hearing(edit=True)
    _refuse_when_closed(hearing)
    section = _section_or_404(hearing, key)
    label = section.label
    return _structure_change(
        hearing, key, lambda: ops.move_section(hearing, key, -1 if direction == "op" else 1),
        lambda _result: _("\u201d%(label)s\u201d er flyttet op.", label=label) if direction == "op"
        else _("\u201d%(label)s\u201d er flyttet ned.", label=label),
    )


@staff_required
def merge_sections(key: str):
    hearing = current_hearing(edit=True)
    _refuse_when_closed(hearing)
    _section_or_404(hearing, key)
    return _structure_change(
        hearing, key, lambda: ops.merge_with_next(hearing, key),
        lambda result: _("Afsnittene er slået sammen til \u201d%(label)s\u201d. Overskriften \u201d%(gone)s\u201d "
                         "er ikke længere i udkastet; dens tekst og underafsnit er flyttet hertil.",
                         label=result[0].label, gone=result[1]),
    )


@staff_required
def renumber_sections():
    hearing = current_hearing(edit=True)
    _refuse_when_closed(hearing)
    return _structure_change(
        hearing, None, lambda: ops.renumber(hearing),
        lambda changed: _("Afsnittene er nummereret efter deres plads i udkastet: 1, 1.1, 1.2, 2 og så videre. "
                          "Numre, der begynder med §, er ikke ændret. %(count)d numre er ændret.", count=changed),
    )


def _structure_change(hearing: Hearing, key: str | None, change, message):
    """Run a change of the draft's structure: commit and say so, or roll back and say why."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        result = change()
    except Refused as refused:
        show_refusal(refused)
    else:
        db.session.commit()
        flash(message(result), "success")
    return redirect(_editor_url(hearing, key))
