"""Writing and approving replies: one place sets the status, writes the trail.

A reply answers one comment or a group of them. Its life: draft → ready for
approval → approved, or sent back with a reason and written again. Changing
an approved reply sends it back to draft, and the trail says so. Two officers
saving the same reply are caught by its version counter: the second is shown
both texts and chooses (see `ReplyConflict`).
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.audit.operations import record
from app.extensions import db
from app.hearings.models import DraftVersion, Hearing, Section
from app.links import external_url
from app.notifications.operations import queue_mail
from app.refusals import Refused
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.models import Comment, CommentStatus, Response, ResponseState

GENERAL_KEY = "generelt"  # the workspace of the general remarks, which belong to no section


class ReplyConflict(Exception):
    """Someone saved the reply since the form was opened; `theirs` is what they saved."""

    def __init__(self, theirs: Reply) -> None:
        super().__init__("the reply changed meanwhile")
        self.theirs = theirs


@dataclass
class ReplyContent:
    text: str
    outcome: Outcome | None
    financial_consequence: bool
    financial_note: str | None
    draft_change: str | None
    draft_change_key: str | None
    internal_note: str | None
    in_general_reply_id: int | None = None


CONTENT_FIELDS = ("text", "outcome", "financial_consequence", "financial_note", "draft_change", "draft_change_key",
                  "internal_note", "in_general_reply_id")


def answerable_comments(hearing: Hearing, key: str, status: CommentStatus = CommentStatus.ACTIVE) -> list[Comment]:
    """The comments staff answer on one section (by its stable key, in every version) or the general ones;
    with `status`, those set aside as no remark instead."""
    return list(db.session.scalars(answerable(hearing, key, Comment, status=status).options(
        selectinload(Comment.response).selectinload(Response.organisation),
        selectinload(Comment.reply).selectinload(Reply.comments))))


def answerable(hearing: Hearing, key: str, *columns, status: CommentStatus = CommentStatus.ACTIVE):
    """The query of `answerable_comments` for `columns` (the comments, or a few of their columns), in the
    order they came; it joins the comment's response."""
    query = (
        select(*columns)
        .select_from(Comment)
        .join(Response, Comment.response_id == Response.id)
        .where(Response.hearing_id == hearing.id, Response.state == ResponseState.SUBMITTED,
               Comment.status == status, Comment.no_remarks.is_(False))
        .order_by(Response.submitted_at, Comment.position, Comment.id)  # the id: the same order every time
    )
    if key == GENERAL_KEY:
        return query.where(Comment.section_id.is_(None))
    keyed = select(Section.id).join(DraftVersion).where(DraftVersion.hearing_id == hearing.id, Section.key == key)
    return query.where(Comment.section_id.in_(keyed))


