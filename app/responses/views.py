"""The parties' side: the personal link from the invitation leads here."""

from flask import Blueprint, render_template
from sqlalchemy import select

from app.db_types import utcnow
from app.extensions import db
from app.hearings import invitations, lifecycle, operations
from app.hearings.models import Section

bp = Blueprint("responses", __name__)


@bp.get("/svar/<token>")
def party_start(token: str):
    link = invitations.find_link(token)
    if link is None:
        return render_template("responses/link_invalid.html"), 404
    invitation = link.invitation
    hearing = invitation.hearing
    if operations.refresh_state(hearing):
        db.session.commit()
    now = utcnow()
    link.first_opened_at = link.first_opened_at or now
    link.last_opened_at = now
    db.session.commit()
    version = hearing.current_version
    sections = db.session.scalars(
        select(Section).where(Section.version_id == version.id).order_by(Section.position)
    ).all()
    return render_template(
        "responses/party_start.html", hearing=hearing, organisation=invitation.organisation,
        contact=link.contact, version=version, sections=sections,
        state_label=lifecycle.state_label(hearing.state),
    )
