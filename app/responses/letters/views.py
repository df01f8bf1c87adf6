"""Staff register a letter that came by e-mail as a party's response, and read one response.

Registering goes in two pages on one address: the details and the file (or
the pasted text); then the letter's paragraphs, each with what it concerns,
and a preview of the points before they are saved. Everything travels in the
form, so an error never loses what was typed or chosen; the file waits as a
pending attachment (see `letters.operations`). A large file's text is taken out by a background
worker (`letters.text_jobs`); the first page goes on from the job's result when it is done.
"""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.accounts.models import User
from app.attachments.checks import MAX_ATTACHMENT_BYTES, check_document
from app.attachments.models import Attachment
from app.attachments.operations import PDF
from app.audit.operations import record
from app.auth import staff_required
from app.db_types import utcnow
from app.downloads import send_attachment
from app.extensions import db
from app.fields import int_or_none
from app.hearings.loading import current_hearing
from app.hearings.models import Hearing, Section
from app.jobs.models import JobState
from app.jobs.operations import enqueue
from app.records.operations import file_on_case
from app.refusals import Refused
from app.responses import letters, preference_forms, preferences
from app.responses.letters import operations as registering
from app.responses.letters import pieces, text_jobs
from app.responses.letters.details import read_details
from app.responses.letters.forms import MAX_PARAGRAPHS, LetterForm, choice_labels, letter_form, part_fields
from app.responses.letters.mailbox import operations as mailbox
from app.responses.letters.mailbox.letter_form import fill_from_mail, mail_in_form
from app.responses.models import CommentStatus, Response, ResponseKind, ResponseState

MAX_FORM_BYTES = 4 * 1024 * 1024  # the text and the choices of a long letter
DETAILS = ("organisation_id", "received_on", "signed_name", "signed_role", "attachment_id", "incoming_mail_id")


@staff_required
def letter_new():
    hearing = current_hearing(edit=True)
    if not registering.may_register_letters(hearing, current_user):
        flash(_("Et brev kan kun registreres som høringssvar, mens høringen er åben, lukket for svar "
                "eller ved at blive besvaret."), "error")
        return redirect(url_for("hearings.parties", slug=hearing.slug))
    sections = registering.current_sections(hearing)
    refs = registering.section_refs(sections)
    job = text_jobs.job_of(hearing, request.args.get("job_id", type=int), current_user)
    if request.method == "GET" and job is not None:
        if job.state is not JobState.DONE:
            return redirect(url_for("jobs.job_page", job_id=job.id))
        return _extract(hearing, refs, job)  # the worker has read the letter's file: go on from there
    if request.method == "GET":
        registering.sweep_pending(utcnow())
        db.session.commit()
        form = _with_parties(letter_form(refs, [], formdata=None), hearing)
        form.organisation_id.data = request.args.get("part", "")
        pending = fill_from_mail(hearing, form, request.args.get("post"), request.args.get("fil"))
        return _details_page(hearing, form, pending)
    request.max_form_memory_size = MAX_FORM_BYTES
    action = request.form.get("action", "extract")
    if action == "discard":
        return _discard(hearing)
    if action == "extract":
        return _extract(hearing, refs)
    return _split(hearing, sections, refs, action)


def _discard(hearing: Hearing):
    pending = registering.pending_attachment(hearing, int_or_none(request.form.get("attachment_id")), current_user)
    registering.discard_pending(pending)
    db.session.commit()
    flash(_("Brevet er ikke registreret, og filen er slettet."), "success")
    return redirect(url_for("hearings.parties", slug=hearing.slug))


