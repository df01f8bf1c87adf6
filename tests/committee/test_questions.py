"""Members' written questions (#19 item 5): a member asks on a postponed case, a case officer answers, a
team lead approves (never their own answer), the members get one mail through real SMTP when every answer
is approved, and the table "Spørgsmålsstiller | Spørgsmål | Forvaltningens svar" reads back from Word and
the tagged PDF."""

import io
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta

import docx
import pytest
from pypdf import PdfReader
from sqlalchemy import event, select

from app.accounts.models import Role
from app.committee.meetings import operations as meetings
from app.committee.meetings.models import MeetingOutcome
from app.committee.questions import exports
from app.committee.questions import operations as questions
from app.committee.questions.models import AnswerStatus, CommitteeQuestion
from app.extensions import db
from app.hearings.models import Hearing, HearingState
from app.jobs.models import Job
from app.jobs.operations import run
from app.memos.jobs import VERSION_KIND, stored_file, stored_parts
from app.notifications.operations import send_due
from app.records import documents
from tests.factories import make_hearing, make_user

QUESTION = ("I høringssvar fra Nettet skriver man, at der ikke kan bygges videre på eksisterende erfaringer i "
            "model 2. Hvordan forestiller forvaltningen at man kan bygge videre på eksisterende erfaringer i model 2?")
ANSWER = ("Kirsten Marie og Nettet har gennem en årrække løst en række opgaver vedrørende socialpsykiatrisk "
          "støtte til borgere i eget hjem.\n\nDisse gode erfaringer skal videreføres og udbredes.")


@pytest.fixture
def case(db):
    """A hearing whose memo went to the committee, postponed on 21 August 2013, with two members."""
    now = datetime.now(UTC)
    hearing = make_hearing(HearingState.SENT, title="Helhedsplan for socialpsykiatrien",
                           committee="Social- og Sundhedsudvalget", opens_at=now - timedelta(days=90),
                           deadline_at=now - timedelta(days=40), sent_to_committee_at=now - timedelta(days=5))
    officer = make_user(Role.STAFF, name="Søren Sagsbehandler")
    hearing.officers.append(officer)
    gitte = make_user(Role.COMMITTEE, name="Gitte Westermann", party="V", email="gitte@kommune.example.org")
    hans = make_user(Role.COMMITTEE, name="Hans Henrik Madsen", party="SF", email="hhm@kommune.example.org")
    hearing.committee_members.extend([gitte, hans])
    approver = make_user(Role.APPROVER, name="Tove Teamleder")
    data = meetings.MeetingInput(body=meetings.body_named("Social- og Sundhedsudvalget"), held_on=date(2013, 8, 21),
                                 outcome=MeetingOutcome.POSTPONED, decision_text="Sagen blev udsat.")
    meetings.record_meeting(hearing, data)
    db.session.commit()
    return {"hearing": hearing, "officer": officer, "gitte": gitte, "hans": hans, "approver": approver}


def _status(question_id):
    db.session.expire_all()  # as the requests left it
    return db.session.get(CommitteeQuestion, question_id).status


def _ask(client, slug, text):
    return client.post(f"/udvalg/hoeringer/{slug}/spoergsmaal/nyt", data={"text": text})


