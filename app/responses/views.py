"""The parties' side: the personal link from the invitation leads here.

The response page never loses a word: what is typed is merged into the
working copy field by field (never over someone else's text), shown back on
any error, kept when the page was too old to save, and shown read-only once
the hearing has closed.
"""

from flask import abort, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select

from app.attachments.checks import MAX_ATTACHMENT_BYTES, check_document
from app.attachments.models import Attachment
from app.attachments.uploads import accepts_files
from app.db_types import utcnow
from app.downloads import send_attachment, send_download
from app.extensions import cache, csrf, db, limiter
from app.forms import EmptyForm
from app.hearings import invitations, operations
from app.hearings.models import PartyLink, Section
from app.hearings.rounds.carry_over import carried_comments
from app.hearings.tokens import token_hash
from app.records.operations import file_on_case
from app.refusals import Refused
from app.responses import drafts, kept_party_page, preferences
from app.responses import operations as responding
from app.responses.forms import response_form
from app.responses.models import Response, ResponseState
from app.responses.outline import current_section_rows
from app.responses.receipt_pdf import receipt_filename, receipt_pdf
from app.responses.saving import save_texts
from app.responses.window import GRACE_PERIOD, Window, may_withdraw, may_write, window


def _load(token: str, *, opened: bool = False, outline: bool = False) -> tuple[PartyLink, Response | None, list]:
    """The link, its party's response and the draft's sections; with `outline`, the sections as rows without
    their text (a save names its fields by them; a page shown again after it reads them in full)."""
    link, sections = _link_and_sections(token, opened=opened, outline=outline)
    return link, responding.party_response(link.invitation), sections


def _load_with_joint(token: str, *, opened: bool = False, outline: bool = False,
                     ) -> tuple[PartyLink, Response | None, Response | None, list]:
    """As `_load`, and the joint response the party signed when it has none of its own, read with it."""
    link, sections = _link_and_sections(token, opened=opened, outline=outline)
    return link, *responding.own_or_joint_response(link.invitation), sections


def _link_and_sections(token: str, *, opened: bool, outline: bool) -> tuple[PartyLink, list]:
    link = invitations.find_link(token)
    if link is None:
        abort(make_response(render_template("responses/link_invalid.html"), 404))
    hearing = link.invitation.hearing
    if operations.refresh_state(hearing):
        db.session.commit()
    # Before the sections are read: a commit expires them, and each would be read again. A save counts as a
    # use of a link made at a MitID Erhverv sign-in, which lives from its last use.
    if opened or invitations.signed_in_link_due(link):
        _note_opened(link)
    return link, current_section_rows(hearing.id) if outline else _sections(link)


def _sections(link: PartyLink) -> list[Section]:
    """The draft's sections in one query (also after a commit expired them, which would cost one each)."""
    return db.session.scalars(
        select(Section).where(Section.version_id == link.invitation.hearing.current_version.id)
        .order_by(Section.position)
    ).all()


def _form(link: PartyLink, sections: list[Section], **kwargs):
    """The response form of the link's hearing: its sections, its alternatives, the parties that may co-sign."""
    hearing = link.invitation.hearing
    return response_form(sections, hearing, preferences.cosigner_offer(hearing, link.invitation.organisation),
                         **kwargs)


def party_start(token: str):
    generation = kept_party_page.generation_now(cache)  # before loading: a kept page is never newer than its data
    link, response, joint, sections = _load_with_joint(token, opened=True)
    if joint is not None:
        return _cosigned_page(link, joint)
    if response is None and (kept := kept_party_page.page(link, sections, _form, _page, generation)):
        return kept  # the page every party sees before writing, kept, with this party's parts put in
    form = _form(link, sections, formdata=None)
    form.fill_from(response.draft if response else {})
    if not form.signed_name.data and link.contact is not None:
        form.signed_name.data = link.contact.name
    return _page(link, response, sections, form)


def accept_cosignature(token: str, response_id: int):
    """The party accepts, from its own link, a joint response another party named it in: from now on it has
    answered by that response. Only while it has no response of its own, and while it may still answer."""
    link, response, sections = _load(token)
    hearing = link.invitation.hearing
    joint = next((r for r in preferences.pending_cosignatures(hearing, link.invitation.organisation_id)
                  if r.id == response_id), None)
    if response is not None or joint is None or not EmptyForm().validate_on_submit():
        return redirect(url_for("responses.party_start", token=token))
    if not may_write(hearing, utcnow(), None):
        flash(_("Høringen er lukket for svar, så det fælles høringssvar er ikke bekræftet."), "error")
        return redirect(url_for("responses.party_start", token=token))
    if preferences.accept(joint, link.invitation.organisation_id, utcnow()):
        db.session.commit()
        flash(_("I står nu bag det fælles høringssvar fra %(sender)s. Det tæller som jeres svar.",
                sender=joint.sender_name), "success")
    return redirect(url_for("responses.party_start", token=token))


def _link_key() -> str:
    return "link:" + token_hash((request.view_args or {}).get("token", ""))


