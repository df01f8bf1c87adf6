"""A decided hearing with everything retention must clean: a citizen's response (with an IP address
in the audit trail and a personal attachment), a party's response, mails, links, replies and a memo."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import JSON, LargeBinary, String, Text, cast, func, select

from app.accounts.models import Role
from app.attachments.models import Attachment
from app.attachments.operations import PDF, store_attachment
from app.audit.operations import record
from app.extensions import db
from app.hearings.models import Hearing, HearingState, Invitation
from app.memos.models import Memo
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses import citizens
from app.responses import operations as responding
from app.responses.models import Response, ResponseKind, ResponseState
from tests.factories import make_hearing, make_party, make_user

CITIZEN_NAME = "Bjørn Ærø Sørensen"
CITIZEN_EMAIL = "bjoern.soerensen@borger.example.net"
CITIZEN_IP = "192.0.2.17"
CITIZEN_TEXT = "Min datter har brug for flere døgn i aflastning, end standarden giver."
CONTACT_NAME = "Ion Meyer"  # Handicaprådet's chair in make_party; stays in the register of parties
PARTY_TEXT = "Handicaprådet ønsker, at standarden beskriver, hvordan borgeren klager."
REPLY_TEXT = "Forvaltningen fastholder omfanget på op til 60 døgn om året."
MEMO_TEXT = "Der kom to høringssvar: ét fra Handicaprådet og ét fra en borger."
DECIDED_ON = date(2020, 1, 15)


@dataclass
class Expired:
    hearing_id: int
    citizen_response_id: int
    party_response_id: int
    personal_attachment_id: int
    public_attachment_id: int
    memo_id: int
    reply_id: int


def decide(hearing: Hearing, on: date) -> None:
    hearing.state = HearingState.DECIDED
    hearing.closed_at = hearing.closed_at or hearing.deadline_at
    hearing.decided_on = on
    hearing.decision_text = "Udvalget godkendte kvalitetsstandarderne."


def citizen_response(hearing: Hearing, name: str, email: str, text: str, now: datetime) -> Response:
    """As a citizen answers: sent, mailed a link, confirmed (which submits and mails a receipt)."""
    sections = hearing.current_version.sections
    response, _ = citizens.send_response(
        hearing, citizens.Citizen(name, email, "Grundejerforeningen Søbakken", publish_name=True),
        {f"section-{sections[1].key}": text}, now,
    )
    responding.add_attachment(response, f"{name} - lægeerklæring.pdf", f"%PDF-1.7 {name} {email}".encode(), PDF)
    citizens.mail_confirmation(response, sections)
    response.email_confirmed_at = now
    responding.submit(response, sections, None, response.created_at)
    return response


def make_expired_hearing() -> Expired:
    party = make_party(db)
    hearing = db.session.get(Hearing, party.hearing_id)
    hearing.is_public = True
    now = datetime.now(UTC) - timedelta(days=1)
    sections = hearing.current_version.sections

    citizen = citizen_response(hearing, CITIZEN_NAME, CITIZEN_EMAIL, CITIZEN_TEXT, now)
    responding.accept_late(citizen, f"{CITIZEN_NAME} ringede og forklarede forsinkelsen.", now)
    record("citizen_response_opened", citizen, hearing_id=hearing.id,
           actor_label=f"{CITIZEN_NAME} ({CITIZEN_IP})", ip=CITIZEN_IP, email=CITIZEN_EMAIL)

    invitation = db.session.get(Invitation, party.invitation_id)
    contact = invitation.organisation.contacts[0]
    assert contact.name == CONTACT_NAME
    party_response = responding.start_party_response(invitation)
    responding.save_draft(party_response, {"general": PARTY_TEXT, "signed_name": CONTACT_NAME,
                                           "signed_role": "formand"}, {}, contact, now)
    responding.submit(party_response, sections, contact, now, link="http://localhost/svar/x")

    public = store_attachment("Høringsbrev.pdf", b"%PDF-1.7 brev", PDF, hearing_id=hearing.id, personal=False)
    [personal] = citizen.attachments

    approver = make_user(Role.APPROVER)
    reply = Reply(hearing=hearing, text=REPLY_TEXT, outcome=Outcome.NOT_ACCEPTED, status=ReplyStatus.APPROVED,
                  approved_by=approver, approved_at=now)
    reply.comments = list(citizen.comments)
    db.session.add(reply)
    content = {"introduction": MEMO_TEXT, "sections": [{"comment": CITIZEN_TEXT, "reply": REPLY_TEXT}]}
    memo = Memo(hearing=hearing, version=1, content=content,
                sha256=hashlib.sha256(json.dumps(content).encode()).hexdigest())
    db.session.add(memo)
    decide(hearing, DECIDED_ON)
    db.session.commit()
    return Expired(hearing.id, citizen.id, party_response.id, personal.id, public.id, memo.id, reply.id)


def make_recent_hearing(name: str, email: str) -> int:
    """A public hearing decided last month, with one citizen's response: not due for years."""
    hearing = make_hearing(state=HearingState.OPEN, is_public=True)
    citizen_response(hearing, name, email, "Jeg er enig i udkastet.", datetime.now(UTC))
    decide(hearing, date.today() - timedelta(days=30))
    db.session.commit()
    return hearing.id


def text_columns_containing(needle: str) -> list[str]:
    """Every text, varchar and JSON column of every table (and every binary column) that holds `needle`.

    JSON is stored with non-ASCII letters escaped (ø as \\u00f8), so that spelling is looked for too.
    """
    spellings = {needle, json.dumps(needle)[1:-1]}
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String | Text | JSON):
                for spelling in spellings:
                    hits = db.session.scalar(
                        select(func.count()).select_from(table)
                        .where(cast(column, Text).contains(spelling, autoescape=True))
                    )
                    if hits:
                        found.append(f"{table.name}.{column.name}")
            elif isinstance(column.type, LargeBinary) and any(
                needle.encode() in (data or b"") for data in db.session.scalars(select(column))
            ):
                found.append(f"{table.name}.{column.name}")
    return sorted(set(found))


def dump() -> dict[str, list[tuple]]:
    """Every row of every table, for "nothing changed" comparisons."""
    db.session.expire_all()
    return {
        table.name: [tuple(row) for row in db.session.execute(select(table).order_by(*table.primary_key.columns))]
        for table in db.metadata.sorted_tables
    }


def citizen_of(response_id: int) -> Response:
    db.session.expire_all()
    response = db.session.get(Response, response_id)
    assert response.kind is ResponseKind.CITIZEN and response.state is ResponseState.SUBMITTED
    return response


def attachment_exists(attachment_id: int) -> bool:
    return db.session.get(Attachment, attachment_id) is not None
