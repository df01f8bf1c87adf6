"""Every list of work for one staff user, by role: the start page shows them, the digest counts them.

A case officer's lists are everyone's (team leads and administrators run hearings too); a team lead
has the approval queue first, an administrator their own lists first.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import ngettext

from app.accounts.models import Role, User
from app.timezone import to_local
from app.worklists import admin, approver, officer
from app.worklists.sections import NamedReply


@dataclass
class Work:
    user: User
    now: datetime
    open_sections: list[officer.OpenSection] = field(default_factory=list)
    unassigned: list[officer.UnassignedComments] = field(default_factory=list)
    sent_back: list[NamedReply] = field(default_factory=list)
    waiting_mail: list[officer.WaitingMail] = field(default_factory=list)
    late: list[officer.LateHearing] = field(default_factory=list)
    approvals: list[NamedReply] = field(default_factory=list)
    approvals_total: int = 0
    guessed_at: list[User] = field(default_factory=list)
    never_got_in: list[User] = field(default_factory=list)
    without_officer: list = field(default_factory=list)
    retention: list[admin.RetentionDue] = field(default_factory=list)

    @property
    def approves(self) -> bool:
        return self.user.role is Role.APPROVER

    @property
    def administers(self) -> bool:
        return self.user.role is Role.ADMIN

    @property
    def today(self):
        return to_local(self.now).date()

    @property
    def open_comments(self) -> int:
        return sum(row.open_comments for row in self.open_sections)

    @property
    def unassigned_comments(self) -> int:
        return sum(row.open_comments for row in self.unassigned)

    @property
    def waiting_mails(self) -> int:
        return sum(row.mails for row in self.waiting_mail)

    def summary(self) -> list[str]:
        """One line per list that has something, for the daily mail; empty when nothing waits."""
        lines = []
        if self.approvals_total:
            lines.append(ngettext("%(num)d svar venter på din godkendelse.",
                                  "%(num)d svar venter på din godkendelse.", self.approvals_total))
        if self.sent_back:
            lines.append(ngettext("%(num)d af dine svar er sendt tilbage til dig.",
                                  "%(num)d af dine svar er sendt tilbage til dig.", len(self.sent_back)))
        if self.open_comments:
            lines.append(ngettext("%(num)d bemærkning uden svar på de afsnit, du har fået.",
                                  "%(num)d bemærkninger uden svar på de afsnit, du har fået.", self.open_comments))
        if self.unassigned_comments:
            lines.append(ngettext("%(num)d bemærkning uden svar på afsnit, som ingen har fået, i dine høringer.",
                                  "%(num)d bemærkninger uden svar på afsnit, som ingen har fået, i dine høringer.",
                                  self.unassigned_comments))
        if self.waiting_mails:
            lines.append(ngettext("%(num)d mail til dine høringers adresse venter på at blive tjekket.",
                                  "%(num)d mails til dine høringers adresse venter på at blive tjekket.",
                                  self.waiting_mails))
        if self.late:
            lines.append(ngettext("%(num)d af dine høringer har passeret fristen og er ikke sendt til udvalget.",
                                  "%(num)d af dine høringer har passeret fristen og er ikke sendt til udvalget.",
                                  len(self.late)))
        if self.guessed_at:
            lines.append(ngettext("%(num)d bruger har mange forkerte adgangskoder i dag.",
                                  "%(num)d brugere har mange forkerte adgangskoder i dag.", len(self.guessed_at)))
        if self.never_got_in:
            lines.append(ngettext("%(num)d bruger er aldrig logget ind og har intet gyldigt link.",
                                  "%(num)d brugere er aldrig logget ind og har intet gyldigt link.",
                                  len(self.never_got_in)))
        if self.without_officer:
            lines.append(ngettext("%(num)d høring har ingen sagsbehandler.",
                                  "%(num)d høringer har ingen sagsbehandler.", len(self.without_officer)))
        if self.retention:
            lines.append(ngettext("%(num)d høring skal have slettet personoplysninger inden for 30 dage.",
                                  "%(num)d høringer skal have slettet personoplysninger inden for 30 dage.",
                                  len(self.retention)))
        return lines


def work_for(user: User, now: datetime) -> Work:
    work = Work(user, now)
    work.open_sections, work.unassigned = officer.open_sections(user)
    work.sent_back = officer.sent_back(user)
    work.waiting_mail = officer.waiting_mail(user)
    work.late = officer.late_hearings(user, now)
    if work.approves:
        work.approvals_total = approver.waiting_count(user)
        work.approvals = approver.waiting_replies(user) if work.approvals_total else []
    if work.administers:
        work.guessed_at = admin.guessed_at(now)
        work.never_got_in = admin.never_got_in(now)
        work.without_officer = admin.without_officer()
        work.retention = admin.retention_soon(work.today)
    return work