@csrf.exempt  # checked by the form itself, so a page too old to save keeps its text
# Autosave posts every few seconds while someone types; far more is a script.
@limiter.limit("120 per minute", key_func=_link_key)
@limiter.limit("600 per minute")
@accepts_files
def party_save(token: str):
    link, response, joint, sections = _load_with_joint(token, outline=True)
    hearing = link.invitation.hearing
    if joint is not None:
        return redirect(url_for("responses.party_start", token=token))  # it has answered, jointly
    form = _form(link, sections)
    now = request.arrived_at  # the time it was sent, not the time its files had arrived
    if not may_write(hearing, now, response.created_at if response else None):
        return _closed(link, response, form)
    form.validate()
    token_field = getattr(form, "csrf_token", None)  # absent when CSRF is off (most tests)
    if token_field is not None and token_field.errors:
        token_field.errors = []
        form.form_errors.append(_("Siden var for gammel til at gemme. Din tekst står stadig i felterne: "
                                  "tryk ”Gem kladde” en gang til."))
        return _reply(link, response, form, status=400)

    # Read and checked before the save takes its lock: a 20 MB file takes a while.
    files = checked_uploads(form, request.files.getlist(form.attachments.name))
    submit = request.form.get("action") == "submit" and not form.errors
    response, merged, submitted = save_texts(link, sections, form, now, files, submit=submit,
                                             started=response is not None)
    if merged is None:
        form.form_errors.append(_("Mange gemte på samme tid, så din tekst er ikke gemt endnu. Den står stadig i "
                                  "felterne: tryk ”Gem kladde” en gang til."))
        for name, _data, _type in files:
            form.attachments.errors.append(_("Filen %(name)s er ikke vedhæftet, fordi mange gemte på samme tid. "
                                             "Vælg den igen, og tryk ”Gem kladde”.", name=name))
        return _reply(link, response, form, status=409)
    if submitted is not None:
        if submitted.is_new:
            file_on_case(response.hearing)  # journalisering, after the commit
            flash(_("Tak. Jeres høringssvar er modtaget."), "success")
        return redirect(url_for("responses.receipt", token=token))
    if _wants_json():
        return _autosave_json(response, form, merged)
    if not form.errors and not merged.conflicts:
        flash(_("Kladden er gemt. Den er ikke sendt til forvaltningen, før I trykker ”Indsend høringssvar”."),
              "success")
        return redirect(url_for("responses.party_start", token=token))
    return _page(link, response, _sections(link), form, conflicts=merged.conflicts)


def receipt(token: str):
    link, response, sections = _load(token)
    if response is None or not response.submissions:
        return redirect(url_for("responses.party_start", token=token))
    return render_template(
        "responses/receipt.html", link=link, token=token, hearing=link.invitation.hearing, response=response,
        submission=response.submissions[-1], organisation=link.invitation.organisation,
        attachments={a.id: a for a in responding.attachments_of(response)},
    )


def receipt_download(token: str):
    link, response, sections = _load(token)
    if response is None or not response.submissions:
        abort(404)
    submission = response.submissions[-1]
    return send_download(receipt_pdf(response, submission), receipt_filename(response, submission),
                         "application/pdf")


def withdraw(token: str):
    link, response, sections = _load(token)
    hearing = link.invitation.hearing
    if response is None or response.state is not ResponseState.SUBMITTED:
        return redirect(url_for("responses.party_start", token=token))
    form = EmptyForm()
    if not may_withdraw(hearing, utcnow()):
        flash(_("Fristen er overskredet, så svaret kan ikke trækkes tilbage. Kontakt forvaltningen."), "error")
        return redirect(url_for("responses.party_start", token=token))
    if form.validate_on_submit():
        responding.withdraw(response, link.contact, utcnow())
        db.session.commit()
        flash(_("Jeres høringssvar er trukket tilbage. I kan indsende et nyt indtil fristen."), "success")
        return redirect(url_for("responses.party_start", token=token))
    return render_template("responses/withdraw.html", form=form, token=token, hearing=hearing,
                           organisation=link.invitation.organisation)


def party_attachment(token: str, attachment_id: int):
    link, response, sections = _load(token)
    attachment = db.session.get(Attachment, attachment_id)
    if response is None or attachment is None or attachment.response_id != response.id:
        abort(404)
    return send_attachment(attachment)


# ---------------------------------------------------------------- steps


def _note_opened(link: PartyLink) -> None:
    now = utcnow()
    link.first_opened_at = link.first_opened_at or now
    link.last_opened_at = now
    db.session.commit()


def checked_uploads(form, uploads) -> list[tuple[str, bytes, str]]:
    """The chosen files that may be attached; each refused one named, with the reason, next to the field.
    A file after the tenth is refused unread (the request kept nothing of it)."""
    files = []
    for index, upload in enumerate([u for u in uploads if u and u.filename]):
        if index >= responding.MAX_ATTACHMENTS:
            form.attachments.errors.append(_("Der kan højst vedhæftes 10 filer. %(name)s er ikke vedhæftet.",
                                             name=upload.filename))
            continue
        data = upload.stream.read(MAX_ATTACHMENT_BYTES + 1)
        try:
            files.append((upload.filename, data, check_document(upload.filename, data)))
        except Refused as refused:
            form.attachments.errors.extend(refused.reasons)
    return files


