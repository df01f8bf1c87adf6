"""Forms of the memo pages."""

from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from app.confirmations import ConfirmForm
from app.fields import CleanTextAreaField, DanishDateField, MultiCheckboxField


class FinaliseForm(ConfirmForm):
    """The confirmation page of finalising, with the reason to finalise although replies are missing."""

    override_reason = CleanTextAreaField(
        _l("Hvorfor færdiggøres notatet, selv om der mangler svar? (valgfri)"),
        validators=[Length(max=2000, message=_l("Begrundelsen må højst være 2.000 tegn."))],
        description=_l("Kun nødvendig, hvis ikke alle bemærkninger har et godkendt svar. "
                       "Begrundelsen gemmes med versionen."),
    )


class CommitteeForm(FlaskForm):
    """Who on the committee gets the memo: users with the committee role (choices set by the view)."""

    members = MultiCheckboxField(
        _l("Udvalgsmedlemmer, der skal have høringsnotatet"), coerce=int,
        validators=[DataRequired(_l("Vælg mindst ét udvalgsmedlem."))],
        description=_l("De får en e-mail med høringsnotatet som Word og PDF og et link, hvor de kan læse "
                       "høringsnotatet og høringssvarene."),
    )


MAX_DECISION_CHARS = 2000


class DecisionForm(FlaskForm):
    """The committee's decision, as staff record it after the meeting."""

    decided_on = DanishDateField(
        _l("Dato for beslutningen"),
        validators=[InputRequired(_l("Skriv datoen for udvalgets møde, fx 20-6-2019."))],
        description=_l("Datoen for udvalgets møde, fx 20-6-2019."),
    )
    decision_text = CleanTextAreaField(
        _l("Udvalgets beslutning"),
        validators=[DataRequired(_l("Skriv udvalgets beslutning, fx \u201dAnbefalet\u201d.")),
                    Length(max=MAX_DECISION_CHARS, message=_l("Beslutningen må højst være 2.000 tegn."))],
        description=_l("Som i beslutningsprotokollen, fx \u201dAnbefalet\u201d eller \u201dGodkendt\u201d."),
    )

    def __init__(self, *args, earliest: date | None = None, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.earliest, self.today = earliest, today

    def validate_decided_on(self, field) -> None:
        if field.data is None:
            return
        if self.today is not None and field.data > self.today:
            raise ValidationError(_l("Datoen kan ikke ligge i fremtiden. Skriv datoen for udvalgets møde."))
        if self.earliest is not None and field.data < self.earliest:
            raise ValidationError(_l("Datoen ligger før høringen åbnede (%(date)s). Skriv datoen for udvalgets "
                                     "møde.", date=format_date(self.earliest, "long")))
