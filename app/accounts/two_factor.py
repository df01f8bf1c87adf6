"""Two-step verification for the logged-in user: set it up, new recovery codes, turn it off."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts import totp
from app.accounts.forms import AppCodeForm, LoginCodeForm
from app.extensions import db


@login_required
def two_factor_setup():
    user = current_user._get_current_object()
    if user.two_factor_enabled:
        flash(_("Totrinsbekræftelse er allerede slået til."), "info")
        return redirect(url_for("accounts.account"))
    if user.totp_secret is None:
        totp.start_enrolment(user)
        db.session.commit()
    form = AppCodeForm()
    if form.validate_on_submit():
        if totp.verify_app_code(user, totp.normalise(form.code.data)):
            codes = totp.enable(user)
            db.session.commit()
            flash(_("Totrinsbekræftelse er slået til. Næste gang du logger ind, skal du også bruge en kode fra appen."),
                  "success")
            return render_template("accounts/recovery_codes.html", codes=codes)
        form.code.errors.append(_("Koden passer ikke. Skriv den kode, appen viser nu, og prøv igen."))
    return render_template(
        "accounts/two_factor_setup.html", form=form, qr_code=totp.qr_code_data_uri(user),
        secret=totp.grouped(user.totp_secret),
    )


@login_required
def new_recovery_codes():
    user = current_user._get_current_object()
    if not user.two_factor_enabled:
        return redirect(url_for("accounts.two_factor_setup"))
    form = LoginCodeForm()
    if form.validate_on_submit():
        if totp.verify_second_step(user, form.code.data):
            codes = totp.new_recovery_codes(user)
            db.session.commit()
            flash(_("Du har fået nye gendannelseskoder. De gamle virker ikke længere."), "success")
            return render_template("accounts/recovery_codes.html", codes=codes)
        form.code.errors.append(_("Koden er forkert eller brugt. Skriv den kode, appen viser nu."))
    return render_template("accounts/recovery_codes_new.html", form=form, left=totp.recovery_codes_left(user))


@login_required
def two_factor_disable():
    user = current_user._get_current_object()
    if not user.can_turn_off_two_factor:
        if user.two_factor_enabled:
            flash(_("Din rolle kræver totrinsbekræftelse, så den kan ikke slås fra."), "info")
        return redirect(url_for("accounts.account"))
    form = AppCodeForm()
    if form.validate_on_submit():
        if totp.verify_app_code(user, totp.normalise(form.code.data)):
            totp.disable(user)
            db.session.commit()
            flash(_("Totrinsbekræftelse er slået fra. Du logger nu ind med adgangskoden alene."), "success")
            return redirect(url_for("accounts.account"))
        form.code.errors.append(_("Koden passer ikke. Skriv den kode, appen viser nu, og prøv igen."))
    return render_template("accounts/two_factor_disable.html", form=form)
