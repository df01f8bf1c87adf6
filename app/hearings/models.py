"""Hearings, their draft versions and sections, and who is invited."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Role, User
from app.db_types import UTCDateTime, enum_column_type, utcnow
from app.extensions import db
from app.hearings.committee_rules import CommitteeRules
from app.hearings.draft_import.numbering import section_label
from app.labels import LabelledEnum
from app.parties.models import ContactPerson, Organisation

if TYPE_CHECKING:
    from app.committee.meetings.models import Meeting
    from app.hearings.alternatives.models import Alternative


class HearingState(LabelledEnum):
    DRAFT = "draft", _l("Kladde")  # being prepared, invisible to parties
    SCHEDULED = "scheduled", _l("Planlagt")  # ready, opens by itself at opens_at
    OPEN = "open", _l("Åben for høringssvar")  # parties and citizens may respond
    CLOSED = "closed", _l("Høringsfristen er udløbet")  # deadline passed, nothing more comes in
    REPLYING = "replying", _l("Forvaltningen svarer på høringssvarene")  # staff answer the comments
    MEMO = "memo", _l("Høringsnotatet bliver skrevet")  # the memo is being compiled and finalised
    SENT = "sent", _l("Sendt til politisk behandling")  # the memo went to the committee
    DECIDED = "decided", _l("Politisk behandlet")  # the committee decided; the round is over


AFTER_CLOSING = ("closed", "replying", "memo", "sent", "decided")
REPLYING_STATES = (HearingState.OPEN, HearingState.CLOSED, HearingState.REPLYING, HearingState.MEMO)


def _in(states: tuple[str, ...]) -> str:
    return "state IN (" + ", ".join(f"'{s}'" for s in states) + ")"


hearing_officers = Table(
    "hearing_officers",
    db.metadata,
    Column("hearing_id", ForeignKey("hearings.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True, index=True),
)

hearing_committee_members = Table(
    "hearing_committee_members",
    db.metadata,
    Column("hearing_id", ForeignKey("hearings.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True, index=True),
)


class Hearing(CommitteeRules, db.Model):
    """One hearing round of a case.

    A second round (genhøring) of the same case is a Hearing of its own, linked to the round before by
    `previous_round`: responses, replies, the memo, the lifecycle and the invitations all belong to one
    hearing and its deadline, so a new round gets them fresh and everything that reads them works
    unchanged; a round number on the hearing would have made each of them tell the rounds apart. What
    crosses rounds (the earlier comments carried onto the revised sections) is read through the link.
    """

    __tablename__ = "hearings"
    __table_args__ = (
        CheckConstraint(
            "state = 'draft' OR (opens_at IS NOT NULL AND deadline_at IS NOT NULL)",
            name="scheduled_has_dates",
        ),
        CheckConstraint(
            "opens_at IS NULL OR deadline_at IS NULL OR deadline_at > opens_at",
            name="deadline_after_opening",
        ),
        CheckConstraint(f"NOT {_in(AFTER_CLOSING)} OR closed_at IS NOT NULL", name="closed_has_date"),
        CheckConstraint(
            "state <> 'decided' OR (decided_on IS NOT NULL AND decision_text IS NOT NULL)",
            name="decided_has_decision",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    subtitle: Mapped[str | None] = mapped_column(String(300))  # from the draft's title page, or typed
    case_number: Mapped[str | None] = mapped_column(String(50))
    committee: Mapped[str | None] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    background: Mapped[str] = mapped_column(Text, default="")
    letter: Mapped[str] = mapped_column(Text, default="")  # høringsbrev
    is_public: Mapped[bool] = mapped_column(default=False)
    state: Mapped[HearingState] = mapped_column(
        enum_column_type(HearingState, "hearing_state"), default=HearingState.DRAFT
    )
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_to_committee_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_on: Mapped[date | None]
    decision_text: Mapped[str | None] = mapped_column(Text)
    retention_until: Mapped[date | None]
    # Set by `flask retention apply` once the hearing's personal data is removed (app.retention).
    personal_data_removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # A second round (genhøring) points to the round whose revised draft it sends out again.
    previous_round_id: Mapped[int | None] = mapped_column(ForeignKey("hearings.id"), index=True, unique=True)

    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    approver: Mapped[User | None] = relationship(foreign_keys=[approver_id])
    officers: Mapped[list[User]] = relationship(secondary=hearing_officers)
    committee_members: Mapped[list[User]] = relationship(secondary=hearing_committee_members)
    versions: Mapped[list["DraftVersion"]] = relationship(
        back_populates="hearing", order_by="DraftVersion.number"
    )
    # In the order the parties were invited: PostgreSQL returns rows in no set order, and an invitation
    # just updated (a link sent again) could come last in the staff's lists.
    invitations: Mapped[list["Invitation"]] = relationship(back_populates="hearing", order_by="Invitation.id")
    # The alternatives put to hearing ("3 modeller"), in their order; none for an ordinary hearing.
    alternatives: Mapped[list["Alternative"]] = relationship(
        back_populates="hearing", order_by="Alternative.position", cascade="all, delete-orphan"
    )
    previous_round: Mapped["Hearing | None"] = relationship(
        remote_side="Hearing.id", foreign_keys=[previous_round_id], back_populates="next_round")
    next_round: Mapped["Hearing | None"] = relationship(
        foreign_keys=[previous_round_id], back_populates="previous_round", uselist=False)
    # The case's path through the political bodies, in the order of the meetings.
    meetings: Mapped[list["Meeting"]] = relationship(back_populates="hearing",
                                                     order_by="[Meeting.held_on, Meeting.id]")

    @property
    def current_version(self) -> "DraftVersion | None":
        """The latest version that was (or will be) out for hearing."""
        consulted = [version for version in self.versions if not version.is_revision]
        return consulted[-1] if consulted else None

    @staticmethod
    def current_version_id(hearing_id: int):
        """`current_version`'s id as a scalar subquery: a statement that needs only the id (a party's save
        reads the sections by it) does not load the hearing's versions first, a round trip of its own."""
        consulted = select(DraftVersion.id).where(DraftVersion.hearing_id == hearing_id,
                                                  DraftVersion.is_revision.is_(False))
        return consulted.order_by(DraftVersion.number.desc()).limit(1).scalar_subquery()

    @property
    def revised_version(self) -> "DraftVersion | None":
        """The latest revision made from accepted replies, if any (a revised draft for the committee is not one)."""
        revisions = [version for version in self.versions if version.is_revision and not version.is_committee_draft]
        return revisions[-1] if revisions else None

    @property
    def takes_revision(self) -> bool:
        """The revised draft is made after the deadline and before the memo goes out."""
        return self.state in (HearingState.CLOSED, HearingState.REPLYING, HearingState.MEMO)

    def can_revise_draft(self, user) -> bool:
        return self.takes_revision and self.can_edit(user)

    def can_finalise_memo(self, user) -> bool:
        """The memo is finalised while it is written, and again (a new version) until the decision."""
        return self.state in (HearingState.REPLYING, HearingState.MEMO, HearingState.SENT) and self.can_edit(user)

    def can_send_to_committee(self, user) -> bool:
        """The memo goes to the committee once it is finalised, and again (a new version, a member
        added) until the committee has decided. That a finalised memo exists is checked on sending."""
        return self.state in (HearingState.MEMO, HearingState.SENT) and self.can_edit(user)

    @property
    def draft_is_frozen(self) -> bool:
        """Once out for hearing, the text parties read may only change as a new version."""
        return self.state not in (HearingState.DRAFT, HearingState.SCHEDULED)

    @property
    def is_open(self) -> bool:
        return self.state is HearingState.OPEN

    @property
    def deadline_can_change(self) -> bool:
        """The deadline moves until staff begin to answer; a closed hearing then opens again."""
        return self.state in (HearingState.DRAFT, HearingState.SCHEDULED, HearingState.OPEN, HearingState.CLOSED)

    @property
    def deadline_change_reaches_parties(self) -> bool:
        """A new deadline is mailed to parties while the hearing is open or opens again by it."""
        return self.state in (HearingState.OPEN, HearingState.CLOSED)

    @property
    def takes_letters(self) -> bool:
        """A response that came by letter is registered from the opening until staff start the memo."""
        return self.state in (HearingState.OPEN, HearingState.CLOSED, HearingState.REPLYING)

    @property
    def memo_is_started(self) -> bool:
        return self.state in (HearingState.MEMO, HearingState.SENT, HearingState.DECIDED)

    def can_view(self, user) -> bool:
        """Every case officer may look at every hearing (they cover for each other)."""
        return bool(user.is_authenticated and user.active and user.is_staff)

    def can_edit(self, user) -> bool:
        """Changing a hearing is for its own people: its case officers, its creator,
        team leads (approvers) and administrators."""
        if not self.can_view(user):
            return False
        if user.role in (Role.APPROVER, Role.ADMIN):
            return True
        return user.id == self.created_by_id or any(officer.id == user.id for officer in self.officers)

    @property
    def takes_replies(self) -> bool:
        """Replies are written from the first response until the memo goes to the committee."""
        return self.state in REPLYING_STATES

    def can_reply(self, user) -> bool:
        return self.takes_replies and self.can_edit(user)

    def can_approve_replies(self, user) -> bool:
        """Only a team lead (approver) approves; an administrator runs the system, not the case."""
        return self.takes_replies and self.can_view(user) and user.role is Role.APPROVER

    def __repr__(self) -> str:
        return f"<Hearing {self.slug} {self.state.value}>"


