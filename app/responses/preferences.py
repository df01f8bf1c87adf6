"""What a response says about the alternatives, and joint responses (fælles høringssvar).

On a hearing with alternatives ("socialpsykiatriens 3 modeller", 2013) a
response prefers one of them, none of them, or a variant of its own (the two
institutions' "model 2½"), with a reason. Two or more parties may answer
together: the response names the others as co-signers. A party named through
another party's link counts as having answered only once it accepts from its
own link (`accept`); until then it may answer on its own. Staff registering a
letter signed by several parties name them accepted: the letter is the evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, partial

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import BindParameter, Delete, ScalarSelect, Select, bindparam, delete, select

from app.audit.operations import record
from app.extensions import db
from app.hearings.alternatives.models import Alternative
from app.hearings.models import Hearing, Invitation
from app.parties.models import Organisation
from app.responses.models import Cosignature, Preference, Response, ResponseState, response_cosigners

# The working copy's names for the preference (see app.responses.drafts).
PREFERENCE = "preference"  # "alternative-<id>", "none" or "variant"
VARIANT_NAME = "variant_name"
VARIANT_TEXT = "variant_text"
PREFERENCE_REASON = "preference_reason"
COSIGNERS = "cosigners"  # organisation ids, comma-separated
FIELDS = (PREFERENCE, VARIANT_NAME, VARIANT_TEXT, PREFERENCE_REASON, COSIGNERS)
ALTERNATIVE_PREFIX = "alternative-"

VARIANT_NEEDS_TEXT = _l("Beskriv det egne forslag, eller vælg et af alternativerne.")
UNKNOWN_CHOICE = _l("Vælg et af alternativerne, ”Intet af alternativerne” eller ”Et eget forslag”.")


@dataclass(frozen=True)
class Choice:
    """A preference as the forms send it, checked against the hearing's alternatives."""

    preference: Preference | None
    alternative: Alternative | None = None
    variant_text: str | None = None
    reason: str | None = None
    variant_name: str | None = None


def choice_value(response: Response) -> str:
    """The radio value a stored preference is shown with."""
    if response.preference is Preference.ALTERNATIVE and response.alternative_id is not None:
        return f"{ALTERNATIVE_PREFIX}{response.alternative_id}"
    return response.preference.value if response.preference is not None else ""


def parse_choice(hearing: Hearing, value: str | None, variant_text: str | None, reason: str | None,
                 variant_name: str | None = None) -> Choice:
    """The choice a radio value names; an unknown value or an alternative of another hearing is no choice."""
    value = (value or "").strip()
    variant_text = (variant_text or "").strip() or None
    variant_name = (variant_name or "").strip() or None
    reason = (reason or "").strip() or None
    if value.startswith(ALTERNATIVE_PREFIX):
        wanted = value.removeprefix(ALTERNATIVE_PREFIX)
        alternative = next((a for a in hearing.alternatives if str(a.id) == wanted), None)
        if alternative is None:
            return Choice(None)
        return Choice(Preference.ALTERNATIVE, alternative, None, reason)
    if value == Preference.NONE.value:
        return Choice(Preference.NONE, None, None, reason)
    if value == Preference.VARIANT.value:
        return Choice(Preference.VARIANT, None, variant_text, reason, variant_name)
    return Choice(None)


def choices(hearing: Hearing, none_label: str, variant_label: str) -> list[tuple[str, str]]:
    """The radio buttons of the preference question, alternatives first."""
    return ([(f"{ALTERNATIVE_PREFIX}{a.id}", a.name) for a in hearing.alternatives]
            + [(Preference.NONE.value, none_label), (Preference.VARIANT.value, variant_label)])


def set_preference(response: Response, choice: Choice) -> None:
    """Store the choice on the response; a variant's text is kept only with a variant."""
    response.preference = choice.preference
    response.alternative = choice.alternative if choice.preference is Preference.ALTERNATIVE else None
    response.variant_text = choice.variant_text if choice.preference is Preference.VARIANT else None
    response.variant_name = choice.variant_name if choice.preference is Preference.VARIANT else None
    response.preference_reason = choice.reason if choice.preference is not None else None