def _extract(hearing: Hearing, refs: list[letters.SectionRef], job=None):
    """The first page: keep the file at once (so it need not be chosen again), take its text (a large
    file's by a worker: `job`, once it is done), and fill in the details the officer left empty from what
    the letter says."""
    form = _with_parties(letter_form(refs, [], **({"formdata": text_jobs.formdata(job)} if job else {})), hearing)
    pending = registering.pending_attachment(hearing, int_or_none(form.attachment_id.data), current_user)
    file_errors, text_errors = [], []
    upload = form.letter.data if job is None else None
    if upload and getattr(upload, "filename", ""):
        data = upload.read(MAX_ATTACHMENT_BYTES + 1)
        try:
            content_type = check_document(upload.filename, data)
        except Refused as refused:
            file_errors = list(refused.reasons)
        else:
            registering.discard_pending(pending)
            pending = registering.store_pending(hearing, upload.filename, data, content_type, current_user)
    text = form.text.data or ""
    if not text and pending is not None and not file_errors:
        if job is not None:
            text, text_errors = _text_of(pending, text_jobs.outcome(job))
        elif text_jobs.reads_in_background(pending):
            return _read_in_background(hearing, form, pending)
        else:
            text, text_errors = _text_of(pending)
    if not text and pending is None and not file_errors:
        file_errors = [_("Vælg brevet som fil, eller indsæt brevets tekst.")]
    paragraphs = letters.paragraphs_of(text)
    read = _fill_in(form, paragraphs) if paragraphs else []
    form.validate()
    form.letter.errors = [*form.letter.errors, *file_errors]
    form.text.errors = [*form.text.errors, *text_errors]
    form.attachment_id.data = str(pending.id) if pending else ""
    db.session.commit()
    if form.errors:
        return _details_page(hearing, form, pending), 422
    if read:
        flash(_("Oplysningerne om brevet (%(fields)s) er læst fra brevet. Se dem efter nederst på siden.",
                fields=", ".join(read)), "info")
    split = _with_parties(_split_form(hearing, refs, paragraphs, formdata=None), hearing)
    for name in DETAILS:
        split[name].data = form[name].data
    for field, choice in zip(part_fields(split), letters.guess_choices(paragraphs, refs), strict=True):
        field.data = choice
    split.text.data = letters.join_paragraphs(paragraphs)
    return _split_page(hearing, refs, split, paragraphs, pending)


def _fill_in(form: LetterForm, paragraphs: list[str]) -> list[str]:
    """Fill the empty details from the letter: the labels of those filled."""
    parties = {name: value for value, name in form.organisation_id.choices if value}
    facts = read_details(paragraphs, list(parties))
    found = [(form.organisation_id, parties.get(facts.sender), _("part")),
             (form.received_on, facts.sent_on, _("dato")),
             (form.signed_name, facts.signed_name, _("underskriver")),
             (form.signed_role, facts.signed_role, _("rolle"))]
    filled = []
    for field, value, name in found:
        if value and not field.data and not (field.raw_data and field.raw_data[0].strip()):  # nothing typed
            field.data, field.process_errors = value, []  # "" is no date: that error goes with it
            field.raw_data = [value.isoformat() if isinstance(value, date) else value]
            filled.append(name)
    return filled


def _read_in_background(hearing: Hearing, form: LetterForm, pending: Attachment):
    job = text_jobs.order_letter_text(hearing, pending, {name: form[name].raw_data[0] if form[name].raw_data else ""
                                                         for name in text_jobs.DETAILS}, current_user)
    db.session.commit()
    enqueue(job)
    return redirect(url_for("jobs.job_page", job_id=job.id), code=303)


def _text_of(pending: Attachment, read: dict | None = None) -> tuple[str, list[str]]:
    """The file's text, or why there is none (as the text field's error); `read`: what a worker found."""
    problem = read.get("problem") if read else None
    if read and "text" in read:
        return read["text"], []
    try:
        if problem is not None:
            raise letters.Unreadable(problem) if problem == "unreadable" else letters.NoText(problem)
        return letters.extract_text(pending.data, pending.content_type), []
    except letters.NoText:
        if pending.content_type == PDF:
            message = _("PDF-filen %(name)s har ingen tekst, der kan læses. Den er nok scannet. Filen er gemt: "
                        "skriv eller indsæt brevets tekst i feltet herunder.", name=pending.filename)
        else:
            message = _("Teksten kan ikke hentes ud af filen %(name)s. Filen er gemt: skriv eller indsæt "
                        "brevets tekst i feltet herunder.", name=pending.filename)
    except letters.Unreadable:
        message = _("Filen %(name)s kan ikke læses. Filen er gemt: skriv eller indsæt brevets tekst i feltet "
                    "herunder.", name=pending.filename)
    return "", [message]