def test_a_member_asks_an_officer_answers_a_team_lead_approves_and_the_members_get_one_mail(
    auth, client, case, smtp_server
):
    slug = case["hearing"].slug
    auth.log_in(case["gitte"])
    response = _ask(client, slug, QUESTION)
    assert response.status_code == 302
    page = client.get(f"/udvalg/hoeringer/{slug}/spoergsmaal", follow_redirects=True).get_data(as_text=True)
    assert "Gitte Westermann (V)" in page and "Hvordan forestiller forvaltningen" in page
    assert "Forvaltningen besvarer spørgsmålet." in page
    auth.log_in(case["hans"])
    _ask(client, slug, "Der mangler en mere grundig vurdering af samarbejdet med distriktspsykiatrien.")
    first, second = questions.questions(db.session.get(Hearing, case["hearing"].id))
    assert [(q.number, q.asker) for q in (first, second)] == [(1, "Gitte Westermann (V)"),
                                                               (2, "Hans Henrik Madsen (SF)")]

    auth.log_in(case["officer"])
    for question in (first, second):
        response = client.post(f"/medarbejder/hoeringer/{slug}/spoergsmaal/{question.id}/svar",
                               data={"text": ANSWER})
        assert response.status_code == 302
    assert _status(first.id) is AnswerStatus.READY

    auth.log_in(case["approver"])
    client.post(f"/medarbejder/hoeringer/{slug}/spoergsmaal/{first.id}/godkend")
    assert send_due() == (0, 0), "no mail while an answer waits"
    response = client.post(f"/medarbejder/hoeringer/{slug}/spoergsmaal/{second.id}/godkend", follow_redirects=True)
    assert "Udvalgets medlemmer har fået en mail" in response.get_data(as_text=True)
    assert send_due() == (2, 0)
    assert send_due() == (0, 0)

    received = {m["X-Envelope-To"]: m for m in smtp_server.messages}
    assert set(received) == {"gitte@kommune.example.org", "hhm@kommune.example.org"}
    mail = received["gitte@kommune.example.org"]
    assert mail["Subject"] == "Svar på udvalgets spørgsmål: Helhedsplan for socialpsykiatrien"
    body = mail.get_body(("plain",)).get_content()
    assert "Kære Gitte Westermann" in body and f"/udvalg/hoeringer/{slug}/spoergsmaal" in body

    auth.log_in(case["gitte"])
    page = client.get(f"/udvalg/hoeringer/{slug}/spoergsmaal").get_data(as_text=True)
    assert "Disse gode erfaringer skal videreføres og udbredes." in page


def test_an_empty_question_or_answer_gets_a_danish_message_by_the_field(auth, client, case):
    slug = case["hearing"].slug
    auth.log_in(case["gitte"])
    response = _ask(client, slug, "   ")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Skriv dit spørgsmål." in page and 'id="text-error"' in page
    assert db.session.scalar(select(CommitteeQuestion)) is None

    question = questions.add_question(case["hearing"], "Gitte Westermann (V)", QUESTION)
    db.session.commit()
    auth.log_in(case["officer"])
    response = client.post(f"/medarbejder/hoeringer/{slug}/spoergsmaal/{question.id}/svar", data={"text": ""})
    assert response.status_code == 200
    assert "Skriv forvaltningens svar." in response.get_data(as_text=True)
    assert _status(question.id) is AnswerStatus.UNANSWERED


def test_a_team_lead_does_not_approve_an_answer_they_wrote(auth, client, case):
    slug = case["hearing"].slug
    question = questions.add_question(case["hearing"], "Gitte Westermann (V)", QUESTION)
    db.session.commit()
    auth.log_in(case["approver"])
    client.post(f"/medarbejder/hoeringer/{slug}/spoergsmaal/{question.id}/svar", data={"text": ANSWER})
    response = client.post(f"/medarbejder/hoeringer/{slug}/spoergsmaal/{question.id}/godkend",
                           follow_redirects=True)
    assert "Du har selv skrevet svaret" in response.get_data(as_text=True)
    assert _status(question.id) is AnswerStatus.READY


def test_questions_are_asked_only_while_the_case_is_postponed(auth, client, case):
    hearing = case["hearing"]
    meetings.record_meeting(hearing, meetings.MeetingInput(
        body=meetings.body_named("Social- og Sundhedsudvalget"), held_on=date(2013, 9, 11),
        outcome=MeetingOutcome.RECOMMENDED, decision_text="Anbefalet."))
    db.session.commit()
    auth.log_in(case["gitte"])
    response = _ask(client, hearing.slug, QUESTION)
    assert response.status_code == 302
    assert "Der kan kun stilles spørgsmål, når sagen er udsat." in client.get(response.headers["Location"]) \
        .get_data(as_text=True)
    assert db.session.scalar(select(CommitteeQuestion)) is None


