"""The questions a response form gets on a hearing with alternatives, and the co-signers of a joint response.

Added to a form class per hearing (as the section fields are): the preferred
alternative, none, or a variant of the party's own with its text, and the
reason; on a party's form also the other parties on the list who sign with it.
A party's form keeps them in its working copy like every other field, and
checks "a variant needs its text" on submitting (`submission_problems`), so
autosave never scolds someone who has just chosen "Et eget forslag"; the
citizen's form and the letter form check it on posting (`check_variant`).
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import Length

from app.fields import MultiCheckboxField, no_hostile_characters
from app.hearings.models import Hearing
from app.responses import drafts, preferences
from app.responses.models import Preference

VARIANT_NEEDS_TEXT = preferences.VARIANT_NEEDS_TEXT
UNKNOWN_CHOICE = preferences.UNKNOWN_CHOICE


def _text(label, description, limit: int):
    return TextAreaField(label, description=description, validators=[
        no_hostile_characters, Length(max=limit, message=_l("Teksten må højst være %(max)d tegn."))])


COSIGNERS_HINT = _l("Vælg dem, der står bag svaret sammen med jer. Hver af dem ser svaret med sit eget link og "
                    "tæller først som at have svaret, når den har bekræftet, at den står bag det.")
LETTER_COSIGNERS_HINT = _l("Vælg de andre høringsparter, der har skrevet under på brevet. De tæller som at have "
                           "svaret.")


class CosignersField(MultiCheckboxField):
    """The other parties on the hearing's list, as checkboxes; the form's user names them (`offer`).

    They are read only when the field is shown: a save or a submission reads just the ids sent, and a
    national hearing lists thousands of parties (reading them all was most of a submission's processor
    time, issue 20). So the form class, shared by every party of the hearing, holds no names."""

    def __init__(self, *args, **kwargs):
        self._offer: Callable[[], list] | None = None
        super().__init__(*args, validate_choice=False, **kwargs)

    def offer(self, candidates: Callable[[], list]) -> None:
        self._offer, self._choices = candidates, None

    @property
    def choices(self) -> list[tuple[str, str]] | None:
        if self._choices is None and self._offer is not None:
            self._choices = [(str(o.id), o.name) for o in self._offer()]
        return self._choices

    @choices.setter
    def choices(self, value) -> None:
        self._choices = value


def add_fields(form_class: type, hearing: Hearing, cosigners: bool = False, *, letter: bool = False) -> None:
    """The preference question (only on a hearing with alternatives) and, with `cosigners`, the co-signers
    (each form offers its own: `CosignersField.offer`): on a party's own form each must accept from its own
    link; on a letter staff register, it signed the letter."""
    if hearing.alternatives:
        form_class.preference = RadioField(
            _l("Hvilket alternativ foretrækkes?"),
            choices=preferences.choices(hearing, _("Intet af alternativerne"), _("Et eget forslag (en variant)")),
            validate_choice=False, default="",
            description=_l("Høringen har flere alternativer. Vælg det foretrukne, eller beskriv et eget forslag."),
        )
        form_class.variant_name = StringField(
            _l("Navn på det egne forslag (valgfrit)"), description=_l("Fx ”model 2½”."),
            validators=[no_hostile_characters, Length(max=120, message=_l("Navnet må højst være 120 tegn."))])
        form_class.variant_text = _text(_l("Det egne forslag"),
                                        _l("Kun ved et eget forslag: hvad går det ud på?"),
                                        drafts.MAX_COMMENT_CHARS)
        form_class.preference_reason = _text(_l("Begrundelse for valget"), None, drafts.MAX_COMMENT_CHARS)
    if cosigners:
        form_class.cosigners = CosignersField(
            _l("Afgiver I svaret sammen med andre høringsparter?"),
            description=LETTER_COSIGNERS_HINT if letter else COSIGNERS_HINT,
        )


def has_preference(form) -> bool:
    return "preference" in form._fields


def sent_values(form) -> dict[str, str]:
    """The fields' values by working-copy name."""
    values = {}
    if has_preference(form):
        for name in (preferences.PREFERENCE, preferences.VARIANT_NAME, preferences.VARIANT_TEXT,
                     preferences.PREFERENCE_REASON):
            values[name] = drafts.normalise(form._fields[name].data)
    if "cosigners" in form._fields:
        values[preferences.COSIGNERS] = ",".join(str(i) for i in preferences.parse_ids(form.cosigners.data))
    return values


def fill_from(form, draft: dict) -> None:
    if has_preference(form):
        for name in (preferences.PREFERENCE, preferences.VARIANT_NAME, preferences.VARIANT_TEXT,
                     preferences.PREFERENCE_REASON):
            form._fields[name].data = draft.get(name, "")
    if "cosigners" in form._fields:
        form.cosigners.data = [str(i) for i in preferences.parse_ids(draft.get(preferences.COSIGNERS))]


def check_variant(form, hearing: Hearing) -> bool:
    """On a form that is posted once (citizen, letter): a variant needs its text; an unknown choice is refused.
    The messages go next to the fields; False when there is one."""
    if not has_preference(form):
        return True
    value = form.preference.data or ""
    if value and preferences.parse_choice(hearing, value, "", "").preference is None:
        form.preference.errors = [*form.preference.errors, str(UNKNOWN_CHOICE)]
        return False
    if value == Preference.VARIANT.value and not (form.variant_text.data or "").strip():
        form.variant_text.errors = [*form.variant_text.errors, str(VARIANT_NEEDS_TEXT)]
        return False
    return True


def choice_of(form, hearing: Hearing) -> preferences.Choice:
    return preferences.parse_choice(hearing, form.preference.data, form.variant_text.data,
                                    form.preference_reason.data, form.variant_name.data)
