"""Responses (høringssvar) and the comments (bemærkninger) they are made of."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.attachments.models import Attachment
from app.db_types import UTCDateTime, enum_column_type, utcnow
from app.extensions import db
from app.hearings.alternatives.models import Alternative
from app.hearings.models import Hearing, Invitation, Section
from app.labels import LabelledEnum
from app.parties.models import ContactPerson, Organisation

if TYPE_CHECKING:
    from app.replies.models import Reply


class ResponseKind(LabelledEnum):
    PARTY = "party", _l("Høringspart, svar via link")  # an invited party, through its link
    CITIZEN = "citizen", _l("Borger")  # a citizen on a public hearing
    LETTER = "letter", _l("Brev registreret af forvaltningen")  # a letter that came by e-mail, registered by staff


class ResponseState(LabelledEnum):
    DRAFT = "draft", _l("Kladde")
    SUBMITTED = "submitted", _l("Indsendt")
    WITHDRAWN = "withdrawn", _l("Trukket tilbage")


class CommentStatus(LabelledEnum):
    ACTIVE = "active"
    NOT_A_REMARK = "not_a_remark"  # staff judged it is no remark on the draft
    SUPERSEDED = "superseded"  # split or moved: the new comments point back here


class Preference(LabelledEnum):
    """Which alternative a response prefers, on a hearing with alternatives."""

    ALTERNATIVE = "alternative", _l("Et af alternativerne")
    NONE = "none", _l("Intet af alternativerne")
    VARIANT = "variant", _l("Et eget forslag")


class Cosignature(db.Model):
    """Another party named on a joint response (fælles høringssvar); the response's own party is not here.

    Named by a party through its link, the co-signature is pending (`accepted_at` empty) until the named
    party accepts it from its own link: until then that party has not answered, the memo does not name it,
    and it may answer on its own. Staff registering a letter signed by several parties set it accepted at
    once: the letter is the evidence."""

    __tablename__ = "response_cosigners"

    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True, index=True)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    response: Mapped["Response"] = relationship(back_populates="cosignatures")
    organisation: Mapped[Organisation] = relationship()

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None


response_cosigners = Cosignature.__table__


class Response(db.Model):
    __tablename__ = "responses"
    __table_args__ = (
        CheckConstraint("state <> 'submitted' OR submitted_at IS NOT NULL", name="submitted_has_time"),
        CheckConstraint("state <> 'withdrawn' OR withdrawn_at IS NOT NULL", name="withdrawn_has_time"),
        CheckConstraint("kind <> 'party' OR organisation_id IS NOT NULL", name="party_has_organisation"),
        CheckConstraint("kind <> 'citizen' OR citizen_email IS NOT NULL", name="citizen_has_email"),
        CheckConstraint(
            "kind <> 'letter' OR (registered_by_id IS NOT NULL"
            " AND (organisation_id IS NOT NULL OR citizen_name IS NOT NULL))",
            name="letter_has_sender",
        ),
        CheckConstraint(
            "late_accepted_at IS NULL OR late_accepted_reason IS NOT NULL",
            name="late_acceptance_has_reason",
        ),
        CheckConstraint("preference <> 'alternative' OR alternative_id IS NOT NULL",
                        name="preferred_alternative_named"),
        CheckConstraint("preference <> 'variant' OR variant_text IS NOT NULL", name="variant_has_text"),
        # An invited party has one response, however many of its people work on it.
        Index(
            "uq_responses_party_once", "hearing_id", "organisation_id", unique=True,
            sqlite_where=text("kind = 'party'"), postgresql_where=text("kind = 'party'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id"), index=True)
    kind: Mapped[ResponseKind] = mapped_column(enum_column_type(ResponseKind, "response_kind"))
    state: Mapped[ResponseState] = mapped_column(
        enum_column_type(ResponseState, "response_state"), default=ResponseState.DRAFT
    )
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitations.id"), index=True)

    citizen_name: Mapped[str | None] = mapped_column(String(200))
    citizen_email: Mapped[str | None] = mapped_column(String(254))
    citizen_organisation: Mapped[str | None] = mapped_column(String(200))
    publish_name: Mapped[bool] = mapped_column(default=False)
    # The citizen asked for a mail when the memo is published ("Vi spurgte, I svarede, vi besluttede").
    memo_mail: Mapped[bool] = mapped_column(default=False, server_default=false())
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Signed in with MitID through the broker (app/signin): confirmed without the mail, "verificeret med MitID".
    # The broker's pseudonymous id for the person, never a CPR number.
    mitid_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mitid_subject: Mapped[str | None] = mapped_column(String(255))

    no_remarks: Mapped[bool] = mapped_column(default=False)  # "ingen bemærkninger"
    signed_name: Mapped[str | None] = mapped_column(String(200))
    signed_role: Mapped[str | None] = mapped_column(String(100))  # "formand"
    received_on: Mapped[date | None]  # the date on a registered letter
    full_text: Mapped[str | None] = mapped_column(Text)  # a letter as it came, whole, for the memo's appendix
    # On a hearing with alternatives: the one preferred, none, or a variant of the party's own ("model 2½").
    preference: Mapped[Preference | None] = mapped_column(enum_column_type(Preference, "preference"))
    alternative_id: Mapped[int | None] = mapped_column(ForeignKey("alternatives.id"), index=True)
    variant_name: Mapped[str | None] = mapped_column(String(120))  # "model 2½", if it has a name
    variant_text: Mapped[str | None] = mapped_column(Text)
    preference_reason: Mapped[str | None] = mapped_column(Text)
    # The working copy that the party edits and saves while typing: texts by
    # field name (see app.responses.drafts). Staff see only what is submitted:
    # the comments and the frozen submissions.
    draft: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    draft_saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    draft_saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("contact_persons.id"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("contact_persons.id"), index=True)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_late: Mapped[bool] = mapped_column(default=False)
    late_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    late_accepted_reason: Mapped[str | None] = mapped_column(Text)
    # Optimistic locking: two people saving the same draft cannot overwrite each other.
    lock_version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": lock_version}
    # A save of the working copy changes nothing a public page shows (app/public/caching.py).
    PUBLIC_QUIET_COLUMNS = frozenset({"draft", "draft_saved_at", "draft_saved_by_id", "updated_at", "lock_version"})

    hearing: Mapped[Hearing] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    invitation: Mapped[Invitation | None] = relationship()
    draft_saved_by: Mapped[ContactPerson | None] = relationship(foreign_keys=[draft_saved_by_id])
    submitted_by: Mapped[ContactPerson | None] = relationship(foreign_keys=[submitted_by_id])
    alternative: Mapped[Alternative | None] = relationship()
    # The other parties named on a joint response, accepted or still pending (see Cosignature).
    cosignatures: Mapped[list[Cosignature]] = relationship(back_populates="response", cascade="all, delete-orphan")
    comments: Mapped[list["Comment"]] = relationship(
        back_populates="response", order_by="Comment.position"
    )
    attachments: Mapped[list[Attachment]] = relationship(order_by=Attachment.id)
    submissions: Mapped[list["ResponseSubmission"]] = relationship(
        back_populates="response", order_by="ResponseSubmission.number"
    )

    @property
    def sender_name(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        return self.citizen_name or ""

    @property
    def cosigners(self) -> list[Organisation]:
        """The other parties that stand behind the response: those that accepted; each counts as answered."""
        return sorted((c.organisation for c in self.cosignatures if c.is_accepted), key=lambda o: o.name)

    @property
    def pending_cosigners(self) -> list[Organisation]:
        """Parties named as co-signers that have not accepted (yet): they have not answered by this response."""
        return sorted((c.organisation for c in self.cosignatures if not c.is_accepted), key=lambda o: o.name)

    @property
    def is_joint(self) -> bool:
        return bool(self.cosigners)

    @property
    def signing_parties(self) -> list[Organisation]:
        """Every party that stands behind the response: its own, then the co-signers."""
        own = [self.organisation] if self.organisation is not None else []
        return own + [o for o in self.cosigners if o not in own]

    @property
    def is_from_citizen(self) -> bool:
        return self.kind is ResponseKind.CITIZEN

    @property
    def is_from_party_link(self) -> bool:
        return self.kind is ResponseKind.PARTY

    @property
    def is_letter(self) -> bool:
        return self.kind is ResponseKind.LETTER

    @property
    def is_draft(self) -> bool:
        return self.state is ResponseState.DRAFT

    @property
    def is_submitted(self) -> bool:
        return self.state is ResponseState.SUBMITTED

    @property
    def is_withdrawn(self) -> bool:
        return self.state is ResponseState.WITHDRAWN


class Comment(db.Model):
    """One point of a response, on a section or (section_id NULL) general.

    The party's words are never edited: staff fixes (move, split) make new
    comments that point back to the original through `original_id`.
    """

    __tablename__ = "comments"
    __table_args__ = (CheckConstraint("position >= 0", name="position_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    heading: Mapped[str | None] = mapped_column(String(300))  # the party's own sub-heading
    text: Mapped[str] = mapped_column(Text)
    # "Ingen bemærkninger" to its section: kept and shown in the memo, but no point to answer.
    no_remarks: Mapped[bool] = mapped_column(default=False, server_default=false())
    status: Mapped[CommentStatus] = mapped_column(
        enum_column_type(CommentStatus, "comment_status"), default=CommentStatus.ACTIVE
    )
    original_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), index=True)
    source_attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachments.id"), index=True
    )
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("replies.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    response: Mapped[Response] = relationship(back_populates="comments")
    section: Mapped[Section | None] = relationship()
    original: Mapped["Comment | None"] = relationship(remote_side="Comment.id")
    source_attachment: Mapped[Attachment | None] = relationship()
    reply: Mapped["Reply | None"] = relationship(back_populates="comments")

    @property
    def is_active(self) -> bool:
        return self.status is CommentStatus.ACTIVE

    @property
    def is_set_aside(self) -> bool:
        """Staff judged it no remark on the draft; it may be taken back."""
        return self.status is CommentStatus.NOT_A_REMARK


class ResponseSubmission(db.Model):
    """A frozen copy of each submitted version, so staff can see what changed."""

    __tablename__ = "response_submissions"
    __table_args__ = (
        UniqueConstraint("response_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    number: Mapped[int]
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)

    response: Mapped[Response] = relationship(back_populates="submissions")
