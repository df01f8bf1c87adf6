"""Staff reading a response, its versions or its files leaves a line in the audit trail: who read personal data."""

from datetime import UTC, datetime

from sqlalchemy import select

from app.accounts.models import Role
from app.attachments.operations import PDF, store_attachment
from app.audit.models import AuditEvent
from app.extensions import db
from app.hearings.models import Hearing
from app.responses.models import Response, ResponseKind, ResponseState
from tests.factories import PASSWORD, make_hearing, make_user


def test_each_read_of_a_response_is_recorded_with_the_reader(client):
    hearing = make_hearing()
    response = Response(hearing=hearing, kind=ResponseKind.CITIZEN, citizen_name="Bo Borger",
                        citizen_email="bo@example.org", state=ResponseState.SUBMITTED, submitted_at=datetime.now(UTC))
    db.session.add(response)
    db.session.flush()
    attachment = store_attachment("brev.pdf", b"%PDF-1.7 brev", PDF, response_id=response.id, personal=True)
    reader = make_user(Role.STAFF, name="Læsende Medarbejder")
    db.session.commit()
    slug = db.session.get(Hearing, hearing.id).slug
    assert client.post("/konto/log-ind", data={"email": reader.email, "password": PASSWORD}).status_code == 302

    base = f"/medarbejder/hoeringer/{slug}/svar/{response.id}"
    for path in (base, f"{base}/versioner", f"{base}/bilag/{attachment.id}"):
        assert client.get(path).status_code == 200, path

    reads = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "response_read")
                               .order_by(AuditEvent.id)).all()
    assert [(e.details["page"], e.object_type, e.actor_id) for e in reads] == [
        ("response", "Response", reader.id), ("versions", "Response", reader.id),
        ("attachment", "Attachment", reader.id),
    ]
    assert all(e.hearing_id == hearing.id and e.actor_label == "Læsende Medarbejder" for e in reads)
