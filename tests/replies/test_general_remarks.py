"""Points answered together or deliberately not one by one (#19 item 3): a comment "indgår i forvaltningens
generelle bemærkninger" (pointing to that reply) or is "taget til efterretning" without words of its own; the
finalised memo says so in proper Danish and never "Ikke besvaret endnu"."""

import io
import re
from datetime import UTC, datetime

import docx
import pytest
from pypdf import PdfReader

from app.accounts.models import Role
from app.extensions import db
from app.hearings.models import HearingState
from app.memos import operations as memos
from app.memos.compile import compile_memo
from app.memos.content import MemoContent
from app.memos.exports import export
from app.refusals import Refused
from app.replies import operations as replying
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.models import ResponseState
from tests.factories import make_comment, make_hearing, make_organisation, make_response, make_user

GENERAL_REPLY = ("Forvaltningen foreslår, at der i forordet bliver uddybet, hvordan kvalitetsstandarderne er med "
                 "til at skabe en forventningsafstemning hos borgerne.")
IN_GENERAL = ("Bemærkningen indgår i forvaltningens generelle bemærkninger (afsnit 2), i svaret, der begynder "
              "\u201dForvaltningen foreslår, at der i forordet bliver uddybet, hvordan kvalitetsstandarderne er "
              "med …\u201d.")
NOTED = "Forvaltningen tager bemærkningen til efterretning."
NO_REMARKS = "Forvaltningen har ingen bemærkninger hertil."


@pytest.fixture
def case(db):
    """Handicaprådet's general remark (answered and approved) and three points on sections, not yet answered."""
    hearing = make_hearing(state=HearingState.REPLYING, sections=3)
    officer = make_user(Role.STAFF, name="Søren Sagsbehandler")
    approver = make_user(Role.APPROVER, name="Tove Teamleder")
    hearing.officers = [officer]
    council = make_response(hearing, make_organisation("Handicaprådet"), state=ResponseState.SUBMITTED,
                            submitted_at=datetime.now(UTC))
    general = make_comment(council, None, "Standarderne bør nævne kompensationsprincippet.")
    first, second, third = hearing.current_version.sections
    points = [make_comment(council, first, "Borgerne forstår ikke standarderne."),
              make_comment(council, second, "Rådet noterer sig revisionen hvert fjerde år."),
              make_comment(council, third, "Fem dage i stedet for fire.")]
    general.reply = Reply(hearing=hearing, text=GENERAL_REPLY, outcome=Outcome.PARTLY_ACCEPTED,
                          status=ReplyStatus.APPROVED, approved_at=datetime.now(UTC), approved_by=approver)
    db.session.commit()
    return {"hearing": hearing, "officer": officer, "approver": approver, "general": general.reply,
            "points": points}


def _url(case, reply_id):
    return f"/medarbejder/hoeringer/{case['hearing'].slug}/svar-paa-bemaerkninger/{reply_id}"


def _start(client, case, comment):
    done = client.post(f"/medarbejder/hoeringer/{case['hearing'].slug}/besvarelse/{comment.section.key}/nyt-svar",
                       data={"comment": comment.id})
    assert done.status_code == 302
    return done.headers["Location"]


def _form(url, client, **fields):
    version = re.search(r'name="lock_version" type="hidden" value="(\d+)"', client.get(url).get_data(as_text=True))[1]
    return {"text": "", "outcome": "noted", "financial_consequence": "no", "lock_version": version, **fields}


