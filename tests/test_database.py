"""The database itself refuses what a state does not allow, and the migrations
build exactly the schema the models describe, on SQLite and PostgreSQL."""

import uuid
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError, StatementError

from app import create_app
from app.accounts.models import Role, User
from app.extensions import db as _db
from app.hearings.models import HearingState, Invitation
from app.memos.models import Memo
from app.notifications.models import OutboxMessage, OutboxStatus
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.models import Cosignature, Response, ResponseKind, ResponseState
from tests.factories import make_hearing, make_organisation, make_response


def _refused(db, change) -> None:
    change()
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_submitted_response_without_a_submitted_time_is_refused(db):
    response = make_response(make_hearing())

    def submit_without_time():
        response.state = ResponseState.SUBMITTED

    _refused(db, submit_without_time)


def test_a_submitted_response_with_its_time_is_kept(db):
    response = make_response(make_hearing())
    response.state = ResponseState.SUBMITTED
    response.submitted_at = datetime.now(UTC)
    db.session.commit()
    assert response.state is ResponseState.SUBMITTED


def test_an_open_hearing_needs_opening_and_deadline(db):
    hearing = make_hearing(state=HearingState.DRAFT)

    def open_without_deadline():
        hearing.state = HearingState.OPEN
        hearing.deadline_at = None

    _refused(db, open_without_deadline)


def test_a_deadline_before_the_opening_is_refused(db):
    hearing = make_hearing()

    def deadline_first():
        hearing.deadline_at = hearing.opens_at.replace(year=2000)

    _refused(db, deadline_first)


def test_an_approved_reply_needs_an_approver(db):
    hearing = make_hearing()
    reply = Reply(hearing=hearing, text="Svar", outcome=Outcome.NOTED)
    db.session.add(reply)
    db.session.flush()

    def approve_without_approver():
        reply.status = ReplyStatus.APPROVED

    _refused(db, approve_without_approver)


def test_a_reply_ready_for_approval_needs_an_outcome(db):
    reply = Reply(hearing=make_hearing(), text="Svar", status=ReplyStatus.READY)
    _refused(db, lambda: db.session.add(reply))


def test_a_party_is_on_a_hearings_list_once(db):
    hearing, organisation = make_hearing(), make_organisation()
    db.session.add(Invitation(hearing=hearing, organisation=organisation))
    db.session.flush()
    _refused(db, lambda: db.session.add(Invitation(hearing=hearing, organisation=organisation)))


def test_a_sent_mail_needs_its_sent_time(db):
    message = OutboxMessage(
        message_id=f"<{uuid.uuid4().hex}@test>", recipient="a@example.org",
        subject="Emne", body_text="Tekst", status=OutboxStatus.SENT,
    )
    _refused(db, lambda: db.session.add(message))


def test_an_unknown_state_is_refused_by_the_database(db):
    make_hearing()
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(text("UPDATE hearings SET state = 'lost'"))
    db.session.rollback()


def test_an_uppercase_email_is_refused(db):
    user = User(email="Someone@Example.org", name="Navn", role=Role.STAFF)
    _refused(db, lambda: db.session.add(user))


def test_naive_timestamps_are_refused_before_they_reach_the_database(db):
    hearing = make_hearing()
    hearing.deadline_at = datetime(2030, 1, 1, 12, 0)  # no time zone: ambiguous
    with pytest.raises(StatementError, match="naive datetime"):
        db.session.flush()
    db.session.rollback()


def test_timestamps_come_back_aware_and_in_utc(db):
    hearing = make_hearing()
    db.session.commit()
    db.session.expire_all()
    assert hearing.deadline_at.tzinfo is not None
    assert hearing.deadline_at.utcoffset().total_seconds() == 0


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A database with nothing in it: a new SQLite file, or a new PostgreSQL schema."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    schema = f"migration_check_{uuid.uuid4().hex[:8]}"
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in database_url else "?"
    yield f"{database_url}{separator}options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


def test_migrations_build_the_schema_the_models_describe(empty_database_url):
    import config

    settings = config.TestingConfig()
    settings.SQLALCHEMY_DATABASE_URI = empty_database_url
    app = create_app(settings)
    with app.app_context():
        upgrade()
        with _db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, _db.metadata)
        _db.engine.dispose()
    assert differences == []


