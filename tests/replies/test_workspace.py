"""Staff answer every comment, section by section; a team lead approves; nothing is overwritten."""

import re
from datetime import UTC, datetime

import pytest

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.extensions import db
from app.hearings.models import Hearing, HearingState, SectionAssignment
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.models import ResponseState
from tests.enter_key import first_button
from tests.factories import make_comment, make_hearing, make_organisation, make_response, make_user
from tests.replies.helpers import reply_form, staff_base, start_reply

SIXTY = "Aflastning bør kunne gives i mere end 60 døgn."
SAME = "Vi mener også, at 60 døgn er for lidt."


@pytest.fixture
def case(db):
    """A closed hearing with two councils' comments on section s1 and one general remark."""
    hearing = make_hearing(state=HearingState.REPLYING)
    section = hearing.current_version.sections[0]
    officer = make_user(Role.STAFF, name="Søren Sagsbehandler")
    colleague = make_user(Role.STAFF, name="Sara Sagsbehandler")
    hearing.officers = [officer, colleague]
    comments = []
    for name, text in (("Handicaprådet", SIXTY), ("Seniorrådet", SAME)):
        response = make_response(hearing, make_organisation(name), state=ResponseState.SUBMITTED,
                                 submitted_at=datetime.now(UTC))
        comments.append(make_comment(response, section, text))
    make_comment(comments[0].response, None, "Rådet takker for udkastet.")
    users = {"officer": officer, "colleague": colleague, "approver": make_user(Role.APPROVER, name="Tove Teamleder"),
             "staff": make_user(Role.STAFF), "committee": make_user(Role.COMMITTEE)}
    db.session.commit()
    return {"slug": hearing.slug, "key": section.key, "comments": [c.id for c in comments], "users": users}


def _version(client, url) -> str:
    return re.search(r'name="lock_version" type="hidden" value="(\d+)"', client.get(url).get_data(as_text=True))[1]


def test_an_officer_answers_a_comment_and_the_team_lead_approves_it(auth, client, case):
    auth.log_in(case["users"]["officer"])
    page = client.get(f"{staff_base(case)}/besvarelse/{case['key']}").get_data(as_text=True)
    assert SIXTY in page and "Handicaprådet" in page and "Uden svar" in page

    url = start_reply(client, case, case["comments"][0])
    assert client.post(url, data=reply_form(lock_version=_version(client, url))).status_code == 302
    assert client.post(f"{url}/til-godkendelse").status_code == 302
    reply = db.session.scalar(db.select(Reply))
    assert reply.status is ReplyStatus.READY and reply.outcome is Outcome.NOT_ACCEPTED

    assert client.post(f"{url}/godkend").status_code == 403, "only a team lead approves"
    auth.log_in(case["users"]["approver"])
    approved = client.post(f"{url}/godkend")
    assert approved.status_code == 302, approved.get_data(as_text=True)[-3000:]
    db.session.expire_all()
    reply = db.session.scalar(db.select(Reply))
    assert reply.status is ReplyStatus.APPROVED and reply.approved_by.name == "Tove Teamleder"


def test_sending_for_approval_from_the_form_saves_what_was_written_first(auth, client, case):
    """A new user writes the reply and presses "Send til godkendelse" without "Gem svaret" first."""
    auth.log_in(case["users"]["officer"])
    url = start_reply(client, case, case["comments"][0])
    sent = client.post(url, data=reply_form(lock_version=_version(client, url), ready="1"), follow_redirects=True)
    assert "Svaret er sendt til godkendelse." in sent.get_data(as_text=True)
    reply = db.session.scalar(db.select(Reply))
    assert reply.status is ReplyStatus.READY and reply.text == "Forvaltningen fastholder 60 døgn."

    url = start_reply(client, case, case["comments"][1])  # no outcome chosen: refused, but the text is kept
    refused = client.post(url, data=reply_form(lock_version=_version(client, url), outcome="", ready="1"),
                          follow_redirects=True).get_data(as_text=True)
    assert "Svaret er gemt." in refused and "Vælg, hvordan bemærkningen er behandlet" in refused
    assert "Forvaltningen fastholder 60 døgn.</textarea>" in refused


