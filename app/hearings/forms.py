"""Forms for setting up a hearing."""

from datetime import time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from markupsafe import Markup
from wtforms import BooleanField, FieldList, HiddenField, SelectField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.confirmations import ConfirmForm
from app.fields import (
    CleanStringField,
    CleanTextAreaField,
    DanishDateField,
    DanishTimeField,
    MultiCheckboxField,
)
from app.hearings.draft_import import MAX_NUMBER_CHARS
from app.timezone import END_OF_DAY


class HearingForm(FlaskForm):
    title = CleanStringField(
        _l("Titel"),
        validators=[DataRequired(_l("Skriv høringens titel.")),
                    Length(max=300, message=_l("Titlen må højst være %(max)d tegn."))],
        description=_l("Det, der er i høring, fx \u201dKvalitetsstandarder på voksenområdet\u201d."),
    )
    subtitle = CleanStringField(
        _l("Undertitel"),
        validators=[Optional(), Length(max=300, message=_l("Undertitlen må højst være %(max)d tegn."))],
        description=_l("Valgfri. Importerer du et udkast med en forside, bliver forsidens undertitel brugt her."),
    )
    case_number = CleanStringField(
        _l("Sagsnummer"),
        validators=[Optional(), Length(max=50, message=_l("Sagsnummeret må højst være %(max)d tegn."))],
    )
    committee = CleanStringField(
        _l("Udvalg"),
        validators=[Optional(), Length(max=200, message=_l("Udvalgets navn må højst være %(max)d tegn."))],
        description=_l("Det politiske udvalg, der får høringsnotatet."),
    )
    summary = CleanTextAreaField(
        _l("Kort beskrivelse"),
        validators=[Optional(), Length(max=5000, message=_l("Beskrivelsen må højst være %(max)d tegn."))],
        description=_l("Vises på listen over høringer. Skriv kort og i almindeligt sprog."),
    )
    letter = CleanTextAreaField(
        _l("Høringsbrev"),
        validators=[Optional(), Length(max=20000, message=_l("Høringsbrevet må højst være %(max)d tegn."))],
        description=_l("Teksten i invitationen til høringsparterne."),
    )
    is_public = BooleanField(_l("Borgere kan også afgive høringssvar (offentlig høring)"))
    opens_on = DanishDateField(
        _l("Åbner dato"), validators=[Optional()],
        description=_l("Lad feltet stå tomt, hvis høringen skal åbne, når du trykker \u201dÅbn høringen nu\u201d."),
    )
    opens_time = DanishTimeField(_l("Åbner klokkeslæt"), validators=[Optional()], default=time(8, 0))
    deadline_on = DanishDateField(
        _l("Høringsfrist, dato"),
        validators=[InputRequired(_l("Vælg datoen for høringsfristen."))],
    )
    deadline_time = DanishTimeField(
        _l("Høringsfrist, klokkeslæt"), validators=[Optional()], default=END_OF_DAY,
        description=_l("Dansk tid. Normalt kl. 23.59 på fristdagen."),
    )
    officers = MultiCheckboxField(_l("Ansvarlige sagsbehandlere"), coerce=int, validators=[Optional()])
    approver = SelectField(_l("Godkender"), coerce=int, validators=[Optional()],
                           description=_l("Den teamleder, der godkender forvaltningens svar."))
    retention_until = DanishDateField(
        _l("Persondata slettes efter"), validators=[Optional()],
        description=_l("Dagen efter fjernes navne, adresser og arbejdskopier; notatet og svarenes tekst bliver. "
                       "Lad feltet stå tomt for at følge reglen: et antal måneder efter udvalgets beslutning, "
                       "eller efter fristen, hvis høringen aldrig bliver besluttet."),
    )  # administrators only: the views remove it for everyone else
    original = FileField(
        _l("Det oprindelige dokument (valgfrit)"),
        description=_l("PDF, Word eller ODT, højst 20 MB. Kan hentes af alle, der læser høringen."),
    )

    def validate_deadline_on(self, field) -> None:
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(_l("Høringsfristen skal ligge efter den dag, høringen åbner."))


class DraftImportForm(FlaskForm):
    # Set by the button "Importér fra den uploadede fil …": the hearing's own file, not a new upload.
    from_original = HiddenField()
    document = FileField(
        _l("Fil med udkastet (Word, ODT eller PDF)"),
        description=_l(
            "Word (.docx), OpenDocument (.odt) eller PDF (højst 300 sider). Overskrifter bliver til afsnit. "
            "Højst 20 MB."
        ),
    )
    text = CleanTextAreaField(
        _l("Eller indsæt teksten"),
        validators=[Optional(), Length(max=2_000_000, message=_l("Teksten er for lang."))],
        description=_l("Linjer, der begynder med # eller ##, bliver til afsnit og underafsnit."),
    )


def _number_fits(form, field) -> None:
    if len(field.data or "") > MAX_NUMBER_CHARS:
        raise ValidationError(_l("Nummeret for \u201d%(heading)s\u201d må højst være %(max)d tegn.",
                                 heading=field.section_heading, max=MAX_NUMBER_CHARS))


class ConfirmImportForm(FlaskForm):
    """The previewed tree (signed) and a number per section, which staff may change before saving."""

    payload = HiddenField(validators=[DataRequired()])
    numbers = FieldList(CleanStringField(validators=[_number_fits], render_kw={"autocomplete": "off"}))

    def label_numbers(self, sections: list) -> bool:
        """Name each number field after its section: "Nummer", and for screen readers "for Aflastningsordning".

        The heading stands beside the field; the error message names it too. False when the
        fields do not match the sections (none at all keeps the previewed numbers).
        """
        if not self.numbers.entries:
            return True
        if len(self.numbers.entries) != len(sections):
            return False
        for entry, section in zip(self.numbers.entries, sections, strict=True):
            entry.section_heading = section.heading
            entry.label.text = Markup('{}<span class="sr-only"> {}</span>').format(
                _l("Nummer"), _l("for %(heading)s", heading=section.heading))
            entry.description = section.number_source.label
        return True


class AddPartiesForm(FlaskForm):
    organisations = MultiCheckboxField(_l("Vælg høringsparter"), coerce=int,
                                       validators=[DataRequired(_l("Vælg mindst én part."))])


class AlternativesForm(FlaskForm):
    sections = MultiCheckboxField(
        _l("Afsnit, der er alternativer"),
        description=_l("Vælg de afsnit af udkastet, som hver beskriver et alternativ, fx ”Model 1”, ”Model 2” og "
                       "”Model 3”. Parterne bliver spurgt, hvilket de foretrækker. Vælg ingen, hvis høringen ikke "
                       "har alternativer."),
    )


class DeadlineForm(FlaskForm):
    deadline_on = DanishDateField(_l("Ny høringsfrist, dato"),
                            validators=[InputRequired(_l("Vælg datoen for den nye høringsfrist."))])
    deadline_time = DanishTimeField(_l("Klokkeslæt"), validators=[Optional()], default=END_OF_DAY)


class ReminderForm(ConfirmForm):
    """The parties to remind, chosen in the list of parties (choices: those still to answer, set by the
    view); or every one of them with the button named `everyone`. A ConfirmForm, because reminding a
    party twice on one day is asked about first."""

    invitations = MultiCheckboxField(_l("Send påmindelse til"), coerce=int, validate_choice=False)
    everyone = BooleanField()
