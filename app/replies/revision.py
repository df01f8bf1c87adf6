"""The revised draft: the draft as the hearing's accepted replies change it.

A reply may give a section new wording (`draft_change`, Markdown, for the
section `draft_change_key`). Once the reply is approved and its outcome is
"accepted" or "partly accepted", the change belongs in the revised draft.
`revise_draft` copies the version that was out for hearing and puts each such
wording in place, as the next version, marked as a revision. It is always
built from the consulted version, so a change taken back disappears from the
next revision. Two approved replies that give one section different wordings
are a conflict: staff settle it before a revision is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from app.accounts.models import User
from app.audit.operations import record
from app.extensions import db
from app.hearings.comparison import compare_text
from app.hearings.models import DraftVersion, Hearing, Section
from app.hearings.section_operations import copy_current_version, find_section
from app.hearings.text_format import html_to_markdown, markdown_to_html
from app.refusals import Refused
from app.replies.models import Outcome, Reply, ReplyStatus

CHANGING_OUTCOMES = (Outcome.ACCEPTED, Outcome.PARTLY_ACCEPTED)


@dataclass
class PlannedChange:
    section: Section  # in the consulted version
    new_html: str
    replies: list[Reply] = field(default_factory=list)


@dataclass
class RevisionPlan:
    changes: list[PlannedChange]  # in draft order
    conflicts: list[PlannedChange]  # one per section, its replies disagree (new_html is the first's)
    waiting: list[Reply]  # change the draft once approved
    base: DraftVersion | None

    @property
    def can_be_made(self) -> bool:
        return bool(self.changes) and not self.conflicts


@dataclass
class ProposedChange:
    """A reply's new wording for a section, as the approver reads it: only what changes, word by word."""

    section: Section
    marked: Markup
    inserted_words: int
    deleted_words: int


def proposed_change(hearing: Hearing, reply: Reply) -> ProposedChange | None:
    """What the reply's saved draft change does to its section of the consulted draft; None without one."""
    if not reply.draft_change or hearing.current_version is None:
        return None
    section = next((s for s in hearing.current_version.sections if s.key == reply.draft_change_key), None)
    if section is None:
        return None
    marked, inserted, deleted = compare_text(section.body_html, markdown_to_html(reply.draft_change),
                                             only_changed=True)
    return ProposedChange(section, marked, inserted, deleted)


def section_wording(section: Section | None) -> str:
    """A section's text as the draft-change field shows it (Markdown)."""
    return html_to_markdown(section.body_html) if section is not None else ""


def is_same_wording(section: Section, text: str) -> bool:
    return markdown_to_html(text) == (section.body_html or "")


def changing_replies(hearing: Hearing) -> list[Reply]:
    query = (
        select(Reply)
        .where(Reply.hearing_id == hearing.id, Reply.draft_change.is_not(None))
        .order_by(Reply.id)
    )
    return list(db.session.scalars(query))


def plan_revision(hearing: Hearing) -> RevisionPlan:
    base = hearing.current_version
    if base is None:
        return RevisionPlan([], [], [], None)
    sections = {section.key: section for section in base.sections}
    planned: dict[str, PlannedChange] = {}
    disagreeing: set[str] = set()
    waiting: list[Reply] = []
    for reply in changing_replies(hearing):
        section = sections.get(reply.draft_change_key)
        if reply.status is not ReplyStatus.APPROVED or reply.outcome not in CHANGING_OUTCOMES or section is None:
            waiting.append(reply)
            continue
        new_html = markdown_to_html(reply.draft_change)
        change = planned.setdefault(section.key, PlannedChange(section, new_html))
        change.replies.append(reply)
        if change.new_html != new_html:
            disagreeing.add(section.key)
    ordered = sorted(planned.values(), key=lambda change: change.section.position)
    return RevisionPlan(
        changes=[c for c in ordered if c.section.key not in disagreeing],
        conflicts=[c for c in ordered if c.section.key in disagreeing],
        waiting=waiting,
        base=base,
    )


def is_up_to_date(hearing: Hearing, plan: RevisionPlan) -> bool:
    """Whether the latest revision is exactly the consulted version with the planned changes."""
    revision = hearing.revised_version
    if revision is None or plan.base is None or revision.number < plan.base.number:
        return False
    expected = {section.key: section.body_html for section in plan.base.sections}
    expected.update({change.section.key: change.new_html for change in plan.changes})
    return {section.key: section.body_html for section in revision.sections} == expected


def revise_draft(hearing: Hearing, user: User) -> DraftVersion | None:
    """Make the next version from the accepted changes; None when the latest revision is already it."""
    if not hearing.takes_revision:
        raise Refused(_("Udkastet kan revideres, når høringsfristen er udløbet, og indtil "
                        "høringsnotatet er sendt til udvalget."))
    plan = plan_revision(hearing)
    if plan.conflicts:
        raise Refused(_("To godkendte svar giver samme afsnit hver sin nye ordlyd. "
                        "Ret dem, så de er enige, før udkastet revideres."))
    if not plan.changes:
        raise Refused(_("Ingen godkendte svar ændrer udkastet endnu."))
    if is_up_to_date(hearing, plan):
        return None
    labels = ", ".join(change.section.full_label for change in plan.changes)
    note = _("Revideret efter høringen. Ændret: %(sections)s.", sections=labels)
    version = copy_current_version(hearing, note, user, is_revision=True)
    for change in plan.changes:
        find_section(version, change.section.key).body_html = change.new_html
    db.session.flush()
    record("draft_revised", version, hearing_id=hearing.id, number=version.number,
           sections=[c.section.key for c in plan.changes],
           replies=sorted(r.id for c in plan.changes for r in c.replies))
    return version
