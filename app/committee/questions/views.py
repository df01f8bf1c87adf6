"""The members ask on the committee's pages; staff answer and a team lead approves on theirs.

Parties and citizens never see any of it: the committee's pages are for the
hearing's members and staff, the answering pages for staff.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.audit.operations import record
from app.auth import ensure, staff_required
from app.committee.questions import exports, operations
from app.committee.questions.forms import AnswerForm, QuestionForm
from app.committee.questions.models import (
    CommitteeQuestion,
    can_approve_answers,
    can_ask,
    takes_questions,
)
from app.downloads import send_download
from app.extensions import db
from app.forms import EmptyForm
from app.hearings.loading import current_hearing
from app.hearings.models import Hearing
from app.records.operations import file_on_case
from app.refusals import Refused, show_refusal
from app.replies.forms import SendBackForm

# ------------------------------------------------------------------ the committee's pages (/udvalg)


def _committee_hearing(slug: str) -> Hearing:
    hearing = db.session.scalar(select(Hearing).where(Hearing.slug == slug))
    if hearing is None:
        abort(404)
    ensure(hearing.can_read_as_committee(current_user))
    return hearing


@login_required
def questions(slug: str):
    hearing = _committee_hearing(slug)
    asked = operations.questions(hearing)
    return render_template("committee/questions.html", hearing=hearing, questions=asked,
                           may_ask=can_ask(hearing, current_user) and takes_questions(hearing),
                           all_approved=bool(asked) and all(q.is_approved for q in asked))


@login_required
def ask_question(slug: str):
    hearing = db.session.scalar(select(Hearing).where(Hearing.slug == slug))
    if hearing is None:
        abort(404)
    ensure(can_ask(hearing, current_user))
    if not takes_questions(hearing):
        flash(_("Der kan kun stilles spørgsmål, når sagen er udsat."), "error")
        return redirect(url_for("committee.questions", slug=hearing.slug))
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            question = operations.ask(hearing, current_user, form.text.data)
        except Refused as refused:
            show_refusal(refused, form.text.errors)
        else:
            db.session.commit()
            flash(_("Dit spørgsmål er stillet som nr. %(mark)s", mark=question.mark), "success")
            return redirect(url_for("committee.questions", slug=hearing.slug))
    return render_template("committee/question_form.html", hearing=hearing, form=form)


@login_required
def questions_download(slug: str, file_format: str):
    hearing = _committee_hearing(slug)
    if file_format not in exports.FORMATS:
        abort(404)
    content, mimetype, filename = exports.export(hearing, exports.rows(operations.questions(hearing)), file_format)
    record("committee_questions_exported", hearing, hearing_id=hearing.id, format=file_format)
    db.session.commit()
    return send_download(content, filename, mimetype)


# ------------------------------------------------------------------ staff's pages (/medarbejder/…/spoergsmaal)


def _question(hearing: Hearing, question_id: int) -> CommitteeQuestion:
    question = db.session.get(CommitteeQuestion, question_id)
    if question is None or question.hearing_id != hearing.id:
        abort(404)
    return question


@staff_required
def index():
    hearing = current_hearing()
    return render_template("committee/staff_questions.html", hearing=hearing, questions=operations.questions(hearing),
                           may_answer=hearing.can_edit(current_user),
                           may_approve=can_approve_answers(hearing, current_user), form=EmptyForm())


@staff_required
def answer_question(question_id: int):
    hearing = current_hearing(edit=True)
    question = _question(hearing, question_id)
    if not question.can_answer(current_user):
        flash(_("Svaret er godkendt og kan ikke ændres."), "error")
        return redirect(url_for("questions.index", slug=hearing.slug))
    form = AnswerForm(data={"text": question.answer})
    if form.validate_on_submit():
        operations.answer(question, form.text.data, current_user)
        db.session.commit()
        flash(_("Svaret på spørgsmål %(mark)s er sendt til godkendelse.", mark=question.mark), "success")
        return redirect(url_for("questions.index", slug=hearing.slug))
    return render_template("committee/answer_form.html", hearing=hearing, question=question, form=form)


@staff_required
def approve_answer(question_id: int):
    hearing = current_hearing()
    ensure(can_approve_answers(hearing, current_user))
    question = _question(hearing, question_id)
    if EmptyForm().validate_on_submit():
        try:
            told = operations.approve(question, current_user)
        except Refused as refused:
            show_refusal(refused)
        else:
            db.session.commit()
            file_on_case(hearing)  # with every answer approved, the questions and answers go on the case
            flash(_("Svaret på spørgsmål %(mark)s er godkendt.", mark=question.mark), "success")
            if told:
                flash(_("Alle svar er godkendt. Udvalgets medlemmer har fået en mail om, at svarene er klar."),
                      "success")
    return redirect(url_for("questions.index", slug=hearing.slug))


@staff_required
def send_back_answer(question_id: int):
    hearing = current_hearing()
    ensure(can_approve_answers(hearing, current_user))
    question = _question(hearing, question_id)
    form = SendBackForm()
    if form.validate_on_submit():
        try:
            operations.send_back(question, form.reason.data, current_user)
        except Refused as refused:
            show_refusal(refused)
        else:
            db.session.commit()
            flash(_("Svaret på spørgsmål %(mark)s er sendt tilbage til %(name)s.", mark=question.mark,
                    name=question.answered_by.name if question.answered_by else _("sagsbehandleren")), "success")
        return redirect(url_for("questions.index", slug=hearing.slug))
    return render_template("committee/send_back_answer.html", hearing=hearing, question=question, form=form)
