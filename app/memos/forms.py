"""Forms of the memo pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, Length

from app.confirmations import ConfirmForm
from app.fields import CleanTextAreaField, MultiCheckboxField


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
