"""Erasing one address, on the operations: what goes, what stays, and that nobody else is touched."""

from datetime import UTC, datetime

from sqlalchemy import select

from app.attachments.models import Attachment
from app.attachments.operations import PDF, store_attachment
from app.audit.models import AuditEvent
from app.audit.operations import record
from app.extensions import db
from app.privacy import operations as privacy
from app.responses.models import Response, ResponseKind, ResponseState, ResponseSubmission
from app.retention.operations import ANONYMISED_NAME
from tests.factories import make_hearing

EMAIL = "Signe.Stoltenberg@Example.org"
NAME = "Signe Stoltenberg"


def _citizen(hearing, state: ResponseState, **fields) -> Response:
    response = Response(hearing=hearing, kind=ResponseKind.CITIZEN, state=state, citizen_name=NAME,
                        citizen_email=EMAIL.lower(), publish_name=True, **fields)
    db.session.add(response)
    db.session.flush()
    return response


def test_the_files_of_a_counted_response_stay_and_an_unconfirmed_response_goes_with_its_files(app):
    hearing = make_hearing()
    now = datetime.now(UTC)
    counted = _citizen(hearing, ResponseState.SUBMITTED, submitted_at=now, email_confirmed_at=now,
                       signed_name=NAME)
    db.session.add(ResponseSubmission(response=counted, number=1, content={"general": "Tekst.", "signed_name": NAME,
                                                                           "sections": [], "attachments": []}))
    kept = store_attachment("bilag.pdf", b"%PDF-1.7 bilag", PDF, response_id=counted.id, personal=True)
    unconfirmed = _citizen(hearing, ResponseState.DRAFT, draft={"general": "Aldrig bekræftet."})
    gone = store_attachment("kladde.pdf", b"%PDF-1.7 kladde", PDF, response_id=unconfirmed.id, personal=True)
    record("hearing_note", hearing, hearing_id=hearing.id, actor_label="Sagsbehandler (192.0.2.1)", note="Intet.")
    db.session.commit()
    ids = (counted.id, unconfirmed.id, kept.id, gone.id)

    stored = privacy.find(EMAIL.upper())
    assert len(stored.responses) == 2
    result = privacy.erase(stored)
    db.session.commit()
    db.session.expire_all()

    assert db.session.get(Response, ids[1]) is None and db.session.get(Attachment, ids[3]) is None
    assert db.session.get(Attachment, ids[2]) is not None, "a file sent with a counted response is part of it"
    response = db.session.get(Response, ids[0])
    assert response.signed_name == ANONYMISED_NAME and response.submissions[0].content["signed_name"] == ANONYMISED_NAME
    assert response.submissions[0].content["general"] == "Tekst."
    assert result.responses_deleted == 1 and result.citizens_anonymised == 1
    note = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "hearing_note"))
    assert note.actor_label == "Sagsbehandler (192.0.2.1)", "an event that does not name the person is left alone"
    assert privacy.find(EMAIL).is_empty


def test_an_address_with_only_mails_is_found_and_its_mails_go(app):
    from app.notifications.operations import queue_mail

    queue_mail("kontakt@raad.example.org", "privacy_link", subject="Test", link="http://localhost/x", hours=24)
    db.session.commit()
    stored = privacy.find("KONTAKT@raad.example.org")
    assert not stored.is_empty and stored.responses == []
    privacy.erase(stored)
    db.session.commit()
    assert privacy.find("kontakt@raad.example.org").is_empty


def test_a_response_verified_with_mitid_is_not_found_by_its_unconfirmed_address(app):
    hearing = make_hearing()
    now = datetime.now(UTC)
    mitid = _citizen(hearing, ResponseState.SUBMITTED, submitted_at=now, mitid_verified_at=now,
                     mitid_subject="pid-1234", signed_name=NAME)
    confirmed = _citizen(hearing, ResponseState.SUBMITTED, submitted_at=now, email_confirmed_at=now,
                         signed_name=NAME)
    db.session.commit()
    ids = (mitid.id, confirmed.id)

    stored = privacy.find(EMAIL)
    assert [r.id for r in stored.responses] == [ids[1]], "the address was typed with MitID, never confirmed"
    privacy.erase(stored)
    db.session.commit()
    db.session.expire_all()
    kept = db.session.get(Response, ids[0])
    assert (kept.citizen_name, kept.citizen_email, kept.mitid_subject) == (NAME, EMAIL.lower(), "pid-1234")
