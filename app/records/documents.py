"""What a hearing has to file on its case, and each document's file.

`documents_of(hearing)` lists what exists now, as `Wanted` (a key per document version, a title); the
key never changes for a document version, so asking again finds the same rows. `build(record)` makes the
file for a record, in the worker.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from app.attachments.models import Attachment
from app.committee.questions import exports as question_papers
from app.committee.questions import operations as questions
from app.committee.questions.models import CommitteeQuestion
from app.extensions import db
from app.hearings.models import DraftVersion, Hearing, HearingState
from app.memos.jobs import version_file
from app.memos.models import Memo
from app.responses.models import Response, ResponseState, ResponseSubmission
from app.responses.receipt_pdf import receipt_pdf
from app.timezone import to_local

NOT_OPENED = (HearingState.DRAFT, HearingState.SCHEDULED)
PDF = "application/pdf"


@dataclass(frozen=True)
class Wanted:
    key: str
    kind: str
    object_id: int | None
    version: int
    title: str


@dataclass(frozen=True)
class Built:
    filename: str
    mimetype: str
    content: bytes
    dated: date
    sender: str


def short_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]


def documents_of(hearing: Hearing) -> list[Wanted]:
    """Every document of the hearing that belongs on its case now, in the order they came about."""
    with force_locale("da"):  # the titles are the records system's, in Danish
        wanted = _opening(hearing) + _responses(hearing) + _memos(hearing) + _questions(hearing) + _decision(hearing)
    return wanted


def _opening(hearing: Hearing) -> list[Wanted]:
    if hearing.state in NOT_OPENED:
        return []
    wanted = [Wanted(f"letter:{hearing.id}:{short_hash(hearing.title, hearing.letter or '')}", "letter",
                     hearing.id, 1, _("Høringsbrev: %(title)s", title=hearing.title))]
    version = hearing.current_version
    if version is not None:
        wanted.append(Wanted(f"draft:{version.id}", "draft", version.id, version.number,
                             _("Høringsudkast (version %(number)d): %(title)s", number=version.number,
                               title=hearing.title)))
    return wanted


def _responses(hearing: Hearing) -> list[Wanted]:
    if hearing.personal_data_removed_at is not None:
        return []
    submissions = db.session.execute(
        select(ResponseSubmission, Response).join(Response, ResponseSubmission.response_id == Response.id)
        .where(Response.hearing_id == hearing.id, Response.state != ResponseState.DRAFT)
        .order_by(ResponseSubmission.submitted_at, ResponseSubmission.id)
    ).all()
    wanted: list[Wanted] = []
    for submission, response in submissions:
        sender = response.sender_name or _("Borger")
        wanted.append(Wanted(f"response:{response.id}:v{submission.number}", "response", submission.id,
                             submission.number, _("Høringssvar fra %(sender)s (version %(number)d)",
                                                  sender=sender, number=submission.number)))
        for item in submission.content.get("attachments") or []:
            wanted.append(Wanted(f"attachment:{item['id']}", "attachment", item["id"], 1,
                                 _("Bilag til høringssvar fra %(sender)s: %(name)s", sender=sender,
                                   name=item["filename"])))
    # A response kept without a submitted copy (loaded, or from before copies were kept): its text as it came.
    with_copy = {response.id for _submission, response in submissions}
    for response in db.session.scalars(select(Response).where(Response.hearing_id == hearing.id,
                                                              Response.state == ResponseState.SUBMITTED,
                                                              Response.id.not_in(with_copy or {0}))
                                       .order_by(Response.submitted_at, Response.id)):
        wanted.append(Wanted(f"response:{response.id}:v1", "response_text", response.id, 1,
                             _("Høringssvar fra %(sender)s (version %(number)d)",
                               sender=response.sender_name or _("Borger"), number=1)))
    return _unique(wanted)


def _memos(hearing: Hearing) -> list[Wanted]:
    """Each finalised version: the memo, and its appendix (the responses in full), which the memo names."""
    wanted = []
    for memo in db.session.scalars(select(Memo).where(Memo.hearing_id == hearing.id).order_by(Memo.version)):
        wanted.append(Wanted(f"memo:{memo.id}:v{memo.version}", "memo", memo.id, memo.version,
                             _("Høringsnotat, version %(number)d: %(title)s", number=memo.version,
                               title=hearing.title)))
        wanted.append(Wanted(f"memo-appendix:{memo.id}:v{memo.version}", "memo_appendix", memo.id, memo.version,
                             _("Bilag til høringsnotat, version %(number)d: høringssvarene i fuld længde",
                               number=memo.version)))
    return wanted


def _questions(hearing: Hearing) -> list[Wanted]:
    """The members' questions and the answers, once every answer is approved: a new set of answers is a new
    document (its key names the questions and their answers)."""
    asked = questions.questions(hearing)
    approved = [question for question in asked if question.is_approved]
    if not approved or len(approved) < len(asked):  # a new question waits: the set filed before stays the last
        return []
    digest = short_hash(*(f"{question.id}:{question.answer}" for question in approved))
    return [Wanted(f"questions:{hearing.id}:{digest}", "questions", hearing.id, 1,
                   _("Udvalgets spørgsmål og forvaltningens svar: %(title)s", title=hearing.title))]


def _decision(hearing: Hearing) -> list[Wanted]:
    if hearing.decided_on is None:
        return []
    digest = short_hash(hearing.decided_on.isoformat(), hearing.decision_text or "")
    return [Wanted(f"decision:{hearing.id}:{digest}", "decision", hearing.id, 1,
                   _("Beslutning: %(title)s", title=hearing.title))]


def _unique(wanted: list[Wanted]) -> list[Wanted]:
    seen: set[str] = set()
    return [w for w in wanted if not (w.key in seen or seen.add(w.key))]


def build(kind: str, object_id: int, hearing: Hearing) -> Built:
    """The file of one document, as the records system gets it."""
    with request_context(), force_locale("da"):
        return BUILDERS[kind](object_id, hearing)


def _build_response(submission_id: int, hearing: Hearing) -> Built:
    submission = db.session.get(ResponseSubmission, submission_id)
    response = submission.response
    return Built(f"hoeringssvar-{response.id}-v{submission.number}.pdf", PDF, receipt_pdf(response, submission),
                 to_local(submission.submitted_at).date(), response.sender_name or _("Borger"))


def _build_response_text(response_id: int, hearing: Hearing) -> Built:
    response = db.session.get(Response, response_id)
    body = response.full_text or "\n\n".join(
        f"{comment.heading}\n\n{comment.text}" if comment.heading else comment.text for comment in response.comments)
    signed = ", ".join(part for part in (response.signed_name, response.signed_role) if part)
    text = "\n".join([_("Høringssvar fra %(sender)s", sender=response.sender_name or _("Borger")), hearing.title,
                      "", body, "", signed]) + "\n"
    dated = response.received_on or to_local(response.submitted_at).date()
    return Built(f"hoeringssvar-{response.id}.txt", "text/plain; charset=utf-8", text.encode(), dated,
                 response.sender_name or _("Borger"))


def _build_attachment(attachment_id: int, hearing: Hearing) -> Built:
    attachment = db.session.get(Attachment, attachment_id)
    response = db.session.get(Response, attachment.response_id) if attachment.response_id else None
    return Built(attachment.filename, attachment.content_type, attachment.data, to_local(attachment.created_at).date(),
                 (response.sender_name if response else "") or _("Borger"))


def _build_letter(hearing_id: int, hearing: Hearing) -> Built:
    text = f"{hearing.title}\n\n{hearing.letter or ''}\n"
    return Built("hoeringsbrev.txt", "text/plain; charset=utf-8", text.encode(), _opened_on(hearing),
                 current_app.config["MUNICIPALITY_NAME"])


def _build_draft(version_id: int, hearing: Hearing) -> Built:
    version = db.session.get(DraftVersion, version_id)
    sender = current_app.config["MUNICIPALITY_NAME"]
    if version.original_attachment_id:
        original = db.session.get(Attachment, version.original_attachment_id)
        return Built(original.filename, original.content_type, original.data, _opened_on(hearing), sender)
    html = render_template("records/draft_document.html", hearing=hearing, version=version,
                           sections=[(s, Markup(s.body_html)) for s in version.sections])  # noqa: S704  # nosec B704 (sanitised on the way in)
    return Built(f"hoeringsudkast-v{version.number}.html", "text/html; charset=utf-8", html.encode(),
                 _opened_on(hearing), sender)


def _build_memo(memo_id: int, hearing: Hearing, part: str = "memo") -> Built:
    """The finalised version's own PDF, as staff and the committee download it (made once and stored)."""
    memo = db.session.get(Memo, memo_id)
    memo_file = version_file(memo, "pdf", part)
    return Built(memo_file.filename, memo_file.mimetype, memo_file.content, to_local(memo.finalised_at).date(),
                 current_app.config["MUNICIPALITY_NAME"])


