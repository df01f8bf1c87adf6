"""Asking for one's own data by e-mail address, and confirming its erasure."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired, Email, Length

from app.fields import CleanStringField


class RequestForm(FlaskForm):
    email = CleanStringField(
        _l("Din e-mailadresse"),
        validators=[DataRequired(_l("Skriv din e-mailadresse.")),
                    Email(_l("Skriv en gyldig e-mailadresse, fx navn@eksempel.dk."), check_deliverability=False),
                    Length(max=254, message=_l("E-mailadressen er for lang."))],
        description=_l("Den adresse, du brugte, da du sendte et høringssvar. Vi sender linket hertil."),
        render_kw={"autocomplete": "email", "type": "email", "spellcheck": "false"},
    )


class EraseForm(FlaskForm):
    confirm = BooleanField(
        _l("Ja, slet mit navn, min e-mailadresse og mine andre kontaktoplysninger"),
        validators=[DataRequired(_l("Sæt kryds, hvis du vil have dine oplysninger slettet."))],
        description=_l("Det kan ikke fortrydes. Teksten i dine indsendte høringssvar bliver i sagen uden dit navn."),
    )
