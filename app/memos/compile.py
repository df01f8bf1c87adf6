"""Compiling a hearing's memo from its responses, comments, replies and revised draft.

The shape is the usual Danish one (DESIGN.md): introduction with the list of
parties, general remarks with replies, remarks section by section in the order
of the draft, the changes to the draft, and the responses in full. A reply that
answers comments on several sections (§ 103 and § 104 in 2019) stands once,
under those sections together. Citizens are named only when they agreed to
it; otherwise they are "Borger 1", "Borger 2" in the order they answered.
"""

from __future__ import annotations

from collections import defaultdict

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import Row

from app.committee.meetings.record import case_path
from app.hearings.comparison import compare_text
from app.hearings.models import Hearing, Section
from app.hearings.sections import with_depth
from app.memos.content import (
    ANSWERED,
    DECLINED,
    NO_REMARKS,
    NOT_ANSWERED,
    MemoCampaign,
    MemoChange,
    MemoComment,
    MemoContent,
    MemoGap,
    MemoParty,
    MemoPoint,
    MemoPreference,
    MemoResponse,
    MemoSection,
)
from app.memos.loading import comment_rows, invitation_rows, reply_rows, submitted_responses
from app.memos.questions_appendix import questions_appendix
from app.memos.render import MEMO_LANGUAGE
from app.replies import revision
from app.replies.grouping import group_near_duplicates
from app.replies.models import ReplyStatus
from app.responses import preferences
from app.responses.models import CommentStatus, Response, ResponseKind
from app.timezone import to_local

CITIZENS_SHOWN = 5  # a point shows this many citizens' comments in full (besides one per campaign)


def compile_memo(hearing: Hearing) -> MemoContent:
    """The memo as it is now, in the memo's language whatever the reader's: its texts are frozen when finalised."""
    with force_locale(MEMO_LANGUAGE):
        return _compile_memo(hearing)


def _compile_memo(hearing: Hearing) -> MemoContent:
    responses = submitted_responses(hearing)
    senders = sender_labels(responses)
    sections = _section_labels(hearing)
    rows = comment_rows(hearing)
    source = _Source(senders, sections, {r.id: r for r in responses}, reply_rows(hearing))
    active = [c for c in rows if c.status is CommentStatus.ACTIVE]
    comments = [c for c in active if not c.no_remarks]  # "ingen bemærkninger" to a section needs no reply
    general, by_sections = _points(comments, source, _appendix_refs(rows))
    by_sections = _with_no_remarks(by_sections, [c for c in active if c.no_remarks], source)
    return MemoContent(
        municipality=current_app.config["MUNICIPALITY_NAME"],
        slug=hearing.slug,
        hearing_title=hearing.title,
        case_number=hearing.case_number,
        committee=hearing.committee,
        summary=hearing.summary or "",
        opens_at=_iso(hearing.opens_at),
        deadline_at=_iso(hearing.deadline_at),
        parties=_parties(hearing, responses, {c.response_id for c in active}),
        citizen_count=sum(1 for r in responses if r.organisation_id is None),
        response_count=len(responses),
        general=general,
        sections=by_sections,
        changes=_changes(hearing),
        appendix=lambda: _appendix(responses, rows, source),
        gaps=_gaps(comments, source),
        meetings=case_path(hearing.meetings),
        preferences=[MemoPreference(row.kind, row.label, row.senders, row.responses, row.parties, row.text,
                                    row.reasons)
                     for row in preferences.tally_rows(hearing, responses, senders)],
        questions=questions_appendix(hearing),
        is_final=False,
        round_note=round_note(hearing),
    )


class _Source:
    """What the points are made from besides the comments: who sent each response, the sections' labels,
    the responses and the replies by id."""

    def __init__(self, senders: dict[int, str], sections: dict[str, tuple[int, str, int | None]],
                 responses: dict[int, Response], replies: dict[int, Row]) -> None:
        self.senders, self.sections, self.responses, self.replies = senders, sections, responses, replies

    def key(self, comment: Row) -> str | None:
        """The comment's section key in the consulted draft; None for a general remark (or a section since
        removed)."""
        return comment.section_key if comment.section_key in self.sections else None

    def is_citizen(self, comment: Row) -> bool:
        return self.responses[comment.response_id].organisation_id is None


def round_note(hearing: Hearing) -> str:
    """For a second round: that it is one, and the round before it (its title and deadline)."""
    earlier = hearing.previous_round
    if earlier is None:
        return ""
    deadline = format_date(to_local(earlier.deadline_at), "long") if earlier.deadline_at else ""
    return _("Dette er en genhøring (%(number)d. høringsrunde). Det reviderede udkast sendes i høring igen efter "
             "første høringsrunde, \u201d%(title)s\u201d, med høringsfrist %(deadline)s. Høringsparterne har set "
             "deres bemærkninger fra første runde og forvaltningens svar på dem.",
             number=hearing.round_number, title=earlier.title, deadline=deadline)


