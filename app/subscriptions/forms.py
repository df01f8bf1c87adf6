"""Subscribing to hearings by e-mail."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from app.fields import CleanStringField
from app.subscriptions.models import Topic


class SubscribeForm(FlaskForm):
    email = CleanStringField(
        _l("Din e-mailadresse"),
        validators=[DataRequired(_l("Skriv din e-mailadresse.")),
                    Email(_l("Skriv en gyldig e-mailadresse, fx navn@eksempel.dk."), check_deliverability=False),
                    Length(max=254, message=_l("E-mailadressen er for lang."))],
        description=_l("Vi sender først en mail med et link, du skal klikke på for at bekræfte."),
        render_kw={"autocomplete": "email", "type": "email", "spellcheck": "false"},
    )
    topic = RadioField(
        _l("Hvad vil du have besked om?"),
        choices=[(Topic.NEW_HEARINGS.value, Topic.NEW_HEARINGS.label), (Topic.COMMITTEE.value, Topic.COMMITTEE.label)],
        default=Topic.NEW_HEARINGS.value,
        validators=[DataRequired(_l("Vælg, hvad du vil have besked om."))],
    )
    committee = SelectField(_l("Udvalg"), choices=[], validate_choice=False,
                            description=_l("Kun hvis du har valgt nye høringer i ét udvalg."))

    def __init__(self, *args, committees: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.committee.choices = [("", _l("Vælg udvalg"))] + [(name, name) for name in committees]
        self._committees = committees
        if not committees:  # no hearing has named a committee yet: only "all new hearings" makes sense
            self.topic.choices = self.topic.choices[:1]

    def validate_committee(self, field) -> None:
        if self.topic.data == Topic.COMMITTEE.value:
            if not field.data:
                raise ValidationError(_l("Vælg det udvalg, du vil have besked om."))
            if field.data not in self._committees:
                raise ValidationError(_l("Vælg et af udvalgene på listen."))


class MemoSubscribeForm(FlaskForm):
    """On one hearing: a mail when its memo is published."""

    email = SubscribeForm.email
