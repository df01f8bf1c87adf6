"""The form that records (or corrects) a meeting as the minutes write it."""

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.committee.meetings.models import MeetingOutcome, VoteSide
from app.committee.meetings.party_letters import parse_party_letters
from app.fields import CleanStringField, CleanTextAreaField, DanishDateField, int_or_none

MAX_DECISION_CHARS = 8000
MAX_REASON_CHARS = 2000

# The three sides of a vote, each a count, party letters and a reason: (prefix, side).
VOTE_FIELDS = (("for", VoteSide.FOR), ("against", VoteSide.AGAINST), ("abstaining", VoteSide.ABSTAINING))


def _count_field(label):
    return CleanStringField(label, validators=[Length(max=6, message=_l("Skriv antallet som et helt tal, fx 6."))],
                            description=_l("Et helt tal, fx 6. Tomt, hvis der ikke blev stemt."))


def _parties_field(label):
    return CleanStringField(label, validators=[Length(max=200, message=_l("Højst 200 tegn."))],
                            description=_l("Partibogstaver som i protokollen, fx \u201dC, F, V og O\u201d eller "
                                           "\u201d3 (C), 2 (A), 1 (V)\u201d."))


def _reason_field(label):
    return CleanTextAreaField(label, validators=[Length(max=MAX_REASON_CHARS,
                                                        message=_l("Begrundelsen må højst være 2.000 tegn."))],
                              description=_l("Som i protokollen, fx \u201didet model 2 ikke bør indgå i den videre "
                                             "behandling af sagen\u201d."))


class MeetingForm(FlaskForm):
    """Bodies are the choices the view sets; a body not in the list is typed as a new one."""

    body = SelectField(_l("Udvalg eller råd"), coerce=int_or_none, validate_choice=False,
                       description=_l("Det organ, der behandlede sagen."))
    new_body = CleanStringField(
        _l("Eller et organ, der ikke er på listen"),
        validators=[Length(max=200, message=_l("Navnet må højst være 200 tegn."))],
        description=_l("Fx \u201dØkonomiudvalget\u201d. Det kommer på listen til næste gang."),
    )
    held_on = DanishDateField(
        _l("Mødedato"),
        validators=[InputRequired(_l("Skriv datoen for mødet, fx 21-8-2013."))],
        description=_l("Fx 21-8-2013."),
    )
    outcome = RadioField(_l("Udfald"), choices=MeetingOutcome.choices(), validate_choice=False,
                         validators=[InputRequired(_l("Vælg udfaldet af behandlingen."))])
    decision_text = CleanTextAreaField(
        _l("Beslutningen"),
        validators=[Optional(), Length(max=MAX_DECISION_CHARS, message=_l("Beslutningen må højst være 8.000 tegn."))],
        description=_l("Som i beslutningsprotokollen. En tom linje skiller afsnittene."),
    )
    for_count = _count_field(_l("Antal for"))
    for_parties = _parties_field(_l("Partier for"))
    for_reason = _reason_field(_l("Begrundelse for at stemme for (valgfri)"))
    against_count = _count_field(_l("Antal imod"))
    against_parties = _parties_field(_l("Partier imod"))
    against_reason = _reason_field(_l("Begrundelse for at stemme imod (valgfri)"))
    abstaining_count = _count_field(_l("Antal, der undlod at stemme"))
    abstaining_parties = _parties_field(_l("Partier, der undlod at stemme"))
    abstaining_reason = _reason_field(_l("Begrundelse for at undlade at stemme (valgfri)"))
    absent = CleanTextAreaField(
        _l("Fraværende medlemmer (valgfri)"),
        validators=[Length(max=2000, message=_l("Højst 2.000 tegn."))],
        description=_l("Ét medlem pr. linje, med parti, fx \u201dJørn Moos (V)\u201d."),
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def validate_body(self, field) -> None:
        known = {value for value, _label in field.choices if value is not None}
        if field.data is not None and field.data not in known:
            raise ValidationError(_l("Vælg et organ på listen."))
        if field.data is None and not (self.new_body.data or "").strip():
            raise ValidationError(_l("Vælg udvalget eller rådet, eller skriv navnet på et nyt."))
        if field.data is not None and (self.new_body.data or "").strip():
            raise ValidationError(_l("Vælg et organ på listen eller skriv et nyt, ikke begge."))

    def validate_outcome(self, field) -> None:
        if field.data not in {outcome.value for outcome in MeetingOutcome}:
            raise ValidationError(_l("Vælg et af udfaldene på listen."))

    def validate_held_on(self, field) -> None:
        if field.data is not None and self.today is not None and field.data > self.today:
            raise ValidationError(_l("Datoen kan ikke ligge i fremtiden. Skriv datoen for mødet."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for prefix, _side in VOTE_FIELDS:
            valid = self._validate_side(prefix) and valid
        return valid

    def _validate_side(self, prefix: str) -> bool:
        count, parties, reason = (getattr(self, f"{prefix}_{name}") for name in ("count", "parties", "reason"))
        if count.errors or parties.errors:
            return False
        number = None
        if count.data:
            if not re.fullmatch(r"[0-9]{1,6}", count.data):  # not isdigit(): "²" is a digit int() refuses
                count.errors.append(_l("Skriv antallet som et helt tal, 0 eller derover, fx 6."))
                return False
            number = int(count.data)
        elif parties.data or reason.data:
            count.errors.append(_l("Skriv, hvor mange der stemte sådan."))
            return False
        if not parties.data:
            return True
        letters = parse_party_letters(parties.data)
        if letters is None:
            parties.errors.append(_l("Skriv partibogstaverne som i protokollen, fx \u201dC, F, V og O\u201d."))
            return False
        counted = [n for n, _letter in letters if n is not None]
        if counted and len(counted) != len(letters):
            parties.errors.append(_l("Skriv et antal ved alle partier eller ved ingen, fx \u201d3 (C), 2 (A)\u201d."))
            return False
        if counted and sum(counted) != number:
            parties.errors.append(_l("Partiernes stemmer giver %(sum)d, men antallet er %(count)d.",
                                     sum=sum(counted), count=number))
            return False
        return True

    def votes(self) -> list[tuple[VoteSide, int, str, str]]:
        """(side, count, parties, reason) of each side that was voted on."""
        found = []
        for prefix, side in VOTE_FIELDS:
            count = getattr(self, f"{prefix}_count").data
            if count:
                found.append((side, int(count), getattr(self, f"{prefix}_parties").data or "",
                              getattr(self, f"{prefix}_reason").data or ""))
        return found


class CorrectionForm(MeetingForm):
    """Correcting a recorded meeting: the same fields, and why (kept in the audit trail)."""

    correction_reason = CleanTextAreaField(
        _l("Hvad er rettet, og hvorfor?"),
        validators=[DataRequired(_l("Skriv, hvad der er rettet og hvorfor, fx \u201dStemmetallet var forkert\u201d.")),
                    Length(max=2000, message=_l("Højst 2.000 tegn."))],
        description=_l("Gemmes sammen med den tidligere udgave, som forvaltningen fortsat kan se."),
    )
