"""The list of parties (høringsliste) of a hearing: who is invited and how far they are; reminders,
new links and revoked links."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from app.auth import staff_required
from app.confirmations import ConfirmForm, confirmation_page, confirmed
from app.db_types import utcnow
from app.extensions import db
from app.forms import EmptyForm
from app.hearings import invitations, reminders
from app.hearings.forms import AddPartiesForm, ReminderForm
from app.hearings.loading import current_hearing
from app.hearings.models import Hearing, HearingState, Invitation, PartyLink
from app.parties.models import Organisation

ACCEPTS_PARTIES = (HearingState.DRAFT, HearingState.SCHEDULED, HearingState.OPEN)


def _add_form(hearing: Hearing) -> AddPartiesForm:
    form = AddPartiesForm()
    invited = {i.organisation_id for i in hearing.invitations}
    form.organisations.choices = [
        (o.id, o.name)
        for o in db.session.scalars(select(Organisation).where(Organisation.active).order_by(Organisation.name))
        if o.id not in invited
    ]
    return form


def _reminder_form(waiting: list[Invitation]) -> ReminderForm:
    form = ReminderForm()
    form.invitations.choices = [(i.id, i.organisation.name) for i in waiting]
    return form


def _parties_page(hearing: Hearing, *, form: AddPartiesForm | None = None, reminder_form: ReminderForm | None = None,
                  status: int = 200):
    waiting = reminders.remindable(hearing) if hearing.is_open else []
    reminder_form = reminder_form or _reminder_form(waiting)
    return render_template(
        "hearings/parties.html", hearing=hearing, rows=invitations.party_rows(hearing),
        form=form or _add_form(hearing), action_form=EmptyForm(), reminder_form=reminder_form,
        reminder_choices={option.data: option for option in reminder_form.invitations},
        can_edit=hearing.can_edit(current_user), accepts_parties=hearing.state in ACCEPTS_PARTIES,
    ), status


@staff_required
def parties():
    return _parties_page(current_hearing())


@staff_required
def add_parties():
    hearing = current_hearing(edit=True)
    if hearing.state not in ACCEPTS_PARTIES:
        abort(409)
    form = _add_form(hearing)
    if not form.validate_on_submit():
        return _parties_page(hearing, form=form, status=422)
    now = utcnow()
    chosen = db.session.scalars(select(Organisation).where(Organisation.id.in_(form.organisations.data))).all()
    for organisation in chosen:
        invitations.add_party(hearing, organisation, now)
    db.session.commit()
    if hearing.state is HearingState.OPEN:
        flash(ngettext("%(num)d part er tilføjet og har fået invitationen.",
                       "%(num)d parter er tilføjet og har fået invitationen.", len(chosen)), "success")
    else:
        flash(ngettext("%(num)d part er tilføjet. Den får invitationen, når høringen åbner.",
                       "%(num)d parter er tilføjet. De får invitationen, når høringen åbner.", len(chosen)),
              "success")
    return _back_to_parties(hearing)


def _own_invitation(hearing: Hearing, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.hearing_id != hearing.id:
        abort(404)
    return invitation


def _back_to_parties(hearing: Hearing):
    return redirect(url_for("hearings.parties", slug=hearing.slug))


@staff_required
def remove_party(invitation_id: int):
    hearing = current_hearing(edit=True)
    invitation = _own_invitation(hearing, invitation_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if invitation.invited_at is not None:
        flash(_("%(name)s har allerede fået invitationen og bliver stående på listen.",
                name=invitation.organisation.name), "error")
    else:
        name = invitation.organisation.name
        invitations.remove_party(invitation)
        db.session.commit()
        flash(_("%(name)s er fjernet fra listen.", name=name), "success")
    return _back_to_parties(hearing)


@staff_required
def send_reminders():
    """"Send påmindelse": to the parties chosen in the list, or all still to answer; the links stay."""
    hearing = current_hearing(edit=True)
    if hearing.state is not HearingState.OPEN:
        flash(_("Påmindelser kan kun sendes, mens høringen er åben."), "error")
        return _back_to_parties(hearing)
    waiting = reminders.remindable(hearing)
    form = _reminder_form(waiting)
    if not form.validate_on_submit():
        abort(400)
    wanted = set(form.invitations.data or [])
    chosen = waiting if form.everyone.data else [i for i in waiting if i.id in wanted]
    if not chosen:
        form.invitations.errors.append(_("Vælg mindst én part, der ikke har svaret endnu.") if waiting else
                                       _("Alle parter på listen har svaret, så ingen skal have en påmindelse."))
        return _parties_page(hearing, reminder_form=form, status=422)
    now = utcnow()
    earlier = reminders.reminded_today(chosen, now)
    if earlier and not confirmed(form):
        return confirmation_page(
            "hearings/confirm_reminders.html", form, hearing=hearing, chosen=chosen, earlier=earlier,
            hidden=[("invitations", i.id) for i in chosen], cancel_url=url_for("hearings.parties", slug=hearing.slug))
    reminded, unreachable = reminders.remind(chosen, now)
    db.session.commit()
    if reminded:
        flash(ngettext("%(num)d part har fået en påmindelse: %(names)s.",
                       "%(num)d parter har fået en påmindelse: %(names)s.", len(reminded),
                       names=", ".join(i.organisation.name for i in reminded)), "success")
    if unreachable:
        flash(_("Ingen påmindelse til %(names)s: ingen aktiv kontaktperson. Tilføj en i partsregistret.",
                names=", ".join(i.organisation.name for i in unreachable)), "error")
    if wanted - {i.id for i in waiting}:
        flash(_("Nogle af de valgte parter har svaret i mellemtiden og har ikke fået en påmindelse."), "info")
    return _back_to_parties(hearing)


@staff_required
def resend(invitation_id: int):
    """"Send nyt link": the old links stop working, so the page says so and asks first."""
    hearing = current_hearing(edit=True)
    invitation = _own_invitation(hearing, invitation_id)
    if hearing.state is not HearingState.OPEN:
        flash(_("Invitationer kan kun sendes, mens høringen er åben."), "error")
        return _back_to_parties(hearing)
    form = ConfirmForm()
    if not confirmed(form):
        return confirmation_page(
            "hearings/confirm_new_link.html", form, hearing=hearing, invitation=invitation,
            contacts=[c for c in invitation.organisation.contacts if c.active],
            live_links=[link for link in invitation.links if link.revoked_at is None],
            cancel_url=url_for("hearings.parties", slug=hearing.slug))
    count = invitations.resend(invitation)
    db.session.commit()
    flash(ngettext("%(name)s har fået et nyt link til %(num)d kontaktperson. Det gamle link virker ikke længere.",
                   "%(name)s har fået nye links til %(num)d kontaktpersoner. De gamle links virker ikke længere.",
                   count, name=invitation.organisation.name), "success")
    return _back_to_parties(hearing)


@staff_required
def revoke_link(link_id: int):
    hearing = current_hearing(edit=True)
    link = db.session.get(PartyLink, link_id)
    if link is None or link.invitation.hearing_id != hearing.id:
        abort(404)
    if link.revoked_at is not None:
        flash(_("Linket virker allerede ikke længere."), "info")
        return _back_to_parties(hearing)
    form = ConfirmForm()
    if not confirmed(form):
        return confirmation_page("hearings/confirm_revoke_link.html", form, hearing=hearing, link=link,
                                 cancel_url=url_for("hearings.parties", slug=hearing.slug))
    invitations.revoke_link(link)
    db.session.commit()
    flash(_("Linket virker ikke længere."), "success")
    return _back_to_parties(hearing)
