"""The committee's treatment as meetings (#19 item 4): bodies, outcomes, votes as the minutes write them,
the path through the bodies on the hearing's pages and in the memo's files, and corrections kept."""

import io
import re
from datetime import UTC, date, datetime, timedelta

import docx
import jsonschema
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.accounts.models import Role
from app.api.openapi import openapi_document
from app.api.views import INTERNAL_MEMO_FIELDS
from app.audit.models import AuditEvent
from app.committee.meetings import operations as meetings
from app.committee.meetings.models import CommitteeBody, Meeting, MeetingOutcome, VoteSide
from app.committee.meetings.party_letters import parse_party_letters
from app.committee.meetings.record import MeetingRecord
from app.extensions import db
from app.hearings.models import Hearing, HearingState
from app.memos.compile import compile_memo
from app.memos.exports import export
from app.refusals import Refused
from tests.factories import make_hearing, make_user

POSTPONED_2013 = ("21. august 2013 – Social- og Sundhedsudvalget: Udsat. 6 (C, F, V og O) stemte for. "
                  "1 (A) stemte imod, idet model 2 ikke bør indgå i den videre behandling af sagen.")
DECISION_2013 = ("Beslutning om valg af model udsættes til næste møde.\n\n"
                 "Udvalget er opmærksom på, at der kan ske ændringer i visiteringen til tilbud.")


def _postponed(hearing, body="Social- og Sundhedsudvalget", **changes):
    data = meetings.MeetingInput(
        body=meetings.body_named(body), held_on=date(2013, 8, 21), outcome=MeetingOutcome.POSTPONED,
        decision_text=DECISION_2013,
        votes=((VoteSide.FOR, 6, "C, F, V og O", ""),
               (VoteSide.AGAINST, 1, "A", "idet model 2 ikke bør indgå i den videre behandling af sagen")),
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


@pytest.fixture
def officer(db):
    return make_user(Role.STAFF, name="Søren Sagsbehandler")


@pytest.fixture
def sent(db, officer):
    """A public hearing whose memo went to the committee."""
    now = datetime.now(UTC)
    hearing = make_hearing(HearingState.SENT, title="Helhedsplan for socialpsykiatrien", is_public=True,
                           committee="Social- og Sundhedsudvalget", opens_at=now - timedelta(days=90),
                           deadline_at=now - timedelta(days=40), sent_to_committee_at=now - timedelta(days=5))
    hearing.officers.append(officer)
    db.session.commit()
    return hearing


def _url(hearing, path="nyt"):
    return f"/medarbejder/hoeringer/{hearing.slug}/moeder/{path}"


# ---------------------------------------------------------------- words and rules


@pytest.mark.parametrize(("text", "expected"), [
    ("C, F, V og O", [(None, "C"), (None, "F"), (None, "V"), (None, "O")]),
    ("(C), (A) og (V)", [(None, "C"), (None, "A"), (None, "V")]),
    ("3 (C), 2 (A), 1 (V)", [(3, "C"), (2, "A"), (1, "V")]),
    ("Ø", [(None, "Ø")]),
    ("c, f", None), ("C F V", None), ("3 C", None), ("C,, F", None), ("Venstre", None),
])
def test_party_letters_are_read_as_the_minutes_write_them(text, expected):
    assert parse_party_letters(text) == expected


def test_a_meeting_reads_as_the_minutes(app, db, sent):
    with app.test_request_context():
        meeting = meetings.record_meeting(sent, _postponed(sent, absent=("Jørn Moos (V)",)))
        db.session.commit()
        record = MeetingRecord.of(meeting)
        assert record.summary() == POSTPONED_2013 + " Jørn Moos (V) var fraværende."
        two = MeetingRecord.from_dict({**record.to_dict(), "absent": ["Jørn Moos (V)", "Ida Holm (O)"]})
        assert two.absent_sentence() == "Jørn Moos (V) og Ida Holm (O) var fraværende."
    assert [v.side for v in meeting.votes] == [VoteSide.FOR, VoteSide.AGAINST]
    assert sent.state is HearingState.SENT, "a postponement does not end the case"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "meeting_recorded"))
    assert event.details["meeting"]["votes"][1]["parties"] == "A"


