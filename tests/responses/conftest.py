"""An open hearing like the 2019 round, with Handicaprådet invited and a personal link for each of its contacts;
a real IMAP server for the hearings' mailbox."""

import pytest

from tests.factories import Party, make_party
from tests.responses.dovecot import Dovecot


@pytest.fixture
def party(db) -> Party:
    return make_party(db)


@pytest.fixture
def dovecot(app):
    """A real IMAP server of the test's own (dovecot), and the app's mailbox settings pointing at it."""
    server = Dovecot()
    server.start()
    app.config.update(server.config())
    yield server
    server.remove()
