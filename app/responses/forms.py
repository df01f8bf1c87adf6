"""The response form: one comment field per section of the draft, and the rest.

The fields are named as in the working copy (`drafts`), so a saved draft
fills the form and a posted form merges into the draft by the same names.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, MultipleFileField, StringField, TextAreaField
from wtforms.validators import ValidationError

from app.fields import no_hostile_characters
from app.hearings.models import Section
from app.responses import drafts


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

    def __init__(self, *args, **kwargs):
        kwargs["validators"] = [no_hostile_characters, _fits(drafts.MAX_COMMENT_CHARS)]
        super().__init__(*args, **kwargs)


class ResponseForm(FlaskForm):
    general = CommentField(
        _l("Generelle bemærkninger"),
        description=_l("Bemærkninger til høringen som helhed, eller som ikke hører til et bestemt afsnit."),
    )
    no_remarks = BooleanField(_l("Vi har ingen bemærkninger til høringen"))
    signed_name = StringField(
        _l("Navn"), validators=[no_hostile_characters, _fits(drafts.MAX_NAME_CHARS)],
        description=_l("Den, der afgiver svaret på organisationens vegne."),
    )
    signed_role = StringField(
        _l("Rolle (valgfri)"), validators=[no_hostile_characters, _fits(drafts.MAX_ROLE_CHARS)],
        description=_l("Fx formand eller sekretær."),
    )
    attachments = MultipleFileField(
        _l("Vedhæft filer (valgfrit)"),
        description=_l("PDF, Word (.docx) eller OpenDocument (.odt), højst 20 MB pr. fil og 10 filer i alt."),
    )

    def text_fields(self) -> list[str]:
        """The names of the fields that go into the working copy."""
        return [name for name in self._fields if name == drafts.GENERAL or name.startswith(drafts.SECTION_PREFIX)]

    def sent_values(self) -> dict[str, str]:
        """What the person typed, by working-copy name, ready to merge."""
        values = {name: drafts.normalise(self._fields[name].data) for name in self.text_fields()}
        values[drafts.NO_REMARKS] = "1" if self.no_remarks.data else ""
        values[drafts.SIGNED_NAME] = drafts.normalise(self.signed_name.data)
        values[drafts.SIGNED_ROLE] = drafts.normalise(self.signed_role.data)
        return values

    def fill_from(self, draft: dict) -> None:
        for name in self.text_fields():
            self._fields[name].data = draft.get(name, "")
        self.no_remarks.data = bool(draft.get(drafts.NO_REMARKS))
        self.signed_name.data = draft.get(drafts.SIGNED_NAME, "")
        self.signed_role.data = draft.get(drafts.SIGNED_ROLE, "")


def response_form(sections: list[Section], **kwargs) -> ResponseForm:
    """A ResponseForm with a comment field for each section, in the draft's order."""

    class SectionResponseForm(ResponseForm):
        pass

    for section in sections:
        setattr(SectionResponseForm, drafts.section_field(section.key), CommentField(
            _l("Bemærkning til %(section)s", section=section.label),
        ))
    return SectionResponseForm(**kwargs)