@pytest.mark.parametrize(("outcome", "decided"), [
    (MeetingOutcome.APPROVED, True), (MeetingOutcome.NOTED, True), (MeetingOutcome.REJECTED, True),
    (MeetingOutcome.RECOMMENDED, False), (MeetingOutcome.POSTPONED, False), (MeetingOutcome.REFERRED, False),
])
def test_only_a_final_outcome_decides_a_hearing_sent_to_the_committee(app, db, sent, outcome, decided):
    with app.test_request_context():
        meetings.record_meeting(sent, _postponed(sent, outcome=outcome, decision_text=""))
        db.session.commit()
    assert (sent.state is HearingState.DECIDED) is decided
    if decided:  # the closing record the lifecycle and retention read is the meeting's
        assert (sent.decided_on, sent.decision_text) == (date(2013, 8, 21), str(outcome.label))


def test_a_meeting_before_the_memo_went_out_decides_nothing(app, db, officer):
    hearing = make_hearing(HearingState.REPLYING)
    with app.test_request_context():
        meetings.record_meeting(hearing, _postponed(hearing, outcome=MeetingOutcome.APPROVED))
    assert hearing.state is HearingState.REPLYING and hearing.decided_on is None


def test_the_meeting_that_ended_the_case_cannot_be_corrected_into_one_that_did_not(app, db, sent):
    with app.test_request_context():
        meeting = meetings.record_meeting(sent, _postponed(sent, outcome=MeetingOutcome.APPROVED))
        with pytest.raises(Refused, match="afsluttede sagen"):
            meetings.correct_meeting(meeting, _postponed(sent), "Forkert udfald")
        meetings.correct_meeting(meeting, _postponed(sent, outcome=MeetingOutcome.REJECTED,
                                                     held_on=date(2013, 9, 11)), "Forkastet, ikke godkendt")
    assert (sent.state, sent.decided_on, sent.decision_text) == (HearingState.DECIDED, date(2013, 9, 11),
                                                                 DECISION_2013)


def test_a_body_is_added_once_whatever_the_letter_case(app, db):
    with app.test_request_context():
        first = meetings.body_named("Økonomiudvalget")
        assert meetings.body_named(" økonomiudvalget ") is first
    assert db.session.scalar(select(db.func.count(CommitteeBody.id))) == 1


# ---------------------------------------------------------------- the form

GOOD = {
    "body": "", "new_body": "Social- og Sundhedsudvalget", "held_on": "21-8-2013", "outcome": "postponed",
    "decision_text": DECISION_2013, "for_count": "6", "for_parties": "C, F, V og O", "for_reason": "",
    "against_count": "1", "against_parties": "A",
    "against_reason": "idet model 2 ikke bør indgå i den videre behandling af sagen",
    "abstaining_count": "", "abstaining_parties": "", "abstaining_reason": "", "absent": "Jørn Moos (V)",
}


def test_staff_record_a_meeting_and_the_path_shows_on_the_hearings_pages(auth, client, sent, officer):
    auth.log_in(officer)
    show = client.get(f"/medarbejder/hoeringer/{sent.slug}").get_data(as_text=True)
    assert _url(sent) in show and "Der er ikke registreret nogen møder endnu." in show
    assert client.get(_url(sent)).status_code == 200
    done = client.post(_url(sent), data=GOOD)
    assert done.status_code == 302, done.get_data(as_text=True)
    body = db.session.scalar(select(CommitteeBody))
    later = {**GOOD, "body": str(body.id), "new_body": "", "held_on": "11-9-2013", "outcome": "recommended",
             "decision_text": "Anbefalet det reviderede udkast (model af 10. september 2013).",
             "for_count": "", "for_parties": "", "against_count": "", "against_parties": "", "against_reason": ""}
    assert client.post(_url(sent), data=later).status_code == 302
    assert db.session.scalar(select(db.func.count(CommitteeBody.id))) == 1, "the new body was added once"

    for page in (client.get(f"/medarbejder/hoeringer/{sent.slug}"), client.get(f"/hoeringer/{sent.slug}")):
        text = re.sub(r"<[^>]+>", "", page.get_data(as_text=True).replace("<br>", " "))
        text = re.sub(r"\s+", " ", text)
        assert POSTPONED_2013 in text
        assert "Jørn Moos (V) var fraværende." in text
        later_at = text.index("11. september 2013 – Social- og Sundhedsudvalget: Anbefalet.")
        assert text.index("21. august 2013") < later_at
        assert "Udvalget er opmærksom på" in text
    public = client.get(f"/hoeringer/{sent.slug}").get_data(as_text=True)
    assert public.count('<div class="app-decision"><p>') == 2, "the decision keeps its paragraphs"
    assert "/moeder/" not in public, "the public page corrects nothing"
    assert db.session.get(Hearing, sent.id).state is HearingState.SENT


