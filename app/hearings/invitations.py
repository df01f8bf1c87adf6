"""The list of parties (høringsliste): invitations and personal links (reminders: reminders.py).

Each contact person of an invited party gets a personal link. Only the
link's hash is stored, so a mail that needs a link (invitation, resend,
reminder, changed deadline) makes a new one; older links keep working until
revoked, and all lead to the same party's response.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.audit.operations import record
from app.db_types import utcnow
from app.extensions import db
from app.hearings.models import Hearing, HearingState, Invitation, PartyLink
from app.hearings.tokens import new_token, token_hash
from app.links import external_url
from app.notifications.operations import queue_mail
from app.parties.models import ContactPerson, Organisation
from app.responses.models import Cosignature, Response, ResponseState
from app.responses.preferences import cosigned_ids


def add_party(hearing: Hearing, organisation: Organisation, now: datetime | None = None) -> Invitation:
    """Put a party on the list. On an open hearing the invitation goes at once."""
    invitation = Invitation(hearing=hearing, organisation=organisation)
    db.session.add(invitation)
    db.session.flush()
    record("party_added", invitation, hearing_id=hearing.id, organisation=organisation.name)
    if hearing.state is HearingState.OPEN:
        send_invitation(invitation, now or utcnow())
    return invitation


def remove_party(invitation: Invitation) -> None:
    """Only before anything was sent: afterwards a party stays on the record."""
    record("party_removed", invitation, hearing_id=invitation.hearing_id,
           organisation=invitation.organisation.name)
    db.session.delete(invitation)


def send_all_pending(hearing: Hearing, now: datetime) -> int:
    sent = 0
    for invitation in hearing.invitations:
        if invitation.invited_at is None:
            sent += send_invitation(invitation, now)
    return sent


def send_invitation(invitation: Invitation, now: datetime, *, template: str = "invitation") -> int:
    """Mail each active contact a personal link. Returns the number of mails queued."""
    hearing = invitation.hearing
    subjects = {
        "invitation": _("Høring: %(title)s", title=hearing.title),
        "reminder": _("Påmindelse om høring: %(title)s", title=hearing.title),
        "deadline_changed": _("Ny høringsfrist: %(title)s", title=hearing.title),
        "new_version": _("Rettet høringsudkast: %(title)s", title=hearing.title),
        "deadline_shortened": _("Tidligere høringsfrist: %(title)s", title=hearing.title),
    }
    contacts = [c for c in invitation.organisation.contacts if c.active]
    for contact in contacts:
        token = _new_link(invitation, contact, now)
        queue_mail(
            contact.email, template, subject=subjects[template], hearing_id=hearing.id,
            hearing=hearing, organisation=invitation.organisation, contact=contact,
            link=external_url("responses.party_start", token=token),
            version=hearing.current_version,
        )
    if invitation.invited_at is None:
        invitation.invited_at = now
    record(f"{template}_sent", invitation, hearing_id=hearing.id,
           organisation=invitation.organisation.name, recipients=len(contacts))
    return len(contacts)


def _new_link(invitation: Invitation, contact: ContactPerson, now: datetime) -> str:
    token = new_token()
    db.session.add(PartyLink(invitation=invitation, contact=contact, token_hash=token_hash(token), sent_at=now))
    return token


NOTE_USE_EVERY = timedelta(minutes=10)


def signed_in_link(invitation: Invitation, contact: ContactPerson | None) -> str:
    """A personal link for someone who signed in for the party with MitID Erhverv (app/signin), not mailed;
    it stops working MITID_LINK_HOURS after its last use (find_link)."""
    token = new_token()
    db.session.add(PartyLink(invitation=invitation, contact=contact, token_hash=token_hash(token)))
    return token


def resend(invitation: Invitation, now: datetime | None = None) -> int:
    """A new link to every contact; the old links stop working."""
    now = now or utcnow()
    for link in invitation.links:
        if link.revoked_at is None:
            link.revoked_at = now
    return send_invitation(invitation, now)


def revoke_link(link: PartyLink, now: datetime | None = None) -> None:
    link.revoked_at = now or utcnow()
    record("link_revoked", link, hearing_id=link.invitation.hearing_id,
           organisation=link.invitation.organisation.name)


def find_link(token: str) -> PartyLink | None:
    """The live link for a token, or None (unknown, revoked, or its hearing is decided)."""
    if not token or len(token) > 100:
        return None
    link = db.session.scalars(_link_query(), {"token_hash": token_hash(token)}).unique().one_or_none()
    if link is None:
        return None
    contact_active = link.contact.active if link.contact is not None else None
    if not link_is_live(link, link.invitation.organisation.active, contact_active, link.invitation.hearing.state,
                        current_app.config["MITID_LINK_HOURS"]):
        return None
    return link


@cache
def _link_query() -> Select:
    """The link with its invitation, organisation, contact and hearing in one query: every party page and save
    reads all of them, and each would be a round trip of its own (issue 20: intake). So are the hearing's
    alternatives (none, or a few: a row each), which the response form is made with. Built once, the token's
    hash a bind parameter: building the statement with its loader options, and its cache key, each time cost
    more than running it."""
    invitation = joinedload(PartyLink.invitation)
    hearing = invitation.joinedload(Invitation.hearing)
    return select(PartyLink).where(PartyLink.token_hash == bindparam("token_hash")).options(
        invitation.joinedload(Invitation.organisation), hearing, hearing.joinedload(Hearing.alternatives),
        joinedload(PartyLink.contact))


def link_is_live(link, organisation_active: bool, contact_active: bool | None, hearing_state: HearingState,
                 mitid_hours: int) -> bool:
    """Whether a found link works: `link` is the row or anything with its columns (the party page's front,
    app/responses/party_front.py, reads them as one row); `contact_active` None when it has no contact."""
    if link.revoked_at is not None:
        return False
    # Deactivating revokes links; this also stops any made before that rule, or by a path that forgot it.
    if not organisation_active or contact_active is False:
        return False
    if hearing_state is HearingState.DECIDED:
        return False
    # A link made at a MitID Erhverv sign-in (never mailed) lives like a session: MITID_LINK_HOURS from its
    # last use.
    return not (link.sent_at is None and utcnow() - _last_used(link) > timedelta(hours=mitid_hours))


# How often opening a link is noted (its last opening, which staff see): an opening within a minute of the
# last one is not written again, so a party page read many times costs no write each time.
NOTE_OPENING_EVERY = timedelta(minutes=1)


def opening_due(link, now: datetime) -> bool:
    last = link.last_opened_at
    return link.first_opened_at is None or last is None or now - last >= NOTE_OPENING_EVERY


def signed_in_link_due(link: PartyLink) -> bool:
    """Whether a save through a MitID Erhverv link should note its use now: at most every few minutes, so an
    autosave every few seconds does not write the link each time."""
    return link.sent_at is None and utcnow() - _last_used(link) > NOTE_USE_EVERY


def _last_used(link) -> datetime:
    return max(filter(None, (link.created_at, link.last_opened_at)))


def notify_deadline_changed(hearing: Hearing, old_deadline: datetime | None) -> None:
    now = utcnow()
    for invitation in _still_waiting(hearing):
        send_invitation(invitation, now, template="deadline_changed")


def notify_deadline_shortened(hearing: Hearing) -> None:
    """Every invited party that has not declined: a draft must go in sooner, a sent response is
    open to changes for less time."""
    now = utcnow()
    for invitation in hearing.invitations:
        if invitation.invited_at is not None and invitation.declined_at is None:
            send_invitation(invitation, now, template="deadline_shortened")


def started_count(hearing: Hearing) -> int:
    """Parties with a response begun but not sent."""
    return db.session.scalar(select(func.count(func.distinct(Response.organisation_id))).where(
        Response.hearing_id == hearing.id, Response.state == ResponseState.DRAFT,
        Response.organisation_id.is_not(None))) or 0


def notify_new_version(hearing: Hearing) -> None:
    now = utcnow()
    for invitation in hearing.invitations:
        if invitation.invited_at is not None and invitation.declined_at is None:
            send_invitation(invitation, now, template="new_version")


def _still_waiting(hearing: Hearing) -> list[Invitation]:
    # By organisation, not by link: a letter registered by staff answers too.
    answered = set(db.session.scalars(
        select(Response.organisation_id).where(
            Response.hearing_id == hearing.id, Response.state == ResponseState.SUBMITTED,
            Response.organisation_id.is_not(None),
        )
    )) | set(cosigned_ids(hearing.id))
    return [
        i for i in hearing.invitations
        if i.invited_at is not None and i.declined_at is None and i.organisation_id not in answered
    ]


@dataclass
class PartyRow:
    """One line of the list of parties, as staff follow it."""

    invitation: Invitation
    links: list[PartyLink]
    opened_at: datetime | None
    draft_started: bool
    answered_at: datetime | None
    no_remarks: bool
    withdrawn: bool  # a response sent and then taken back, none sent since

    @property
    def organisation(self) -> Organisation:
        return self.invitation.organisation


def party_rows(hearing: Hearing) -> list[PartyRow]:
    invitations = db.session.scalars(
        select(Invitation)
        .where(Invitation.hearing_id == hearing.id)
        .options(
            selectinload(Invitation.organisation).selectinload(Organisation.contacts),
            selectinload(Invitation.links).selectinload(PartyLink.contact),
        )
    ).all()
    responses = db.session.scalars(
        select(Response).where(Response.hearing_id == hearing.id, Response.organisation_id.is_not(None))
        .options(selectinload(Response.cosignatures).selectinload(Cosignature.organisation))
    ).all()
    by_organisation: dict[int, list[Response]] = {}
    for response in responses:
        by_organisation.setdefault(response.organisation_id, []).append(response)
        if response.state is ResponseState.SUBMITTED:  # a co-signer has answered by the joint response
            for organisation in response.cosigners:
                by_organisation.setdefault(organisation.id, []).append(response)
    rows = []
    for invitation in sorted(invitations, key=lambda i: i.organisation.name.lower()):
        own = by_organisation.get(invitation.organisation_id, [])
        submitted = [r for r in own if r.state is ResponseState.SUBMITTED]
        opened = [link.first_opened_at for link in invitation.links if link.first_opened_at]
        rows.append(PartyRow(
            invitation=invitation,
            links=sorted(invitation.links, key=lambda link: link.created_at, reverse=True),
            opened_at=min(opened) if opened else None,
            draft_started=any(r.state is ResponseState.DRAFT for r in own),
            answered_at=max((r.submitted_at for r in submitted), default=None),
            no_remarks=any(r.no_remarks for r in submitted),
            withdrawn=any(r.state is ResponseState.WITHDRAWN for r in own),
        ))
    return rows


@dataclass
class OpeningPreview:
    """What opening a hearing now will do, for the page that asks first: who gets the invitation, who
    cannot (no active contact), and the planned opening it comes before, if any."""

    invited: list[tuple[Organisation, int]]  # each party to be invited now, and how many contacts get the mail
    without_contact: list[Organisation]
    planned_at: datetime | None
    deadline_at: datetime | None
    is_public: bool

    @property
    def has_no_parties(self) -> bool:
        return not self.invited and not self.without_contact


def opening_preview(hearing: Hearing, now: datetime) -> OpeningPreview:
    pending = sorted((i for i in hearing.invitations if i.invited_at is None), key=lambda i: i.organisation.name)
    contacts = {i.id: sum(1 for c in i.organisation.contacts if c.active) for i in pending}
    return OpeningPreview(
        invited=[(i.organisation, contacts[i.id]) for i in pending if contacts[i.id]],
        without_contact=[i.organisation for i in pending if not contacts[i.id]],
        planned_at=hearing.opens_at if hearing.opens_at is not None and hearing.opens_at > now else None,
        deadline_at=hearing.deadline_at, is_public=hearing.is_public,
    )
