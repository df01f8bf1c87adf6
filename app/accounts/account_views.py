"""Min konto: who I am, my password, my two-step verification."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts import operations, totp
from app.accounts.forms import ChangePasswordForm, DigestForm
from app.accounts.passwords import verify_password
from app.accounts.views import local_login_or_404
from app.auth import staff_required
from app.extensions import db


@login_required
def account():
    user = current_user._get_current_object()
    left = totp.recovery_codes_left(user) if user.two_factor_enabled else 0
    digest_form = DigestForm(data={"wants_digest": user.wants_digest}) if user.is_staff else None
    return render_template("accounts/account.html", user=user, recovery_codes_left=left, digest_form=digest_form)


@staff_required
def digest_setting():
    user = current_user._get_current_object()
    form = DigestForm()
    if not form.validate_on_submit():
        abort(400)
    if operations.set_wants_digest(user, form.wants_digest.data):
        db.session.commit()
    if user.wants_digest:
        flash(_("Du får en e-mail hver morgen, når noget venter på dig."), "success")
    else:
        flash(_("Du får ikke længere den daglige e-mail. Det, der venter, står stadig under Mine opgaver."), "success")
    return redirect(url_for("accounts.account"))


@login_required
def change_password():
    local_login_or_404()
    user = current_user._get_current_object()
    form = ChangePasswordForm()
    form.password_owner = (user.email, user.name)
    if form.validate_on_submit():
        if not verify_password(user.password_hash, form.current.data):
            form.current.errors.append(_("Adgangskoden er forkert."))
        elif form.current.data == form.password.data:
            form.password.errors.append(_("Den nye adgangskode skal være en anden end den nuværende."))
        else:
            operations.change_password(user, form.password.data)
            db.session.commit()
            flash(_("Din nye adgangskode er gemt. Er du logget ind andre steder, er du logget ud der."), "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/change_password.html", form=form)
