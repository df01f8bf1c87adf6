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
from dataclasses import replace

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
    MemoChange,
    MemoComment,
    MemoContent,
    MemoGap,
    MemoParty,
    MemoPreference,
    MemoResponse,
)
from app.memos.loading import comment_rows, invitation_rows, reply_rows, submitted_responses
from app.memos.points import Source, memo_comment, points
from app.memos.questions_appendix import questions_appendix
from app.memos.render import MEMO_LANGUAGE
from app.replies import revision
from app.replies.models import ReplyStatus
from app.responses import preferences
from app.responses.models import CommentStatus, Response, ResponseKind
from app.timezone import to_local


def compile_memo(hearing: Hearing) -> MemoContent:
    """The memo as it is now, in the memo's language whatever the reader's: its texts are frozen when finalised."""
    with force_locale(MEMO_LANGUAGE):
        return _compile_memo(hearing)


def _compile_memo(hearing: Hearing) -> MemoContent:
    responses = submitted_responses(hearing)
    senders = sender_labels(responses)
    sections = _section_labels(hearing)
    rows = comment_rows(hearing)
    source = Source(hearing.id, senders, sections, {r.id: r for r in responses}, reply_rows(hearing))
    active = [c for c in rows if c.status is CommentStatus.ACTIVE]
    comments = [c for c in active if not c.no_remarks]  # "ingen bemærkninger" to a section needs no reply
    refs = _appendix_refs(rows, responses)
    general, by_sections = points(comments, [c for c in active if c.no_remarks], source, refs)
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
        appendix=_appendix(responses, rows, source),
        gaps=_gaps(comments, source),
        meetings=case_path(hearing.meetings),
        preferences=[MemoPreference(row.kind, row.label, row.senders, row.responses, row.parties, row.text,
                                    row.reasons)
                     for row in preferences.tally_rows(hearing, responses, senders)],
        questions=questions_appendix(hearing),
        is_final=False,
        round_note=round_note(hearing),
    )


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


def _appendix_refs(rows: list[Row], responses: list) -> dict[int, str]:
    """Where each comment stands in the appendix: "response number:comment number", both from 1, so a point
    can name every comment it answers, also those it only counts (open data: app/api/datapackage.py). Every
    response has its number in the appendix, also one without comments."""
    number = {response.id: n for n, response in enumerate(responses, start=1)}
    refs, counted = {}, {}
    for row in rows:  # response by response, in the appendix's order
        if row.status is CommentStatus.SUPERSEDED:
            continue
        counted[row.response_id] = counted.get(row.response_id, 0) + 1
        refs[row.id] = f"{number[row.response_id]}:{counted[row.response_id]}"
    return refs


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


def _appendix(responses: list[Response], rows: list[Row], source: Source):
    """The responses in full, in the order they came: a function that makes them when the memo's appendix is
    first read. What it needs of the responses is taken now (the session may be committed before then)."""
    heads = [_in_full(response, source) for response in responses]

    def made() -> list[MemoResponse]:
        by_response: dict[int, list[MemoComment]] = defaultdict(list)
        with force_locale(MEMO_LANGUAGE):
            for row in rows:
                if row.status is not CommentStatus.SUPERSEDED:
                    by_response[row.response_id].append(memo_comment(row, source, source.senders[row.response_id]))
        return [replace(head, comments=by_response[number]) for number, head in heads]

    return made


def _in_full(response: Response, source: Source) -> tuple[int, MemoResponse]:
    """A response's heading in the appendix (its comments come when the appendix is made)."""
    signed = ", ".join(part for part in (response.signed_name, response.signed_role) if part) or None
    return response.id, MemoResponse(
        sender=source.senders[response.id], kind=response.kind.value, submitted_on=_iso_date(response),
        no_remarks=response.no_remarks, signed=signed if response.kind is not ResponseKind.CITIZEN else None,
        comments=[], full_text=response.full_text or None,
    )


def _gaps(comments: list[Row], source: Source) -> list[MemoGap]:
    gaps, general = [], _("Generelle bemærkninger")
    replies, approved = source.replies, ReplyStatus.APPROVED
    for comment in comments:
        reply = replies.get(comment.reply_id) if comment.reply_id is not None else None
        if reply is not None and reply.status is approved:
            continue  # most comments of a memo near its end: no label or sender looked up
        key = source.key(comment)
        label = source.sections[key][1] if key else general
        sender = source.senders[comment.response_id]
        if reply is None:
            gaps.append(MemoGap("no_reply", label, sender, comment_id=comment.id))
        else:
            gaps.append(MemoGap("not_approved", label, sender, comment_id=comment.id, reply_id=comment.reply_id))
    return gaps


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _iso_date(response: Response) -> str | None:
    if response.received_on is not None:
        return response.received_on.isoformat()
    return to_local(response.submitted_at).date().isoformat() if response.submitted_at else None