def _build_memo_appendix(memo_id: int, hearing: Hearing) -> Built:
    return _build_memo(memo_id, hearing, "appendix")


def _build_decision(hearing_id: int, hearing: Hearing) -> Built:
    text = "\n".join([hearing.title, "", _("Besluttet %(date)s", date=hearing.decided_on.isoformat()),
                      hearing.committee or "", "", hearing.decision_text or ""]) + "\n"
    return Built("beslutning.txt", "text/plain; charset=utf-8", text.encode(), hearing.decided_on,
                 hearing.committee or current_app.config["MUNICIPALITY_NAME"])


def _approved_questions(hearing: Hearing) -> list[CommitteeQuestion]:
    """The questions with approved answers (an approved answer never changes), in the order asked."""
    return [question for question in questions.questions(hearing) if question.is_approved]


def _build_questions(hearing_id: int, hearing: Hearing) -> Built:
    # Only the approved ones, as the key counted them: a member may have asked a new question since.
    asked = _approved_questions(hearing)
    content, mimetype, filename = question_papers.export(hearing, question_papers.rows(asked), "pdf")
    answered = max(question.approved_at for question in asked)
    return Built(filename, mimetype, content, to_local(answered).date(), current_app.config["MUNICIPALITY_NAME"])


def _opened_on(hearing: Hearing) -> date:
    return to_local(hearing.opens_at).date() if hearing.opens_at else date.today()


BUILDERS = {
    "response": _build_response, "response_text": _build_response_text, "attachment": _build_attachment,
    "letter": _build_letter, "draft": _build_draft, "memo": _build_memo, "memo_appendix": _build_memo_appendix,
    "decision": _build_decision,
    "questions": _build_questions,
}


def request_context():
    """Templates and url_for need a request; a worker has none, so it borrows the public address."""
    base = urlsplit(current_app.config["BASE_URL"])
    return current_app.test_request_context(base_url=f"{base.scheme}://{base.netloc}{base.path}")
