"""Shared by the reply tests: the 2019 round in small for search, and answering comments on the staff pages."""

from datetime import UTC, datetime

from app.hearings.models import Hearing, HearingState, Section
from app.replies.models import Outcome, Reply
from app.responses.models import Response, ResponseKind, ResponseState
from tests.factories import make_comment, make_hearing, make_organisation, make_response

SIXTY_DAYS = "Rådet foreslår, at aflastningen kan gives i mere end 60 døgn om året."
GENERAL = "Handicaprådet takker for et grundigt udkast og ønsker, at pårørende inddrages."
ELDERLY = "Ældre borgere med demens skal have samme ret til aflastning."
CITIZEN = "Jeg savner en klar aflastning i weekenden, og tilbuddet skal være tæt på hjemmet."


def build_hearing(db, **fields) -> Hearing:
    """The 2019 round in small: § 84 with a field, Handicaprådet and a citizen, a reply with an internal note."""
    hearing = make_hearing(HearingState.REPLYING, sections=0, slug="kvalitetsstandarder-2019",
                           title="Kvalitetsstandarder på det specialiserede voksenområde", **fields)
    version = hearing.current_version
    p84 = Section(version=version, key="s84", position=0, number="§ 84", heading="Aflastning")
    omfang = Section(version=version, key="s84-omfang", position=1, heading="Omfang/varighed", parent=p84)
    p85 = Section(version=version, key="s85", position=2, number="§ 85", heading="Socialpædagogisk støtte")
    db.session.add_all([p84, omfang, p85])
    council = make_response(hearing, make_organisation("Handicaprådet"), state=ResponseState.SUBMITTED,
                            submitted_at=datetime.now(UTC))
    general = make_comment(council, None, GENERAL)
    sixty = make_comment(council, omfang, SIXTY_DAYS)
    make_comment(council, p85, ELDERLY)
    citizen = Response(hearing=hearing, kind=ResponseKind.CITIZEN, state=ResponseState.SUBMITTED,
                       submitted_at=datetime.now(UTC), citizen_name="Karen Hansen", citizen_email="karen@example.org")
    db.session.add(citizen)
    make_comment(citizen, p84, CITIZEN)
    reply = Reply(hearing=hearing, text="Forvaltningen fastholder rammen på op til 60 døgn om året.",
                  outcome=Outcome.NOT_ACCEPTED, internal_note="Budgettet til afløsning er brugt op i 2019.")
    db.session.add(reply)
    sixty.reply = reply
    general.reply = Reply(hearing=hearing, text="Forvaltningen takker for bemærkningerne.", outcome=Outcome.NOTED)
    db.session.commit()
    return hearing


def staff_base(case) -> str:
    """The staff address of the case's hearing."""
    return f"/medarbejder/hoeringer/{case['slug']}"


def reply_form(data=None, **fields) -> dict:
    """A reply form that saves: a text, an outcome, no financial consequence, unless told otherwise."""
    form = {"text": "Forvaltningen fastholder 60 døgn.", "outcome": "not_accepted", "financial_consequence": "no"}
    form.update(data or {}, **fields)
    return form


def start_reply(client, case, comment_id) -> str:
    """Start a reply to one comment of the case's section; returns the reply's address."""
    answer = client.post(f"{staff_base(case)}/besvarelse/{case['key']}/nyt-svar", data={"comment": comment_id})
    assert answer.status_code == 302
    return answer.headers["Location"]
