"""Changes to the register of parties. Each writes its audit record; the caller commits."""

from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from app.audit.models import AuditEvent
from app.audit.operations import record
from app.db_types import utcnow
from app.extensions import db
from app.hearings.models import Invitation, PartyLink
from app.parties.models import ContactPerson, Organisation, OrganisationKind

if TYPE_CHECKING:  # csv_import imports this module
    from app.parties.csv_import import ImportPlan


class PartyRegister:
    """The register as a whole: what an import is recorded against in the audit trail."""

    id = None


def name_key(name: str) -> str:
    """Names are unique regardless of case and spacing ("handicaprådet" = "Handicaprådet").

    Compared in Python: SQLite's lower() knows only A-Z, and Danish names have Æ, Ø and Å.
    """
    return " ".join(name.split()).casefold()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_organisation_by_name(name: str) -> Organisation | None:
    key = name_key(name)
    for organisation_id, existing in db.session.execute(select(Organisation.id, Organisation.name)):
        if name_key(existing) == key:
            return db.session.get(Organisation, organisation_id)
    return None


def organisations_by_name() -> dict[str, Organisation]:
    return {name_key(o.name): o for o in db.session.scalars(select(Organisation))}


def find_contact_by_email(organisation: Organisation, email: str) -> ContactPerson | None:
    if organisation.id is None:
        return None
    return db.session.scalar(
        select(ContactPerson).where(
            ContactPerson.organisation_id == organisation.id, ContactPerson.email == normalise_email(email)
        )
    )


def create_organisation(name: str, kind: OrganisationKind, *, cvr: str | None = None, **details: Any) -> Organisation:
    organisation = Organisation(name=name, kind=kind, active=True, cvr=cvr or None)
    db.session.add(organisation)
    db.session.flush()
    record("organisation_created", organisation, name=name, kind=kind.value, **details)
    return organisation


def update_organisation(organisation: Organisation, name: str, kind: OrganisationKind, cvr: str | None) -> None:
    changes = {}
    if organisation.cvr != (cvr or None):
        changes["cvr"] = [organisation.cvr, cvr or None]
        organisation.cvr = cvr or None
    if organisation.name != name:
        changes["name"] = [organisation.name, name]
        organisation.name = name
    if organisation.kind is not kind:
        changes["kind"] = [organisation.kind.value, kind.value]
        organisation.kind = kind
    if changes:
        db.session.flush()
        record("organisation_updated", organisation, changes=changes)


def find_organisation_by_cvr(cvr: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.cvr == cvr))


def set_organisation_active(organisation: Organisation, active: bool) -> bool:
    """Returns False when there was nothing to change. Deactivating revokes the personal links of every contact."""
    if organisation.active is active:
        return False
    organisation.active = active
    revoked = 0 if active else revoke_links(PartyLink.invitation_id.in_(
        select(Invitation.id).where(Invitation.organisation_id == organisation.id)))
    record("organisation_reactivated" if active else "organisation_deactivated", organisation, name=organisation.name,
           **({"links_revoked": revoked} if revoked else {}))
    return True


def revoke_links(condition) -> int:
    """Revoke the live personal links that match `condition`; how many. A link goes to whoever holds the mail,
    so a person who no longer speaks for the party (or no longer reads that address) must not keep one."""
    result = db.session.execute(
        update(PartyLink).where(condition, PartyLink.revoked_at.is_(None)).values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def add_contact(
    organisation: Organisation, name: str, email: str, title: str | None, **details: Any
) -> ContactPerson:
    contact = ContactPerson(name=name, email=normalise_email(email), title=title or None, active=True)
    organisation.contacts.append(contact)
    db.session.flush()
    record("contact_added", contact, organisation_id=organisation.id, **details)
    return contact


def update_contact(contact: ContactPerson, name: str, email: str, title: str | None) -> int:
    """Returns how many personal links a changed address revoked (they went to the old address)."""
    new = {"name": name, "email": normalise_email(email), "title": title or None}
    changed = sorted(key for key, value in new.items() if getattr(contact, key) != value)
    revoked = 0
    for key in changed:
        setattr(contact, key, new[key])
    if changed:
        db.session.flush()
        revoked = revoke_links(PartyLink.contact_id == contact.id) if "email" in changed else 0
        # Which fields, not their values: the audit trail outlives the contact's personal data.
        record("contact_updated", contact, organisation_id=contact.organisation_id, fields=changed,
               **({"links_revoked": revoked} if revoked else {}))
    return revoked


def set_contact_active(contact: ContactPerson, active: bool) -> bool:
    if contact.active is active:
        return False
    contact.active = active
    revoked = 0 if active else revoke_links(PartyLink.contact_id == contact.id)
    record("contact_reactivated" if active else "contact_deactivated", contact,
           organisation_id=contact.organisation_id, **({"links_revoked": revoked} if revoked else {}))
    return True


def import_parties(plan: "ImportPlan") -> AuditEvent:
    """Create what a checked CSV plan says; the returned event holds the report."""
    created, extended, contacts_added = [], [], 0
    for planned in plan.organisations:
        organisation = db.session.get(Organisation, planned.existing_id) if planned.existing_id else None
        if organisation is None:
            organisation = create_organisation(planned.name, planned.kind, source="csv")
            created.append({"id": organisation.id, "name": organisation.name, "contacts": len(planned.contacts)})
        else:
            extended.append({"id": organisation.id, "name": organisation.name, "contacts": len(planned.contacts)})
        for contact in planned.contacts:
            add_contact(organisation, contact.name, contact.email, contact.title, source="csv", row=contact.row)
            contacts_added += 1
    event = record(
        "parties_imported",
        PartyRegister(),
        filename=plan.filename,
        organisations_created=created,
        organisations_extended=extended,
        contacts_added=contacts_added,
        refused=[_row_json(row) for row in plan.refused],
        skipped=[_row_json(row) for row in plan.skipped],
        warnings=[p.to_json() for p in plan.warnings],
    )
    db.session.flush()
    return event


def _row_json(row) -> dict[str, Any]:
    return {"row": row.number, "organisation": row.organisation, "problems": [p.to_json() for p in row.problems]}
