"""The form for registering a letter: who sent it and when, the file or its text, and the split.

Everything the officer typed or chose travels in the form, so nothing is lost
on an error: the details, the letter's text (editable), the digests of the
paragraphs the choices belong to, and the pending file's id.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from app.fields import CleanStringField, CleanTextAreaField, DanishDateField
from app.responses import letters, preference_forms

MAX_TEXT_CHARS = 200_000
MAX_PARAGRAPHS = 400


class LetterForm(FlaskForm):
    organisation_id = SelectField(
        _l("Høringspart"), validators=[DataRequired(_l("Vælg den part, brevet er fra."))],
        description=_l("Parterne på høringslisten."),
    )
    received_on = DanishDateField(
        _l("Modtaget den"), validators=[InputRequired(_l("Skriv den dato, brevet kom."))],
        description=_l("Datoen på brevet eller e-mailen, fx 3-6-2019."),
    )
    signed_name = CleanStringField(
        _l("Underskrevet af"),
        validators=[DataRequired(_l("Skriv navnet på den, der har underskrevet brevet.")),
                    Length(max=200, message=_l("Navnet må højst være %(max)d tegn."))],
    )
    signed_role = CleanStringField(
        _l("Rolle (valgfri)"), validators=[Length(max=100, message=_l("Rollen må højst være %(max)d tegn."))],
        description=_l("Fx formand eller sekretær."),
    )
    letter = FileField(
        _l("Brevet som fil"),
        description=_l("PDF, Word (.docx) eller OpenDocument (.odt), højst 20 MB. Filen gemmes med svaret, så den kan "
                       "findes igen."),
    )
    text = CleanTextAreaField(
        _l("Brevets tekst"),
        validators=[Length(max=MAX_TEXT_CHARS, message=_l("Teksten må højst være %(max)d tegn."))],
        description=_l("Kun hvis brevet ikke er en fil, eller filen er scannet: indsæt brevets tekst her. "
                       "En tom linje adskiller to tekststykker."),
    )
    attachment_id = HiddenField()
    incoming_mail_id = HiddenField()  # the waiting mail the letter came in (see letters.mailbox)
    digests = HiddenField()
    preview_token = HiddenField()

    def validate_received_on(self, field) -> None:
        from app.db_types import utcnow
        from app.timezone import to_local

        if field.data and field.data > to_local(utcnow()).date():
            raise ValidationError(_l("Datoen kan ikke ligge efter i dag."))


def choice_labels(sections: list[letters.SectionRef]) -> list[tuple[str, str]]:
    """The options of every paragraph's select: the three kinds, then the sections in draft order."""
    by_key = {s.key: s for s in sections}
    options = [
        (letters.GENERAL, str(_l("Generelt"))),
        (letters.SKIP, str(_l("Ikke en bemærkning"))),
        (letters.HEADING, str(_l("Overskrift til næste punkt"))),
    ]
    for section in sections:
        parent = by_key.get(section.parent_key) if section.parent_key else None
        label = f"{parent.label} – {section.heading}" if parent else section.label
        options.append((letters.SECTION + section.key, label))
    return options


def letter_form(sections: list[letters.SectionRef], paragraphs: list[str], hearing=None, cosigners=None,
                **kwargs) -> LetterForm:
    """The form with one select per paragraph of the letter (`part_0`, `part_1`, …); given the hearing, also
    its preference question and the parties that may sign the letter with its sender (`preference_forms`)."""
    options = choice_labels(sections)

    class SplitForm(LetterForm):
        pass

    if hearing is not None:
        preference_forms.add_fields(SplitForm, hearing, bool(cosigners), letter=True)
    for i, paragraph in enumerate(paragraphs):
        setattr(SplitForm, f"part_{i}", SelectField(
            _l("Tekststykke %(number)d af %(count)d", number=i + 1, count=len(paragraphs)),
            choices=options, description=paragraph, validate_choice=True,
        ))
    form = SplitForm(**kwargs)
    if "cosigners" in form._fields:
        form.cosigners.offer(lambda: cosigners)
    return form


def part_fields(form: LetterForm) -> list:
    return [form._fields[name] for name in form._fields if name.startswith("part_")]
