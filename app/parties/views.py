"""The register of parties (høringsparter): organisations and contact persons, kept by staff."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.audit.models import AuditEvent
from app.auth import ensure, staff_required
from app.extensions import db
from app.forms import EmptyForm
from app.parties import csv_import, operations
from app.parties.forms import (
    ConfirmCsvForm,
    ContactForm,
    CsvUploadForm,
    NewOrganisationForm,
    OrganisationForm,
    SearchForm,
)
from app.parties.models import ContactPerson, Organisation, OrganisationKind
from app.security import signing_keys

# Danish alphabetical order: æ, ø, å come after z.
_DANISH_ORDER = str.maketrans({"æ": "z{", "ø": "z|", "å": "z}", "ä": "z{", "ö": "z|"})


def danish_sort_key(name: str) -> str:
    return name.casefold().translate(_DANISH_ORDER)


def _load_organisation(organisation_id: int) -> Organisation:
    """The permission check first, then the organisation or 404."""
    ensure(current_user.can_manage_parties)
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


def _load_contact(organisation: Organisation, contact_id: int) -> ContactPerson:
    contact = db.session.get(ContactPerson, contact_id)
    if contact is None or contact.organisation_id != organisation.id:
        abort(404)
    return contact


def _one_button() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


def _csv_signer() -> URLSafeSerializer:
    # The preview carries the file's text back in a hidden field: signed, so
    # what is imported is what was checked, and nothing is saved before.
    return URLSafeSerializer(signing_keys(), salt="party-csv")


# ---------------------------------------------------------------- the list


@staff_required
def index():
    ensure(current_user.can_manage_parties)
    form = SearchForm(formdata=request.args)
    form.validate()
    query = (form.q.data or "").casefold() if not form.q.errors else ""
    kind = next((k for k in OrganisationKind if k.value == form.kind.data), None)
    statement = select(Organisation).options(selectinload(Organisation.contacts))
    if kind is not None:
        statement = statement.where(Organisation.kind == kind)
    if not form.inactive.data:
        statement = statement.where(Organisation.active)
    # The register is a few hundred organisations at most: matched and sorted
    # in Python, which knows that "Æ" and "æ" are the same letter.
    organisations = sorted(
        (o for o in db.session.scalars(statement) if _matches(o, query)),
        key=lambda o: danish_sort_key(o.name),
    )
    total = db.session.scalar(select(func.count(Organisation.id))) or 0
    filtered = bool(query or kind or form.inactive.data)
    return render_template(
        "parties/index.html", form=form, organisations=organisations, total=total, filtered=filtered
    )


def _matches(organisation: Organisation, query: str) -> bool:
    if not query:
        return True
    texts = [organisation.name] + [t for c in organisation.contacts for t in (c.name, c.email)]
    return any(query in text.casefold() for text in texts)


# ---------------------------------------------------------------- organisations


@staff_required
def new():
    ensure(current_user.can_manage_parties)
    form = NewOrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = operations.create_organisation(form.name.data, OrganisationKind(form.kind.data),
                                                          cvr=form.cvr.data)
            if form.has_contact:
                operations.add_contact(
                    organisation, form.contact_name.data, form.contact_email.data, form.contact_title.data
                )
            db.session.commit()
        except IntegrityError:  # the same name, saved by someone else a moment ago
            db.session.rollback()
            form.name.errors.append(_("Der findes allerede en part med dette navn. Vælg et andet navn."))
        else:
            if form.has_contact:
                flash(_("%(name)s er oprettet med kontaktpersonen %(contact)s.",
                        name=organisation.name, contact=form.contact_name.data), "success")
            else:
                flash(_("%(name)s er oprettet. Tilføj nu en kontaktperson.", name=organisation.name), "success")
            return redirect(url_for("parties.show", organisation_id=organisation.id))
    return render_template("parties/organisation_form.html", form=form, organisation=None)


@staff_required
def show(organisation_id: int):
    organisation = _load_organisation(organisation_id)
    return render_template("parties/show.html", organisation=organisation, action_form=EmptyForm())


@staff_required
def edit(organisation_id: int):
    organisation = _load_organisation(organisation_id)
    form = OrganisationForm(data={"name": organisation.name, "kind": organisation.kind.value,
                                  "cvr": organisation.cvr or ""})
    form.editing = organisation
    if form.validate_on_submit():
        try:
            operations.update_organisation(organisation, form.name.data, OrganisationKind(form.kind.data),
                                           form.cvr.data)
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            form.name.errors.append(_("Der findes allerede en part med dette navn. Vælg et andet navn."))
        else:
            flash(_("Ændringerne er gemt."), "success")
            return redirect(url_for("parties.show", organisation_id=organisation.id))
    return render_template("parties/organisation_form.html", form=form, organisation=organisation)


@staff_required
def deactivate(organisation_id: int):
    organisation = _load_organisation(organisation_id)
    _one_button()
    if operations.set_organisation_active(organisation, False):
        db.session.commit()
        flash(_("%(name)s er deaktiveret og kan ikke vælges til nye høringer.", name=organisation.name), "success")
        flash(_("Kontaktpersonernes personlige links til høringer virker ikke længere. Aktiverer du %(name)s igen, "
                "så send nye links fra høringens side med parterne (Send nyt link).", name=organisation.name), "info")
    return redirect(url_for("parties.show", organisation_id=organisation.id))


@staff_required
def reactivate(organisation_id: int):
    organisation = _load_organisation(organisation_id)
    _one_button()
    if operations.set_organisation_active(organisation, True):
        db.session.commit()
        flash(_("%(name)s er aktiv igen.", name=organisation.name), "success")
    return redirect(url_for("parties.show", organisation_id=organisation.id))


# ---------------------------------------------------------------- contact persons


def _email_taken(form: ContactForm, organisation: Organisation) -> None:
    form.email.errors.append(
        _("%(name)s har allerede en kontaktperson med denne e-mailadresse.", name=organisation.name)
    )


@staff_required
def add_contact(organisation_id: int):
    organisation = _load_organisation(organisation_id)
    form = ContactForm()
    form.organisation = organisation
    if form.validate_on_submit():
        try:
            operations.add_contact(organisation, form.name.data, form.email.data, form.title.data)
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            _email_taken(form, organisation)
        else:
            flash(_("%(contact)s er tilføjet som kontaktperson for %(name)s.",
                    contact=form.name.data, name=organisation.name), "success")
            return redirect(url_for("parties.show", organisation_id=organisation.id))
    return render_template("parties/contact_form.html", form=form, organisation=organisation, contact=None)


@staff_required
def edit_contact(organisation_id: int, contact_id: int):
    organisation = _load_organisation(organisation_id)
    contact = _load_contact(organisation, contact_id)
    form = ContactForm(data={"name": contact.name, "email": contact.email, "title": contact.title or ""})
    form.organisation, form.editing = organisation, contact
    if form.validate_on_submit():
        try:
            revoked = operations.update_contact(contact, form.name.data, form.email.data, form.title.data)
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            _email_taken(form, organisation)
        else:
            flash(_("Ændringerne er gemt."), "success")
            if revoked:
                flash(_("De personlige links til høringer, som %(contact)s har fået, virker ikke længere, for de blev "
                        "sendt til den gamle e-mailadresse. Send et nyt link fra høringens side med parterne "
                        "(Send nyt link).",
                        contact=contact.name), "info")
            return redirect(url_for("parties.show", organisation_id=organisation.id))
    return render_template("parties/contact_form.html", form=form, organisation=organisation, contact=contact)


@staff_required
def deactivate_contact(organisation_id: int, contact_id: int):
    organisation = _load_organisation(organisation_id)
    contact = _load_contact(organisation, contact_id)
    _one_button()
    if operations.set_contact_active(contact, False):
        db.session.commit()
        flash(_("%(contact)s er deaktiveret og får ikke invitationer til nye høringer.", contact=contact.name),
              "success")
        flash(_("De personlige links til høringer, som %(contact)s har fået, virker ikke længere. Aktiverer du "
                "personen igen, så send et nyt link fra høringens side med parterne (Send nyt link).",
                contact=contact.name), "info")
    return redirect(url_for("parties.show", organisation_id=organisation.id))


@staff_required
def reactivate_contact(organisation_id: int, contact_id: int):
    organisation = _load_organisation(organisation_id)
    contact = _load_contact(organisation, contact_id)
    _one_button()
    if operations.set_contact_active(contact, True):
        db.session.commit()
        flash(_("%(contact)s er aktiv igen.", contact=contact.name), "success")
    return redirect(url_for("parties.show", organisation_id=organisation.id))


# ---------------------------------------------------------------- CSV import


@staff_required
def import_csv():
    ensure(current_user.can_manage_parties)
    form = CsvUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        filename = csv_import.clean_filename(upload.filename)
        try:
            text = csv_import.read_text(upload.read(csv_import.MAX_BYTES + 1))
            plan = csv_import.build_plan(text, filename)
        except csv_import.CsvImportError as error:
            form.file.errors.append(error.message)
        else:
            confirm = ConfirmCsvForm(payload=_csv_signer().dumps({"filename": filename, "text": text}))
            return render_template("parties/import_preview.html", plan=plan, form=confirm)
    return render_template("parties/import.html", form=form, allowed_kinds=csv_import.ALLOWED_KINDS)


@staff_required
def confirm_import():
    ensure(current_user.can_manage_parties)
    form = ConfirmCsvForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        payload = _csv_signer().loads(form.payload.data)
        filename, text = str(payload["filename"]), payload["text"]
    except (BadSignature, KeyError, TypeError, ValueError):
        abort(400)
    if not isinstance(text, str):
        abort(400)
    try:
        plan = csv_import.build_plan(text, filename)  # again: the register may have changed since the preview
    except csv_import.CsvImportError as error:
        flash(str(error.message), "error")
        return redirect(url_for("parties.import_csv"))
    if not plan.has_changes:
        flash(_("Der var intet nyt at importere. Alt i filen findes allerede, eller rækkerne blev afvist."), "info")
        return redirect(url_for("parties.import_csv"))
    try:
        event = operations.import_parties(plan)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        flash(_("Registret blev ændret, mens du importerede. Prøv igen."), "error")
        return redirect(url_for("parties.import_csv"))
    flash(_("Importen er gennemført. Nye organisationer: %(organisations)d. Nye kontaktpersoner: %(contacts)d. "
            "Afviste rækker: %(refused)d.", organisations=len(plan.new_organisations),
            contacts=plan.contact_count, refused=len(plan.refused)), "success")
    return redirect(url_for("parties.import_report", event_id=event.id))


@staff_required
def import_report(event_id: int):
    ensure(current_user.can_manage_parties)
    event = db.session.get(AuditEvent, event_id)
    if event is None or event.action != "parties_imported":
        abort(404)
    details = event.details or {}

    def rows(key: str) -> list[dict]:
        return [
            {"number": item.get("row"), "organisation": item.get("organisation", ""),
             "problems": [csv_import.Problem.from_json(p) for p in item.get("problems", [])]}
            for item in details.get(key, [])
        ]

    return render_template(
        "parties/import_report.html", event=event, details=details, refused=rows("refused"), skipped=rows("skipped"),
    )