def start_reply(hearing: Hearing, comments: list[Comment], user: User) -> Reply:
    """One reply for the chosen comments; a comment that already has a reply keeps it."""
    if not comments:
        raise Refused([_("Vælg mindst én bemærkning at svare på.")])
    taken = _("En eller flere af de valgte bemærkninger har allerede et svar. "
              "Løsriv dem fra det først, hvis de skal have et andet svar.")
    if any(c.reply_id is not None for c in comments):
        raise Refused([taken])
    reply = Reply(hearing=hearing, status=ReplyStatus.DRAFT, created_by=user, text="")
    db.session.add(reply)
    db.session.flush()
    # Claimed only where still unanswered, in the database: of two officers starting a reply to the same
    # comment at once, one gets it and the other is told (PostgreSQL makes the second wait for the first).
    ids = [c.id for c in comments]
    claimed = db.session.execute(
        update(Comment).where(Comment.id.in_(ids), Comment.reply_id.is_(None)).values(reply_id=reply.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != len(ids):
        raise Refused([taken])  # the caller rolls back: the new reply goes with it
    for comment in comments:
        db.session.expire(comment, ["reply_id", "reply"])
    db.session.expire(reply, ["comments"])
    record("reply_started", reply, hearing_id=hearing.id, comments=ids)
    return reply


def save_reply(reply: Reply, content: ReplyContent, expected_version: int) -> bool:
    """Save what was written. Returns whether anything changed. Raises ReplyConflict if the
    reply was saved by someone else since `expected_version`."""
    if reply.lock_version != expected_version:
        raise ReplyConflict(reply)
    changed = [name for name in CONTENT_FIELDS if getattr(reply, name) != getattr(content, name)]
    if not changed:
        return False
    before = {name: _plain(getattr(reply, name)) for name in changed}
    for name in changed:
        setattr(reply, name, getattr(content, name))
    after = {name: _plain(getattr(reply, name)) for name in changed}
    if reply.status in (ReplyStatus.APPROVED, ReplyStatus.READY):
        previous = reply.status
        reply.status = ReplyStatus.DRAFT
        reply.approved_at, reply.approved_by = None, None
        record("reply_reopened", reply, hearing_id=reply.hearing_id, **{"from": previous.value}, changed=changed)
    record("reply_saved", reply, hearing_id=reply.hearing_id, changed=changed, before=before, after=after)
    return True


def general_replies(hearing: Hearing, but: Reply | None = None) -> list[Reply]:
    """The replies to general remarks, which another point may be answered by (not `but` itself)."""
    replies = db.session.scalars(
        select(Reply).where(Reply.hearing_id == hearing.id).options(selectinload(Reply.comments))
        .order_by(Reply.id)
    )
    return [reply for reply in replies if reply.is_general and reply.text.strip() and reply is not but
            and reply.in_general_reply_id is None]


def _plain(value):
    """A field's value as the audit trail stores it (JSON)."""
    return value.value if isinstance(value, Outcome) else value


def mark_ready(reply: Reply, user: User, now: datetime) -> None:
    problems = []
    if not reply.text.strip() and reply.needs_own_text:
        problems.append(_("Skriv svaret, før det sendes til godkendelse. Indgår bemærkningen i forvaltningens "
                          "generelle bemærkninger, så vælg det svar i stedet."))
    if reply.outcome is None:
        problems.append(_("Vælg, hvordan bemærkningen er behandlet, før svaret sendes til godkendelse."))
    if not reply.may_be_sent_for_approval:
        problems.append(_("Svaret er allerede sendt til godkendelse eller godkendt."))
    if problems:
        raise Refused(problems)
    reply.status = ReplyStatus.READY
    reply.ready_by, reply.ready_at = user, now
    record("reply_ready", reply, hearing_id=reply.hearing_id)


def authors(reply: Reply) -> set[int]:
    """Everyone who started or wrote the reply, by the trail (the creator alone misses later writers)."""
    writers = db.session.scalars(
        select(AuditEvent.actor_id).where(
            AuditEvent.object_type == "Reply", AuditEvent.object_id == reply.id,
            AuditEvent.action.in_(("reply_started", "reply_saved")), AuditEvent.actor_id.is_not(None))
    )
    return {i for i in (reply.created_by_id, *writers) if i is not None}


def approval_refused(reply: Reply, user: User) -> str | None:
    """Why `user` may not approve or send back this reply, or None. Four eyes: never one's own reply;
    and when the hearing names an approver who did not write it, that approver is the one asked."""
    written = authors(reply)
    if user.id in written:
        return _("Du har selv skrevet svaret, så en anden teamleder skal godkende det.")
    named = reply.hearing.approver
    if named is not None and named.active and named.id not in written and named.id != user.id:
        return _("Høringens godkender, %(name)s, godkender svarene.", name=named.name)
    return None


def approve(reply: Reply, approver: User, now: datetime) -> None:
    if reply.status is not ReplyStatus.READY:
        raise Refused([_("Kun et svar, der er sendt til godkendelse, kan godkendes.")])
    refused = approval_refused(reply, approver)
    if refused:
        raise Refused([refused])
    reply.status = ReplyStatus.APPROVED
    reply.approved_by = approver
    reply.approved_at = now
    reply.sent_back_reason = None
    record("reply_approved", reply, hearing_id=reply.hearing_id)


def send_back(reply: Reply, reason: str, approver: User) -> None:
    if reply.status is not ReplyStatus.READY:
        raise Refused([_("Kun et svar, der er sendt til godkendelse, kan sendes tilbage.")])
    refused = approval_refused(reply, approver)
    if refused:
        raise Refused([refused])
    reply.status = ReplyStatus.SENT_BACK
    reply.sent_back_reason = reason
    record("reply_sent_back", reply, hearing_id=reply.hearing_id, reason=reason)
    _tell_sent_back(reply, approver)


def reply_owner(reply: Reply) -> User | None:
    """The case officer a reply waits for: who sent it for approval, else who started it."""
    return reply.ready_by or reply.created_by


def _tell_sent_back(reply: Reply, approver: User) -> None:
    """One mail to the officer, with the approver's reason and the link to the reply."""
    owner = reply_owner(reply)
    if owner is None or not owner.active or owner.id == approver.id:
        return
    with force_locale(owner.locale):
        subject = _("Dit svar er sendt tilbage: %(hearing)s", hearing=reply.hearing.title)
    queue_mail(owner.email, "reply_sent_back", subject=subject, locale=owner.locale, hearing_id=reply.hearing_id,
               name=owner.name, approver=approver.name, reason=reply.sent_back_reason, hearing=reply.hearing,
               section=_section_name(reply),
               link=external_url("replies.edit_reply", slug=reply.hearing.slug, reply_id=reply.id))


def _section_name(reply: Reply) -> str | None:
    """The full name of the section the reply's comments are on; None for general remarks."""
    section = next((c.section for c in reply.comments if c.section is not None), None)
    return section.full_label if section is not None else None


def detach(comment: Comment) -> None:
    """Take one comment out of its reply's group; a reply left with no comments is removed."""
    reply = comment.reply
    if reply is None:
        return
    comment.reply = None
    record("comment_detached", comment, hearing_id=reply.hearing_id, reply=reply.id)
    if not reply.comments:
        record("reply_removed", reply, hearing_id=reply.hearing_id)
        db.session.delete(reply)
