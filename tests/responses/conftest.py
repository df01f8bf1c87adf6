"""An open hearing like the 2019 round, with Handicaprådet invited and a personal link for each of its contacts."""

import pytest

from tests.factories import Party, make_party


@pytest.fixture
def party(db) -> Party:
    return make_party(db)