def test_one_reply_answers_several_comments_and_one_can_be_taken_out(auth, client, case):
    auth.log_in(case["users"]["officer"])
    answer = client.post(f"{staff_base(case)}/besvarelse/{case['key']}/nyt-svar", data={"comments": case["comments"]})
    assert answer.status_code == 302
    reply = db.session.scalar(db.select(Reply))
    assert sorted(c.id for c in reply.comments) == sorted(case["comments"])
    page = client.get(f"{staff_base(case)}/besvarelse/{case['key']}").get_data(as_text=True)
    assert "Fælles svar på 2 bemærkninger" in page

    client.post(f"{staff_base(case)}/bemaerkninger/{case['comments'][1]}/loesriv")
    db.session.expire_all()
    assert [c.id for c in db.session.scalar(db.select(Reply)).comments] == [case["comments"][0]]


def test_a_reply_sent_back_is_fixed_and_approved(auth, client, case):
    auth.log_in(case["users"]["officer"])
    url = start_reply(client, case, case["comments"][0])
    client.post(url, data=reply_form(lock_version=_version(client, url)))
    client.post(f"{url}/til-godkendelse")
    auth.log_in(case["users"]["approver"])
    empty = client.post(f"{url}/send-tilbage", data={"reason": ""}).get_data(as_text=True)
    assert "Skriv, hvad der skal rettes." in empty
    client.post(f"{url}/send-tilbage", data={"reason": "Nævn udgiften ved at hæve til 90 døgn."})
    auth.log_in(case["users"]["officer"])
    page = client.get(url).get_data(as_text=True)
    assert "Sendt tilbage af teamlederen" in page and "Nævn udgiften ved at hæve til 90 døgn." in page

    missing_note = client.post(url, data=reply_form(financial_consequence="yes", lock_version=_version(client, url)))
    assert "Beskriv de økonomiske konsekvenser." in missing_note.get_data(as_text=True)
    client.post(url, data=reply_form(financial_consequence="yes", financial_note="Ca. 0,4 mio. kr. om året.",
                                 lock_version=_version(client, url)))
    client.post(f"{url}/til-godkendelse")
    auth.log_in(case["users"]["approver"])
    client.post(f"{url}/godkend")
    db.session.expire_all()
    reply = db.session.scalar(db.select(Reply))
    assert reply.status is ReplyStatus.APPROVED and reply.financial_note == "Ca. 0,4 mio. kr. om året."
    actions = [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]
    assert actions.count("reply_sent_back") == 1 and actions[-1] == "reply_approved"


def test_two_officers_saving_the_same_reply_lose_nothing(auth, client, case):
    auth.log_in(case["users"]["officer"])
    url = start_reply(client, case, case["comments"][0])
    opened_at = _version(client, url)
    client.post(url, data=reply_form(text="Søren skriver: vi fastholder.", lock_version=opened_at))

    auth.log_in(case["users"]["colleague"])
    conflict = client.post(url, data=reply_form(text="Sara skriver: vi hæver til 90 døgn.", lock_version=opened_at))
    html = conflict.get_data(as_text=True)
    assert conflict.status_code == 409
    assert "En anden har gemt svaret, mens du skrev" in html
    assert "Søren skriver: vi fastholder." in html and "Sara skriver: vi hæver til 90 døgn." in html
    assert db.session.scalar(db.select(Reply.text)) == "Søren skriver: vi fastholder.", "nothing overwritten"

    newer = re.search(r'name="lock_version" type="hidden" value="(\d+)"', html)[1]
    merged = "Søren og Sara: vi fastholder 60 døgn, men ser på 90."
    assert client.post(url, data=reply_form(text=merged, lock_version=newer)).status_code == 302
    assert db.session.scalar(db.select(Reply.text)) == merged


def test_changing_an_approved_reply_sends_it_back_to_draft_and_the_trail_says_so(auth, client, case):
    auth.log_in(case["users"]["officer"])
    url = start_reply(client, case, case["comments"][0])
    client.post(url, data=reply_form(lock_version=_version(client, url)))
    client.post(f"{url}/til-godkendelse")
    auth.log_in(case["users"]["approver"])
    client.post(f"{url}/godkend")
    auth.log_in(case["users"]["officer"])
    client.post(url, data=reply_form(text="En ny formulering.", lock_version=_version(client, url)))
    db.session.expire_all()
    assert db.session.scalar(db.select(Reply.status)) is ReplyStatus.DRAFT
    reopened = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "reply_reopened"))
    assert reopened.details["from"] == "approved"


def test_ready_needs_a_text_and_an_outcome(auth, client, case):
    auth.log_in(case["users"]["officer"])
    url = start_reply(client, case, case["comments"][0])
    client.post(f"{url}/til-godkendelse")
    page = client.get(url).get_data(as_text=True)
    assert "Skriv svaret, før det sendes til godkendelse." in page
    assert "Vælg, hvordan bemærkningen er behandlet" in page
    assert db.session.scalar(db.select(Reply.status)) is ReplyStatus.DRAFT


