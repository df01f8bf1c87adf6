"""Forms of the revised draft for the committee and of the second hearing round."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.fields import CleanStringField, CleanTextAreaField, DanishDateField, DanishTimeField
from app.hearings.section_forms import MAX_TEXT_CHARS
from app.timezone import END_OF_DAY


class CommitteeDraftForm(FlaskForm):
    title = CleanStringField(
        _l("Det reviderede udkasts titel"),
        validators=[DataRequired(_l("Skriv, hvad det reviderede udkast skal hedde, fx \u201dmodel af "
                                    "10. september 2013\u201d.")),
                    Length(max=200, message=_l("Titlen må højst være %(max)d tegn."))],
        description=_l("Som udvalget og referatet kender det, fx \u201dmodel af 10. september 2013\u201d."),
    )
    note = CleanTextAreaField(
        _l("Hvad er ændret, og hvorfor?"),
        validators=[Optional(), Length(max=2000, message=_l("Skriv højst %(max)d tegn."))],
        description=_l("Vises for udvalget over ændringerne."),
    )


class CommitteeSectionForm(FlaskForm):
    heading = CleanStringField(
        _l("Overskrift"),
        validators=[DataRequired(_l("Skriv afsnittets overskrift.")),
                    Length(max=300, message=_l("Overskriften må højst være %(max)d tegn."))],
    )
    text = CleanTextAreaField(
        _l("Tekst"),
        validators=[Optional(), Length(max=MAX_TEXT_CHARS, message=_l("Teksten må højst være %(max)s tegn."))],
        description=_l(
            "Skriv en tom linje mellem tekstafsnit. Skriv **fed** og *kursiv*. En linje, der begynder med "
            "\u201d- \u201d, bliver et punkt i en liste, og \u201d1. \u201d et nummereret punkt."
        ),
    )


class SecondRoundForm(FlaskForm):
    title = CleanStringField(
        _l("Genhøringens titel"),
        validators=[DataRequired(_l("Skriv genhøringens titel.")),
                    Length(max=300, message=_l("Titlen må højst være %(max)d tegn."))],
    )
    deadline_on = DanishDateField(
        _l("Høringsfrist, dato"),
        validators=[InputRequired(_l("Vælg datoen for genhøringens høringsfrist."))],
    )
    deadline_time = DanishTimeField(
        _l("Høringsfrist, klokkeslæt"), validators=[Optional()], default=END_OF_DAY,
        description=_l("Dansk tid. Normalt kl. 23.59 på fristdagen."),
    )
    letter = CleanTextAreaField(
        _l("Høringsbrev"),
        validators=[Optional(), Length(max=20000, message=_l("Høringsbrevet må højst være %(max)d tegn."))],
        description=_l("Teksten i invitationen til høringsparterne."),
    )