def draft_problems(hearing: Hearing, draft: dict) -> dict[str, str]:
    """A party's working copy before submitting: a variant needs its text; an unknown choice is refused."""
    if not hearing.alternatives:
        return {}
    value = draft.get(PREFERENCE) or ""
    if value and parse_choice(hearing, value, "", "").preference is None:
        return {PREFERENCE: str(UNKNOWN_CHOICE)}
    if value == Preference.VARIANT.value and not (draft.get(VARIANT_TEXT) or "").strip():
        return {VARIANT_TEXT: str(VARIANT_NEEDS_TEXT)}
    return {}


def choice_label(choice: Choice) -> str:
    """"Model 2", "Intet af alternativerne", "Eget forslag: model 2½"."""
    if choice.preference is Preference.ALTERNATIVE:
        return choice.alternative.name
    if choice.preference is Preference.NONE:
        return _("Intet af alternativerne")
    return _("Eget forslag: %(name)s", name=choice.variant_name) if choice.variant_name else _("Eget forslag")


def label_of(response: Response) -> str:
    """The stored preference as staff read it; "" when the response states none."""
    if response.preference is None:
        return ""
    return choice_label(Choice(response.preference, response.alternative, response.variant_text,
                               response.preference_reason, response.variant_name))


def submitted_content(response: Response) -> dict:
    """What the frozen submission holds of the preference and the co-signers (nothing on a hearing without
    alternatives and a response nobody co-signs, so such a submission reads as before)."""
    draft, content = response.draft or {}, {}
    choice = parse_choice(response.hearing, draft.get(PREFERENCE), draft.get(VARIANT_TEXT),
                          draft.get(PREFERENCE_REASON), draft.get(VARIANT_NAME))
    if response.hearing.alternatives and choice.preference is not None:
        content[PREFERENCE] = {"value": draft.get(PREFERENCE), "label": choice_label(choice),
                               "variant_text": choice.variant_text, "reason": choice.reason,
                               "variant_name": choice.variant_name}
    wanted = parse_ids(draft.get(COSIGNERS))
    if wanted:  # looked up only when some are chosen: this runs on every showing of a party's page
        allowed = {o.id: o.name for o in cosigner_candidates(response.hearing, response.organisation, wanted)}
        signing = [{"id": i, "name": allowed[i]} for i in dict.fromkeys(wanted) if i in allowed]
        if signing:
            content[COSIGNERS] = signing
    return content


def apply_submitted(response: Response, content: dict, *, accepted_at: datetime | None = None,
                    words_changed: bool = False) -> None:
    """The submitted preference and co-signers onto the response, where the memo and the overview read them.
    Newly named co-signers are pending, unless `accepted_at` (a letter staff register); with
    `words_changed` (a new version of the words), every co-signer is pending again."""
    stored = content.get(PREFERENCE) or {}
    set_preference(response, parse_choice(response.hearing, stored.get("value"), stored.get("variant_text"),
                                          stored.get("reason"), stored.get("variant_name")))
    if words_changed and accepted_at is None:
        for cosignature in response.cosignatures:
            cosignature.accepted_at = None
    set_cosigners(response, [item["id"] for item in content.get(COSIGNERS, [])], accepted_at=accepted_at)


def apply_to_letter(response: Response, values: dict[str, str], now: datetime) -> None:
    """A registered letter's preference and co-signers, as the officer chose them (by working-copy name), onto
    the response and its frozen copy. The co-signers are accepted: the letter they signed is the evidence."""
    kept = response.draft
    response.draft = {**(kept or {}), **values}
    content = submitted_content(response)
    response.draft = kept  # a letter has no working copy: the choices live on the response and its copy
    apply_submitted(response, content, accepted_at=now)
    if content and response.submissions:
        response.submissions[-1].content = {**response.submissions[-1].content, **content}


# ---------------------------------------------------------------- joint responses


def cosigner_candidates(hearing: Hearing, own: Organisation | None,
                        among: Iterable[int] | None = None) -> list[Organisation]:
    """The parties on the hearing's list that may sign with `own`: every invited party but itself (only those
    `among` the ids given, when given: a national hearing lists thousands)."""
    query = select(Organisation).join(Invitation, Invitation.organisation_id == Organisation.id).where(
        Invitation.hearing_id == hearing.id)
    if own is not None:
        query = query.where(Organisation.id != own.id)
    if among is not None:
        query = query.where(Organisation.id.in_(list(among)))
    return sorted(db.session.scalars(query), key=lambda o: o.name.casefold())


