"""Forms of the reply workspace."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, SelectField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.fields import CleanTextAreaField, MultiCheckboxField, int_or_none
from app.replies.models import Outcome
from app.replies.revision import CHANGING_OUTCOMES, is_same_wording

MAX_REPLY_CHARS = 20_000


class ReplyForm(FlaskForm):
    text = CleanTextAreaField(
        _l("Forvaltningens svar"),
        validators=[Length(max=MAX_REPLY_CHARS, message=_l("Svaret må højst være 20.000 tegn."))],
        description=_l("Det står i høringsnotatet under bemærkningen. Skriv, så parten kan forstå det. "
                       "Tager forvaltningen bemærkningen til efterretning, kan feltet stå tomt."),
    )
    outcome = RadioField(
        _l("Hvordan er bemærkningen behandlet?"),
        choices=Outcome.choices(),
        validators=[Optional()],
    )
    financial_consequence = RadioField(
        _l("Har det økonomiske konsekvenser?"), choices=[("no", _l("Nej")), ("yes", _l("Ja"))], default="no",
        validators=[InputRequired(_l("Vælg, om svaret har økonomiske konsekvenser."))],
    )
    financial_note = CleanTextAreaField(
        _l("Beskriv de økonomiske konsekvenser"), validators=[Length(max=4000)],
        description=_l("Skal udfyldes, når svaret har økonomiske konsekvenser. "
                       "Fx hvad det koster at hæve serviceniveauet."),
    )
    draft_change_key = SelectField(
        _l("Ændrer svaret udkastet?"), validate_choice=False,
        description=_l("Vælg det afsnit, der får ny ordlyd, hvis udkastet ændres på grund af bemærkningen."),
    )
    draft_change = CleanTextAreaField(
        _l("Afsnittets nye ordlyd"),
        validators=[Length(max=MAX_REPLY_CHARS, message=_l("Den nye ordlyd må højst være 20.000 tegn."))],
        description=_l("Skriv hele afsnittets nye tekst. Tryk på »Hent afsnittets tekst« for at begynde med "
                       "teksten fra udkastet. Ændringen kommer med i det reviderede udkast, når svaret er godkendt."),
    )
    fetch_text = SubmitField(_l("Hent afsnittets tekst"))
    ready = SubmitField(_l("Send til godkendelse"))  # save, then send for approval
    in_general_reply = SelectField(
        _l("Indgår bemærkningen i forvaltningens generelle bemærkninger?"), coerce=int_or_none,
        validate_choice=False,
        description=_l("Vælg det generelle svar, der også besvarer denne bemærkning. Så skal den ikke have et "
                       "svar for sig; høringsnotatet henviser til det generelle svar."),
    )
    internal_note = CleanTextAreaField(
        _l("Intern note (valgfri)"), validators=[Length(max=4000)],
        description=_l("Kun for forvaltningen. Den kommer aldrig med i høringsnotatet."),
    )
    lock_version = HiddenField()

    # Set by the view: the sections of the draft by key, for the draft-change choice.
    sections: dict = {}

    def validate_draft_change_key(self, field) -> None:
        if field.data and field.data not in self.sections:
            raise ValidationError(_l("Vælg et afsnit fra listen."))

    def validate_draft_change(self, field) -> None:
        section = self.sections.get(self.draft_change_key.data)
        if not (field.data or "").strip():
            if section is not None:
                raise ValidationError(_l("Skriv afsnittets nye ordlyd, eller vælg »Ingen ændring i udkastet«."))
            return
        if section is None:
            raise ValidationError(_l("Vælg det afsnit, som den nye ordlyd skal erstatte."))
        if is_same_wording(section, field.data):
            raise ValidationError(_l("Den nye ordlyd er den samme som i udkastet. Ret teksten, "
                                     "eller vælg »Ingen ændring i udkastet«."))
        if self.outcome.data not in {outcome.value for outcome in CHANGING_OUTCOMES}:
            raise ValidationError(_l("Kun et svar, der imødekommer bemærkningen helt eller delvist, ændrer "
                                     "udkastet. Vælg det udfald, eller vælg »Ingen ændring i udkastet«."))

    def validate_in_general_reply(self, field) -> None:
        if field.data is None:
            return
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Vælg et af de generelle svar på listen."))
        if (self.text.data or "").strip():
            raise ValidationError(_l("Bemærkningen er besvaret i de generelle bemærkninger. Slet teksten i "
                                     "»Forvaltningens svar«, eller vælg »Nej, svaret står her«."))

    def validate_financial_note(self, field) -> None:
        if self.financial_consequence.data == "yes" and not (field.data or "").strip():
            raise ValidationError(_l("Beskriv de økonomiske konsekvenser."))


class SendBackForm(FlaskForm):
    reason = CleanTextAreaField(
        _l("Hvad skal rettes?"),
        validators=[DataRequired(_l("Skriv, hvad der skal rettes.")), Length(max=4000)],
        description=_l("Sagsbehandleren ser begrundelsen ved svaret."),
    )


class ChooseCommentsForm(FlaskForm):
    comments = MultiCheckboxField(_l("Vælg bemærkninger"), coerce=int)
    comment = IntegerField(validators=[Optional()])  # the one button pressed, when answering one comment


class MoveCommentForm(FlaskForm):
    section = SelectField(_l("Flyt bemærkningen til"), validators=[InputRequired(_l("Vælg et afsnit."))])


class SplitCommentForm(FlaskForm):
    before_paragraph = RadioField(_l("Hvor skal bemærkningen deles?"), coerce=int,
                                  validators=[InputRequired(_l("Vælg, hvor bemærkningen skal deles."))])
    second_section = SelectField(_l("Den anden del hører til"), validators=[InputRequired(_l("Vælg et afsnit."))])


class OverviewFilterForm(FlaskForm):
    """Narrow the overview; a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    sender = SelectField(_l("Afsender"), validators=[Optional()])
    outcome = SelectField(_l("Udfald"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    assignee = SelectField(_l("Ansvarlig"), validators=[Optional()])


def assignment_form(keys_and_labels: list[tuple[str, str]], officers: list[tuple[int, str]], **kwargs) -> FlaskForm:
    """One choice of officer per top section."""

    class AssignmentForm(FlaskForm):
        pass

    choices = [("", _l("Ingen"))] + [(str(user_id), name) for user_id, name in officers]
    for key, label in keys_and_labels:
        setattr(AssignmentForm, f"assign-{key}", SelectField(label, choices=choices, validators=[Optional()]))
    return AssignmentForm(**kwargs)