TOO_LONG = "x" * 8001


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"for_count": "-1"}, "for_count", "helt tal, 0 eller derover"),
    ({"for_count": "seks"}, "for_count", "helt tal"),
    ({"for_count": "²"}, "for_count", "helt tal"),  # a digit to str.isdigit(), not to int()
    ({"against_count": "1.5"}, "against_count", "helt tal"),
    ({"for_count": ""}, "for_count", "hvor mange der stemte"),
    ({"for_parties": "c, f, v og o"}, "for_parties", "partibogstaverne"),
    ({"for_parties": "3 (C), 2 (A)"}, "for_parties", "giver 5, men antallet er 6"),
    ({"for_parties": "3 (C), F"}, "for_parties", "ved alle partier eller ved ingen"),
    ({"held_on": ""}, "held_on", "Skriv datoen for mødet"),
    ({"held_on": "31-2-2013"}, "held_on", "gyldig dato"),
    ({"held_on": (date.today() + timedelta(days=30)).strftime("%d-%m-%Y")}, "held_on", "fremtiden"),
    ({"new_body": ""}, "body", "Vælg udvalget eller rådet"),
    ({"body": "999999"}, "body", "Vælg et organ på listen"),
    ({"outcome": ""}, "outcome", "Vælg udfaldet"),
    ({"outcome": "vedtaget"}, "outcome", "Vælg et af udfaldene på listen"),
    ({"decision_text": TOO_LONG}, "decision_text", "8.000 tegn"),
])
def test_bad_input_gets_a_danish_message_by_the_field_and_nothing_typed_is_lost(auth, client, sent, officer,
                                                                                changes, field, message):
    auth.log_in(officer)
    page = client.post(_url(sent), data={**GOOD, **changes})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    error = re.search(rf'<span class="form-error-message" id="{field}-error">(.*?)</span>\s*$', text, re.M | re.S)
    assert error and message in error.group(1), (field, re.findall(r'form-error-message" id="([^"]+)"', text))
    assert 'id="error-summary"' in text and "<title>Fejl:" in text
    for name in ("for_parties", "against_reason", "absent"):
        value = {**GOOD, **changes}[name]
        if value:
            assert value in text, name
    assert db.session.scalar(select(Meeting)) is None


# ---------------------------------------------------------------- corrections


def test_a_correction_keeps_the_earlier_version_for_staff(auth, client, sent, officer):
    auth.log_in(officer)
    assert client.post(_url(sent), data=GOOD).status_code == 302
    meeting = db.session.scalar(select(Meeting))
    form = client.get(_url(sent, f"{meeting.id}/ret")).get_data(as_text=True)
    assert 'value="C, F, V og O"' in form and "Jørn Moos (V)" in form, "the form shows the meeting as recorded"

    corrected = {**GOOD, "body": str(meeting.body_id), "new_body": "", "for_count": "5",
                 "for_parties": "C, F og V", "correction_reason": ""}
    refused = client.post(_url(sent, f"{meeting.id}/ret"), data=corrected)
    assert refused.status_code == 200 and "Skriv, hvad der er rettet og hvorfor" in refused.get_data(as_text=True)
    assert 'value="C, F og V"' in refused.get_data(as_text=True), "nothing typed is lost"

    done = client.post(_url(sent, f"{meeting.id}/ret"),
                       data={**corrected, "correction_reason": "O stemte ikke; protokollen var rettet."})
    assert done.status_code == 302
    meeting = db.session.get(Meeting, meeting.id, populate_existing=True)
    assert [(v.count, v.parties) for v in meeting.votes] == [(5, "C, F og V"), (1, "A")]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "meeting_corrected"))
    assert event.details["before"]["votes"][0] == {"side": "for", "count": 6, "parties": "C, F, V og O",
                                                   "reason": ""}
    assert event.details["reason"] == "O stemte ikke; protokollen var rettet."

    colleague = make_user(Role.STAFF)  # not the hearing's own: reads, corrects nothing
    db.session.commit()
    auth.log_in(colleague)
    show = client.get(f"/medarbejder/hoeringer/{sent.slug}").get_data(as_text=True)
    assert "5 (C, F og V) stemte for." in show
    earlier = show.split('<details class="app-earlier-meeting">', 1)[1].split("</details>", 1)[0]
    assert "6 (C, F, V og O) stemte for." in earlier and "O stemte ikke; protokollen var rettet." in earlier
    assert "/ret" not in show
    assert client.get(_url(sent, f"{meeting.id}/ret")).status_code == 403
    public = client.get(f"/hoeringer/{sent.slug}").get_data(as_text=True)
    assert "6 (C, F, V og O)" not in public, "the public sees the corrected meeting only"


