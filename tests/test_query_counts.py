"""The main pages read the database a constant number of times, however large the hearing (issue 10).

Each page is opened on a hearing of 1 and of 30 sections, responses and comments;
the SQL statements are counted (before_cursor_execute on the engine). A page
whose count grows with the data has an N+1 (a lazy load per row).
"""

from datetime import UTC, datetime

import pytest
from sqlalchemy import event

from app.accounts.models import Role
from app.extensions import db
from app.hearings.models import HearingState, Invitation, PartyLink
from app.hearings.tokens import token_hash
from app.memos import operations, publishing
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.models import Response, ResponseKind, ResponseState
from tests.factories import PASSWORD, make_comment, make_hearing, make_organisation, make_response, make_user

TOKEN = "query-count-party-link-token"  # noqa: S105 (a test link)

PAGES = {
    "public hearing page": "/hoeringer/{slug}",
    "party response page": "/svar/{token}",
    "staff response list": "/medarbejder/hoeringer/{slug}/svar",
    "reply overview": "/medarbejder/hoeringer/{slug}/besvarelse",
    "section view": "/medarbejder/hoeringer/{slug}/besvarelse/s1",
    "memo preview": "/medarbejder/hoeringer/{slug}/hoeringsnotat",
    "committee hearing page": "/udvalg/hoeringer/{slug}",
    "API hearing JSON": "/api/v1/hoeringer/{slug}",
    "staff start page": "/medarbejder/opgaver/",
}


def _build(app, size: int) -> tuple[str, str, object]:
    """A finalised, published hearing of ``size`` sections, party and citizen responses, comments and replies."""
    hearing = make_hearing(state=HearingState.REPLYING, sections=size, is_public=True)
    sections = hearing.current_version.sections
    officer = make_user(Role.STAFF)
    hearing.officers = [officer]
    approver = make_user(Role.APPROVER)
    now = datetime.now(UTC)
    for i in range(size):
        organisation = make_organisation()
        invitation = Invitation(hearing=hearing, organisation=organisation, invited_at=now)
        db.session.add(invitation)
        if i == 0:
            db.session.add(PartyLink(invitation=invitation, contact=organisation.contacts[0],
                                     token_hash=token_hash(f"{TOKEN}-{size}")))
        party = make_response(hearing, organisation, invitation=invitation, state=ResponseState.SUBMITTED,
                              submitted_at=now, signed_name=f"Formand {i}")
        citizen = Response(hearing=hearing, kind=ResponseKind.CITIZEN, state=ResponseState.SUBMITTED,
                           submitted_at=now, citizen_name=f"Borger {i}", citizen_email=f"borger{i}@example.org",
                           publish_name=i % 2 == 0, email_confirmed_at=now)
        db.session.add(citizen)
        db.session.flush()
        comments = [make_comment(party, sections[0], f"Bemærkning {i} til første afsnit."),
                    make_comment(party, sections[i], f"Bemærkning {i} til afsnit {i + 1}."),
                    make_comment(citizen, sections[i], f"Borgerens bemærkning {i}."),
                    make_comment(citizen, None, f"Generelt {i}.")]
        for comment in comments:
            db.session.add(Reply(hearing=hearing, text=f"Forvaltningens svar {comment.id}.", outcome=Outcome.NOTED,
                                 status=ReplyStatus.APPROVED, approved_at=now, approved_by=approver,
                                 comments=[comment]))
    db.session.commit()
    with app.test_request_context():
        assert operations.finalise(hearing, officer) is not None
        publishing.publish(hearing)
        db.session.commit()
    return hearing.slug, f"{TOKEN}-{size}", officer


def _counts(app, client, slug: str, token: str, officer) -> dict[str, int]:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    assert client.post("/konto/log-ind", data={"email": officer.email, "password": PASSWORD}).status_code == 302
    counts = {}
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        for name, path in PAGES.items():
            client.get(path.format(slug=slug, token=token))  # the first opening may do one-off work (state, caches)
            statements.clear()
            answer = client.get(path.format(slug=slug, token=token))
            assert answer.status_code == 200, f"{name}: {answer.status_code}"
            counts[name] = len(statements)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return counts


@pytest.fixture
def small_and_large(app, client):
    small = _counts(app, client, *_build(app, 1))
    client.post("/konto/log-ud")
    large = _counts(app, client, *_build(app, 30))
    return small, large


def test_pages_read_the_database_a_constant_number_of_times(small_and_large):
    small, large = small_and_large
    grown = {name: f"{small[name]} → {large[name]}" for name in PAGES if large[name] > small[name]}
    assert not grown, f"SQL statements grow with the data (1 → 30 sections, responses, comments): {grown}"
