"""The register of parties (høringsparter): organisations and their contacts."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, enum_column_type, utcnow
from app.extensions import db
from app.labels import LabelledEnum


class OrganisationKind(LabelledEnum):
    COUNCIL = "council", _l("Råd")  # Handicaprådet, Seniorrådet …
    USER_COUNCIL = "user_council", _l("Bruger- og pårørenderåd")
    MED_COMMITTEE = "med_committee", _l("MED-udvalg")
    INSTITUTION = "institution", _l("Institution")
    ASSOCIATION = "association", _l("Forening")
    OTHER = "other", _l("Andet")


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(
        enum_column_type(OrganisationKind, "organisation_kind")
    )
    active: Mapped[bool] = mapped_column(default=True)
    # The CVR number (8 digits): a contact who signs in with MitID Erhverv for this company answers for it.
    cvr: Mapped[str | None] = mapped_column(String(8), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contacts: Mapped[list["ContactPerson"]] = relationship(
        back_populates="organisation", order_by="ContactPerson.name"
    )

    @property
    def active_contacts(self) -> list["ContactPerson"]:
        return [contact for contact in self.contacts if contact.active]

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"


class ContactPerson(db.Model):
    __tablename__ = "contact_persons"
    __table_args__ = (UniqueConstraint("organisation_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    title: Mapped[str | None] = mapped_column(String(100))  # "formand", "sekretær"
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="contacts")

    def __repr__(self) -> str:
        return f"<ContactPerson {self.email} of {self.organisation_id}>"
