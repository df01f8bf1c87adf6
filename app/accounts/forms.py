from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Email, Length


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mailadresse"),
        validators=[
            DataRequired(_l("Skriv din e-mailadresse.")),
            Email(_l("Skriv en gyldig e-mailadresse, fx navn@kommune.dk."), check_deliverability=False),
            Length(max=254, message=_l("E-mailadressen må højst være 254 tegn.")),
        ],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Adgangskode"),
        validators=[
            DataRequired(_l("Skriv din adgangskode.")),
            Length(max=1000, message=_l("Adgangskoden er for lang.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()
