"""Changes to hearings: create, edit, import the draft, move through the lifecycle.

Each function changes the session and writes the audit trail; the view
commits once. Mail is queued in the same transaction (notifications.queue_mail).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from app.accounts.models import User
from app.attachments.models import Attachment
from app.attachments.operations import store_attachment
from app.audit.operations import record
from app.db_types import utcnow
from app.extensions import db
from app.hearings import invitations, lifecycle
from app.hearings.draft_import import IMPORTABLE_TYPES, ImportedSection, ImportResult
from app.hearings.models import DraftVersion, Hearing, HearingState, Section
from app.refusals import Refused
from app.subscriptions import operations as subscriptions
from app.subscriptions.models import Event

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower().translate(_DANISH)).strip("-")
    return slug[:80].rstrip("-") or "hoering"


def unique_slug(title: str) -> str:
    base = slugify(title)
    taken = set(db.session.scalars(select(Hearing.slug).where(Hearing.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@dataclass
class HearingDetails:
    """What the hearing form edits, already validated and in UTC."""

    title: str
    case_number: str | None
    committee: str | None
    summary: str
    letter: str
    is_public: bool
    opens_at: datetime | None
    deadline_at: datetime
    officers: list[User]
    approver: User | None
    subtitle: str | None = None


def create_hearing(details: HearingDetails, user: User) -> Hearing:
    hearing = Hearing(slug=unique_slug(details.title), created_by=user, state=HearingState.DRAFT)
    _apply(hearing, details)
    if not hearing.officers:  # somebody must be responsible: the one who created it
        hearing.officers = [user]
    hearing.versions.append(DraftVersion(number=1, note="", created_by_id=user.id))
    db.session.add(hearing)
    db.session.flush()
    record("hearing_created", hearing, hearing_id=hearing.id, title=hearing.title)
    return hearing


def update_hearing(hearing: Hearing, details: HearingDetails) -> None:
    old_deadline = hearing.deadline_at
    if hearing.is_open and old_deadline is not None and details.deadline_at < old_deadline:
        raise Refused([EARLIER_NEEDS_CONFIRMING])  # "Ret høringsfristen" asks first
    _apply(hearing, details)
    record("hearing_updated", hearing, hearing_id=hearing.id)
    if hearing.state is HearingState.OPEN and old_deadline != hearing.deadline_at:
        invitations.notify_deadline_changed(hearing, old_deadline)


def set_retention_until(hearing: Hearing, until: date | None) -> None:
    """An administrator's own retention date (None: the rule's); the trail keeps both."""
    if hearing.retention_until == until:
        return
    record("retention_date_set", hearing, hearing_id=hearing.id,
           old=hearing.retention_until.isoformat() if hearing.retention_until else None,
           new=until.isoformat() if until else None)
    hearing.retention_until = until


def _apply(hearing: Hearing, details: HearingDetails) -> None:
    hearing.title = details.title
    hearing.subtitle = details.subtitle
    hearing.case_number = details.case_number
    hearing.committee = details.committee
    hearing.summary = details.summary
    hearing.letter = details.letter
    hearing.is_public = details.is_public
    hearing.opens_at = details.opens_at
    hearing.deadline_at = details.deadline_at
    hearing.officers = details.officers
    hearing.approver = details.approver


def replace_draft(
    hearing: Hearing, result: ImportResult, user: User, original: tuple[str, bytes, str] | None = None
) -> DraftVersion:
    """Put an imported draft in place of the current, unfrozen one."""
    if hearing.draft_is_frozen:
        raise Refused([lifecycle.FROZEN_MESSAGE])
    version = hearing.current_version
    replace_sections(version, result)
    # The draft's title page fills what the hearing lacks; it never overwrites what staff typed.
    hearing.title = hearing.title or result.title or ""
    hearing.subtitle = hearing.subtitle or result.subtitle
    if original is not None:
        filename, data, content_type = original
        attachment = store_attachment(filename, data, content_type, hearing_id=hearing.id, personal=False)
        version.original_attachment_id = attachment.id
    db.session.flush()
    record("draft_imported", version, hearing_id=hearing.id, sections=len(version.sections))
    return version


def importable_original(hearing: Hearing) -> Attachment | None:
    """The file uploaded with the hearing, when the importer reads its format: offered so nobody uploads it twice."""
    attachment_id = hearing.current_version.original_attachment_id if hearing.current_version else None
    attachment = db.session.get(Attachment, attachment_id) if attachment_id else None
    if attachment is None or attachment.content_type not in IMPORTABLE_TYPES:
        return None
    return attachment


def replace_sections(version: DraftVersion, result: ImportResult) -> None:
    """The imported sections in place of the version's own; keys are made from the headings, as at every
    import, so a section whose number and heading stay keeps its key."""
    _delete_sections(version)
    _add_sections(version, result.sections)


def _delete_sections(version: DraftVersion) -> None:
    # Children first: a section's parent must outlive it.
    db.session.execute(
        delete(Section).where(Section.version_id == version.id, Section.parent_id.is_not(None))
    )
    db.session.execute(delete(Section).where(Section.version_id == version.id))
    db.session.expire(version, ["sections"])


def _add_sections(version: DraftVersion, imported: list[ImportedSection]) -> None:
    keys: set[str] = set()
    position = 0

    def add(item: ImportedSection, parent: Section | None) -> None:
        nonlocal position
        section = Section(
            version=version, parent=parent, position=position, key=_section_key(item, keys),
            number=item.number, heading=item.heading, body_html=item.body_html,
        )
        db.session.add(section)
        position += 1
        for child in item.children:
            add(child, section)

    for item in imported:
        add(item, None)


def _section_key(item: ImportedSection, taken: set[str]) -> str:
    base = slugify(f"{item.number or ''} {item.heading}")[:60] or "afsnit"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key


def perform(hearing: Hearing, action_name: str, now: datetime | None = None) -> None:
    """Move the hearing through `action_name`, or raise Refused with the reasons."""
    now = now or utcnow()
    reasons = lifecycle.problems(hearing, action_name, now)
    if reasons:
        raise Refused(reasons)
    action = lifecycle.ACTIONS[action_name]
    previous = hearing.state
    hearing.state = action.target
    if action.target is HearingState.OPEN:
        if hearing.opens_at is None or hearing.opens_at > now:
            hearing.opens_at = now
        hearing.closed_at = None
        invitations.send_all_pending(hearing, now)
        subscriptions.notify(hearing, Event.OPENED)
    elif action.target is HearingState.CLOSED:
        hearing.closed_at = now
    record("hearing_" + action_name, hearing, hearing_id=hearing.id,
           **{"from": previous.value, "to": action.target.value})


def refresh_state(hearing: Hearing, now: datetime | None = None) -> list[str]:
    """Open a scheduled hearing whose time has come; close an open one whose deadline passed.

    Called when a hearing is loaded and by `flask hearings tick`, so the state
    is right even if no timer runs. Returns the actions taken.
    """
    now = now or utcnow()
    done = []
    due_to_open = hearing.state is HearingState.SCHEDULED and hearing.opens_at and hearing.opens_at <= now
    # A scheduled hearing that can no longer open (say its deadline passed) stays
    # scheduled, and its page says why.
    if due_to_open and not lifecycle.problems(hearing, "open", now):
        perform(hearing, "open", now)
        done.append("open")
    if hearing.state is HearingState.OPEN and hearing.deadline_at and hearing.deadline_at <= now:
        perform(hearing, "close", now)
        done.append("close")
    return done


def extend_deadline(hearing: Hearing, new_deadline: datetime, now: datetime | None = None) -> None:
    """A later deadline; a hearing that closed but is not yet being answered opens again."""
    now = now or utcnow()
    if new_deadline <= now:
        raise Refused([lifecycle.DEADLINE_IN_PAST_MESSAGE])
    if not hearing.deadline_can_change:
        raise Refused([lifecycle.TOO_LATE_TO_EXTEND_MESSAGE])
    old_deadline = hearing.deadline_at
    if hearing.state is HearingState.OPEN and old_deadline is not None and new_deadline < old_deadline:
        raise Refused([EARLIER_NEEDS_CONFIRMING])  # parties counted on the old date
    hearing.deadline_at = new_deadline
    if hearing.state is HearingState.CLOSED:
        hearing.state = HearingState.OPEN
        hearing.closed_at = None
    record("deadline_extended", hearing, hearing_id=hearing.id,
           old=old_deadline.isoformat() if old_deadline else None, new=new_deadline.isoformat())
    if hearing.state is HearingState.OPEN:
        invitations.notify_deadline_changed(hearing, old_deadline)


EARLIER_NEEDS_CONFIRMING = _l("Den nye frist er før den nuværende. Afkort fristen under »Ret høringsfristen«, "
                              "hvor det skal bekræftes.")
SHORTEN_NOTICE = timedelta(days=1)  # time for parties with a draft to read the mail and send it
TOO_SHORT_NOTICE = _l("En afkortet frist skal ligge mindst et døgn frem, så høringsparterne kan nå at svare.")
NOT_EARLIER = _l("Den nye frist er ikke før den nuværende.")


def shorten_deadline(hearing: Hearing, new_deadline: datetime, now: datetime | None = None) -> None:
    """An earlier deadline for an open hearing: its own, confirmed step, with a day's notice at least;
    every invited party is told, those who started a response and those who may still change theirs."""
    now = now or utcnow()
    if hearing.state is not HearingState.OPEN:
        raise Refused([lifecycle.TOO_LATE_TO_EXTEND_MESSAGE])
    if hearing.deadline_at is None or new_deadline >= hearing.deadline_at:
        raise Refused([NOT_EARLIER])
    if new_deadline < now + SHORTEN_NOTICE:
        raise Refused([TOO_SHORT_NOTICE])
    old_deadline = hearing.deadline_at
    hearing.deadline_at = new_deadline
    record("deadline_shortened", hearing, hearing_id=hearing.id,
           old=old_deadline.isoformat(), new=new_deadline.isoformat())
    invitations.notify_deadline_shortened(hearing)


def open_hearings_due(now: datetime) -> list[Hearing]:
    """Hearings whose state a clock would change now."""
    return db.session.scalars(
        select(Hearing).where(
            ((Hearing.state == HearingState.SCHEDULED) & (Hearing.opens_at <= now))
            | ((Hearing.state == HearingState.OPEN) & (Hearing.deadline_at <= now))
        )
    ).all()


def count_sections(version: DraftVersion) -> int:
    return db.session.scalar(select(func.count(Section.id)).where(Section.version_id == version.id)) or 0
