"""A hearing whose memo is large (app/memos/shape.py): for the memo's layout tests and its browser test."""

from datetime import UTC, datetime, timedelta

from app.extensions import db
from app.hearings.models import HearingState, Section
from app.replies.models import Outcome, Reply
from app.responses.models import Comment, ResponseState
from tests.factories import make_comment, make_hearing, make_organisation, make_response

LONG = " ".join(f"Sætning nummer {n} om aflastningen i weekenden og om hvad familierne mener." for n in range(12))


def large_hearing():
    """Handicaprådet's 201 comments on § 1, each with a reply (every third accepted, the first comment long):
    a large memo; Seniorrådet's comment on § 2 not answered yet."""
    hearing = make_hearing(HearingState.REPLYING, sections=0, slug="stor-tabel", title="Aflastning i hele landet")
    first = Section(version=hearing.current_version, key="s1", position=0, number="§ 1", heading="Aflastning")
    second = Section(version=hearing.current_version, key="s2", position=1, number="§ 2", heading="Weekender")
    db.session.add_all([first, second])
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    council = make_response(hearing, make_organisation("Handicaprådet"), state=ResponseState.SUBMITTED,
                            submitted_at=start)
    db.session.add_all(
        Comment(response=council, section=first, position=n, text=LONG if n == 0 else f"Kort bemærkning {n}.",
                reply=Reply(hearing=hearing, text=f"Svar nummer {n}.",
                            outcome=Outcome.ACCEPTED if n % 3 == 0 else Outcome.NOT_ACCEPTED))
        for n in range(201))
    seniors = make_response(hearing, make_organisation("Seniorrådet"), state=ResponseState.SUBMITTED,
                            submitted_at=start + timedelta(minutes=1))
    make_comment(seniors, second, "Weekenderne bør med.")
    db.session.commit()
    return hearing