def test_a_point_answered_in_the_general_remarks_needs_no_text_of_its_own(auth, client, case):
    auth.log_in(case["officer"])
    url = _start(client, case, case["points"][0])
    page = client.get(url).get_data(as_text=True)
    assert "Indgår bemærkningen i forvaltningens generelle bemærkninger?" in page
    assert "Handicaprådet: \u201dForvaltningen foreslår, at der i forordet" in page

    general = str(case["general"].id)
    both = client.post(url, data=_form(url, client, text="Se ovenfor.", in_general_reply=general))
    body = both.get_data(as_text=True)
    assert both.status_code == 200 and "Slet teksten i »Forvaltningens svar«" in body
    assert 'id="in_general_reply-error"' in body and "Se ovenfor." in body, "the message by the field, text kept"
    unknown = client.post(url, data=_form(url, client, in_general_reply="999999"))
    assert "Vælg et af de generelle svar på listen." in unknown.get_data(as_text=True)

    done = client.post(url, data=_form(url, client, in_general_reply=general, outcome="partly_accepted", ready="1"))
    assert done.status_code == 302
    reply = db.session.scalar(db.select(Reply).where(Reply.in_general_reply_id == case["general"].id))
    assert reply.status is ReplyStatus.READY and reply.text == "", "sent for approval without words of its own"


def test_noted_needs_no_text_but_another_outcome_does(app, db, case):
    officer = case["officer"]
    with app.test_request_context():
        noted = replying.start_reply(case["hearing"], [case["points"][1]], officer)
        noted.outcome = Outcome.NOTED
        replying.mark_ready(noted, officer, datetime.now(UTC))
        refused = replying.start_reply(case["hearing"], [case["points"][2]], officer)
        refused.outcome = Outcome.NOT_ACCEPTED
        with pytest.raises(Refused, match="Skriv svaret, før det sendes til godkendelse"):
            replying.mark_ready(refused, officer, datetime.now(UTC))
    assert noted.status is ReplyStatus.READY


def _answer(case, first_outcome=Outcome.PARTLY_ACCEPTED):
    """The first point in the general remarks, the second noted; the third left without a reply."""
    now, approver = datetime.now(UTC), case["approver"]
    first, second, _third = case["points"]
    first.reply = Reply(hearing=case["hearing"], outcome=first_outcome, in_general_reply=case["general"],
                        status=ReplyStatus.APPROVED, approved_at=now, approved_by=approver)
    second.reply = Reply(hearing=case["hearing"], outcome=Outcome.NOTED, status=ReplyStatus.APPROVED,
                         approved_at=now, approved_by=approver)
    db.session.commit()


def test_the_preview_says_what_is_not_answered_yet_and_how_the_rest_is(app, db, case):
    _answer(case)
    with app.test_request_context():
        html = export(compile_memo(case["hearing"]), "html").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert IN_GENERAL in text and NOTED in text
    assert "Ikke besvaret endnu." in text, "the preview tells staff what is still open"
    assert "Udfald: Taget til efterretning." not in text, "said once, by the sentence"


def test_a_finalised_memo_never_says_not_answered_yet_in_any_file(app, db, case):
    _answer(case)
    with app.test_request_context():
        with pytest.raises(Refused):  # the open point still needs a reason to finalise
            memos.finalise(case["hearing"], case["officer"])
        frozen = memos.finalise(case["hearing"], case["officer"], "Forvaltningen besvarer de væsentligste punkter.")
        content = MemoContent.from_dict(frozen.content)
        files = {fmt: export(content, fmt).content for fmt in ("html", "docx", "pdf", "csv")}
    assert content.is_final
    html = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", files["html"].decode()))
    word = "\n".join(cell.text for table in docx.Document(io.BytesIO(files["docx"])).tables
                     for row in table.rows for cell in row.cells)
    pdf = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(files["pdf"])).pages))
    for name, text in (("html", html), ("docx", word), ("pdf", pdf)):
        assert "Ikke besvaret endnu" not in text and "ikke godkendt endnu" not in text, name
        assert NO_REMARKS in text and NOTED in text, name
        assert "indgår i forvaltningens generelle bemærkninger (afsnit 2)" in text, name
    assert IN_GENERAL in html and IN_GENERAL in word
    assert "Ikke besvaret endnu" not in files["csv"].decode("utf-8-sig")
