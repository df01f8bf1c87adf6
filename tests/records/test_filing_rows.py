"""The filing rows themselves: sent once per event (not again on every page), held through a failed try's
back-off, sent again by the timer only when their message was lost, and emptied of a person's name and
unfiled response by retention and erasure."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.hearings.models import HearingState
from app.privacy import operations as privacy
from app.records import operations
from app.records.models import FilingRecord, FilingState
from app.responses.models import Response, ResponseKind, ResponseState
from tests.factories import make_hearing

CITIZEN = ("Karen Nørgaard", "karen.noergaard@borger.example")


@pytest.fixture
def hearing(app, tmp_path):
    app.config.update(RECORDS_ADAPTER="folder", RECORDS_FOLDER=str(tmp_path / "sag"))
    (tmp_path / "sag").mkdir()
    hearing = make_hearing(state=HearingState.OPEN, case_number="27.12.00-P27-1-19", is_public=True)
    db.session.add(Response(hearing=hearing, kind=ResponseKind.CITIZEN, state=ResponseState.SUBMITTED,
                            submitted_at=datetime.now(UTC), citizen_name=CITIZEN[0], citizen_email=CITIZEN[1],
                            email_confirmed_at=datetime.now(UTC), full_text=f"Tak for planen.\n\n{CITIZEN[0]}"))
    db.session.commit()
    return hearing


def _rows(hearing) -> list[FilingRecord]:
    db.session.expire_all()
    return list(db.session.scalars(select(FilingRecord).where(FilingRecord.hearing_id == hearing.id)
                                   .order_by(FilingRecord.id)))


def test_each_row_is_sent_once_and_the_timer_sends_only_what_was_lost(app, hearing):
    assert operations.file_on_case(hearing) == 3  # the letter, the draft, the citizen's response
    assert operations.file_on_case(hearing) == 0  # the page seen again: nothing sent twice
    now = datetime.now(UTC)
    assert operations.send_waiting(now) == 0  # just sent: their messages are on their way
    later = now + timedelta(seconds=app.config["RECORDS_LEASE_SECONDS"] + 1)
    assert operations.send_waiting(later) == 3  # never taken by a worker: lost, so sent again


def test_a_failed_try_holds_its_row_through_the_back_off(app, hearing, tmp_path):
    operations.file_on_case(hearing)
    first = _rows(hearing)[0]
    (tmp_path / "a-file").write_text("")
    app.config["RECORDS_FOLDER"] = str(tmp_path / "a-file")  # the records system away: no folder to file in
    with pytest.raises(operations.FilingAgain) as wait:
        operations.file_one(first.id)
    assert wait.value.seconds == app.config["RECORDS_RETRY_SECONDS"] + 1
    held = _rows(hearing)[0]
    assert held.state is FilingState.WAITING and held.lease_until > datetime.now(UTC)
    with pytest.raises(operations.FilingBusy):  # a second message cannot skip the wait
        operations.file_one(first.id)
    assert _rows(hearing)[0].tries == 1


def test_erasure_takes_the_name_from_the_rows_and_the_unfiled_response_with_it(app, hearing, tmp_path):
    (tmp_path / "a-file").write_text("")
    app.config["RECORDS_FOLDER"] = str(tmp_path / "a-file")  # nothing gets filed: the rows keep their files
    operations.file_on_case(hearing)
    response_row = next(row for row in _rows(hearing) if row.kind == "response_text")
    with pytest.raises(operations.FilingAgain):
        operations.file_one(response_row.id)  # the file is built and kept for the next try
    kept = next(row for row in _rows(hearing) if row.kind == "response_text")
    assert CITIZEN[0] in kept.title and CITIZEN[0].encode() in kept.content

    with app.test_request_context():
        privacy.erase(privacy.find(CITIZEN[1]))
    db.session.commit()
    erased = next(row for row in _rows(hearing) if row.kind == "response_text")
    assert CITIZEN[0] not in erased.title and CITIZEN[0] not in (erased.sender or "")
    assert erased.content is None and erased.sha256 is None  # made again, without the name, at its next try
    assert all(CITIZEN[0] not in row.title for row in _rows(hearing))
