"""Pages anyone may see: the front page, the accessibility statement, language."""

from flask import abort, current_app, redirect, render_template, request, session, url_for
from sqlalchemy import select

from app.extensions import db
from app.forms import EmptyForm
from app.hearings.models import Hearing, HearingState
from app.public.loading import LISTED_STATES
from app.urls import safe_next_url


def index():
    hearings = db.session.scalars(
        select(Hearing).where(Hearing.state.in_(LISTED_STATES)).order_by(Hearing.deadline_at.desc())
    ).all()
    open_hearings = [h for h in hearings if h.state is HearingState.OPEN]
    earlier_hearings = [h for h in hearings if h.state is not HearingState.OPEN]
    return render_template(
        "public/index.html", open_hearings=open_hearings, earlier_hearings=earlier_hearings
    )


def accessibility():
    return render_template("public/accessibility.html")


def set_language(language: str):
    if language not in current_app.config["LANGUAGES"]:
        abort(404)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    session["language"] = language
    return redirect(safe_next_url(request.form.get("next")) or url_for("public.index"))


