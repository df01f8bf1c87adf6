"""The migration to meetings keeps each decided hearing's decision: it becomes the hearing's first meeting."""

import uuid

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from app import create_app
from app.extensions import db as _db


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A database with nothing in it: a new SQLite file, or a new PostgreSQL schema."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    schema = f"migration_meetings_{uuid.uuid4().hex[:8]}"
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in database_url else "?"
    yield f"{database_url}{separator}options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


HEARING = ("INSERT INTO hearings (id, slug, title, committee, summary, background, letter, is_public, state, "
           "opens_at, deadline_at, closed_at, decided_on, decision_text, created_at, updated_at) VALUES "
           "(:id, :slug, 'Kvalitetsstandarder', :committee, '', '', '', false, :state, '2019-04-10 07:00:00', "
           "'2019-06-03 21:59:00', '2019-06-03 22:00:00', :decided_on, :text, '2019-04-01 08:00:00', "
           "'2019-06-20 08:00:00')")


def test_each_decision_becomes_a_meeting_of_its_committee(empty_database_url):
    import config

    settings = config.TestingConfig()
    settings.SQLALCHEMY_DATABASE_URI = empty_database_url
    app = create_app(settings)
    with app.app_context():
        upgrade(revision="0010_response_full_text")
        with _db.engine.begin() as connection:
            for row in (
                {"id": 1, "slug": "a", "committee": "Social- og Sundhedsudvalget", "state": "decided",
                 "decided_on": "2019-06-11", "text": "Anbefalet.\n\nFraværende: Simon Pihl Sørensen (O)."},
                {"id": 2, "slug": "b", "committee": "Social- og Sundhedsudvalget", "state": "decided",
                 "decided_on": "2019-06-20", "text": "Udvalget tiltrådte indstillingen."},
                {"id": 3, "slug": "c", "committee": None, "state": "decided", "decided_on": "2020-01-15",
                 "text": "Taget til efterretning."},
                {"id": 4, "slug": "d", "committee": "Social- og Sundhedsudvalget", "state": "sent",
                 "decided_on": None, "text": None},
            ):
                connection.execute(text(HEARING), row)
        upgrade()
        with _db.engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT m.hearing_id, b.name, m.held_on, m.outcome, m.decision_text FROM committee_meetings m "
                "JOIN committee_bodies b ON b.id = m.body_id ORDER BY m.hearing_id")).all()
        _db.engine.dispose()
    assert [(r[0], r[1], str(r[2]), r[3]) for r in rows] == [
        (1, "Social- og Sundhedsudvalget", "2019-06-11", "recommended"),
        (2, "Social- og Sundhedsudvalget", "2019-06-20", "approved"),  # no outcome word: the case's last word
        (3, "Udvalget", "2020-01-15", "noted"),
    ]
    assert rows[0][4] == "Anbefalet.\n\nFraværende: Simon Pihl Sørensen (O).", "paragraphs kept"