# ---------------------------------------------------------------- rendering


def _wants_json() -> bool:
    return request.form.get("autosave") == "1"


def _autosave_json(response: Response, form, merged: drafts.Merge):
    names = list(form.sent_values())
    labels = {name: str(form._fields[name].label.text) for name in names if name in form._fields}
    return jsonify(
        saved=not form.errors and not merged.conflicts,
        saved_at=_saved_label(response),
        saved_short=_saved_short(response),
        bases=drafts.bases(response.draft or {}, names),
        conflicts={name: {"label": labels.get(name, name), "text": text} for name, text in merged.conflicts.items()},
        errors={name: [str(m) for m in messages] for name, messages in form.errors.items() if name},
        csrf_token=generate_csrf(),
    )


def _saved_label(response: Response | None) -> str:
    if response is None or response.draft_saved_at is None:
        return ""
    from app.templating import danish_datetime

    who = response.draft_saved_by.name if response.draft_saved_by else None
    when = danish_datetime(response.draft_saved_at)
    return _("Gemt %(when)s af %(who)s.", when=when, who=who) if who else _("Gemt %(when)s.", when=when)


def _saved_short(response: Response) -> str:
    """"Gemt kl. 14.32": shown next to the field being written in, where the whole label would not fit."""
    from app.templating import clock_time

    return _("Gemt kl. %(time)s", time=clock_time(response.draft_saved_at)) if response.draft_saved_at else ""


def _reply(link, response, form, status=200):
    if _wants_json():
        body = jsonify(saved=False, message=form.form_errors[0] if form.form_errors else "", csrf_token=generate_csrf())
        return body, status
    return _page(link, response, _sections(link), form), status


def _closed(link, response, form):
    if _wants_json():
        return jsonify(saved=False, closed=True, message=_("Høringen er lukket for svar.")), 409
    flash(_("Høringen er lukket for svar, så teksten er ikke gemt. Den står herunder, så du kan kopiere den."),
          "error")
    flash_files_not_attached(form)
    return _page(link, response, _sections(link), form), 409


def flash_files_not_attached(form) -> None:
    """Name each chosen file on a page that refuses the form: a file field comes back empty, the text does not."""
    for upload in request.files.getlist(form.attachments.name):
        if upload and upload.filename:
            flash(_("Filen %(name)s er ikke vedhæftet, fordi høringen er lukket for svar.", name=upload.filename),
                  "error")


def _page(link: PartyLink, response: Response | None, sections: list[Section], form, conflicts=None):
    hearing = link.invitation.hearing
    now = utcnow()
    state = window(hearing, now, response.created_at if response else None)
    draft = response.draft if response else {}
    names = list(form.sent_values())
    last = response.submissions[-1] if response and response.submissions else None
    return render_template(
        "responses/respond.html",
        link=link, token=request.view_args["token"], hearing=hearing, organisation=link.invitation.organisation,
        version=hearing.current_version, sections=sections, form=form, response=response,
        editable=state in (Window.OPEN, Window.GRACE), window=state, Window=Window,
        grace_ends=hearing.deadline_at + GRACE_PERIOD if hearing.deadline_at else None,
        bases=drafts.bases(draft, names), conflicts=conflicts or {},
        commented={s.key for s in sections if (form._fields[drafts.section_field(s.key)].data or "").strip()},
        attachments=responding.attachments_of(response) if response else [],
        last_submission=last, unsent_changes=_unsent_changes(response, sections, last),
        saved_label=_saved_label(response),
        may_withdraw=response is not None and response.state is ResponseState.SUBMITTED and may_withdraw(hearing, now),
        # A second round: the party's own points of the round before, how they were answered, what changed.
        earlier=carried_comments(hearing, link.invitation.organisation_id) if hearing.previous_round else [],
        # Joint responses other parties named this one in, not accepted: shown above its own form until it
        # accepts one or starts its own response.
        pending=preferences.pending_cosignatures(hearing, link.invitation.organisation_id) if response is None else [],
        accept_form=EmptyForm(),
    )


def _cosigned_page(link: PartyLink, joint: Response):
    """A co-signer's own link shows the joint response read-only: it is the sending party's text, signed by
    its people, and only they change or withdraw it (two parties editing one text would overwrite each other)."""
    return render_template(
        "responses/cosigned.html", hearing=link.invitation.hearing, organisation=link.invitation.organisation,
        response=joint, submission=joint.submissions[-1] if joint.submissions else None,
    )


def _unsent_changes(response: Response | None, sections: list[Section], last) -> bool:
    if response is None or last is None or response.state is not ResponseState.SUBMITTED:
        return False
    return responding.submission_content(response, sections) != last.content


