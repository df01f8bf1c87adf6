"""The member's question and the administration's answer: one text each, never empty."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, Length

from app.fields import CleanTextAreaField

MAX_CHARS = 8000


class QuestionForm(FlaskForm):
    text = CleanTextAreaField(
        _l("Dit spørgsmål"),
        validators=[DataRequired(message=_l("Skriv dit spørgsmål.")),
                    Length(max=MAX_CHARS, message=_l("Spørgsmålet må højst være 8.000 tegn."))],
        description=_l("Forvaltningen besvarer det skriftligt til sagens næste behandling."),
    )


class AnswerForm(FlaskForm):
    text = CleanTextAreaField(
        _l("Forvaltningens svar"),
        validators=[DataRequired(message=_l("Skriv forvaltningens svar.")),
                    Length(max=MAX_CHARS, message=_l("Svaret må højst være 8.000 tegn."))],
        description=_l("Svaret sendes til godkendelse hos en teamleder, når du gemmer det."),
    )