def test_a_member_of_another_committee_and_staff_do_not_ask(auth, client, case):
    auth.log_in(make_user(Role.COMMITTEE))
    assert _ask(client, case["hearing"].slug, QUESTION).status_code == 403
    assert client.get(f"/udvalg/hoeringer/{case['hearing'].slug}/spoergsmaal").status_code == 403
    auth.log_in(case["officer"])
    assert _ask(client, case["hearing"].slug, QUESTION).status_code == 403


def _answered(case, count=2):
    hearing = case["hearing"]
    for n in range(count):
        question = questions.add_question(hearing, "Gitte Westermann (V)" if n == 0 else "Hans Henrik Madsen (SF)",
                                          f"Spørgsmål nummer {n + 1}?\n\nAnden del af spørgsmålet.")
        questions.answer(question, f"Svar på spørgsmål {n + 1}.\n\nAnden del af svaret.", case["officer"])
        if n == 0:
            questions.approve(question, case["approver"])
    db.session.commit()
    return exports.rows(questions.questions(hearing))


def test_the_table_reads_back_from_word(app, case):
    table = _answered(case)
    with app.test_request_context():
        content, mimetype, filename = exports.export(case["hearing"], table, "docx")
    assert filename == f"spoergsmaal-og-svar-{case['hearing'].slug}.docx"
    document = docx.Document(io.BytesIO(content))
    [grid] = document.tables
    cells = [[cell.text for cell in row.cells] for row in grid.rows]
    assert cells[0] == ["Spørgsmålsstiller", "Spørgsmål", "Forvaltningens svar"]
    assert cells[1] == ["Gitte Westermann (V)", "1) Spørgsmål nummer 1?\nAnden del af spørgsmålet.",
                        "Svar på spørgsmål 1.\nAnden del af svaret."]
    assert cells[2][0] == "Hans Henrik Madsen (SF)"
    assert cells[2][2] == "Svaret er ikke godkendt endnu.", "an answer not approved is not the administration's"
    assert document.core_properties.language == "da-DK"


def test_the_table_reads_back_from_the_tagged_pdf(app, case, tmp_path):
    table = _answered(case, count=1)
    with app.test_request_context():
        content, mimetype, _filename = exports.export(case["hearing"], table, "pdf")
    assert mimetype == "application/pdf"
    catalog = PdfReader(io.BytesIO(content)).trailer["/Root"]
    assert catalog["/Lang"] == "da" and "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    path = tmp_path / "svar.pdf"
    path.write_bytes(content)
    text = " ".join(subprocess.run([shutil.which("pdftotext"), str(path), "-"],  # noqa: S603 (our own file)
                                   capture_output=True, check=True, text=True).stdout.split())
    for expected in ("Spørgsmålsstiller", "Spørgsmål", "Forvaltningens svar", "Gitte Westermann (V)",
                     "1) Spørgsmål nummer 1?", "Svar på spørgsmål 1.", "Anden del af svaret."):
        assert expected in text
    assert {"/Table", "/TH", "/TD"} <= _structure_types(content), "a table with its header cells tagged"


