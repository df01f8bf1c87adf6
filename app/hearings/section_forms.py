"""Forms of the section editor."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import TextInput

from app.fields import CleanStringField, CleanTextAreaField

MAX_TEXT_CHARS = 200_000
MAX_PAGE = 9999


class PageField(IntegerField):
    """A page number typed as text (inputmode numeric), with a Danish message for "abc"."""

    widget = TextInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "autocomplete": "off"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        if valuelist and isinstance(valuelist[0], str):
            valuelist = [valuelist[0].strip()]
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Skriv sidetallet med tal, fx 4.")) from None


def _number_field():
    return CleanStringField(
        _l("Nummer"),
        validators=[Optional(), Length(max=40, message=_l("Nummeret må højst være %(max)d tegn."))],
        description=_l("Fx 1.2 eller § 84. Lad feltet stå tomt, hvis afsnittet ikke har et nummer."),
    )


def _heading_field():
    return CleanStringField(
        _l("Overskrift"),
        validators=[DataRequired(_l("Skriv afsnittets overskrift.")),
                    Length(max=300, message=_l("Overskriften må højst være %(max)d tegn."))],
    )


def _page_in_range(form, field) -> None:
    # Not when the page was not a number at all: that has its own message.
    if field.data is not None and not 1 <= field.data <= MAX_PAGE:
        raise ValidationError(_l("Skriv et sidetal fra 1 til %(max)d.", max=MAX_PAGE))


def _page_field():
    return PageField(
        _l("Side"),
        validators=[Optional(), _page_in_range],
        description=_l("Siden i det trykte udkast, som høringssvar kan henvise til (\u201ds. 4\u201d)."),
    )


class SectionForm(FlaskForm):
    number = _number_field()
    heading = _heading_field()
    page = _page_field()
    text = CleanTextAreaField(
        _l("Tekst"),
        validators=[Optional(), Length(max=MAX_TEXT_CHARS, message=_l("Teksten må højst være %(max)s tegn."))],
        description=_l(
            "Skriv en tom linje mellem tekstafsnit. Skriv **fed** og *kursiv*. En linje, der begynder med "
            "\u201d- \u201d, bliver et punkt i en liste, og \u201d1. \u201d et nummereret punkt. "
            "Et link: [tekst](https://adresse)."
        ),
    )
    note = CleanTextAreaField(
        _l("Hvad er rettet?"),
        validators=[DataRequired(_l("Skriv, hvad der er rettet. De inviterede parter får det at vide.")),
                    Length(max=500, message=_l("Skriv højst %(max)d tegn om rettelsen."))],
        description=_l("Står i mailen til de inviterede parter og ved den nye version af udkastet."),
    )
    text_hash = HiddenField()


def section_form(*, correction: bool, **kwargs) -> SectionForm:
    """The edit form; the note ("Hvad er rettet?") only when the change is a correction."""
    form = SectionForm(**kwargs)
    if not correction:
        del form.note
    return form


class SplitForm(FlaskForm):
    before = RadioField(
        _l("Hvor skal teksten deles?"),
        validators=[InputRequired(_l("Vælg det tekstafsnit, den nye del skal begynde med."))],
        validate_choice=False,
    )
    number = _number_field()
    heading = _heading_field()
    page = _page_field()
    text_hash = HiddenField()

    def validate_before(self, field) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Vælg det tekstafsnit, den nye del skal begynde med."))


class SavedTextForm(FlaskForm):
    """Not posted: shows the text someone else saved meanwhile, read-only, to copy from."""

    class Meta:
        csrf = False

    saved_text = CleanTextAreaField(_l("Den gemte tekst"))
