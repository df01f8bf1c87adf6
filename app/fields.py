"""Form fields and validators shared by every domain."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectMultipleField, StringField, TextAreaField, TimeField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

# Control characters (other than newline and tab) and the Unicode bidi
# overrides that can make a name read differently from what it is.
_HOSTILE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def no_hostile_characters(form, field) -> None:
    if field.data and _HOSTILE.search(field.data):
        raise ValidationError(_l("Teksten indeholder usynlige styretegn. Skriv den igen uden dem."))


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class CleanStringField(StringField):
    """A one-line text: trimmed, inner whitespace collapsed, hostile characters refused."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("filters", [])
        kwargs["filters"] = [_strip, lambda v: re.sub(r"[ \t\r\n\u00a0]+", " ", v) if isinstance(v, str) else v,
                             *kwargs["filters"]]
        kwargs["validators"] = [no_hostile_characters, *kwargs.get("validators", [])]
        super().__init__(*args, **kwargs)


class CleanTextAreaField(TextAreaField):
    """A longer text: trimmed, line breaks kept, hostile characters refused."""

    def __init__(self, *args, **kwargs):
        kwargs["filters"] = [_strip, *kwargs.get("filters", [])]
        kwargs["validators"] = [no_hostile_characters, *kwargs.get("validators", [])]
        super().__init__(*args, **kwargs)


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (the form macro gives them a fieldset and legend)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def plain_options(self) -> list[tuple[str, str, str, bool]] | None:
        """(id, value, label, checked) of each option, for the form macro to write the checkboxes itself, the
        same to the byte as WTForms writes them; None when an option would carry more attributes than those.
        WTForms builds a field object per option: a party's page offers 400 parties as co-signers."""
        if self.render_kw or any(getattr(self.flags, name, False) for name in self.option_widget.validation_attrs):
            return None
        options = []
        for index, (value, label, checked, render_kw) in enumerate(self.iter_choices()):
            if render_kw:
                return None
            options.append((f"{self.id}-{index}", "" if value is None else str(value), label, checked))
        return options


class DanishDateField(DateField):
    """A date (the browser's date picker, or dd-mm-åååå typed by hand), with a Danish message."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"])
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Skriv en gyldig dato, fx 3-6-2027.")) from None


class DanishTimeField(TimeField):
    """A time of day, with a Danish message; 23.59 is accepted as well as 23:59."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", ["%H:%M", "%H.%M"])
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Skriv et gyldigt klokkeslæt, fx 23.59.")) from None


def int_or_none(value) -> int | None:
    """A posted or queried number, or None when it is empty or not a number (a tampered form)."""
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