def test_the_overview_counts_comments_replies_and_approvals(auth, client, case):
    auth.log_in(case["users"]["officer"])
    url = start_reply(client, case, case["comments"][0])
    client.post(url, data=reply_form(lock_version=_version(client, url)))
    page = client.get(f"{staff_base(case)}/besvarelse").get_data(as_text=True)
    assert "1 af 3 bemærkninger har et svar. 0 er godkendt (0 %)." in page
    assert "Handicaprådet" in page and "Seniorrådet" in page and "Generelle bemærkninger" in page


def test_a_matrix_with_many_senders_shows_their_columns_a_page_at_a_time(auth, client, case, monkeypatch):
    from app.replies import progress

    monkeypatch.setattr(progress, "SENDERS_PER_PAGE", 1)
    auth.log_in(case["users"]["officer"])
    first = client.get(f"{staff_base(case)}/besvarelse").get_data(as_text=True)
    assert "Tabellen viser afsender 1–1 af 2." in first
    assert '<th scope="col">Handicaprådet</th>' in first and '<th scope="col">Seniorrådet</th>' not in first
    assert "3 af 3" not in first and "0 af 3 bemærkninger har et svar" in first, "the counts cover every sender"
    second = client.get(f"{staff_base(case)}/besvarelse?status=none&afsendere=2").get_data(as_text=True)
    assert "Tabellen viser afsender 2–2 af 2." in second and '<th scope="col">Seniorrådet</th>' in second
    assert "status=none" in second.split('aria-label="Sider med afsendere"')[1], "the pages keep the filter"
    beyond = client.get(f"{staff_base(case)}/besvarelse?afsendere=99").get_data(as_text=True)
    assert "Tabellen viser afsender 2–2 af 2." in beyond, "a page out of range shows the last"


def test_a_section_with_many_comments_shows_them_a_page_at_a_time(auth, client, case, monkeypatch):
    from app.replies import views

    monkeypatch.setattr(views, "OPEN_COMMENTS_PER_PAGE", 1)
    monkeypatch.setattr(views, "COMMENTS_SHOWN_PER_REPLY", 1)
    auth.log_in(case["users"]["officer"])
    section = f"{staff_base(case)}/besvarelse/{case['key']}"
    first = client.get(section).get_data(as_text=True)
    assert "2 bemærkninger" in first and "Bemærkning 1–1 af 2 uden svar vises her." in first
    assert SIXTY in first and SAME not in first
    second = client.get(f"{section}?uden_svar=2").get_data(as_text=True)
    assert "Bemærkning 2–2 af 2 uden svar vises her." in second and SAME in second and SIXTY not in second

    client.post(f"{section}/nyt-svar", data={"comments": case["comments"]})
    shared = client.get(section).get_data(as_text=True)
    assert "Fælles svar på 2 bemærkninger" in shared
    assert "og 1 bemærkning mere, som står på svarets side." in shared and SAME not in shared
    assert "Uden svar" not in shared


@pytest.mark.parametrize(("who", "status"), [("staff", 403), ("committee", 403), ("approver", 302)])
def test_who_may_start_a_reply(auth, client, case, who, status):
    auth.log_in(case["users"][who])
    answer = client.post(f"{staff_base(case)}/besvarelse/{case['key']}/nyt-svar", data={"comment": case["comments"][0]})
    assert answer.status_code == status


def test_sections_are_given_to_officers_and_the_overview_filters(auth, client, case):
    auth.log_in(case["users"]["officer"])
    url = start_reply(client, case, case["comments"][0])
    client.post(url, data=reply_form(lock_version=_version(client, url)))
    officer, colleague = case["users"]["officer"], case["users"]["colleague"]
    client.post(f"{staff_base(case)}/besvarelse/fordeling", data={f"assign-{case['key']}": str(colleague.id),
                                                              "assign-generelt": str(officer.id)})
    overview = client.get(f"{staff_base(case)}/besvarelse").get_data(as_text=True)
    assert "Sara Sagsbehandler" in overview and "Søren Sagsbehandler" in overview

    only_sara = client.get(f"{staff_base(case)}/besvarelse?assignee={colleague.id}").get_data(as_text=True)
    assert "0 af 2 bemærkninger har et svar" not in only_sara
    assert "1 af 2 bemærkninger har et svar." in only_sara, "Sara's section has the two comments on s1"
    without_reply = client.get(f"{staff_base(case)}/besvarelse?status=none").get_data(as_text=True)
    assert "0 af 2 bemærkninger har et svar." in without_reply
    not_accepted = client.get(f"{staff_base(case)}/besvarelse?outcome=not_accepted").get_data(as_text=True)
    assert "1 af 1 bemærkninger har et svar." in not_accepted