def _split(hearing: Hearing, sections: list[Section], refs: list[letters.SectionRef], action: str):
    """The second page: split again (or join or split a piece), preview, or save what the preview showed."""
    paragraphs = letters.paragraphs_of(request.form.get("text", ""))
    if action.startswith((pieces.JOIN, pieces.SPLIT)):
        paragraphs = pieces.edit_pieces(paragraphs, action) or paragraphs
        action = "resplit"
    choices = letters.guess_choices(paragraphs, refs, _known_choices())
    form = _with_parties(_split_form(hearing, refs, paragraphs), hearing)
    text_changed = (form.digests.data or "") != ",".join(letters.digests(paragraphs))
    for field, choice in zip(part_fields(form), choices, strict=True):
        field.data = choice
    form.text.data = letters.join_paragraphs(paragraphs)
    form.validate()
    _check_split(form, paragraphs, choices)
    preference_forms.check_variant(form, hearing)
    pending = registering.pending_attachment(hearing, int_or_none(form.attachment_id.data), current_user)
    form.attachment_id.data = str(pending.id) if pending else ""
    if form.errors:
        return _split_page(hearing, refs, form, paragraphs, pending), 422
    if action not in ("preview", "save") or text_changed:
        if text_changed and action != "resplit":
            flash(_("Teksten er ændret og delt op igen. Se valgene efter, og tryk så ”Vis punkterne”."), "info")
        return _split_page(hearing, refs, form, paragraphs, pending)
    points = letters.points_from(paragraphs, choices)
    token = letters.fingerprint(form.organisation_id.data, form.received_on.data, form.signed_name.data,
                                form.signed_role.data, form.attachment_id.data, paragraphs, choices)
    if action == "save" and form.preview_token.data == token:
        details = registering.LetterDetails(
            organisation=_organisation(hearing, form), received_on=form.received_on.data,
            signed_name=form.signed_name.data, signed_role=form.signed_role.data,
        )
        response = registering.register_letter(hearing, sections, details, points, pending, current_user, utcnow())
        if preference_forms.has_preference(form) or "cosigners" in form._fields:
            preferences.apply_to_letter(response, preference_forms.sent_values(form), utcnow())
        mail = mail_in_form(hearing, form)
        if form.incoming_mail_id.data and not (mail and mailbox.mark_registered(mail, response, current_user,
                                                                                utcnow())):
            db.session.rollback()  # a colleague saved the same mail first: one response per mail
            flash(_("Mailen er allerede registreret som høringssvar. Brevet er ikke gemt en gang til."), "error")
            return redirect(url_for("staff_responses.response_list", slug=hearing.slug))
        db.session.commit()
        file_on_case(hearing)  # journalisering, after the commit
        flash(ngettext("Brevet fra %(party)s er registreret som høringssvar med %(num)d punkt.",
                       "Brevet fra %(party)s er registreret som høringssvar med %(num)d punkter.",
                       len(points), party=details.organisation.name), "success")
        return redirect(url_for("staff_responses.response_page", slug=hearing.slug, response_id=response.id))
    if action == "save":
        flash(_("Noget er ændret, siden punkterne blev vist. Se dem igen, og gem så."), "info")
    form.preview_token.data = token
    return _split_page(hearing, refs, form, paragraphs, pending, points)


def _check_split(form: LetterForm, paragraphs: list[str], choices: list[str]) -> None:
    if not paragraphs:
        form.text.errors = [*form.text.errors, _("Brevet har ingen tekst. Skriv eller indsæt brevets tekst.")]
    elif len(paragraphs) > MAX_PARAGRAPHS:
        form.text.errors = [*form.text.errors, _(
            "Teksten har %(count)d tekststykker, højst %(max)d. Fjern tomme linjer mellem linjer, der hører sammen.",
            count=len(paragraphs), max=MAX_PARAGRAPHS)]
    for number, (field, paragraph, choice) in enumerate(zip(part_fields(form), paragraphs, choices, strict=False), 1):
        if choice == letters.HEADING and len(paragraph) > letters.MAX_HEADING_CHARS:
            field.errors = [*field.errors, _("Tekststykke %(number)d er for langt til at være en overskrift.",
                                             number=number)]