class DraftVersion(db.Model):
    """One version of the draft (høringsudkast); a correction after opening makes a new one."""

    __tablename__ = "draft_versions"
    __table_args__ = (
        UniqueConstraint("hearing_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id"), index=True)
    number: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")
    # A revision is the draft as changed by the hearing's accepted replies; it was
    # never out for hearing, so parties and citizens never see it as "the draft".
    is_revision: Mapped[bool] = mapped_column(default=False, server_default=false())
    # A revised draft put before the committee after a postponement has a title of its own, as the
    # minutes name it: "model af 10. september 2013". It is a revision too: never out for hearing.
    title: Mapped[str | None] = mapped_column(String(200))
    original_attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachments.id"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    hearing: Mapped[Hearing] = relationship(back_populates="versions")
    sections: Mapped[list["Section"]] = relationship(
        back_populates="version", order_by="Section.position"
    )

    @property
    def is_committee_draft(self) -> bool:
        return self.is_revision and self.title is not None


class Section(db.Model):
    """A section (afsnit) of one draft version.

    `key` stays the same across versions so comments and replies follow a
    section when the draft is revised. `position` orders the whole tree
    depth-first, so "in the order of the draft" is one ORDER BY.
    """

    __tablename__ = "sections"
    __table_args__ = (
        UniqueConstraint("version_id", "key"),
        UniqueConstraint("version_id", "position"),
        CheckConstraint("position >= 0", name="position_not_negative"),
        CheckConstraint("page IS NULL OR page >= 1", name="page_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("draft_versions.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id"), index=True)
    key: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    number: Mapped[str | None] = mapped_column(String(40))  # "§ 84"
    heading: Mapped[str] = mapped_column(String(300))
    body_html: Mapped[str] = mapped_column(Text, default="")  # sanitised on the way in
    page: Mapped[int | None]

    version: Mapped[DraftVersion] = relationship(back_populates="sections")
    parent: Mapped["Section | None"] = relationship(
        back_populates="children", remote_side="Section.id"
    )
    children: Mapped[list["Section"]] = relationship(
        back_populates="parent", order_by="Section.position"
    )

    @property
    def label(self) -> str:
        """"§ 84 Aflastning"; a heading that already names its number ("… – § 84") is shown as it is."""
        return section_label(self.number, self.heading)

    @property
    def full_label(self) -> str:
        """"§ 84 Aflastning – Omfang/varighed": a field of a standard reads only with the standard's name."""
        labels = []
        section: Section | None = self
        while section is not None:
            labels.insert(0, section.label)
            section = section.parent
        return " – ".join(labels)


class Invitation(db.Model):
    """A party on the list of parties (høringsliste) of one hearing."""

    __tablename__ = "invitations"
    __table_args__ = (
        UniqueConstraint("hearing_id", "organisation_id"),
        CheckConstraint("reminder_count >= 0", name="reminder_count_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_reminder_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminder_count: Mapped[int] = mapped_column(default=0)

    hearing: Mapped[Hearing] = relationship(back_populates="invitations")
    organisation: Mapped[Organisation] = relationship()
    links: Mapped[list["PartyLink"]] = relationship(back_populates="invitation")


class PartyLink(db.Model):
    """A personal link for one contact of an invited party; only its hash is stored."""

    __tablename__ = "party_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact_persons.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    invitation: Mapped[Invitation] = relationship(back_populates="links")
    contact: Mapped[ContactPerson | None] = relationship()


class SectionAssignment(db.Model):
    """Which case officer answers the comments on a section (by its stable key)."""

    __tablename__ = "section_assignments"
    __table_args__ = (UniqueConstraint("hearing_id", "section_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id"), index=True)
    section_key: Mapped[str] = mapped_column(String(80))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)

    user: Mapped[User] = relationship()
