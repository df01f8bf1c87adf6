"""Administrators manage users: the list, a new user, role, deactivate and reactivate."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts import operations
from app.accounts.forms import NewUserForm, RoleForm
from app.accounts.models import Role, User
from app.accounts.views import local_login_or_404
from app.auth import ensure
from app.extensions import db
from app.forms import EmptyForm

# Danish alphabetical order: æ, ø, å come after z.
_DANISH_ORDER = str.maketrans({"æ": "z{", "ø": "z|", "å": "z}"})


def _load(user_id: int, *, manage: bool = False) -> User:
    """The permission check first, then the user or 404."""
    ensure(current_user.can_administer)
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    if manage:
        ensure(current_user.can_manage_user(user))
    return user


def _one_button() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


@login_required
def index():
    ensure(current_user.can_administer)
    users = sorted(db.session.scalars(select(User)), key=lambda u: (not u.active, u.name.casefold().translate(
        _DANISH_ORDER)))
    return render_template("users/index.html", users=users)


@login_required
def new():
    ensure(current_user.can_administer)
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = operations.invite_user(form.email.data, form.name.data, Role(form.role.data),
                                         party=form.party.data)
            db.session.commit()
        except IntegrityError:  # the same address, saved by someone else a moment ago
            db.session.rollback()
            form.email.errors.append(_("Der findes allerede en bruger med denne e-mailadresse."))
        else:
            flash(_("%(name)s er oprettet og får en e-mail med et link til at vælge sin adgangskode.",
                    name=user.name) if current_app.config["LOCAL_LOGIN"] else
                  _("%(name)s er oprettet og får en e-mail om at logge ind med kommunens login.", name=user.name),
                  "success")
            return redirect(url_for("users.show", user_id=user.id))
    return render_template("users/new.html", form=form)


def _render_show(user: User, role_form: RoleForm | None = None):
    role_form = role_form or RoleForm(data={"role": user.role.value})
    return render_template("users/show.html", user=user, role_form=role_form,
                           can_manage=current_user.can_manage_user(user))


@login_required
def show(user_id: int):
    return _render_show(_load(user_id))


@login_required
def change_role(user_id: int):
    user = _load(user_id, manage=True)
    form = RoleForm()
    if not form.validate_on_submit():
        return _render_show(user, form)
    if operations.change_role(user, Role(form.role.data)):
        db.session.commit()
        flash(_("Rollen for %(name)s er ændret til %(role)s.", name=user.name, role=user.role.label), "success")
    return redirect(url_for("users.show", user_id=user.id))


@login_required
def deactivate(user_id: int):
    user = _load(user_id, manage=True)
    _one_button()
    if operations.set_active(user, False):
        db.session.commit()
        flash(_("%(name)s er deaktiveret og logget ud. Brugeren kan ikke logge ind, før en administrator "
                "aktiverer den igen.", name=user.name), "success")
    return redirect(url_for("users.show", user_id=user.id))


@login_required
def reactivate(user_id: int):
    user = _load(user_id, manage=True)
    _one_button()
    if operations.set_active(user, True):
        db.session.commit()
        flash(_("%(name)s er aktiv igen og kan logge ind.", name=user.name), "success")
    return redirect(url_for("users.show", user_id=user.id))


@login_required
def send_link(user_id: int):
    local_login_or_404()
    user = _load(user_id, manage=True)
    _one_button()
    if not user.active:
        flash(_("Aktivér brugeren, før du sender et link."), "error")
        return redirect(url_for("users.show", user_id=user.id))
    operations.resend_password_link(user)
    db.session.commit()
    flash(_("%(name)s får en e-mail med et link til at vælge en ny adgangskode.", name=user.name), "success")
    return redirect(url_for("users.show", user_id=user.id))


@login_required
def reset_two_factor(user_id: int):
    user = _load(user_id, manage=True)
    _one_button()
    if operations.reset_two_factor(user):
        db.session.commit()
        flash(_("Totrinsbekræftelse er nulstillet for %(name)s. Brugeren sætter den op igen ved næste log-ind.",
                name=user.name), "success")
    return redirect(url_for("users.show", user_id=user.id))