def test_the_cosigner_migration_accepts_a_letters_cosigners_and_leaves_a_partys_pending(empty_database_url):
    """0027_cosigner_consent: staff registered a letter on the evidence of the letter, so its co-signers are
    accepted (when it came); a party named through its own link never agreed, so it is pending."""
    import config

    settings = config.TestingConfig()
    settings.SQLALCHEMY_DATABASE_URI = empty_database_url
    app = create_app(settings)
    sent = datetime(2013, 6, 20, 10, tzinfo=UTC)
    with app.app_context():
        upgrade()
        hearing = make_hearing()
        staff = User(email="sagsbehandler@example.org", name="Sagsbehandler", role=Role.STAFF)
        _db.session.add(staff)
        _db.session.flush()
        letter = Response(hearing=hearing, kind=ResponseKind.LETTER, organisation=make_organisation(),
                          registered_by_id=staff.id, state=ResponseState.SUBMITTED, submitted_at=sent)
        _db.session.add(letter)
        linked = make_response(hearing, state=ResponseState.SUBMITTED, submitted_at=sent)
        for response in (letter, linked):
            response.cosignatures = [Cosignature(organisation=make_organisation(), accepted_at=sent)]
        _db.session.commit()
        ids = (letter.id, linked.id)
        _db.session.remove()
        downgrade(revision="0026_memo_files")
        upgrade()
        with _db.engine.connect() as connection:
            accepted = dict(connection.execute(text(
                "SELECT response_id, accepted_at FROM response_cosigners ORDER BY response_id")).all())
        _db.engine.dispose()
    assert accepted[ids[0]] is not None and accepted[ids[1]] is None


def test_the_migrated_database_takes_an_answer_sent_back_and_refuses_one_without_its_reason(empty_database_url):
    """0029_question_sent_back widens the answer status's CHECK on both databases, and goes back down."""
    import config

    settings = config.TestingConfig()
    settings.SQLALCHEMY_DATABASE_URI = empty_database_url
    app = create_app(settings)
    insert = ("INSERT INTO committee_questions (hearing_id, number, mark, asker, text, asked_at, answer, status,"
              " sent_back_reason) VALUES (:hearing, :number, '1)', 'Gitte Westermann (V)', 'Hvorfor?',"
              " CURRENT_TIMESTAMP, 'Fordi.', 'sent_back', :reason)")
    with app.app_context():
        upgrade()
        hearing_id = make_hearing().id
        _db.session.commit()
        with _db.engine.begin() as connection:
            connection.execute(text(insert), {"hearing": hearing_id, "number": 1, "reason": "Svar på det hele."})
        with pytest.raises(IntegrityError), _db.engine.begin() as connection:
            connection.execute(text(insert), {"hearing": hearing_id, "number": 2, "reason": None})
        _db.session.remove()
        downgrade(revision="0028_session_id_token")
        with _db.engine.connect() as connection:
            status = connection.execute(text("SELECT status FROM committee_questions")).scalar_one()
        upgrade()
        _db.engine.dispose()
    assert status == "ready"  # down again: waiting for the team lead, as before the migration


def test_the_migrated_database_keeps_a_public_memo_file_and_goes_back_without_it(empty_database_url):
    """0030_public_memo_files lets a version store its public copy (part 'public'); down again, those rows
    go, as the old CHECK would refuse them, and the memo's own files stay."""
    import config

    settings = config.TestingConfig()
    settings.SQLALCHEMY_DATABASE_URI = empty_database_url
    app = create_app(settings)
    insert = ("INSERT INTO memo_files (memo_id, part, file_format, filename, mimetype, size, sha256, created_at,"
              " data) VALUES (:memo, :part, 'pdf', 'notat.pdf', 'application/pdf', 4, :sha, CURRENT_TIMESTAMP, :data)")
    with app.app_context():
        upgrade()
        memo = Memo(hearing=make_hearing(), version=1, content={}, sha256="0" * 64)
        _db.session.add(memo)
        _db.session.commit()
        for part in ("memo", "public"):
            with _db.engine.begin() as connection:
                connection.execute(text(insert), {"memo": memo.id, "part": part, "sha": "1" * 64, "data": b"%PDF"})
        with pytest.raises(IntegrityError), _db.engine.begin() as connection:
            connection.execute(text(insert), {"memo": memo.id, "part": "draft", "sha": "1" * 64, "data": b"%PDF"})
        _db.session.remove()
        downgrade(revision="0029_question_sent_back")
        with _db.engine.connect() as connection:
            parts = connection.execute(text("SELECT part FROM memo_files")).scalars().all()
        upgrade()
        _db.engine.dispose()
    assert parts == ["memo"]