def cosigner_offer(hearing: Hearing, own: Organisation | None) -> Callable[[], list] | None:
    """What a party's form offers as co-signers, read when the form is shown (`CosignersField`); None when
    nobody else is on the list (the question is not asked)."""
    own_id = own.id if own is not None else None
    if own_id is None:  # also the stand-in of the page kept for every party (kept_party_page.py): all are offered
        others = db.session.scalar(_others_invited_query(False), {"hearing_id": hearing.id})
    else:
        others = db.session.scalar(_others_invited_query(True), {"hearing_id": hearing.id, "own_id": own_id})
    if not others:
        return None
    return partial(_candidate_names, hearing, own)


@cache
def _others_invited_query(but_own: bool) -> Select:
    """Built once, with bind parameters: every party page and save asks (issue 20)."""
    invited = select(Invitation.id).where(Invitation.hearing_id == bindparam("hearing_id"))
    return select((invited.where(Invitation.organisation_id != bindparam("own_id")) if but_own else invited).exists())


def _candidate_names(hearing: Hearing, own: Organisation | None) -> list:
    """The offer as (id, name) rows, by name: all the checkboxes need. A party page shows them on every
    request, and 400 parties read as objects cost more than the rest of its form (issue 20)."""
    query = select(Organisation.id, Organisation.name).join(
        Invitation, Invitation.organisation_id == Organisation.id).where(Invitation.hearing_id == hearing.id)
    if own is not None:
        query = query.where(Organisation.id != own.id)
    return sorted(db.session.execute(query).all(), key=lambda row: row.name.casefold())


