"""A draft to edit in the section editor, and reading it back, for the section tests."""

import re

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.hearings.models import DraftVersion, HearingState, Section
from tests.factories import make_hearing

HASH = re.compile(r'name="text_hash" type="hidden" value="([0-9a-f]{64})"')


def editor_base(hearing) -> str:
    return f"/medarbejder/hoeringer/{hearing.slug}/afsnit"


def sections_of(db, hearing, number: int | None = None) -> list[Section]:
    """The sections of version `number` (default: the latest), in draft order, fresh from the database."""
    db.session.expire_all()
    versions = select(DraftVersion).where(DraftVersion.hearing_id == hearing.id)
    if number is not None:
        versions = versions.where(DraftVersion.number == number)
    version = db.session.scalar(versions.order_by(DraftVersion.number.desc()))
    return db.session.scalars(select(Section).where(Section.version_id == version.id).order_by(Section.position)).all()


def audit_actions(db) -> list[str]:
    return db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()


def make_draft(db, officer, state=HearingState.DRAFT, **fields):
    """Forord (three paragraphs), § 84 with two fields under it, Bilag."""
    hearing = make_hearing(state, sections=0, title="Kvalitetsstandarder", officers=[officer], **fields)
    version = hearing.current_version
    rows = [
        ("forord", None, "Forord", "<p>Første.</p><p>Anden.</p><p>Tredje.</p>", None, 3),
        ("p84", None, "Aflastningsordning", "", "§ 84", 4),
        ("p84-lovgrundlag", "p84", "Lovgrundlag", "<p>Lov om Social Service § 84 stk. 1.</p>", None, 4),
        ("p84-maalgruppe", "p84", "Målgruppe", "<p>Pårørende.</p>", "7", 5),
        ("bilag", None, "Bilag", "<p>Oversigt.</p>", None, None),
    ]
    by_key = {}
    for position, (key, parent, heading, body, number, page) in enumerate(rows):
        by_key[key] = Section(version=version, key=key, position=position, heading=heading, body_html=body,
                              number=number, page=page, parent=by_key.get(parent))
        db.session.add(by_key[key])
    db.session.commit()
    return hearing


def form_hash(client, hearing, key) -> str:
    page = client.get(f"{editor_base(hearing)}/{key}/ret")
    assert page.status_code == 200
    return HASH.search(page.get_data(as_text=True)).group(1)

