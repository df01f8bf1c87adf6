"""The list of parties (høringsliste) of a hearing: who is invited and how far they are."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from app.auth import staff_required
from app.db_types import utcnow
from app.extensions import db
from app.forms import EmptyForm
from app.hearings import invitations
from app.hearings.forms import AddPartiesForm
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


@staff_required
def parties():
    hearing = current_hearing()
    return render_template(
        "hearings/parties.html", hearing=hearing, rows=invitations.party_rows(hearing),
        form=_add_form(hearing), action_form=EmptyForm(),
        can_edit=hearing.can_edit(current_user),
        accepts_parties=hearing.state in ACCEPTS_PARTIES,
    )


@staff_required
def add_parties():
    hearing = current_hearing(edit=True)
    if hearing.state not in ACCEPTS_PARTIES:
        abort(409)
    form = _add_form(hearing)
    if not form.validate_on_submit():
        return render_template(
            "hearings/parties.html", hearing=hearing, rows=invitations.party_rows(hearing), form=form,
            action_form=EmptyForm(), can_edit=True, accepts_parties=True,
        ), 422
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
    return redirect(url_for("hearings.parties", slug=hearing.slug))


def _own_invitation(hearing: Hearing, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.hearing_id != hearing.id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return invitation


@staff_required
def remove_party(invitation_id: int):
    hearing = current_hearing(edit=True)
    invitation = _own_invitation(hearing, invitation_id)
    if invitation.invited_at is not None:
        flash(_("%(name)s har allerede fået invitationen og bliver stående på listen.",
                name=invitation.organisation.name), "error")
    else:
        name = invitation.organisation.name
        invitations.remove_party(invitation)
        db.session.commit()
        flash(_("%(name)s er fjernet fra listen.", name=name), "success")
    return redirect(url_for("hearings.parties", slug=hearing.slug))


@staff_required
def resend(invitation_id: int):
    hearing = current_hearing(edit=True)
    invitation = _own_invitation(hearing, invitation_id)
    if hearing.state is not HearingState.OPEN:
        flash(_("Invitationer kan kun sendes, mens høringen er åben."), "error")
    else:
        count = invitations.resend(invitation)
        db.session.commit()
        flash(ngettext("Invitationen er sendt igen med et nyt link til %(num)d kontaktperson. Det gamle link virker "
                       "ikke længere.",
                       "Invitationen er sendt igen med nye links til %(num)d kontaktpersoner. De gamle links virker "
                       "ikke længere.", count), "success")
    return redirect(url_for("hearings.parties", slug=hearing.slug))


@staff_required
def revoke_link(link_id: int):
    hearing = current_hearing(edit=True)
    link = db.session.get(PartyLink, link_id)
    if link is None or link.invitation.hearing_id != hearing.id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    invitations.revoke_link(link)
    db.session.commit()
    flash(_("Linket virker ikke længere."), "success")
    return redirect(url_for("hearings.parties", slug=hearing.slug))
