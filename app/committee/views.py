"""The committee's pages: the hearings whose memo was sent to me, the memo, each response in full.

Read-only: nothing here changes anything but the audit trail, which notes
who read what (the responses name people). A member of another hearing's
committee is refused (403); so is anyone who is neither staff nor on the committee.
"""

from flask import abort, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.attachments.models import Attachment
from app.audit.operations import record
from app.auth import ensure
from app.committee.meetings.record import case_path
from app.downloads import send_attachment, send_download
from app.extensions import db
from app.hearings.comparison import compare_versions
from app.hearings.models import Hearing, HearingState, hearing_committee_members
from app.hearings.rounds.operations import committee_draft as find_committee_draft
from app.memos.compile import sender_labels
from app.memos.content import MemoContent
from app.memos.downloads import stored_download
from app.memos.jobs import version_file
from app.memos.models import Memo
from app.memos.on_screen import PART_ARGUMENT
from app.memos.operations import latest_memo
from app.memos.render import memo_body_html
from app.responses.models import Comment, CommentStatus, Cosignature, ResponseKind, ResponseState
from app.responses.models import Response as HearingResponse

FILE_FORMATS = ("docx", "pdf")


def _may_use_committee_pages() -> bool:
    return current_user.is_staff or current_user.is_committee_member


def _load(slug: str) -> tuple[Hearing, Memo]:
    """The hearing and its latest finalised memo: 403 for those who may not read it, 404 if there is none."""
    hearing = db.session.scalar(select(Hearing).where(Hearing.slug == slug))
    if hearing is None:
        abort(404)
    ensure(hearing.can_read_as_committee(current_user))
    memo = latest_memo(hearing)
    if memo is None:
        abort(404)  # nothing was sent to the committee
    return hearing, memo


def _responses(hearing: Hearing) -> list[HearingResponse]:
    """The submitted responses, in the memo's order (so citizens get the memo's numbers)."""
    return list(db.session.scalars(
        select(HearingResponse)
        .where(HearingResponse.hearing_id == hearing.id, HearingResponse.state == ResponseState.SUBMITTED)
        .options(selectinload(HearingResponse.organisation),
                 selectinload(HearingResponse.cosignatures).selectinload(Cosignature.organisation))
        .order_by(HearingResponse.submitted_at, HearingResponse.id)
    ))


@login_required
def index():
    ensure(_may_use_committee_pages())
    query = select(Hearing).where(Hearing.id.in_(select(Memo.hearing_id)))
    if current_user.is_staff:
        query = query.where(Hearing.state.in_((HearingState.SENT, HearingState.DECIDED)))
    else:
        mine = select(hearing_committee_members.c.hearing_id).where(
            hearing_committee_members.c.user_id == current_user.id)
        query = query.where(Hearing.id.in_(mine))
    hearings = db.session.scalars(
        query.order_by(Hearing.sent_to_committee_at.desc().nulls_last(), Hearing.id.desc())
    ).all()
    return render_template("committee/index.html", hearings=hearings)


@login_required
def hearing_page(slug: str):
    hearing, memo = _load(slug)
    # Recorded first: the commit expires what is loaded, and each response would be read again on its own.
    record("committee_read", hearing, hearing_id=hearing.id, page="memo", version=memo.version)
    db.session.commit()
    responses = _responses(hearing)
    labels = sender_labels(responses)
    body = memo_body_html(MemoContent.from_dict(memo.content), 2, "committee.hearing_page",
                          request.args.get(PART_ARGUMENT), slug=slug)
    return render_template("committee/hearing.html", hearing=hearing, memo=memo, body=body,
                           path=case_path(hearing.meetings),
                           responses=[(response, labels[response.id]) for response in responses])


@login_required
def committee_draft(slug: str, version: int):
    """A revised draft put before the committee after a postponement, its changes since the heard draft marked."""
    hearing = db.session.scalar(select(Hearing).where(Hearing.slug == slug))
    if hearing is None:
        abort(404)
    ensure(hearing.can_read_as_committee(current_user))
    draft = find_committee_draft(hearing, version)
    if draft is None:
        abort(404)
    record("committee_read", draft, hearing_id=hearing.id, page="committee_draft", version=draft.number)
    db.session.commit()
    return render_template("committee/draft.html", hearing=hearing, draft=draft, heard=hearing.current_version,
                           differences=compare_versions(hearing.current_version, draft))


@login_required
def memo_download(slug: str, file_format: str):
    hearing, memo = _load(slug)
    if file_format not in FILE_FORMATS:
        abort(404)
    memo_file = version_file(memo, file_format)
    record("memo_exported", hearing, hearing_id=hearing.id, format=file_format, version=memo.version,
           page="committee")
    db.session.commit()
    return send_download(memo_file.content, memo_file.filename, memo_file.mimetype)


@login_required
def appendix_download(slug: str, file_format: str):
    hearing, memo = _load(slug)
    if file_format not in ("pdf", "docx"):
        abort(404)
    record("memo_exported", hearing, hearing_id=hearing.id, format=file_format, version=memo.version,
           part="appendix", page="committee")
    db.session.commit()
    return stored_download(memo, file_format, "appendix", private=True)


def _load_response(hearing: Hearing, response_id: int) -> HearingResponse:
    response = db.session.get(HearingResponse, response_id)
    if response is None or response.hearing_id != hearing.id or response.state is not ResponseState.SUBMITTED:
        abort(404)  # a draft is the party's own; a withdrawn response is not behind the memo
    return response


@login_required
def response_page(slug: str, response_id: int):
    hearing, memo = _load(slug)
    response = _load_response(hearing, response_id)
    label = sender_labels(_responses(hearing))[response.id]
    record("committee_read", response, hearing_id=hearing.id, page="response")
    db.session.commit()
    return render_template(
        "committee/response.html", hearing=hearing, memo=memo, response=response, sender=label,
        groups=_by_section(response.comments), is_citizen=response.kind is ResponseKind.CITIZEN,
    )


@login_required
def response_attachment(slug: str, response_id: int, attachment_id: int):
    hearing, _memo = _load(slug)
    response = _load_response(hearing, response_id)
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.response_id != response.id:
        abort(404)
    record("committee_read", attachment, hearing_id=hearing.id, page="attachment", response_id=response.id)
    db.session.commit()
    return send_attachment(attachment)


def _by_section(comments: list[Comment]) -> list[tuple[str | None, list[Comment]]]:
    """The response's words as they stand (a comment staff split or moved counts as its parts), general
    remarks first, then in the order of the draft; the label names the section with its parents."""
    kept = [c for c in comments if c.status is not CommentStatus.SUPERSEDED]
    kept.sort(key=lambda c: (c.section is not None, c.section.position if c.section else -1, c.position))
    groups: dict[int | None, tuple[str | None, list[Comment]]] = {}
    for comment in kept:
        key = comment.section_id
        if key not in groups:
            groups[key] = (comment.section.full_label if comment.section else None, [])
        groups[key][1].append(comment)
    return list(groups.values())
