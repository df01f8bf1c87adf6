"""A hearing as anyone may read it: the letter, the draft, and how to respond."""

from flask import abort, current_app, render_template
from markupsafe import Markup

from app.attachments.models import Attachment
from app.committee.meetings.record import case_path
from app.db_types import utcnow
from app.downloads import send_attachment
from app.extensions import db
from app.fragments import kept, sections_digest
from app.hearings.models import Hearing, Section
from app.memos.publishing import published_memo
from app.public.loading import load_public_hearing
from app.responses.operations import submitted_count
from app.responses.window import Window, window


def hearing(slug: str):
    hearing, sections = load_public_hearing(slug)
    return render_template(
        "public/hearing.html", hearing=hearing, sections=sections,
        citizens_may_answer=hearing.is_public and window(hearing, utcnow(), None) is Window.OPEN,
        published_memo=published_memo(hearing), path=case_path(hearing.meetings),
        response_count=submitted_count(hearing.id), draft_document=_draft_document(hearing),
    )


def draft_document(slug: str):
    """The draft as staff imported it (a Word or PDF file), for those who would rather read the original."""
    hearing, _sections = load_public_hearing(slug)
    attachment = _draft_document(hearing)
    if attachment is None:
        abort(404)
    return send_attachment(attachment)


def _draft_document(hearing: Hearing) -> Attachment | None:
    """The file the draft out for hearing was imported from; never a personal one (a letter's attachment)."""
    attachment_id = hearing.current_version.original_attachment_id if hearing.current_version else None
    attachment = db.session.get(Attachment, attachment_id) if attachment_id else None
    return attachment if attachment is not None and not attachment.is_personal else None


def kept_public_draft(sections: list[Section]) -> Markup:
    """The draft's sections on the hearing's page, from the cache: any commit renders the page anew (an autosave
    anywhere, a new response), and its 200 sections were most of the work; they change only with the draft."""
    macro = current_app.jinja_env.get_template("public/_draft.html").module.draft
    html = kept("public-draft", (sections_digest(sections),), lambda: str(macro(sections)))
    return macro(sections) if html is None else Markup(html)  # noqa: S704 (the macro's own escaped output)  # nosec B704
