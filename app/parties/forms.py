"""Forms for the register of parties: organisations, contact persons, the CSV import, the search."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from app.fields import CleanStringField
from app.parties import operations
from app.parties.models import ContactPerson, Organisation, OrganisationKind

NAME_MAX, EMAIL_MAX, TITLE_MAX = 200, 254, 100

# Control characters (C0 but tab and line breaks, DEL, C1) and the Unicode
# bidi embeddings, overrides and isolates, which make a name read differently
# from what it is. Checked on what was typed, before whitespace is collapsed
# (Python counts a few control characters as whitespace).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CONTROL_MESSAGE = _l("Teksten indeholder usynlige styretegn. Skriv den igen uden dem.")


def has_control_characters(text: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(text))


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


def _collapse(value):
    return collapse_whitespace(value) if isinstance(value, str) else value


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _as_typed_has_no_control_characters(form, field) -> None:
    if any(isinstance(raw, str) and has_control_characters(raw) for raw in field.raw_data or ()):
        raise ValidationError(CONTROL_MESSAGE)


class NameField(StringField):
    """One line of text: trimmed, inner whitespace collapsed, control characters refused."""

    def __init__(self, label=None, validators=(), **kwargs):
        super().__init__(
            label, validators=[_as_typed_has_no_control_characters, *validators], filters=[_collapse], **kwargs
        )


def _length(max_length: int, message) -> Length:
    return Length(max=max_length, message=message)


def _kind_choices(blank_label) -> list[tuple[str, str]]:
    return [("", blank_label)] + OrganisationKind.choices()


def _contact_fields(required: bool, name_label) -> dict:
    """The three fields of a contact person; optional ones on the create form."""
    first = [DataRequired(_l("Skriv kontaktpersonens navn."))] if required else [Optional()]
    email_first = [DataRequired(_l("Skriv kontaktpersonens e-mailadresse."))] if required else [Optional()]
    return {
        "name": NameField(
            name_label,
            validators=[*first, _length(NAME_MAX, _l("Navnet må højst være %(max)d tegn. Det har nu %(length)d."))],
            render_kw={"autocomplete": "off"},
        ),
        "email": EmailField(
            _l("E-mailadresse"),
            filters=[_strip],
            validators=[
                *email_first,
                _length(EMAIL_MAX, _l("E-mailadressen må højst være %(max)d tegn. Den har nu %(length)d.")),
                Email(_l("Skriv en gyldig e-mailadresse, fx formand@raadet.dk."), check_deliverability=False),
            ],
            render_kw={"autocomplete": "off", "spellcheck": "false"},
        ),
        "title": NameField(
            _l("Rolle"),
            validators=[
                Optional(),
                _length(TITLE_MAX, _l("Rollen må højst være %(max)d tegn. Den har nu %(length)d.")),
            ],
            description=_l("Fx formand, næstformand eller sekretær."),
            render_kw={"autocomplete": "off"},
        ),
    }


class OrganisationForm(FlaskForm):
    """Create or edit an organisation. Set `editing` to the organisation being edited."""

    editing: Organisation | None = None

    name = NameField(
        _l("Navn"),
        validators=[
            DataRequired(_l("Skriv partens navn.")),
            _length(NAME_MAX, _l("Navnet må højst være %(max)d tegn. Det har nu %(length)d.")),
        ],
        description=_l("Fx Handicaprådet eller Bruger- og pårørenderådet for botilbuddene."),
        render_kw={"autocomplete": "off"},
    )
    kind = SelectField(
        _l("Type"),
        choices=_kind_choices(_l("Vælg en type")),
        validators=[DataRequired(_l("Vælg, hvilken type part det er."))],
    )

    cvr = CleanStringField(
        _l("CVR-nummer (valgfrit)"),
        description=_l("8 cifre. En kontaktperson, der logger ind med MitID Erhverv for dette CVR-nummer, "
                       "kan svare for parten."),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )

    def validate_cvr(self, field) -> None:
        field.data = (field.data or "").replace(" ", "")
        if not field.data:
            return
        if len(field.data) != 8 or not field.data.isdigit():
            raise ValidationError(_l("Et CVR-nummer er 8 cifre, fx 29189846."))
        taken = operations.find_organisation_by_cvr(field.data)
        if taken is not None and taken is not self.editing:
            raise ValidationError(_l("CVR-nummeret bruges allerede af \u201d%(name)s\u201d.", name=taken.name))

    def validate_name(self, field) -> None:
        if not field.data:
            return
        taken = operations.find_organisation_by_name(field.data)
        if taken is not None and taken is not self.editing:
            raise ValidationError(
                _l("Der findes allerede en part med navnet \u201d%(name)s\u201d. Vælg et andet navn.", name=taken.name)
            )


class NewOrganisationForm(OrganisationForm):
    """Create an organisation, and its first contact person if one is filled in."""

    contact_name, contact_email, contact_title = _contact_fields(
        required=False, name_label=_l("Kontaktpersonens navn")
    ).values()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not any((self.contact_name.data, self.contact_email.data, self.contact_title.data)):
            return valid
        missing = (
            (self.contact_name, _l("Skriv kontaktpersonens navn, eller lad felterne om kontaktpersonen stå tomme.")),
            (self.contact_email,
             _l("Skriv kontaktpersonens e-mailadresse, eller lad felterne om kontaktpersonen stå tomme.")),
        )
        for field, message in missing:
            if not field.data and not field.errors:
                field.errors.append(message)
                valid = False
        return valid

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name.data and self.contact_email.data)


class ContactForm(FlaskForm):
    """Add or edit a contact person. Set `organisation` (and `editing` when editing)."""

    organisation: Organisation | None = None
    editing: ContactPerson | None = None

    name, email, title = _contact_fields(required=True, name_label=_l("Navn")).values()

    def validate_email(self, field) -> None:
        if not field.data or self.organisation is None:
            return
        taken = operations.find_contact_by_email(self.organisation, field.data)
        if taken is not None and taken is not self.editing:
            raise ValidationError(
                _l("%(name)s har allerede en kontaktperson med denne e-mailadresse (%(contact)s).",
                   name=self.organisation.name, contact=taken.name)
            )


class CsvUploadForm(FlaskForm):
    file = FileField(
        _l("CSV-fil"),
        validators=[FileRequired(_l("Vælg en CSV-fil."))],
        description=_l(
            "Højst 2 MB. Gem fra Excel som \u201dCSV (semikolonsepareret)\u201d eller \u201dCSV UTF-8\u201d. "
            "Første række skal være overskrifterne."
        ),
    )


class ConfirmCsvForm(FlaskForm):
    payload = HiddenField(validators=[DataRequired()])


class SearchForm(FlaskForm):
    """The list's search: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Søg efter navn eller e-mail"),
        filters=[_strip],
        validators=[Optional(), Length(max=EMAIL_MAX, message=_l("Søgningen må højst være %(max)d tegn."))],
    )
    kind = SelectField(_l("Type"), choices=_kind_choices(_l("Alle typer")), validate_choice=False)
    inactive = BooleanField(_l("Vis også inaktive parter"))
