"""What a hearing allows in its political treatment: the committee's meetings and pages, a revised
draft after a postponement, and a second hearing round. A part of the Hearing model (a mixin), kept
apart so the model's file stays readable; the rules read only the hearing's own columns and relations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.accounts.models import Role

if TYPE_CHECKING:
    from app.hearings.models import DraftVersion


class CommitteeRules:
    @property
    def committee_drafts(self) -> list[DraftVersion]:
        """The revised drafts put before the committee after a postponement, oldest first."""
        return [version for version in self.versions if version.is_committee_draft]

    @property
    def round_number(self) -> int:
        """1 for a first hearing round, 2 for its genhøring, and so on."""
        return 1 + (self.previous_round.round_number if self.previous_round is not None else 0)

    @property
    def is_postponed(self) -> bool:
        """The committee's latest meeting on the case postponed it, and nothing decided it since."""
        if self.state.value == "decided" or not self.meetings:
            return False
        latest = max(self.meetings, key=lambda meeting: (meeting.held_on, meeting.id))
        return latest.outcome.value == "postponed"

    def can_make_committee_draft(self, user) -> bool:
        """After a postponement, the case's own people put a revised draft before the committee."""
        return self.is_postponed and self.can_edit(user)

    def can_start_next_round(self, user) -> bool:
        """A revised draft for the committee may go to a second hearing round, once."""
        return bool(self.committee_drafts) and self.next_round is None and self.can_make_committee_draft(user)

    def can_record_meeting(self, user) -> bool:
        """A meeting of a political body is recorded (and corrected) by the hearing's own people in any
        state: a committee may treat the case before the hearing (sending it out) as well as after."""
        return self.can_edit(user)

    def can_read_as_committee(self, user) -> bool:
        """The committee's pages, read-only: the members the memo was sent to, and staff, who may
        look at what the committee sees."""
        if not (user.is_authenticated and user.active):
            return False
        if user.is_staff:
            return self.can_view(user)
        return user.role is Role.COMMITTEE and any(member.id == user.id for member in self.committee_members)

