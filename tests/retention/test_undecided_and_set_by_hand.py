"""A hearing that is never decided still gets a retention date; an administrator can set one in the form."""

from datetime import UTC, date, datetime, timedelta

import pytest

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.extensions import db
from app.hearings.models import Hearing, HearingState
from app.responses.models import Response
from app.retention.operations import ANONYMISED_CITIZEN, retention_date
from tests.factories import make_hearing, make_user
from tests.memos.publication import citizen


def test_a_hearing_never_decided_is_cleared_some_years_after_its_deadline(app):
    now = datetime.now(UTC)
    forgotten = make_hearing(state=HearingState.REPLYING, opens_at=now - timedelta(days=4 * 365 + 30),
                             deadline_at=now - timedelta(days=4 * 365))
    recent = make_hearing(state=HearingState.REPLYING, opens_at=now - timedelta(days=400),
                          deadline_at=now - timedelta(days=365))
    for hearing in (forgotten, recent):
        citizen(hearing, "Karen Nørgaard", "karen@borger.example", False)
    db.session.commit()
    assert retention_date(forgotten, 24, app.config["RETENTION_MONTHS_WITHOUT_DECISION"]) < date.today()

    result = app.test_cli_runner().invoke(args=["retention", "apply"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    names = {r.hearing_id: r.citizen_name for r in db.session.scalars(db.select(Response))}
    assert names == {forgotten.id: ANONYMISED_CITIZEN, recent.id: "Karen Nørgaard"}
    assert db.session.get(Hearing, forgotten.id).personal_data_removed_at is not None


def _edit(client, hearing, **fields):
    data = {"title": hearing.title, "deadline_on": "2030-06-01", "deadline_time": "12:00", "approver": "0", **fields}
    return client.post(f"/medarbejder/hoeringer/{hearing.slug}/rediger", data=data)


@pytest.fixture
def hearing(db):
    hearing = make_hearing(state=HearingState.DRAFT, deadline_at=datetime(2030, 6, 1, 10, tzinfo=UTC))
    db.session.commit()
    return hearing


def test_an_administrator_sets_the_retention_date_in_the_hearing_form(auth, client, hearing):
    admin = make_user(Role.ADMIN)
    db.session.commit()
    auth.log_in(admin)
    assert 'name="retention_until"' in client.get(f"/medarbejder/hoeringer/{hearing.slug}/rediger").get_data(
        as_text=True)
    assert _edit(client, hearing, retention_until="2031-01-31").status_code == 302
    db.session.expire_all()
    assert db.session.get(Hearing, hearing.id).retention_until == date(2031, 1, 31)
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "retention_date_set"))
    assert event.details == {"old": None, "new": "2031-01-31"}

    past = _edit(client, hearing, retention_until=(date.today() - timedelta(days=1)).isoformat())
    assert past.status_code == 200 and "Datoen skal ligge efter i dag." in past.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Hearing, hearing.id).retention_until == date(2031, 1, 31)


def test_a_case_officer_neither_sees_nor_sets_it(auth, client, hearing):
    officer = make_user(Role.APPROVER)
    db.session.commit()
    auth.log_in(officer)
    assert 'name="retention_until"' not in client.get(f"/medarbejder/hoeringer/{hearing.slug}/rediger").get_data(
        as_text=True)
    assert _edit(client, hearing, retention_until="2031-01-31").status_code == 302
    db.session.expire_all()
    assert db.session.get(Hearing, hearing.id).retention_until is None