def parse_ids(value: str | Iterable | None) -> list[int]:
    """Organisation ids as the working copy keeps them ("3,7") or a form sends them."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else value
    return [int(item) for item in items if str(item).strip().isdigit()]


def set_cosigners(response: Response, organisation_ids: Iterable[int], *, accepted_at: datetime | None = None) -> None:
    """The co-signers of the response, from the hearing's list only (its own party never signs twice).

    One already named keeps its acceptance (or stays pending). One newly named is pending until it accepts
    from its own link (`accept`), unless `accepted_at` is given (staff registering a letter signed by
    several parties); a party with a response of its own on the hearing is not named pending: it answers
    on its own."""
    organisation_ids = list(organisation_ids)
    if not organisation_ids and not response.cosignatures:
        return
    allowed = {o.id: o for o in cosigner_candidates(response.hearing, response.organisation, organisation_ids)}
    wanted = [i for i in dict.fromkeys(organisation_ids) if i in allowed]
    kept = {c.organisation_id: c for c in response.cosignatures}
    alone = set() if accepted_at is not None else _answering_alone(response.hearing_id, set(wanted) - set(kept))
    response.cosignatures = [
        kept.get(i) or Cosignature(organisation=allowed[i], accepted_at=accepted_at)
        for i in wanted if i in kept or i not in alone
    ]
    if accepted_at is not None:
        for cosignature in response.cosignatures:
            cosignature.accepted_at = cosignature.accepted_at or accepted_at


def _answering_alone(hearing_id: int, organisation_ids: set[int]) -> set[int]:
    """Those of `organisation_ids` with a response of their own on the hearing (started, sent or withdrawn)."""
    if not organisation_ids:
        return set()
    return set(db.session.scalars(select(Response.organisation_id).where(
        Response.hearing_id == hearing_id, Response.organisation_id.in_(organisation_ids))))


def cosigned_response_id(hearing_id: int | BindParameter, organisation_id: int | BindParameter) -> ScalarSelect[int]:
    """The id of the submitted joint response another party sent with `organisation_id` as an accepted
    co-signer, the latest if several, as a subquery: the party's own response is read with it
    (`operations.own_or_joint_response`)."""
    return (
        select(Response.id).join(response_cosigners, response_cosigners.c.response_id == Response.id)
        .where(Response.hearing_id == hearing_id, Response.state == ResponseState.SUBMITTED,
               response_cosigners.c.organisation_id == organisation_id,
               response_cosigners.c.accepted_at.is_not(None))
        .order_by(Response.submitted_at.desc()).limit(1)
        .correlate(None)  # its own responses, not those of the query it is put in (an alias cost 2 ms to make)
        .scalar_subquery()
    )


def pending_cosignatures(hearing: Hearing, organisation_id: int) -> list[Response]:
    """The submitted responses that name `organisation_id` as a co-signer it has not accepted, oldest first."""
    return list(db.session.scalars(
        select(Response).join(response_cosigners, response_cosigners.c.response_id == Response.id)
        .where(Response.hearing_id == hearing.id, Response.state == ResponseState.SUBMITTED,
               response_cosigners.c.organisation_id == organisation_id,
               response_cosigners.c.accepted_at.is_(None))
        .order_by(Response.submitted_at, Response.id)
    ))


def accept(response: Response, organisation_id: int, now: datetime) -> bool:
    """The named party accepts the joint response from its own link: from now on it stands behind it."""
    cosignature = next((c for c in response.cosignatures if c.organisation_id == organisation_id), None)
    if cosignature is None or cosignature.is_accepted or response.state is not ResponseState.SUBMITTED:
        return False
    cosignature.accepted_at = now
    record("cosignature_accepted", response, hearing_id=response.hearing_id,
           actor_label=cosignature.organisation.name, organisation=response.sender_name,
           cosigner=cosignature.organisation.name)
    return True


def end_pending(hearing_id: int, organisation_id: int) -> None:
    """The party answers on its own: the co-signatures others named it in, not accepted, end (their
    responses stay as they are)."""
    db.session.execute(_end_pending_statement(), {"hearing_id": hearing_id, "organisation_id": organisation_id})


@cache
def _end_pending_statement() -> Delete:
    """Built once, with bind parameters: a first save runs it, and building it each time cost more than
    running it (issue 20). Not synchronised with the session: the one caller, a party's first save, has read
    no co-signature (the ORM would try to match the subquery against the objects in the session, then fetch
    the rows)."""
    return delete(Cosignature).where(
        Cosignature.organisation_id == bindparam("organisation_id"), Cosignature.accepted_at.is_(None),
        Cosignature.response_id.in_(select(Response.id).where(Response.hearing_id == bindparam("hearing_id"))),
    ).execution_options(synchronize_session=False)


def cosigned_ids(hearing_id: int) -> dict[int, Response]:
    """Each party that accepted to co-sign a submitted joint response, and that response."""
    rows = db.session.execute(
        select(response_cosigners.c.organisation_id, Response)
        .join(Response, response_cosigners.c.response_id == Response.id)
        .where(Response.hearing_id == hearing_id, Response.state == ResponseState.SUBMITTED,
               response_cosigners.c.accepted_at.is_not(None))
    )
    return {organisation_id: response for organisation_id, response in rows}


def joint_label(names: list[str], joint_word: str) -> str:
    """"Nettet og Kirsten Marie (fælles høringssvar)"; one name alone is just the name."""
    if len(names) < 2:
        return names[0] if names else ""
    return f"{', '.join(names[:-1])} og {names[-1]} ({joint_word})"


# ---------------------------------------------------------------- the tally


@dataclass
class TallyRow:
    label: str  # the alternative's name; a variant's own name ("model 2½") or ""; "" for none
    senders: list[str] = field(default_factory=list)  # as the memo names them, a joint response once
    kind: str = "alternative"  # a Preference value
    responses: int = 0
    parties: int = 0  # each party of a joint response counts (a citizen counts as one)
    text: str = ""  # a variant's text
    reasons: list[str] = field(default_factory=list)  # "Nettet og Kirsten Marie (…): Der kan ikke …"

    def add(self, sender: str, response: Response) -> None:
        self.senders.append(sender)
        if response.preference_reason:
            self.reasons.append(f"{sender}: {response.preference_reason}")
        self.responses += 1
        self.parties += max(1, len(response.signing_parties))


def tally_rows(hearing: Hearing, responses: list[Response], senders: dict[int, str]) -> list[TallyRow]:
    """Which senders prefer which alternative, who prefer none, and who proposed a variant: one row each
    alternative (in order, also with nobody), then none, then each variant. Empty without alternatives."""
    if not hearing.alternatives:
        return []
    rows = {a.id: TallyRow(a.name) for a in hearing.alternatives}
    none = TallyRow("", kind=Preference.NONE.value)
    variants: list[TallyRow] = []
    for response in responses:
        if response.preference is Preference.ALTERNATIVE and response.alternative_id in rows:
            rows[response.alternative_id].add(senders[response.id], response)
        elif response.preference is Preference.NONE:
            none.add(senders[response.id], response)
        elif response.preference is Preference.VARIANT:
            variant = TallyRow(response.variant_name or "", kind=Preference.VARIANT.value,
                               text=response.variant_text or "")
            variant.add(senders[response.id], response)
            variants.append(variant)
    return [*rows.values(), *([none] if none.senders else []), *variants]