# ---------------------------------------------------------------- one response, for staff


@staff_required
def response_page(response_id: int):
    hearing = current_hearing()
    response = _load_response(hearing, response_id)
    sections = registering.current_sections(hearing)
    comments = [c for c in response.comments if c.status is CommentStatus.ACTIVE]
    order = {s.id: s.position for s in sections}
    groups: dict = {}
    for comment in sorted(comments, key=lambda c: (c.section_id is not None, order.get(c.section_id, 10**6),
                                                   c.position)):
        groups.setdefault(comment.section, []).append(comment)
    registered_by = db.session.get(User, response.registered_by_id) if response.registered_by_id else None
    record("response_read", response, hearing_id=hearing.id, page="response")  # who read personal data
    db.session.commit()
    return render_template(
        "responses/letter_response.html", hearing=hearing, response=response, groups=groups,
        registered_by=registered_by, is_letter=response.kind is ResponseKind.LETTER,
        preference_label=preferences.label_of(response),
    )


@staff_required
def response_attachment(response_id: int, attachment_id: int):
    hearing = current_hearing()
    response = _load_response(hearing, response_id)
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.response_id != response.id:
        abort(404)
    record("response_read", attachment, hearing_id=hearing.id, page="attachment", response_id=response.id)
    db.session.commit()
    return send_attachment(attachment)


def _load_response(hearing: Hearing, response_id: int) -> Response:
    response = db.session.get(Response, response_id)
    if response is None or response.hearing_id != hearing.id or response.state is ResponseState.DRAFT:
        abort(404)  # a party's unsent working copy is theirs alone
    return response


# ---------------------------------------------------------------- helpers




def _split_form(hearing: Hearing, refs: list[letters.SectionRef], paragraphs: list[str], **kwargs) -> LetterForm:
    """The split page's form: a choice per paragraph, the hearing's preference question, the co-signers."""
    return letter_form(refs, paragraphs, hearing, preferences.cosigner_candidates(hearing, None), **kwargs)


def _with_parties(form: LetterForm, hearing: Hearing) -> LetterForm:
    invited = sorted(hearing.invitations, key=lambda i: i.organisation.name.lower())
    form.organisation_id.choices = [("", _("Vælg part"))] + [
        (str(i.organisation_id), i.organisation.name) for i in invited
    ]
    return form


def _organisation(hearing: Hearing, form: LetterForm):
    invitation = registering.invitation_of(hearing, int(form.organisation_id.data))
    return invitation.organisation


def _known_choices() -> dict[str, str]:
    """What the officer chose for each paragraph last time, by the paragraph's digest."""
    old = (request.form.get("digests") or "").split(",")
    return {key: request.form.get(f"part_{i}", "") for i, key in enumerate(old) if key}



def _warnings(hearing: Hearing, form: LetterForm, pending: Attachment | None) -> registering.LetterWarnings:
    received_on = form.received_on.data if isinstance(form.received_on.data, date) else None
    return registering.letter_warnings(hearing, int_or_none(form.organisation_id.data), received_on, pending)


def _details_page(hearing: Hearing, form: LetterForm, pending: Attachment | None):
    return render_template("responses/letter_new.html", hearing=hearing, form=form, pending=pending,
                           warnings=_warnings(hearing, form, pending), mail=mail_in_form(hearing, form))


def _split_page(hearing: Hearing, refs: list[letters.SectionRef], form: LetterForm, paragraphs: list[str],
                pending: Attachment | None, points: list[letters.Point] | None = None):
    form.digests.data = ",".join(letters.digests(paragraphs))
    labels = dict(choice_labels(refs))
    return render_template(
        "responses/letter_split.html", hearing=hearing, form=form, pending=pending, parts=part_fields(form),
        splittable=[len(pieces.parts_of(p)) > 1 for p in paragraphs],
        points=points, labels={key.removeprefix(letters.SECTION): label for key, label in labels.items()},
        warnings=_warnings(hearing, form, pending),
        party_name=dict(form.organisation_id.choices).get(form.organisation_id.data),
    )
