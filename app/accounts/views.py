"""Log-in (password, then the code of two-step verification), log-out, and a forgotten password."""

from flask import abort, current_app, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts import keepalive, operations, sessions, totp
from app.accounts.forms import ForgotPasswordForm, LoginCodeForm, LoginForm, NewPasswordForm
from app.accounts.models import PasswordPurpose, User
from app.extensions import db, limiter, login_manager
from app.forms import EmptyForm
from app.signin import providers
from app.urls import safe_next_url

login_manager.login_view = "accounts.login"
login_manager.login_message = None  # the log-in page says it itself

# Where someone who must set up two-step verification may go before it is done.
OPEN_BEFORE_ENROLMENT = frozenset({"accounts.two_factor_setup", "accounts.logout", "public.set_language", "static",
                                   "accounts.session_status", "accounts.session_extend"})


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """A deactivated user's open session is refused on the next request."""
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


def check_session():
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    reason = sessions.check_current(touch=request.endpoint not in keepalive.NOT_ACTIVITY)
    if reason == "idle":
        flash(_("Du er logget ud, fordi du ikke har brugt Høringsrunde i %(minutes)d minutter. Log ind igen.",
                minutes=current_app.config["SESSION_IDLE_MINUTES"]), "info")
    if reason is not None:
        return None  # anonymous from here; pages that need a log-in send to it
    if (current_user.must_enrol_two_factor and request.endpoint not in OPEN_BEFORE_ENROLMENT
            and sessions.provider_id_token() is None):  # the municipality's login gave the second step
        return redirect(url_for("accounts.two_factor_setup"))
    return None


def start_page(user: User) -> str:
    """Where a person lands after log-in when no page was asked for: staff on Mine opgaver."""
    return url_for("worklists.index") if user.is_staff else url_for("public.index")


def local_login_or_404() -> None:
    """With LOCAL_LOGIN=false staff sign in only with the municipality's login: no passwords here."""
    if not current_app.config["LOCAL_LOGIN"]:
        abort(404)


def _address_key() -> str:
    return f"address:{request.remote_addr}"


def _address_and_email_key() -> str:
    """Per network address and account: guessing one account from one place is slowed, but someone
    elsewhere cannot use up the owner's tries (a key per e-mail alone would lock the owner out)."""
    return f"address:{request.remote_addr}:email:" + (request.form.get("email") or "").strip().lower()[:254]


def _log_in_failed(response) -> bool:
    return response.status_code == 200  # the form again, with its message; a log-in redirects


def _pending_key() -> str:
    pending = session.get(sessions.PENDING) or {}
    return f"code:{pending.get('user', request.remote_addr)}"


@limiter.limit("10 per minute", key_func=_address_and_email_key, methods=["POST"], deduct_when=_log_in_failed)
# Trying many accounts from one address (password spraying); only failures count, so a town hall
# behind one address logs in as usual.
@limiter.limit("20 per minute;100 per hour", key_func=_address_key, methods=["POST"], deduct_when=_log_in_failed)
def login():
    if current_user.is_authenticated:
        return redirect(start_page(current_user))
    local_login = current_app.config["LOCAL_LOGIN"]
    if request.method == "POST":
        local_login_or_404()
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data, form.password.data)
        if user is None:
            db.session.commit()  # the wrong password counted on the account
            form.password.errors.append(_("E-mailadressen eller adgangskoden er forkert."))
        else:
            next_url = safe_next_url(form.next.data)
            if user.two_factor_enabled:
                sessions.await_second_step(user, next_url)
                db.session.commit()
                return redirect(url_for("accounts.login_code"))
            operations.log_in(user)
            db.session.commit()
            if user.must_enrol_two_factor:
                return redirect(url_for("accounts.two_factor_setup"))
            return redirect(next_url or start_page(user))
    return render_template("accounts/login.html", form=form, local_login=local_login,
                           sso_enabled=providers.is_configured(providers.STAFF))


@limiter.limit("10 per minute", key_func=_pending_key, methods=["POST"])
def login_code():
    """The second step: a code from the app, or a recovery code."""
    local_login_or_404()
    if current_user.is_authenticated:
        return redirect(start_page(current_user))
    user = sessions.pending_user()
    if user is None:
        flash(_("Log ind med din e-mailadresse og adgangskode."), "info")
        return redirect(url_for("accounts.login"))
    form = LoginCodeForm()
    if form.validate_on_submit():
        if not sessions.take_code_try(user):
            flash(_("Koden var forkert for mange gange. Log ind igen."), "error")
            return redirect(url_for("accounts.login"))
        used = totp.verify_second_step(user, form.code.data)
        if used is None:
            if sessions.wrong_code(user):
                flash(_("Koden var forkert for mange gange. Log ind igen."), "error")
                return redirect(url_for("accounts.login"))
            db.session.commit()
            form.code.errors.append(_("Koden er forkert eller brugt. Skriv den kode, appen viser nu."))
        else:
            next_url = sessions.pending_next()
            operations.log_in(user)
            db.session.commit()
            if used == "recovery":
                left = totp.recovery_codes_left(user)
                flash(_("Du loggede ind med en gendannelseskode. Du har %(left)d tilbage. "
                        "Under Min konto kan du lave nye.", left=left), "warning")
            return redirect(safe_next_url(next_url) or start_page(user))
    return render_template("accounts/login_code.html", form=form)


@login_required
def logout():
    if not EmptyForm().validate_on_submit():
        abort(400)
    id_token = sessions.provider_id_token()
    sessions.end_current()
    db.session.commit()
    flash(_("Du er logget ud."), "success")
    # Signed in with the municipality's login: it ends its session too, then sends the browser back here.
    provider_logout = providers.end_session_url(id_token) if id_token else None
    return redirect(provider_logout or url_for("public.index"))


# ---------------------------------------------------------------- forgotten password


@limiter.limit("10 per minute", key_func=_address_and_email_key, methods=["POST"])
@limiter.limit("20 per minute;100 per hour", key_func=_address_key, methods=["POST"])
def forgot_password():
    local_login_or_404()
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        operations.request_password_reset(form.email.data)
        db.session.commit()
        # The same answer whether or not the address has a user.
        return render_template("accounts/forgot_sent.html", email=form.email.data)
    return render_template("accounts/forgot.html", form=form)


def reset_password(token: str):
    local_login_or_404()
    link = operations.valid_password_token(token)
    if link is None:
        return make_response(render_template("accounts/password_link_invalid.html"), 404)
    form = NewPasswordForm()
    form.password_owner = (link.user.email, link.user.name)
    if form.validate_on_submit():
        if current_user.is_authenticated:
            sessions.end_current()
        operations.set_password_from_link(link, form.password.data)
        db.session.commit()
        flash(_("Din adgangskode er gemt. Log ind med den nye adgangskode."), "success")
        return redirect(url_for("accounts.login"))
    welcome = link.purpose is PasswordPurpose.WELCOME
    return render_template("accounts/reset_password.html", form=form, user=link.user, welcome=welcome)
