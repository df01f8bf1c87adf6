"""A finalised hearing with two citizens, one who agreed to be named and one who did not."""

from datetime import UTC, datetime

from app.accounts.models import Role
from app.extensions import db
from app.hearings.models import HearingState
from app.memos import operations, publishing
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.models import Response, ResponseKind, ResponseState
from tests.factories import make_comment, make_hearing, make_organisation, make_response, make_user

NAMED = ("Karen Nørgaard", "karen.noergaard@borger.example")
UNNAMED = ("Hemmelig Hansen", "hemmelig.hansen@borger.example")


def citizen(hearing, name, email, publish_name):
    response = Response(hearing=hearing, kind=ResponseKind.CITIZEN, state=ResponseState.SUBMITTED,
                        submitted_at=datetime.now(UTC), citizen_name=name, citizen_email=email,
                        publish_name=publish_name, email_confirmed_at=datetime.now(UTC))
    db.session.add(response)
    db.session.flush()
    return response


def finalised_hearing(app, *, publish: bool):
    hearing = make_hearing(state=HearingState.REPLYING, is_public=True, title="Ny legeplads i Sorgenfri")
    section = hearing.current_version.sections[0]
    officer = make_user(Role.STAFF)
    hearing.officers = [officer]
    council = make_response(hearing, make_organisation("Handicaprådet"), state=ResponseState.SUBMITTED,
                            submitted_at=datetime.now(UTC))
    comments = [make_comment(council, section, "Legepladsen skal kunne bruges af kørestolsbrugere.")]
    for (name, email), consent in ((NAMED, True), (UNNAMED, False)):
        comments.append(make_comment(citizen(hearing, name, email, consent), section, f"Tak fra {consent}."))
    approver = make_user(Role.APPROVER)
    for comment in comments:
        db.session.add(Reply(hearing=hearing, text="Forvaltningen er enig.", outcome=Outcome.ACCEPTED,
                             status=ReplyStatus.APPROVED, approved_at=datetime.now(UTC), approved_by=approver,
                             comments=[comment]))
    db.session.commit()
    with app.test_request_context():
        operations.finalise(hearing, officer)
        if publish:
            publishing.publish(hearing)
        db.session.commit()
    return hearing, officer
