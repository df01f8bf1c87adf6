"""How a waiting mail fills the first page of the letter form: who sent it, when, the file or the mail's text.

The mail's id travels in the form (`incoming_mail_id`) through both pages, so
that saving the letter marks the mail registered.
"""

from flask_login import current_user

from app.attachments.models import Attachment
from app.fields import int_or_none
from app.hearings.models import Hearing
from app.responses.letters import operations as registering
from app.responses.letters.mailbox import operations as receiving
from app.responses.letters.mailbox.models import IncomingMail
from app.timezone import to_local


def fill_from_mail(hearing: Hearing, form, mail_id: str | None, file_id: str | None) -> Attachment | None:
    """Fill `form` from the waiting mail `mail_id` (from "Post der venter"); its pending file, if it has one."""
    mail = receiving.mail_of(hearing, int_or_none(mail_id) or 0)
    if mail is None or not mail.is_waiting:
        return None
    pending = registering.pending_attachment(hearing, int_or_none(file_id), current_user)
    form.incoming_mail_id.data = str(mail.id)
    if mail.organisation_id:
        form.organisation_id.data = str(mail.organisation_id)
    form.received_on.data = to_local(mail.sent_at or mail.fetched_at).date()
    form.signed_name.data = mail.contact.name if mail.contact else mail.sender_name
    form.signed_role.data = (mail.contact.title or "") if mail.contact else ""
    form.attachment_id.data = str(pending.id) if pending else ""
    if pending is None:
        form.text.data = mail.body_text  # no file: the mail's own text is the letter
    return pending


def mail_in_form(hearing: Hearing, form) -> IncomingMail | None:
    """The waiting mail this letter form came from, if any."""
    mail = receiving.mail_of(hearing, int_or_none(form.incoming_mail_id.data) or 0)
    return mail if mail is not None and mail.is_waiting else None