def test_a_meeting_of_another_hearing_is_not_found(auth, client, sent, officer):
    other = make_hearing(HearingState.SENT)
    other.officers.append(officer)
    with client.application.test_request_context():
        meeting = meetings.record_meeting(other, _postponed(other))
    db.session.commit()
    auth.log_in(officer)
    assert client.get(_url(sent, f"{meeting.id}/ret")).status_code == 404
    assert client.get(_url(sent, "999999/ret")).status_code == 404


# ---------------------------------------------------------------- the memo's files


def test_the_memo_files_show_the_path_through_the_bodies(app, db, sent):
    with app.test_request_context():
        meetings.record_meeting(sent, _postponed(sent, absent=("Jørn Moos (V)",)))
        meetings.record_meeting(sent, meetings.MeetingInput(
            body=meetings.body_named("Økonomiudvalget"), held_on=date(2013, 9, 24),
            outcome=MeetingOutcome.RECOMMENDED, decision_text="Anbefalet."))
        content = compile_memo(sent)
        word = docx.Document(io.BytesIO(export(content, "docx").content))
        pdf = PdfReader(io.BytesIO(export(content, "pdf").content))
        html = export(content, "html").content.decode()
    paragraphs = [p.text for p in word.paragraphs]
    at = paragraphs.index("Sagens politiske behandling")
    assert paragraphs[at + 1:at + 7] == [
        "21. august 2013 – Social- og Sundhedsudvalget: Udsat.", "6 (C, F, V og O) stemte for.",
        "1 (A) stemte imod, idet model 2 ikke bør indgå i den videre behandling af sagen.",
        "Jørn Moos (V) var fraværende.", "Beslutning om valg af model udsættes til næste møde.",
        "Udvalget er opmærksom på, at der kan ske ændringer i visiteringen til tilbud."]
    assert paragraphs[at + 7] == "24. september 2013 – Økonomiudvalget: Anbefalet."
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))
    assert "21. august 2013 – Social- og Sundhedsudvalget: Udsat." in text
    assert "1 (A) stemte imod, idet model 2 ikke bør indgå i den videre behandling af sagen." in text
    assert text.index("Udsat.") < text.index("24. september 2013 – Økonomiudvalget: Anbefalet.")
    assert "Sagens politiske behandling" in html and html.count('class="app-meeting"') == 2
    with app.test_request_context():  # the open data's memo holds the path too, as its schema says
        document = openapi_document()
    published = {key: value for key, value in content.to_dict().items()
                 if key not in INTERNAL_MEMO_FIELDS}  # as the API gives it
    jsonschema.validate(published, {**document["components"]["schemas"]["MemoContent"],
                                            "components": document["components"]})


def test_a_memo_frozen_before_the_meetings_reads_back_without_them(app, db, sent):
    with app.test_request_context():
        content = compile_memo(sent).to_dict()
    content.pop("meetings")  # a memo finalised before this change has no such key
    from app.memos.content import MemoContent

    assert MemoContent.from_dict(content).meetings == []


# ---------------------------------------------------------------- the demo


def test_the_2019_demo_has_the_committees_meeting_with_its_vote_from_the_seed(demo):
    [meeting] = demo.meetings
    assert (meeting.body.name, meeting.held_on, meeting.outcome) == (
        "Social- og Sundhedsudvalget", date(2019, 6, 11), MeetingOutcome.RECOMMENDED)
    assert [(v.side, v.count, v.parties) for v in meeting.votes] == [
        (VoteSide.FOR, 6, "3 (C), 2 (A), 1 (V)"), (VoteSide.AGAINST, 1, "F")]
    assert meeting.votes[1].reason.startswith("idet der mangler en sandsynliggørelse af, hvor de afledte")
    assert meeting.decision_text.split("\n\n") == [
        "Ad 1) (C), (A) og (V) foreslog, at indstillingen blev anbefalet.",
        "I forhold til Handicaprådets høringssvar henviser udvalget til forvaltningens bemærkninger hertil."]
    assert "stemte" not in meeting.decision_text, "the vote is the vote's, not repeated in the text"
