"""Forms for log-in, passwords, two-step verification and the administration of users."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from app.accounts.models import Role
from app.accounts.password_policy import MIN_LENGTH, StrongPassword
from app.fields import CleanStringField


def _email_field(label=None):
    return EmailField(
        label or _l("E-mailadresse"),
        validators=[
            DataRequired(_l("Skriv din e-mailadresse.")),
            Email(_l("Skriv en gyldig e-mailadresse, fx navn@kommune.dk."), check_deliverability=False),
            Length(max=254, message=_l("E-mailadressen må højst være 254 tegn.")),
        ],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        render_kw={"autocomplete": "username"},
    )


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        _l("Adgangskode"),
        validators=[
            DataRequired(_l("Skriv din adgangskode.")),
            Length(max=1000, message=_l("Adgangskoden er for lang.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class ForgotPasswordForm(FlaskForm):
    email = _email_field()


PASSWORD_HINT = _l(
    "Mindst %(min)d tegn. Brug gerne flere ord, fx fire tilfældige ord med mellemrum. "
    "Almindelige adgangskoder som “Sommer2024” kan ikke bruges.", min=MIN_LENGTH,
)


def _new_password():
    return PasswordField(
        _l("Ny adgangskode"),
        validators=[DataRequired(_l("Skriv en ny adgangskode.")), StrongPassword()],
        description=PASSWORD_HINT,
        render_kw={"autocomplete": "new-password", "spellcheck": "false"},
    )


def _confirm():
    return PasswordField(
        _l("Gentag den nye adgangskode"),
        validators=[
            DataRequired(_l("Skriv den nye adgangskode en gang til.")),
            EqualTo("password", _l("De to adgangskoder er ikke ens. Skriv den samme adgangskode i begge felter.")),
        ],
        render_kw={"autocomplete": "new-password", "spellcheck": "false"},
    )


class NewPasswordForm(FlaskForm):
    """Set `form.password_owner = (email, name)` so the password may not be the person's own."""

    password = _new_password()
    confirm = _confirm()


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        _l("Nuværende adgangskode"),
        validators=[
            DataRequired(_l("Skriv din nuværende adgangskode.")),
            Length(max=1000, message=_l("Adgangskoden er for lang.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    password = _new_password()
    confirm = _confirm()


_CODE_KW = {"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "off", "autocorrect": "off"}


class LoginCodeForm(FlaskForm):
    code = StringField(
        _l("Kode"),
        validators=[
            DataRequired(_l("Skriv koden fra din godkendelsesapp.")),
            Length(max=40, message=_l("Koden er for lang. Skriv de 6 cifre fra appen.")),
        ],
        description=_l("De 6 cifre, som din godkendelsesapp viser nu. Har du ikke telefonen ved hånden, "
                       "kan du skrive en af dine gendannelseskoder."),
        render_kw=_CODE_KW,
    )


class AppCodeForm(FlaskForm):
    """A code from the app: to confirm the set-up, new recovery codes, or turning it off."""

    code = StringField(
        _l("Kode fra appen"),
        validators=[
            DataRequired(_l("Skriv de 6 cifre fra din godkendelsesapp.")),
            Length(max=40, message=_l("Koden er for lang. Skriv de 6 cifre fra appen.")),
        ],
        description=_l("6 cifre. Koden skifter hvert 30. sekund."),
        render_kw={**_CODE_KW, "inputmode": "numeric"},
    )


ROLE_CHOICES = [
    (Role.STAFF.value, _l("Sagsbehandler: opretter og kører høringer og skriver forvaltningens svar")),
    (Role.APPROVER.value, _l("Godkender (teamleder): som sagsbehandler, og godkender svarene")),
    (Role.COMMITTEE.value, _l("Udvalgsmedlem: læser høringsnotater og høringssvar")),
    (Role.ADMIN.value, _l("Administrator: brugere, roller og partslisten")),
]


def _role():
    return RadioField(
        _l("Rolle"),
        choices=ROLE_CHOICES,
        validators=[DataRequired(_l("Vælg en rolle."))],
        description=_l("Godkendere og administratorer skal logge ind med totrinsbekræftelse."),
    )


class RoleForm(FlaskForm):
    role = _role()


class NewUserForm(FlaskForm):
    name = CleanStringField(
        _l("Navn"),
        validators=[
            DataRequired(_l("Skriv brugerens navn.")),
            Length(max=200, message=_l("Navnet må højst være 200 tegn.")),
        ],
        render_kw={"autocomplete": "off"},
    )
    email = EmailField(
        _l("E-mailadresse"),
        validators=[
            DataRequired(_l("Skriv brugerens e-mailadresse.")),
            Email(_l("Skriv en gyldig e-mailadresse, fx navn@kommune.dk."), check_deliverability=False),
            Length(max=254, message=_l("E-mailadressen må højst være 254 tegn.")),
        ],
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
        description=_l("Brugeren får en e-mail med et link til at vælge sin adgangskode."),
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    role = _role()
    party = CleanStringField(
        _l("Parti (valgfrit)"),
        validators=[Optional(), Length(max=10, message=_l("Skriv partiet med højst 10 tegn, fx V eller SF."))],
        description=_l("For udvalgsmedlemmer: partibogstavet, som protokollen skriver det, fx V eller SF."),
        render_kw={"autocomplete": "off"},
    )

    def validate_email(self, field) -> None:
        from app.accounts.operations import find_user

        if field.data and find_user(field.data) is not None:
            raise ValidationError(_l("Der findes allerede en bruger med denne e-mailadresse."))


class DigestForm(FlaskForm):
    """A staff user's choice of the daily mail of what waits for them (app.worklists.digest)."""

    wants_digest = BooleanField(
        _l("Send mig en e-mail hver morgen, når noget venter på mig"),
        description=_l("Den fortæller, hvor mange svar, bemærkninger og høringer der venter, "
                       "og linker til Mine opgaver."),
    )