def _structure_types(content: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(content))
    seen, stack = set(), [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if hasattr(node, "get") and node.get("/S"):
            seen.add(str(node["/S"]))
        kids = node.get("/K") if hasattr(node, "get") else None
        if kids is None:
            continue
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if hasattr(kid, "get"):
                stack.append(kid)
    return seen


def test_the_download_is_the_apps_one_download_path(auth, client, case):
    _answered(case, count=1)
    auth.log_in(case["gitte"])
    response = client.get(f"/udvalg/hoeringer/{case['hearing'].slug}/spoergsmaal/fil/docx")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "spoergsmaal-og-svar-" in response.headers["Content-Disposition"]
    assert client.get(f"/udvalg/hoeringer/{case['hearing'].slug}/spoergsmaal/fil/exe").status_code == 404


def test_the_next_version_of_the_memo_has_the_questions_as_an_appendix(app, case):
    from app.memos.compile import compile_memo
    from app.memos.content import MemoContent
    from app.memos.exports import export

    _answered(case, count=2)
    with app.test_request_context():
        memo = MemoContent.from_dict(compile_memo(case["hearing"]).to_dict())  # as frozen when finalised
        html = export(memo, "html").content.decode()
        document = docx.Document(io.BytesIO(export(memo, "docx").content))
    assert "Bilag: Udvalgets spørgsmål og forvaltningens svar" in html
    assert "Svar på spørgsmål 1." in html and "Svaret er ikke godkendt endnu." in html
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[-1] == "Bilag: Udvalgets spørgsmål og forvaltningens svar"
    grid = document.tables[-1]
    assert [cell.text for cell in grid.rows[0].cells] == ["Spørgsmålsstiller", "Spørgsmål", "Forvaltningens svar"]
    assert [cell.text for cell in grid.rows[1].cells] == [
        "Gitte Westermann (V)", "1) Spørgsmål nummer 1?\nAnden del af spørgsmålet.",
        "Svar på spørgsmål 1.\nAnden del af svaret."]


def test_an_administrator_gives_a_committee_member_the_party_letter_the_minutes_use(auth, client, db):
    from app.accounts.models import User

    auth.log_in(Role.ADMIN)
    response = client.post("/administration/brugere/ny", data={
        "name": "Gitte Westermann", "email": "gw@byraad.example.org", "role": "committee", "party": " V "})
    assert response.status_code == 302
    db.session.expire_all()
    member = db.session.scalar(select(User).where(User.email == "gw@byraad.example.org"))
    assert member.party == "V" and member.name_with_party == "Gitte Westermann (V)"
    assert "Parti" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_public_never_sees_the_questions_in_the_published_memo_or_the_open_data(app, client, case):
    from app.memos.operations import finalise
    from app.memos.publishing import publish

    _answered(case, count=1)
    hearing = db.session.get(Hearing, case["hearing"].id)
    hearing.is_public = True
    with app.test_request_context():
        memo = finalise(hearing, case["officer"], override_reason="Til udvalget.")
        publish(hearing)
    db.session.commit()
    assert memo.content["questions"][0]["asker"] == "Gitte Westermann (V)", "the committee's memo has them"
    assert ("public", "docx") in stored_parts(memo), "finalising orders the public copy as well"
    for address in (f"/hoeringer/{hearing.slug}/hoeringsnotat", f"/api/v1/hoeringer/{hearing.slug}"):
        response = client.get(address)
        assert response.status_code == 200, address
        assert "Gitte Westermann" not in response.get_data(as_text=True), address
    address = f"/hoeringer/{hearing.slug}/hoeringsnotat/docx"
    assert client.get(address).status_code == 503, "made by the worker, never for a reader"
    [job] = db.session.scalars(select(Job).where(Job.kind == VERSION_KIND, Job.params["part"].as_string() == "public",
                                                 Job.params["format"].as_string() == "docx")).all()
    run(job.id)  # as the worker does: the public copy is stored beside the committee's memo
    word = client.get(address)
    assert word.status_code == 200 and word.data == stored_file(memo, "docx", "public").data
    document = docx.Document(io.BytesIO(word.data))
    assert not any("Gitte Westermann" in cell.text for table in document.tables for row in table.rows
                   for cell in row.cells)
    assert f"hoeringsnotat-{hearing.slug}-v1.docx" in word.headers["Content-Disposition"]  # named as the memo


def test_a_question_asked_after_the_set_was_approved_leaves_the_filed_set_as_it_was(app, case):
    hearing = case["hearing"]
    for n in (1, 2):
        question = questions.add_question(hearing, "Gitte Westermann (V)", f"Spørgsmål nummer {n}?")
        questions.answer(question, f"Svar på spørgsmål {n}.", case["officer"])
        questions.approve(question, case["approver"])
    db.session.commit()
    [filed] = [w for w in documents.documents_of(hearing) if w.kind == "questions"]

    questions.ask(hearing, case["hans"], "Et nyt spørgsmål efter godkendelsen?")
    db.session.commit()
    assert [w for w in documents.documents_of(hearing) if w.kind == "questions"] == [], "not filed till answered"
    built = documents.build(filed.kind, filed.object_id, hearing)  # the worker builds the file queued before
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(built.content)).pages)
    assert "Spørgsmål nummer 1?" in text and "Spørgsmål nummer 2?" in text
    assert "Et nyt spørgsmål" not in text


