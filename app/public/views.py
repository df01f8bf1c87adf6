"""Pages anyone may see: the front page, the accessibility statement, language."""

from flask import abort, current_app, redirect, render_template, request, url_for
from sqlalchemy import select

from app.db_types import utcnow
from app.extensions import db
from app.hearings.models import Hearing, HearingState
from app.i18n import LANGUAGE_COOKIE
from app.public.caching import valid_until
from app.public.loading import LISTED_STATES, next_change_of_any
from app.urls import safe_next_url


def index():
    valid_until(next_change_of_any(utcnow()))
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
    """A link in the page header: the choice is kept in a cookie for a year. A GET, so a page for visitors
    needs no form (and no session) for it; choosing a language changes nothing else."""
    if language not in current_app.config["LANGUAGES"]:
        abort(404)
    response = redirect(safe_next_url(request.args.get("next")) or url_for("public.index"))
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, httponly=True, samesite="Lax",
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
    return response
