"""Log-in and log-out for staff, approvers, committee members and administrators."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from app.accounts import operations
from app.accounts.forms import LoginForm
from app.accounts.models import User
from app.extensions import db, login_manager
from app.forms import EmptyForm
from app.urls import safe_next_url

bp = Blueprint("accounts", __name__, url_prefix="/konto")

login_manager.login_view = "accounts.login"
login_manager.login_message = None  # the log-in page says it itself


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


@bp.route("/log-ind", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("public.index"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("E-mailadressen eller adgangskoden er forkert."))
        else:
            operations.log_in(user)
            db.session.commit()
            return redirect(safe_next_url(form.next.data) or url_for("public.index"))
    return render_template("accounts/login.html", form=form)


@bp.post("/log-ud")
@login_required
def logout():
    if not EmptyForm().validate_on_submit():
        abort(400)
    logout_user()
    flash(_("Du er logget ud."), "success")
    return redirect(url_for("public.index"))
