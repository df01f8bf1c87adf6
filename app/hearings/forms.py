"""Forms for setting up a hearing."""

from datetime import time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.confirmations import ConfirmForm
from app.fields import (
    CleanStringField,
    CleanTextAreaField,
    DanishDateField,
    DanishTimeField,
    MultiCheckboxField,
)
from app.timezone import END_OF_DAY


class HearingForm(FlaskForm):
    title = CleanStringField(
        _l("Titel"),
        validators=[DataRequired(_l("Skriv høringens titel.")),
                    Length(max=300, message=_l("Titlen må højst være %(max)d tegn."))],
        description=_l("Det, der er i høring, fx \u201dKvalitetsstandarder på voksenområdet\u201d."),
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
    document = FileField(_l("Word-fil (.docx)"), description=_l("Overskrifter bliver til afsnit. Højst 20 MB."))
    text = CleanTextAreaField(
        _l("Eller indsæt teksten"),
        validators=[Optional(), Length(max=2_000_000, message=_l("Teksten er for lang."))],
        description=_l("Linjer, der begynder med # eller ##, bliver til afsnit og underafsnit."),
    )


class ConfirmImportForm(FlaskForm):
    payload = HiddenField(validators=[DataRequired()])


class AddPartiesForm(FlaskForm):
    organisations = MultiCheckboxField(_l("Vælg høringsparter"), coerce=int,
                                       validators=[DataRequired(_l("Vælg mindst én part."))])


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
