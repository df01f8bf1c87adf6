"""Every model of the app, imported in one place for Alembic and create_all."""

from app.accounts.models import LoginSession, PasswordToken, RecoveryCode, Role, User
from app.attachments.models import Attachment
from app.audit.models import AuditEvent
from app.committee.meetings.models import CommitteeBody, Meeting, MeetingOutcome, MeetingVote, VoteSide
from app.committee.questions.models import AnswerStatus, CommitteeQuestion
from app.hearings.alternatives.models import Alternative
from app.hearings.models import (
    DraftVersion,
    Hearing,
    HearingState,
    Invitation,
    PartyLink,
    Section,
    SectionAssignment,
)
from app.jobs.models import Job, JobState
from app.memos.models import Memo
from app.notifications.models import OutboxMessage, OutboxStatus
from app.parties.models import ContactPerson, Organisation, OrganisationKind
from app.records.models import FilingRecord
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.letters.mailbox.models import IncomingFile, IncomingMail, IncomingState
from app.responses.models import (
    Comment,
    CommentStatus,
    Response,
    ResponseKind,
    ResponseState,
    ResponseSubmission,
)
from app.subscriptions.models import Notice, Subscription

__all__ = [
    "AnswerStatus", "Alternative", "Attachment", "AuditEvent", "CommitteeQuestion",
    "Comment", "CommitteeBody", "Meeting", "MeetingOutcome", "MeetingVote",
    "VoteSide", "CommentStatus", "ContactPerson",
    "DraftVersion", "FilingRecord", "Hearing", "HearingState",
    "IncomingFile", "IncomingMail", "IncomingState", "Invitation", "Job", "JobState", "LoginSession", "Memo",
    "Organisation",
    "OrganisationKind", "Outcome", "OutboxMessage", "OutboxStatus", "PartyLink", "PasswordToken", "RecoveryCode",
    "Reply", "ReplyStatus", "Response", "ResponseKind", "ResponseState",
    "ResponseSubmission", "Role", "Section", "SectionAssignment", "Subscription", "Notice", "User",
]
