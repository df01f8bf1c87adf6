"""A revised draft for the committee after a postponement, and the second hearing round that sends it out.

The revised draft is the next version of the hearing's draft, copied from the
latest version (the revision made from accepted replies, if there is one),
with the title the minutes will use ("model af 10. september 2013"). It is a
revision: parties never read it as the draft of this round. A second round
is a new hearing of the same case (see `Hearing`), in draft, with the revised
draft as its version 1 (the same section keys), the same parties and the same
people; staff open it as any hearing, and the invitations go out then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.audit.operations import record
from app.db_types import utcnow
from app.extensions import db
from app.hearings.draft_import import ImportResult, clean_body
from app.hearings.models import DraftVersion, Hearing, HearingState, Invitation, Section
from app.hearings.operations import replace_sections, unique_slug
from app.hearings.section_operations import copy_current_version, copy_sections, find_section
from app.hearings.text_format import markdown_to_html
from app.refusals import Refused

NOT_POSTPONED = _l("Et revideret udkast til udvalget laves, når udvalget har udsat sagen.")
ALREADY_SENT_OUT = _l("Det reviderede udkast er sendt i genhøring, så det kan ikke længere rettes.")
NOT_A_COMMITTEE_DRAFT = _l("Kun det seneste reviderede udkast til udvalget kan rettes.")
NO_COMMITTEE_DRAFT = _l("Lav et revideret udkast til udvalget, før det sendes i genhøring.")
DEADLINE_IN_PAST = _l("Høringsfristen skal ligge i fremtiden.")


def make_committee_draft(hearing: Hearing, title: str, note: str, user: User) -> DraftVersion:
    """The next version, copied from the latest one, with the title the committee will know it by."""
    if not hearing.is_postponed:
        raise Refused(NOT_POSTPONED)
    if hearing.next_round is not None:
        raise Refused(ALREADY_SENT_OUT)
    source = max(hearing.versions, key=lambda version: version.number)
    version = copy_current_version(hearing, note.strip(), user, is_revision=True, source=source)
    version.title = title.strip()
    db.session.flush()
    record("committee_draft_made", version, hearing_id=hearing.id, number=version.number, title=version.title,
           source=source.number)
    return version


def committee_draft(hearing: Hearing, number: int) -> DraftVersion | None:
    return next((v for v in hearing.committee_drafts if v.number == number), None)


def edit_committee_section(version: DraftVersion, key: str, heading: str, text: str) -> Section | None:
    """New wording (Markdown, as the section editor writes it) for one section of a revised draft; None when
    nothing changed. Only the latest revised draft changes, and only until it goes to a second round."""
    hearing = version.hearing
    _check_editable(version)
    section = find_section(version, key)
    if section is None:
        raise LookupError(key)
    body_html = clean_body(markdown_to_html(text))
    if (heading, body_html) == (section.heading, section.body_html):
        return None
    section.heading, section.body_html = heading, body_html
    db.session.flush()
    record("committee_draft_edited", section, hearing_id=hearing.id, key=key, version=version.number)
    return section


def import_committee_draft(version: DraftVersion, result: ImportResult) -> None:
    """A file (or pasted text) read by the draft importer in place of the revised draft's sections."""
    _check_editable(version)
    replace_sections(version, result)
    db.session.flush()
    db.session.expire(version, ["sections"])
    record("committee_draft_imported", version, hearing_id=version.hearing_id, number=version.number,
           sections=len(version.sections))


def _check_editable(version: DraftVersion) -> None:
    hearing = version.hearing
    if not version.is_committee_draft or version is not hearing.committee_drafts[-1]:
        raise Refused(NOT_A_COMMITTEE_DRAFT)
    if hearing.next_round is not None:
        raise Refused(ALREADY_SENT_OUT)


@dataclass
class RoundDetails:
    """What the form of a second round asks, already validated and in UTC."""

    title: str
    deadline_at: datetime
    letter: str


def start_second_round(hearing: Hearing, details: RoundDetails, user: User, now: datetime | None = None) -> Hearing:
    """A new hearing of the same case, in draft: the latest revised draft as its draft, the same parties
    (still active), officers, approver and committee members. Opening it sends the invitations."""
    now = now or utcnow()
    if hearing.next_round is not None:
        raise Refused(_l("Sagen er allerede sendt i genhøring."))
    if not hearing.committee_drafts:
        raise Refused(NO_COMMITTEE_DRAFT)
    if details.deadline_at <= now:
        raise Refused(DEADLINE_IN_PAST)
    draft = hearing.committee_drafts[-1]
    second = Hearing(
        slug=unique_slug(details.title), title=details.title, subtitle=hearing.subtitle,
        case_number=hearing.case_number, committee=hearing.committee, summary=hearing.summary,
        letter=details.letter, is_public=hearing.is_public, state=HearingState.DRAFT,
        deadline_at=details.deadline_at, created_by=user, approver=hearing.approver,
        officers=list(hearing.officers), committee_members=list(hearing.committee_members),
        previous_round=hearing,
    )
    note = _("Genhøring af %(title)s (version %(number)d af første runde).", title=draft.title,
             number=draft.number)
    version = DraftVersion(number=1, note=note, created_by_id=user.id)
    second.versions.append(version)
    db.session.add(second)
    db.session.flush()
    copy_sections(draft, version)
    for invitation in hearing.invitations:
        if invitation.organisation.active:
            db.session.add(Invitation(hearing=second, organisation=invitation.organisation))
    db.session.flush()
    record("second_round_started", second, hearing_id=second.id, previous_round=hearing.id,
           draft=draft.number, parties=len(second.invitations))
    record("sent_to_second_round", hearing, hearing_id=hearing.id, next_round=second.id)
    return second