def test_only_the_hearings_officers_can_be_given_sections(auth, client, case):
    auth.log_in(case["users"]["officer"])
    outsider = case["users"]["staff"]
    answer = client.post(f"{staff_base(case)}/besvarelse/fordeling", data={f"assign-{case['key']}": str(outsider.id)})
    assert answer.status_code == 200 and 'href="#assign-s1"' in answer.get_data(as_text=True), "refused at the field"
    assert db.session.scalar(db.select(SectionAssignment)) is None


def test_comments_that_say_the_same_are_offered_one_reply(auth, client, case):
    campaign = ("Vi protesterer mod, at aflastning kun kan gives i 60 døgn om året. Familierne har brug for "
                "mere tid, og kommunen bør følge nabokommunernes niveau på 90 døgn.")
    hearing = db.session.scalar(db.select(Hearing).where(Hearing.slug == case["slug"]))
    section = hearing.current_version.sections[0]
    for name in ("Karen Hansen", "Ole Olsen", "Mette Mikkelsen"):
        response = make_response(hearing, make_organisation(f"Borger {name}"), state=ResponseState.SUBMITTED,
                                 submitted_at=datetime.now(UTC))
        make_comment(response, section, f"{campaign}\n\nMed venlig hilsen\n{name}")
    db.session.commit()
    auth.log_in(case["users"]["officer"])
    page = client.get(f"{staff_base(case)}/besvarelse/{case['key']}").get_data(as_text=True)
    assert "3 bemærkninger med næsten samme tekst" in page
    ids = re.findall(r'<input type="hidden" name="comments" value="(\d+)">', page)
    client.post(f"{staff_base(case)}/besvarelse/{case['key']}/nyt-svar", data={"comments": ids})
    assert len(db.session.scalar(db.select(Reply)).comments) == 3


def test_enter_on_a_comments_checkbox_starts_one_reply_to_the_marked_not_to_the_first(auth, client, case):
    auth.log_in(case["users"]["officer"])
    html = client.get(f"{staff_base(case)}/besvarelse/{case['key']}").get_data(as_text=True)
    first = first_button(html)
    assert "name" not in first, "the button for the marked comments, not 'Skriv svar' to one of them"


def test_each_section_leads_to_the_next_comment_without_a_reply(auth, client, case):
    """Issue #18: "Næste bemærkning uden svar" goes on in the draft's order, round to the start, then says none."""
    from app.replies.operations import GENERAL_KEY

    auth.log_in(case["users"]["officer"])
    base = f"{staff_base(case)}/besvarelse"

    def next_link(key: str) -> str | None:
        page = client.get(f"{base}/{key}").get_data(as_text=True)
        found = re.search(r'<a href="([^"]+)">Næste bemærkning uden svar</a>', page)
        assert found or "Der er ingen bemærkninger uden svar i andre afsnit." in page
        return found and found[1]

    assert next_link(case["key"]) == f"{base}/{GENERAL_KEY}#uden-svar", "round to the general remarks"
    assert next_link("s2") == f"{base}/{GENERAL_KEY}#uden-svar"
    assert next_link(GENERAL_KEY) == f"{base}/{case['key']}#uden-svar"
    for comment_id in case["comments"]:
        start_reply(client, case, comment_id)
    assert next_link(GENERAL_KEY) is None, "both comments on s1 have a reply now"


def test_next_section_passes_by_a_section_with_only_ingen_bemaerkninger(auth, client, case):
    """Its page has nothing to answer (as the 2019 demo's § 100); a real remark there is walked to."""
    from app.responses.models import Comment

    first = db.session.get(Comment, case["comments"][0])
    second = first.section.version.sections[1]
    remark = make_comment(first.response, second, "Ingen bemærkninger.")
    remark.no_remarks = True
    db.session.commit()
    auth.log_in(case["users"]["officer"])
    base = f"{staff_base(case)}/besvarelse"
    link = f'<a href="{base}/{second.key}">Næste afsnit</a>'
    assert "Næste afsnit" not in client.get(f"{base}/{case['key']}").get_data(as_text=True)
    remark.no_remarks = False
    db.session.commit()
    assert link in client.get(f"{base}/{case['key']}").get_data(as_text=True)
