"""The memo's points: each reply with the comments it answers, the comments not answered yet together,
placed under the section(s) they are on, in the draft's order. Made from rows (app/memos/loading.py).

A point shows its parties' comments, and its citizens' in short: each campaign (near-duplicate copies of
one letter) once with its count and an example, a few other comments, the rest counted. Finding the
campaigns is most of the work of a national hearing's memo (38,000 comments compared), so the groups are
kept in the cache, each point's under the words they were found in: the memo is compiled again for the preview, for
finalising and for each file, and a comment's words never change.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from contextlib import suppress

from flask_babel import gettext as _
from sqlalchemy import Row

from app.extensions import cache
from app.memos.content import MemoCampaign, MemoComment, MemoPoint, MemoSection
from app.memos.shape import Shape
from app.replies.grouping import group_near_duplicates
from app.replies.models import ReplyStatus
from app.responses.models import Response

CAMPAIGN_SECONDS = 24 * 3600  # how long the cache keeps a point's campaigns (the same words: the same groups)


class Source:
    """What the points are made from besides the comments: who sent each response, the sections' labels,
    the responses and the replies by id."""

    def __init__(self, hearing_id: int, senders: dict[int, str], sections: dict[str, tuple[int, str, int | None]],
                 responses: dict[int, Response], replies: dict[int, Row]) -> None:
        self.hearing_id, self.senders, self.sections = hearing_id, senders, sections
        self.responses, self.replies = responses, replies
        self.citizens = {number for number, response in responses.items() if response.organisation_id is None}
        self.campaigns: dict[tuple[int, ...], list[list[int]]] = {}  # by the ids of a point's citizens' comments

    def key(self, comment: Row) -> str | None:
        """The comment's section key in the consulted draft; None for a general remark (or a section since
        removed)."""
        return comment.section_key if comment.section_key in self.sections else None

    def is_citizen(self, comment: Row) -> bool:
        return comment.response_id in self.citizens


def points(comments: list[Row], no_remarks: list[Row], source: Source,
           refs: dict[int, str]) -> tuple[list[MemoPoint], list[MemoSection]]:
    """The general points, and the sections' points with who had no remarks to each, in the draft's order;
    `refs`: each comment's place in the appendix."""
    general, placed = _placed(comments, source, refs)
    return general, _with_no_remarks(placed, no_remarks, source)


def _placed(comments: list[Row], source: Source, refs: dict[int, str]) -> tuple[list[MemoPoint], list[MemoSection]]:
    """General points, and points grouped under the section(s) their comments are on, in draft order.

    A point is a reply with every comment it answers. The citizens' comments not answered yet stand
    together, one point per section, so the memo grows with its replies, not with its comments; a party's
    comment not answered yet stands alone, except in a large memo (app/memos/shape.py), where a section's
    comments not answered yet are one point (the parties' each shown, the citizens' in short)."""
    by_reply: dict[int, list[Row]] = defaultdict(list)
    not_answered: dict[str | None, list[Row]] = defaultdict(list)
    for comment in comments:
        if comment.reply_id is not None:
            by_reply[comment.reply_id].append(comment)
        else:
            not_answered[source.key(comment)].append(comment)
    open_citizens = [[c for c in group if source.is_citizen(c)] for group in not_answered.values()]
    alone = [[c] for group in not_answered.values() for c in group if not source.is_citizen(c)]
    shape = Shape.of(len(by_reply) + len(alone) + sum(1 for group in open_citizens if group))
    if shape.large:
        open_citizens, alone = list(not_answered.values()), []
    groups = sorted([*by_reply.values(), *alone, *filter(None, open_citizens)],
                    key=lambda group: _first_seen(group, source))
    source.campaigns = _campaigns(source.hearing_id, [[c for c in group if source.is_citizen(c)] for group in groups])
    sections = source.sections
    general: list[MemoPoint] = []
    placed: dict[tuple[str, ...], MemoSection] = {}
    for group in groups:
        point = _point(group, source, refs, shape)
        keys = tuple(sorted({k for k in map(source.key, group) if k}, key=lambda k: sections[k][0]))
        if not keys:
            general.append(point)
            continue
        if keys not in placed:
            placed[keys] = MemoSection(
                keys=list(keys), label=(" " + _("og") + " ").join(sections[k][1] for k in keys),
                pages=sorted({sections[k][2] for k in keys if sections[k][2]}), points=[],
            )
        placed[keys].points.append(point)
    ordered = sorted(placed.values(), key=lambda s: [sections[k][0] for k in s.keys])
    return general, ordered


