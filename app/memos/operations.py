"""Finalising a memo: a frozen, numbered snapshot with the SHA-256 of its content.

The snapshot is the compiled content as canonical JSON (keys sorted, no
spaces, UTF-8), so the same memo always has the same hash, on SQLite and on
PostgreSQL alike. Finalising again after a change makes the next version,
with a list of what changed since the one before; finalising an unchanged
memo makes nothing.
"""

from __future__ import annotations

import hashlib
import json

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import User
from app.audit.operations import record
from app.extensions import db
from app.hearings import operations as hearing_operations
from app.hearings.models import Hearing, HearingState
from app.memos.compile import compile_memo
from app.memos.content import MemoContent, MemoPoint
from app.memos.models import Memo
from app.memos.render import MEMO_LANGUAGE, labels
from app.refusals import Refused


def canonical_json(content: dict) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def content_hash(content: dict) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def memos_of(hearing: Hearing) -> list[Memo]:
    return list(db.session.scalars(select(Memo).where(Memo.hearing_id == hearing.id).order_by(Memo.version)))


def latest_memo(hearing: Hearing) -> Memo | None:
    return db.session.scalar(
        select(Memo).where(Memo.hearing_id == hearing.id).order_by(Memo.version.desc()).limit(1)
    )


def finalise(hearing: Hearing, user: User, override_reason: str | None = None) -> Memo | None:
    """Freeze the memo as it is now; None when it is the same as the latest version.

    With comments lacking an approved reply it needs `override_reason`, which is kept.
    """
    memo = compile_memo(hearing)
    memo.is_final = True
    reason = (override_reason or "").strip() or None
    if memo.gaps and reason is None:
        raise Refused(_("Alle bemærkninger skal have et godkendt svar, før høringsnotatet færdiggøres. "
                        "Du kan færdiggøre alligevel, hvis du skriver hvorfor."))
    content = memo.to_dict()
    digest = content_hash(content)
    previous = latest_memo(hearing)
    if previous is not None and previous.sha256 == digest:
        return None
    changes = None
    if previous is not None:
        with force_locale(MEMO_LANGUAGE):
            changes = "\n".join(what_changed(MemoContent.from_dict(previous.content), memo)) or None
    frozen = Memo(hearing_id=hearing.id, version=(previous.version + 1) if previous else 1, content=content,
                  sha256=digest, changes=changes, override_reason=reason if memo.gaps else None,
                  finalised_by_id=user.id)
    db.session.add(frozen)
    if hearing.state is HearingState.REPLYING:
        hearing_operations.perform(hearing, "start_memo")
    db.session.flush()
    record("memo_finalised", frozen, hearing_id=hearing.id, version=frozen.version, sha256=digest,
           open_points=len(memo.gaps), override_reason=frozen.override_reason)
    return frozen


def what_changed(old: MemoContent, new: MemoContent) -> list[str]:
    """The differences a reader of the earlier version needs to know, one line each, in Danish."""
    lines: list[str] = []
    outcomes = labels()["outcomes"]
    old_points, new_points = _points_by_comments(old), _points_by_comments(new)
    for key, point in new_points.items():
        where, first = key[0], key[1]
        before = old_points.get(key)
        if before is None:
            lines.append(_("Ny bemærkning under %(where)s fra %(sender)s.", where=where, sender=first))
            continue
        if (before.reply or "") != (point.reply or ""):
            lines.append(_("Forvaltningens bemærkning er ændret under %(where)s (%(sender)s).",
                           where=where, sender=first))
        if before.outcome != point.outcome:
            lines.append(_("Udfaldet under %(where)s (%(sender)s) er ændret fra %(old)s til %(new)s.",
                           where=where, sender=first, old=outcomes.get(before.outcome, "–"),
                           new=outcomes.get(point.outcome, "–")))
        if (before.financial_consequence, before.financial_note) != (point.financial_consequence,
                                                                      point.financial_note):
            lines.append(_("De økonomiske konsekvenser under %(where)s (%(sender)s) er ændret.",
                           where=where, sender=first))
    for key in old_points.keys() - new_points.keys():
        lines.append(_("En bemærkning under %(where)s fra %(sender)s er ikke længere med.",
                       where=key[0], sender=key[1]))
    old_changes = {c.key: c for c in old.changes}
    for change in new.changes:
        if change.key not in old_changes:
            lines.append(_("Ny ændring i udkastet: %(section)s.", section=change.label))
        elif old_changes[change.key].marked_html != change.marked_html:
            lines.append(_("Ændringen i udkastet er rettet: %(section)s.", section=change.label))
    for key in old_changes.keys() - {c.key for c in new.changes}:
        lines.append(_("Ændringen i udkastet er taget ud: %(section)s.", section=old_changes[key].label))
    old_parties = {p.name: p.status for p in old.parties}
    for party in new.parties:
        if old_parties.get(party.name) != party.status:
            lines.append(_("%(party)s: %(status)s.", party=party.name, status=labels()["parties"][party.status]))
    return lines


def _points_by_comments(memo: MemoContent) -> dict[tuple[str, str, tuple], MemoPoint]:
    """Points by where they stand and the words of their comments, which never change."""
    general = _("Generelle bemærkninger")
    placed = [(general, p) for p in memo.general] + [(s.label, p) for s in memo.sections for p in s.points]
    return {(where, _shown(point)[0].sender, tuple(c.text for c in _shown(point))): point
            for where, point in placed}


def _shown(point: MemoPoint) -> list:
    """The comments a point shows: in full, else its campaigns' examples."""
    return point.comments or [campaign.example for campaign in point.campaigns]
