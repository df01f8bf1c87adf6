"""The search form of a hearing's comments and replies: a GET form, so no CSRF token."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, Length

from app.replies.search.query import MAX_QUERY_LENGTH

KIND_CHOICES = [
    ("all", _l("Bemærkninger og svar")),
    ("comments", _l("Kun bemærkninger")),
    ("replies", _l("Kun forvaltningens svar")),
]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(
        _l("Søg efter"),
        filters=[_strip],
        description=_l('Skriv et eller flere ord. Sæt "anførselstegn" om ord, der skal stå lige efter hinanden, '
                       "og minus foran ord, der ikke må stå i teksten, fx -aflastning."),
        validators=[
            DataRequired(message=_l("Skriv det, du vil søge efter.")),
            Length(max=MAX_QUERY_LENGTH, message=_l("Søgningen må højst være %(max)d tegn.")),
        ],
    )
    kind = RadioField(_l("Søg i"), choices=KIND_CHOICES, default="all", validate_choice=False)

    @property
    def kind_value(self) -> str:
        return self.kind.data if self.kind.data in dict(KIND_CHOICES) else "all"