# ---------------------------------------------------------------- names


def sender_labels(responses: list[Response]) -> dict[int, str]:
    """Who sent each response, as the memo names them: a party by name (a joint response by every
    party's name: "Nettet og Kirsten Marie (fælles høringssvar)"), a citizen by name only with consent."""
    labels, citizens = {}, 0
    for response in responses:
        if response.organisation is not None:
            labels[response.id] = preferences.joint_label([o.name for o in response.signing_parties],
                                                          _("fælles høringssvar"))
            continue
        citizens += 1
        if response.publish_name and response.citizen_name:
            labels[response.id] = _("%(name)s (borger)", name=response.citizen_name)
        else:
            labels[response.id] = _("Borger %(number)d", number=citizens)
    return labels


def _section_labels(hearing: Hearing) -> dict[str, tuple[int, str, int | None]]:
    """Each section key of the consulted draft: its place, its label with its parents', its page."""
    labels: dict[str, tuple[int, str, int | None]] = {}
    by_id: dict[int, Section] = {}
    for section, _depth in with_depth(hearing.current_version.sections):
        by_id[section.id] = section
        parent = by_id.get(section.parent_id) if section.parent_id else None
        label = f"{labels[parent.key][1]} – {section.label}" if parent is not None else section.label
        labels[section.key] = (section.position, label, section.page)
    return labels


# ---------------------------------------------------------------- the points


def _appendix_refs(rows: list[Row]) -> dict[int, str]:
    """Where each comment stands in the appendix: "response number:comment number", both from 1, so a point
    can name every comment it answers, also those it only counts (open data: app/api/datapackage.py)."""
    refs, numbers = {}, {}
    for row in rows:  # response by response, in the appendix's order
        if row.status is CommentStatus.SUPERSEDED:
            continue
        if row.response_id not in numbers:
            numbers[row.response_id] = [len(numbers) + 1, 0]
        place = numbers[row.response_id]
        place[1] += 1
        refs[row.id] = f"{place[0]}:{place[1]}"
    return refs


def _points(comments: list[Row], source: _Source, refs: dict[int, str]) -> tuple[list[MemoPoint], list[MemoSection]]:
    """General points, and points grouped under the section(s) their comments are on, in draft order.

    A point is a reply with every comment it answers. A party's comment not answered yet stands alone;
    citizens' comments not answered yet stand together, one point per section, so the memo grows with
    its replies, not with its comments."""
    by_reply: dict[int, list[Row]] = defaultdict(list)
    open_citizens: dict[str | None, list[Row]] = defaultdict(list)
    alone: list[list[Row]] = []
    for comment in comments:
        if comment.reply_id is not None:
            by_reply[comment.reply_id].append(comment)
        elif source.is_citizen(comment):
            open_citizens[source.key(comment)].append(comment)
        else:
            alone.append([comment])
    groups = sorted(list(by_reply.values()) + alone + list(open_citizens.values()),
                    key=lambda group: _first_seen(group, source))
    sections = source.sections
    general: list[MemoPoint] = []
    placed: dict[tuple[str, ...], MemoSection] = {}
    for group in groups:
        point = _point(group, source, refs)
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


def _with_no_remarks(placed: list[MemoSection], comments: list[Row], source: _Source) -> list[MemoSection]:
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


def _first_seen(group: list[Row], source: _Source) -> tuple:
    first = min(group, key=lambda c: (source.responses[c.response_id].submitted_at, c.response_id, c.position))
    return source.responses[first.response_id].submitted_at, first.response_id, first.position


