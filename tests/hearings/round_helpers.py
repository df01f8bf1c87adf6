"""A hearing the committee postponed, with comments and an approved reply: the start of a second round."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import current_app

from app.accounts.models import Role, User
from app.committee.meetings import operations as meetings
from app.committee.meetings.models import MeetingOutcome, VoteSide
from app.hearings import operations
from app.hearings.models import Hearing, HearingState, Invitation, PartyLink, Section
from app.hearings.rounds import operations as rounds
from app.hearings.tokens import new_token, token_hash
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.models import Comment, ResponseState
from tests.factories import make_comment, make_hearing, make_organisation, make_response, make_user

MODELS = {
    "model-1": ("Model 1", "<p>Bostøtten samles i et nyt center ved stationen med døgnbemanding.</p>"),
    "model-2": ("Model 2", "<p>Værestedet flytter til Nettet, og klubtilbuddet fortsætter som i dag.</p>"),
    "model-3": ("Model 3", "<p>Alle tilbud lægges sammen under én ledelse med et fælles budget fra 2014.</p>"),
}


@dataclass
class Postponed:
    hearing: Hearing
    officer: User
    approver: User
    committee: User
    nettet_comments: dict[str, Comment]  # by section key, "general" for the general remark
    other_comment: Comment


def postponed_hearing(db, *, postponed: bool = True, officer: User | None = None, committee: User | None = None,
                      parties: tuple[str, str] = ("Nettet", "Handicaprådet")) -> Postponed:
    """`officer` and `committee`: people of another test world to give this hearing; `parties`: their names."""
    now = datetime.now(UTC)
    officer = officer or make_user(Role.STAFF, name="Søren Sagsbehandler")
    approver = make_user(Role.APPROVER)  # a name of its own: two such hearings share the list of officers
    committee = committee or make_user(Role.COMMITTEE, name="Gitte Westermann")
    hearing = make_hearing(state=HearingState.SENT, sections=0, title="Helhedsplan for socialpsykiatrien",
                           committee="Social- og Sundhedsudvalget", opens_at=now - timedelta(days=60),
                           deadline_at=now - timedelta(days=30), sent_to_committee_at=now - timedelta(days=5))
    hearing.officers.append(officer)
    hearing.approver = approver
    hearing.committee_members.append(committee)
    version = hearing.current_version
    for position, (key, (heading, body)) in enumerate(MODELS.items()):
        version.sections.append(Section(key=key, position=position, heading=heading, body_html=body))
    nettet, council = make_organisation(parties[0]), make_organisation(parties[1])
    for organisation in (nettet, council):
        db.session.add(Invitation(hearing=hearing, organisation=organisation, invited_at=now - timedelta(days=60)))
    db.session.flush()
    sections = {section.key: section for section in version.sections}
    answer = make_response(hearing, nettet, state=ResponseState.SUBMITTED, submitted_at=now - timedelta(days=31))
    comments = {
        "general": make_comment(answer, None, "Nettet og Kirsten Marie foreslår en model 2½."),
        "model-1": make_comment(answer, sections["model-1"], "Et center ved stationen er for langt væk."),
        "model-2": make_comment(answer, sections["model-2"], "Værestedet skal blive, hvor brugerne kender det."),
        "model-3": make_comment(answer, sections["model-3"], "Ét budget gør de små tilbud sårbare."),
    }
    other = make_response(hearing, council, state=ResponseState.SUBMITTED, submitted_at=now - timedelta(days=32))
    other_comment = make_comment(other, sections["model-2"], f"{parties[1]} støtter model 2.")
    db.session.add(Reply(hearing=hearing, text="Værestedet flytter først, når Nettet har plads.",
                         comments=[comments["model-2"]], status=ReplyStatus.APPROVED,
                         outcome=Outcome.PARTLY_ACCEPTED, approved_at=now, approved_by=approver))
    db.session.add(Reply(hearing=hearing, text="Forvaltningen er uenig.", comments=[comments["model-3"]],
                         status=ReplyStatus.DRAFT))  # not approved: the party is not told of it
    db.session.flush()
    if postponed:
        with current_app.test_request_context():
            meetings.record_meeting(hearing, meetings.MeetingInput(
                body=meetings.body_named("Social- og Sundhedsudvalget"), held_on=date(2013, 8, 21),
                outcome=MeetingOutcome.POSTPONED, decision_text="Beslutning om valg af model udsættes til næste møde.",
                votes=((VoteSide.FOR, 6, "C, F, V og O", ""),
                       (VoteSide.AGAINST, 1, "A", "idet model 2 ikke bør indgå i den videre behandling af sagen")),
            ))
    db.session.commit()
    return Postponed(hearing, officer, approver, committee, comments, other_comment)


def second_round_states(db, officer, committee):
    """A hearing the committee postponed, with a revised draft (model 2 reworded); and another, sent to a
    second round that is open, with a personal link of a party that commented in the first."""

    def revised(case):
        draft = rounds.make_committee_draft(case.hearing, "model af 10. september 2013", "Model 2 er justeret.",
                                            officer)
        rounds.edit_committee_section(draft, "model-2", "Model 2", "Værestedet flytter til Nettet i 2015, og "
                                      "klubtilbuddet fortsætter som i dag.")
        return draft

    revising = postponed_hearing(db, officer=officer, committee=committee, parties=("Nettet", "Kirsten Marie"))
    revised(revising)
    sent = postponed_hearing(db, officer=officer, committee=committee, parties=("Lyngby Bo", "Udsatterådet"))
    revised(sent)
    second = rounds.start_second_round(sent.hearing, rounds.RoundDetails(
        "Genhøring: Helhedsplan for socialpsykiatrien", datetime.now(UTC) + timedelta(days=21), ""), officer)
    operations.perform(second, "open")
    invitation = next(i for i in second.invitations if i.organisation.name == "Lyngby Bo")
    token = new_token()
    db.session.add(PartyLink(invitation=invitation, contact=invitation.organisation.contacts[0],
                             token_hash=token_hash(token), sent_at=datetime.now(UTC)))
    db.session.commit()
    return revising, second, token
