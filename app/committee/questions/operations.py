"""Asking, answering, approving or sending back the members' written questions; the mail when all are answered.

One place sets the status and writes the trail. The approval follows the
replies' rule (app.replies.operations.approval_refused): never one's own
answer, and when the hearing names an approver who did not write it, that
approver is the one asked. When the last answer is approved, each committee
member gets one mail with the link; the mail is queued in the transaction and
leaves only if the change is committed.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.audit.operations import record
from app.committee.questions.models import AnswerStatus, CommitteeQuestion, takes_questions
from app.db_types import utcnow
from app.extensions import db
from app.hearings.models import Hearing
from app.links import external_url
from app.notifications.operations import queue_mail
from app.refusals import Refused

NUMBER_ATTEMPTS = 5  # tries at the next number when other members ask at the same moment


def questions(hearing: Hearing) -> list[CommitteeQuestion]:
    """The hearing's questions in the order asked."""
    return list(db.session.scalars(
        select(CommitteeQuestion).where(CommitteeQuestion.hearing_id == hearing.id)
        .options(selectinload(CommitteeQuestion.answered_by)).order_by(CommitteeQuestion.number)
    ))


def add_question(hearing: Hearing, asker: str, text: str, *, asked_by: User | None = None,
                 now: datetime | None = None, mark: str | None = None) -> CommitteeQuestion:
    """The next numbered question on the hearing, as asked; `mark` as the table prints it (else "N)").

    Two members asking at once may count the same number: the one whose insert fails counts again and takes
    the next, in a savepoint of its own, a few times."""
    for _attempt in range(NUMBER_ATTEMPTS - 1):
        try:
            return _insert_next(hearing, asker, text, asked_by, now, mark)
        except IntegrityError:  # the number was taken since it was counted
            continue
    return _insert_next(hearing, asker, text, asked_by, now, mark)


def _insert_next(hearing: Hearing, asker: str, text: str, asked_by: User | None, now: datetime | None,
                 mark: str | None) -> CommitteeQuestion:
    last = db.session.scalar(select(func.max(CommitteeQuestion.number))
                             .where(CommitteeQuestion.hearing_id == hearing.id)) or 0
    with db.session.begin_nested():
        question = CommitteeQuestion(hearing=hearing, number=last + 1, mark=mark or f"{last + 1})", asker=asker,
                                     text=text.strip(), asked_by=asked_by, asked_at=now or utcnow())
        db.session.add(question)
    return question


def ask(hearing: Hearing, member: User, text: str, now: datetime | None = None) -> CommitteeQuestion:
    """A member asks on a postponed case; refused when the case is not postponed."""
    if not takes_questions(hearing):
        raise Refused([_("Der kan kun stilles spørgsmål, når sagen er udsat.")])
    question = add_question(hearing, member.name_with_party, text, asked_by=member, now=now)
    record("committee_question_asked", question, hearing_id=hearing.id, number=question.number)
    return question


def answer(question: CommitteeQuestion, text: str, officer: User, now: datetime | None = None) -> None:
    """The answer is written (or rewritten) and waits for a team lead's approval."""
    if question.is_approved:
        raise Refused([_("Svaret er godkendt og kan ikke ændres.")])
    question.answer = text.strip()
    question.status = AnswerStatus.READY
    question.answered_by = officer
    question.answered_at = now or utcnow()
    record("committee_question_answered", question, hearing_id=question.hearing_id, number=question.number)


def approval_refused(question: CommitteeQuestion, user: User) -> str | None:
    """Why `user` may not approve this answer, or None (the replies' four-eyes rule)."""
    if question.status is not AnswerStatus.READY:
        return _("Kun et svar, der er sendt til godkendelse, kan godkendes.")
    return _review_refused(question, user)


def send_back_refused(question: CommitteeQuestion, user: User) -> str | None:
    """Why `user` may not send this answer back, or None: the same team lead who may approve it."""
    if question.status is not AnswerStatus.READY:
        return _("Kun et svar, der er sendt til godkendelse, kan sendes tilbage.")
    return _review_refused(question, user)


def _review_refused(question: CommitteeQuestion, user: User) -> str | None:
    if user.id == question.answered_by_id:
        return _("Du har selv skrevet svaret, så en anden teamleder skal godkende det.")
    named = question.hearing.approver
    if named is not None and named.active and named.id != question.answered_by_id and named.id != user.id:
        return _("Høringens godkender, %(name)s, godkender svarene.", name=named.name)
    return None


def approve(question: CommitteeQuestion, approver: User, now: datetime | None = None) -> bool:
    """Approve the answer; when it was the last one waiting, tell the members. True if they were told."""
    refused = approval_refused(question, approver)
    if refused:
        raise Refused([refused])
    now = now or utcnow()
    question.status = AnswerStatus.APPROVED
    question.approved_by = approver
    question.approved_at = now
    question.sent_back_reason = None
    record("committee_question_approved", question, hearing_id=question.hearing_id, number=question.number)
    db.session.flush()
    return tell_members_if_all_answered(question.hearing, now)


def send_back(question: CommitteeQuestion, reason: str, approver: User) -> None:
    """The answer goes back to its writer with the team lead's reason, which they also get by mail."""
    refused = send_back_refused(question, approver)
    if refused:
        raise Refused([refused])
    question.status = AnswerStatus.SENT_BACK
    question.sent_back_reason = reason.strip()
    question.sent_back_by = approver
    record("committee_question_sent_back", question, hearing_id=question.hearing_id, number=question.number,
           reason=question.sent_back_reason)
    writer = question.answered_by
    if writer is None or not writer.active or writer.id == approver.id:
        return
    with force_locale(writer.locale):
        subject = _("Dit svar på udvalgets spørgsmål er sendt tilbage: %(title)s", title=question.hearing.title)
    queue_mail(writer.email, "committee_question_sent_back", subject=subject, locale=writer.locale,
               hearing_id=question.hearing_id, name=writer.name, approver=approver.name, mark=question.mark,
               reason=question.sent_back_reason, hearing=question.hearing,
               link=external_url("questions.answer_question", slug=question.hearing.slug, question_id=question.id))


def tell_members_if_all_answered(hearing: Hearing, now: datetime) -> bool:
    """One mail to each member when every question has an approved answer and some were not yet told of."""
    asked = questions(hearing)
    if not asked or not all(q.is_approved for q in asked) or all(q.members_told_at for q in asked):
        return False
    link = external_url("committee.questions", slug=hearing.slug)
    for member in hearing.committee_members:
        if not member.active:
            continue
        with force_locale(member.locale):
            subject = _("Svar på udvalgets spørgsmål: %(title)s", title=hearing.title)
        queue_mail(member.email, "committee_questions_answered", subject=subject, locale=member.locale,
                   hearing_id=hearing.id, hearing=hearing, member=member, count=len(asked), link=link)
    for question in asked:
        question.members_told_at = question.members_told_at or now
    record("committee_questions_answered", hearing, hearing_id=hearing.id, count=len(asked),
           members=[member.id for member in hearing.committee_members if member.active])
    return True
