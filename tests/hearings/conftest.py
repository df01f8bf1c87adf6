"""Fixtures of the hearings tests."""

import pytest

import config
from app import create_app
from app.accounts.models import Role
from tests.factories import make_user
from tests.hearings.section_helpers import make_draft


@pytest.fixture(scope="module")
def danish():
    """A request in which messages and warnings can be read, as in the real upload.

    The language lives in the session, so Flask-Babel needs a request. The
    importer never touches the database, so one app without tables serves the
    whole module, which keeps it fast (the conftest `app` fixture empties every
    table after each test).
    """
    app = create_app(config.TestingConfig())
    with app.test_request_context():
        yield


@pytest.fixture
def officer(db):
    user = make_user(Role.STAFF, name="Søren Sagsbehandler")
    db.session.commit()
    return user


@pytest.fixture
def draft(db, officer):
    return make_draft(db, officer)