def _with_no_remarks(placed: list[MemoSection], comments: list[Row], source: Source) -> list[MemoSection]:
    """Each section a party had no remarks to says so ("Handicaprådet har ingen bemærkninger til § 100"),
    under the section's own remarks or alone, in the draft's order."""
    sections = source.sections
    by_key = {tuple(s.keys): s for s in placed}
    for comment in comments:
        key = source.key(comment)
        if key is None:
            continue
        section = by_key.setdefault((key,), MemoSection(
            keys=[key], label=sections[key][1], pages=[sections[key][2]] if sections[key][2] else [], points=[],
        ))
        if source.senders[comment.response_id] not in section.no_remarks:
            section.no_remarks.append(source.senders[comment.response_id])
    return sorted(by_key.values(), key=lambda s: [sections[k][0] for k in s.keys])


def _first_seen(group: list[Row], source: Source) -> tuple:
    first = min(group, key=lambda c: (source.responses[c.response_id].submitted_at, c.response_id, c.position))
    return source.responses[first.response_id].submitted_at, first.response_id, first.position


def _point(group: list[Row], source: Source, refs: dict[int, str], shape: Shape) -> MemoPoint:
    reply = source.replies.get(group[0].reply_id) if group[0].reply_id is not None else None
    parties = [c for c in group if not source.is_citizen(c)]
    citizens = [c for c in group if source.is_citizen(c)]
    shown, campaigns, more = _citizens_in_short(citizens, source, refs, shape)
    position = {c.id: n for n, c in enumerate(group)}
    senders = source.senders
    return MemoPoint(
        comments=[_shown(c, source, refs, shape) for c in sorted(parties + shown, key=lambda c: position[c.id])],
        reply=(reply.text or None) if reply else None,
        outcome=reply.outcome.value if reply and reply.outcome else None,
        financial_consequence=bool(reply and reply.financial_consequence),
        financial_note=reply.financial_note if reply else None,
        approved=bool(reply and reply.status is ReplyStatus.APPROVED),
        in_general=_opening(reply.general_text) if reply and reply.general_text is not None else None,
        party_names=list(dict.fromkeys(senders[c.response_id] for c in parties)),
        citizens=len({c.response_id for c in citizens}),
        campaigns=campaigns,
        more_citizens=more,
        comment_refs=[refs[c.id] for c in group if c.id in refs],
    )


def _citizens_in_short(citizens: list[Row], source: Source, refs: dict[int, str], shape: Shape):
    """The citizens' comments a point shows (a few: `shape`), its campaigns (near-duplicate copies: one
    example and the count), and how many comments are left to the appendix."""
    if len(citizens) < 2:
        return citizens, [], 0
    groups = source.campaigns[tuple(c.id for c in citizens)]
    in_campaign = {comment_id for ids in groups for comment_id in ids}
    by_id = {c.id: c for c in citizens}
    campaigns = [MemoCampaign(len(ids), _shown(by_id[ids[0]], source, refs, shape)) for ids in groups]
    single = [c for c in citizens if c.id not in in_campaign]
    shown = shape.citizens_shown
    return single[:shown], campaigns, len(single[shown:])


def _opening(text: str, words: int = 12) -> str:
    """The first words of a reply, to point to it: "Forvaltningen foreslår, at der i forordet …"."""
    split = text.split()
    return " ".join(split[:words]) + (" …" if len(split) > words else "")


def _shown(comment: Row, source: Source, refs: dict[int, str], shape: Shape) -> MemoComment:
    """A comment as a point shows it: whole, or (a long one in a large memo) its opening and its place in
    the appendix."""
    shown = memo_comment(comment, source)
    shown.excerpt = shape.excerpt(comment.text)
    shown.ref = refs.get(comment.id) if shown.excerpt else None
    return shown


def memo_comment(comment: Row, source: Source, sender: str | None = None) -> MemoComment:
    key = source.key(comment)
    return MemoComment(sender=sender or source.senders[comment.response_id], text=comment.text,
                       heading=comment.heading, section_label=source.sections[key][1] if key else None)


def _campaigns(hearing_id: int, citizens_by_point: list[list[Row]]) -> dict[tuple[int, ...], list[list[int]]]:
    """The campaigns among each point's citizens' comments, by their ids: those found before from the cache
    (one entry a hearing: thousands of small ones would push the public pages out of a SimpleCache), the
    rest found now; the entry is then what this memo has."""
    keys = {_words_key(group): group for group in citizens_by_point if len(group) > 1}
    entry = f"memo-campaigns:{hearing_id}"
    kept: dict[str, list[list[int]]] = {}
    with suppress(Exception):  # the cache is an aid: without it the groups are found again
        kept = cache.get(entry) or {}
    found = {key: kept[key] if key in kept else group_near_duplicates([(c.id, c.text) for c in group])
             for key, group in keys.items()}
    if found.keys() != kept.keys():
        with suppress(Exception):
            cache.set(entry, found, timeout=CAMPAIGN_SECONDS)
    return {tuple(c.id for c in group): found[key] for key, group in keys.items()}


def _words_key(comments: list[Row]) -> str:
    """The comments' ids and words, digested: the same key finds the same groups, whatever else changed."""
    return hashlib.blake2b("\x01".join(f"{row.id}\x00{row.text}" for row in comments).encode(),
                           digest_size=20).hexdigest()
