"""The response form: one comment field per section of the draft, and the rest.

The fields are named as in the working copy (`drafts`), so a saved draft
fills the form and a posted form merges into the draft by the same names.
"""

from collections.abc import Callable

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, MultipleFileField, RadioField, StringField, TextAreaField
from wtforms.fields.core import Flags, UnboundField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from app.attachments.checks import MAX_ATTACHMENT_BYTES
from app.attachments.uploads import MAX_FILES
from app.fields import CleanStringField, CleanTextAreaField, no_hostile_characters
from app.hearings.models import Section
from app.responses import drafts, preference_forms


def _fits(limit: int):
    """Too long is said with the numbers, never cut: the person decides what to shorten."""

    def check(form, field) -> None:
        length = len(drafts.normalise(field.data))
        if length > limit:
            raise ValidationError(_l(
                "Teksten er for lang: %(length)s tegn, højst %(limit)s. Del den op under de afsnit, "
                "den handler om, eller vedhæft den som fil.",
            ) % {"length": f"{length:,}".replace(",", "."), "limit": f"{limit:,}".replace(",", ".")})

    return check


class CommentField(TextAreaField):
    """A comment as typed: not trimmed, so the saved text is the text on the screen."""

    def __new__(cls, *args, **kwargs):
        if "_form" in kwargs:
            return super().__new__(cls, *args, **kwargs)
        return _KeptUnboundField(cls, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        kwargs["validators"] = [no_hostile_characters, _fits(drafts.MAX_COMMENT_CHARS)]
        super().__init__(*args, **kwargs)


class _KeptUnboundField(UnboundField):
    """A comment field of a draft's form class, bound by copying the one it bound first: a form of a
    200-section draft binds 200 of them per request, and wtforms' `Field.__init__` (label, flags, validators)
    was the larger part of a save's form (issue 20: intake). What a request changes (its data, errors, the
    form's meta and translations) is each form's own; the label and validators are the same for all."""

    _kept: tuple | None = None

    def bind(self, form, name, prefix="", translations=None, **kwargs):
        key = (name, prefix, tuple(sorted(kwargs.items())))
        if self._kept is None or self._kept[0] != key:
            field = super().bind(form, name, prefix, translations, **kwargs)
            state = {k: v for k, v in vars(field).items() if k not in ("meta", "_translations", "flags")}
            state["validators"] = list(field.validators)  # copies: the field bound here is a request's own
            self._kept = (key, state, dict(vars(field.flags)))
            return field
        _key, state, flags = self._kept
        field = object.__new__(self.field_class)
        vars(field).update(state)
        field.validators = list(state["validators"])
        field.meta = form.meta
        if translations is not None:
            field._translations = translations
        field.flags = Flags()
        vars(field.flags).update(flags)
        return field


class CommentsForm(FlaskForm):
    """What every response has: general remarks, attachments, and (added per hearing) a field per section."""

    general = CommentField(
        _l("Generelle bemærkninger"),
        description=_l("Bemærkninger til høringen som helhed, eller som ikke hører til et bestemt afsnit."),
    )
    attachments = MultipleFileField(
        _l("Vedhæft filer (valgfrit)"),
        description=_l("PDF, Word (.docx) eller OpenDocument (.odt), højst 20 MB pr. fil og 10 filer i alt."),
        render_kw={"data-max-file-bytes": MAX_ATTACHMENT_BYTES, "data-max-files": MAX_FILES},  # checked before sending
    )

    def text_fields(self) -> list[str]:
        """The names of the comment fields, which go into the working copy."""
        return [name for name in self._fields if name == drafts.GENERAL or name.startswith(drafts.SECTION_PREFIX)]

    def sent_values(self) -> dict[str, str]:
        """What the person typed, by working-copy name, ready to merge."""
        return {name: drafts.normalise(self._fields[name].data) for name in self.text_fields()}

    def fill_from(self, draft: dict) -> None:
        for name in self.text_fields():
            self._fields[name].data = draft.get(name, "")


class ResponseForm(CommentsForm):
    """An invited party's response: also "no remarks" and who signs for the organisation."""

    no_remarks = BooleanField(_l("Vi har ingen bemærkninger til høringen"))
    signed_name = StringField(
        _l("Navn"), validators=[no_hostile_characters, _fits(drafts.MAX_NAME_CHARS)],
        description=_l("Den, der afgiver svaret på organisationens vegne."),
    )
    signed_role = StringField(
        _l("Rolle (valgfri)"), validators=[no_hostile_characters, _fits(drafts.MAX_ROLE_CHARS)],
        description=_l("Fx formand eller sekretær."),
    )

    def sent_values(self) -> dict[str, str]:
        values = super().sent_values()
        values[drafts.NO_REMARKS] = "1" if self.no_remarks.data else ""
        values[drafts.SIGNED_NAME] = drafts.normalise(self.signed_name.data)
        values[drafts.SIGNED_ROLE] = drafts.normalise(self.signed_role.data)
        return values | preference_forms.sent_values(self)

    def fill_from(self, draft: dict) -> None:
        super().fill_from(draft)
        self.no_remarks.data = bool(draft.get(drafts.NO_REMARKS))
        self.signed_name.data = draft.get(drafts.SIGNED_NAME, "")
        self.signed_role.data = draft.get(drafts.SIGNED_ROLE, "")
        preference_forms.fill_from(self, draft)


class CitizenResponseForm(CommentsForm):
    """A citizen's response to a public hearing: who they are, and whether their name may be shown."""

    citizen_name = CleanStringField(_l("Dit navn"), validators=[
        DataRequired(_l("Skriv dit navn.")), Length(max=200, message=_l("Navnet må højst være 200 tegn.")),
    ], render_kw={"autocomplete": "name"})
    citizen_email = CleanStringField(
        _l("Din e-mailadresse"),
        validators=[DataRequired(_l("Skriv din e-mailadresse.")),
                    Email(_l("Skriv en gyldig e-mailadresse, fx navn@eksempel.dk."), check_deliverability=False),
                    Length(max=254, message=_l("E-mailadressen er for lang."))],
        description=_l("Vi sender et link hertil. Dit svar tæller, når du har trykket på det."),
        render_kw={"autocomplete": "email", "type": "email"},
    )
    citizen_organisation = CleanStringField(
        _l("Forening eller organisation (valgfri)"),
        validators=[Length(max=200, message=_l("Navnet må højst være 200 tegn."))],
        description=_l("Hvis du svarer på vegne af en forening eller organisation."),
    )
    publish_name = RadioField(
        _l("Må vi vise dit navn, når høringssvarene offentliggøres?"),
        choices=[("no", _l("Nej, offentliggør mit svar uden mit navn")),
                 ("yes", _l("Ja, mit navn må stå ved mit svar"))],
        default="no", validators=[DataRequired(_l("Vælg, om dit navn må vises."))],
    )
    memo_mail = BooleanField(_l("Send mig en e-mail, når høringsnotatet er offentliggjort"))

    def sent_values(self) -> dict[str, str]:
        return super().sent_values() | preference_forms.sent_values(self)


# The form class of a draft: built once per draft (its sections, their numbers, headings and nesting; the
# hearing's alternatives and whether co-signers are asked for; the language of the labels), not per request.
# A party's save or submit of a 200-section draft spent a quarter of its processor time building the same
# 200 fields and their labels again (issue 20, bench/submit_cpu.py). The co-signers offered differ from party
# to party (never itself), so each form is given its own (`CosignersField.offer`); were they part of the key,
# every party would build a class of its own. Bounded: emptied when full.
_FORM_CLASSES: dict[tuple, type] = {}
MAX_FORM_CLASSES = 64

Offer = Callable[[], list]  # the parties offered, as anything with .id and .name


def _with_section_fields(base: type[CommentsForm], sections: list[Section], hearing=None,
                         cosigners: Offer | None = None, **kwargs) -> CommentsForm:
    """`base` with a comment field for each section, in the draft's order (and, given the hearing, its
    preference question; given `cosigners`, the parties that may sign with the sender: `preference_forms`)."""
    key = (base, tuple((s.id, s.parent_id, s.key, s.number, s.heading) for s in sections),
           tuple((a.id, a.name, a.section_key) for a in hearing.alternatives) if hearing is not None else None,
           cosigners is not None, str(get_locale()))
    form_class = _FORM_CLASSES.get(key)
    if form_class is None:
        form_class = _section_form_class(base, sections, hearing, cosigners is not None)
        if len(_FORM_CLASSES) >= MAX_FORM_CLASSES:
            _FORM_CLASSES.clear()
        _FORM_CLASSES[key] = form_class
    form = form_class(**kwargs)
    if cosigners is not None:
        form.cosigners.offer(cosigners)
    return form


def _section_form_class(base: type[CommentsForm], sections: list[Section], hearing=None,
                        cosigners: bool = False) -> type[CommentsForm]:
    class SectionForm(base):
        pass

    if hearing is not None:
        preference_forms.add_fields(SectionForm, hearing, cosigners)
    for section in sections:
        setattr(SectionForm, drafts.section_field(section.key), CommentField(
            # The whole name ("§ 85 … – Omfang/varighed"): eleven standards each have an "Omfang/varighed".
            _l("Bemærkning til %(section)s", section=section.full_label),
        ))
    return SectionForm


def response_form(sections: list[Section], hearing=None, cosigners: Offer | None = None, **kwargs) -> ResponseForm:
    """A party's form; `cosigners` gives the parties it may name as co-signers, read only if the form is shown."""
    return _with_section_fields(ResponseForm, sections, hearing, cosigners, **kwargs)


def citizen_form(sections: list[Section], hearing=None, **kwargs) -> CitizenResponseForm:
    return _with_section_fields(CitizenResponseForm, sections, hearing, **kwargs)


class AcceptLateForm(FlaskForm):
    reason = CleanTextAreaField(
        _l("Begrundelse"),
        validators=[DataRequired(_l("Skriv, hvorfor svaret tages med.")), Length(max=2000, message=_l(
            "Begrundelsen må højst være 2.000 tegn."))],
        description=_l("Fx at parten gav besked om forsinkelsen før fristen. Begrundelsen står i sagens historik."),
    )