def test_two_members_asking_at_once_get_a_number_each(app, case):
    """The other member's question is committed, on a connection of its own, after this one counted its
    number and before it is inserted: this one takes the next number instead of failing."""
    hearing = case["hearing"]
    questions.ask(hearing, case["gitte"], "Det første spørgsmål?")
    db.session.commit()
    session, hearing_id, hans_id = db.session(), hearing.id, case["hans"].id
    other_asked = []

    def the_other_member_first(session, flush_context, instances):
        if other_asked or not any(isinstance(o, CommitteeQuestion) for o in session.new):
            return
        with db.engine.begin() as other:
            other.execute(CommitteeQuestion.__table__.insert().values(
                hearing_id=hearing_id, number=2, mark="2)", asker="Hans Henrik Madsen (SF)",
                text="Det samtidige spørgsmål?", asked_by_id=hans_id))
        other_asked.append(2)

    event.listen(session, "before_flush", the_other_member_first)
    try:
        question = questions.ask(hearing, case["gitte"], "Mit andet spørgsmål?")
        db.session.commit()
    finally:
        event.remove(session, "before_flush", the_other_member_first)
    assert other_asked == [2]
    assert (question.number, question.mark) == (3, "3)")
    assert [(q.number, q.text) for q in questions.questions(hearing)] == [
        (1, "Det første spørgsmål?"), (2, "Det samtidige spørgsmål?"), (3, "Mit andet spørgsmål?")]


def test_a_team_lead_sends_an_answer_back_with_a_reason_and_its_writer_answers_again(auth, client, case,
                                                                                     smtp_server):
    slug = case["hearing"].slug
    question = questions.add_question(case["hearing"], "Gitte Westermann (V)", QUESTION)
    db.session.commit()
    base = f"/medarbejder/hoeringer/{slug}/spoergsmaal"
    auth.log_in(case["officer"])
    client.post(f"{base}/{question.id}/svar", data={"text": ANSWER})
    auth.log_in(case["approver"])
    empty = client.post(f"{base}/{question.id}/send-tilbage", data={"reason": " "})
    assert empty.status_code == 200 and "Skriv, hvad der skal rettes." in empty.get_data(as_text=True)
    assert _status(question.id) is AnswerStatus.READY
    reason = "Svar også på, hvordan erfaringerne videreføres i økonomien i model 2."
    sent = client.post(f"{base}/{question.id}/send-tilbage", data={"reason": reason}, follow_redirects=True)
    assert "er sendt tilbage til Søren Sagsbehandler" in sent.get_data(as_text=True)
    assert _status(question.id) is AnswerStatus.SENT_BACK
    assert client.post(f"{base}/{question.id}/godkend", follow_redirects=True).status_code == 200
    assert _status(question.id) is AnswerStatus.SENT_BACK  # only an answer sent for approval is approved

    assert send_due() == (1, 0)
    [mail] = smtp_server.messages
    assert mail["X-Envelope-To"] == case["officer"].email
    body = mail.get_body(("plain",)).get_content()
    assert reason in body and f"{base}/{question.id}/svar" in body and "spørgsmål 1)" in body

    auth.log_in(case["officer"])
    page = client.get(base + "/").get_data(as_text=True)
    assert "Sendt tilbage af Tove Teamleder:" in page and reason in page
    client.post(f"{base}/{question.id}/svar", data={"text": ANSWER + "\n\nØkonomien er uændret."})
    assert _status(question.id) is AnswerStatus.READY
    auth.log_in(case["approver"])
    client.post(f"{base}/{question.id}/godkend")
    assert _status(question.id) is AnswerStatus.APPROVED
    assert db.session.get(CommitteeQuestion, question.id).sent_back_reason is None