def _point(group: list[Row], source: _Source, refs: dict[int, str]) -> MemoPoint:
    reply = source.replies.get(group[0].reply_id) if group[0].reply_id is not None else None
    parties = [c for c in group if not source.is_citizen(c)]
    citizens = [c for c in group if source.is_citizen(c)]
    shown, campaigns, more = _citizens_in_short(citizens, source)
    position = {c.id: n for n, c in enumerate(group)}
    senders = source.senders
    return MemoPoint(
        comments=[_comment(c, source) for c in sorted(parties + shown, key=lambda c: position[c.id])],
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


def _citizens_in_short(citizens: list[Row], source: _Source):
    """The citizens' comments a point shows in full (at most CITIZENS_SHOWN), its campaigns (near-duplicate
    copies: one example and the count), and how many comments are left to the appendix."""
    if len(citizens) < 2:
        return citizens, [], 0
    groups = group_near_duplicates([(c.id, c.text) for c in citizens])
    in_campaign = {comment_id for ids in groups for comment_id in ids}
    by_id = {c.id: c for c in citizens}
    campaigns = [MemoCampaign(len(ids), _comment(by_id[ids[0]], source)) for ids in groups]
    single = [c for c in citizens if c.id not in in_campaign]
    return single[:CITIZENS_SHOWN], campaigns, len(single[CITIZENS_SHOWN:])


def _opening(text: str, words: int = 12) -> str:
    """The first words of a reply, to point to it: "Forvaltningen foreslår, at der i forordet …"."""
    split = text.split()
    return " ".join(split[:words]) + (" …" if len(split) > words else "")


def _comment(comment: Row, source: _Source, sender: str | None = None) -> MemoComment:
    key = source.key(comment)
    return MemoComment(sender=sender or source.senders[comment.response_id], text=comment.text,
                       heading=comment.heading, section_label=source.sections[key][1] if key else None)


# ---------------------------------------------------------------- the rest


def _parties(hearing: Hearing, responses: list[Response], with_comments: set[int]) -> list[MemoParty]:
    """The list of parties, who answered (and when), who had no remarks, who did not answer."""
    by_organisation = {r.organisation_id: r for r in responses if r.organisation_id is not None}
    for response in responses:  # each co-signer of a joint response has answered (by that response)
        for organisation in response.cosigners:
            by_organisation.setdefault(organisation.id, response)
    parties = []
    seen = set()
    for organisation_id, name, declined_at in invitation_rows(hearing):
        seen.add(organisation_id)
        parties.append(_party(name, by_organisation.get(organisation_id), with_comments,
                              declined=declined_at is not None))
    names = {o.id: o.name for r in responses for o in r.signing_parties}
    for organisation_id, response in by_organisation.items():  # answered without being on the list
        if organisation_id not in seen:
            parties.append(_party(names[organisation_id], response, with_comments, declined=False))
    return sorted(parties, key=lambda p: p.name.casefold())


def _party(name: str, response: Response | None, with_comments: set[int], *, declined: bool) -> MemoParty:
    if response is None:
        return MemoParty(name, DECLINED if declined else NOT_ANSWERED)
    status = NO_REMARKS if response.no_remarks or response.id not in with_comments else ANSWERED
    return MemoParty(name, status, _iso_date(response))


def _changes(hearing: Hearing) -> list[MemoChange]:
    plan = revision.plan_revision(hearing)
    labels = _section_labels(hearing)
    return [
        MemoChange(change.section.key, labels[change.section.key][1],
                   str(compare_text(change.section.body_html, change.new_html)[0]))
        for change in plan.changes
    ]


def _appendix(responses: list[Response], rows: list[Row], source: _Source) -> list[MemoResponse]:
    """The responses in full, in the order they came; made when the memo's appendix is first read."""
    with force_locale(MEMO_LANGUAGE):
        by_response: dict[int, list[Row]] = defaultdict(list)
        for row in rows:
            if row.status is not CommentStatus.SUPERSEDED:
                by_response[row.response_id].append(row)
        return [_in_full(r, by_response[r.id], source) for r in responses]


def _in_full(response: Response, comments: list[Row], source: _Source) -> MemoResponse:
    signed = ", ".join(part for part in (response.signed_name, response.signed_role) if part) or None
    sender = source.senders[response.id]
    return MemoResponse(
        sender=sender, kind=response.kind.value, submitted_on=_iso_date(response),
        no_remarks=response.no_remarks, signed=signed if response.kind is not ResponseKind.CITIZEN else None,
        comments=[_comment(c, source, sender) for c in comments],
        full_text=response.full_text or None,
    )


def _gaps(comments: list[Row], source: _Source) -> list[MemoGap]:
    gaps, general = [], _("Generelle bemærkninger")
    for comment in comments:
        key = source.key(comment)
        label = source.sections[key][1] if key else general
        sender = source.senders[comment.response_id]
        reply = source.replies.get(comment.reply_id) if comment.reply_id is not None else None
        if reply is None:
            gaps.append(MemoGap("no_reply", label, sender, comment_id=comment.id))
        elif reply.status is not ReplyStatus.APPROVED:
            gaps.append(MemoGap("not_approved", label, sender, comment_id=comment.id, reply_id=comment.reply_id))
    return gaps


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _iso_date(response: Response) -> str | None:
    if response.received_on is not None:
        return response.received_on.isoformat()
    return to_local(response.submitted_at).date().isoformat() if response.submitted_at else None
