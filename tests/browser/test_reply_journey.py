"""Issue #6, done when: tried as a new user would, two case officers and a team lead answer every
comment of the demo hearing, with one grouped reply, one sent back and fixed, and one conflicting
save resolved without loss; the overview shows 100 % approved.

The demo's 2019 round (Handicaprådet's 21 comments) is loaded and its replies removed, so the
staff start from nothing. The replies they write are the 2019 administration's own words
(app/demo/seed_2019.py); the nine comments the administration left unanswered in 2019 get short
replies of ours, since every comment must be answered. Everything after the set-up happens in
the browser, through the pages, as the people would do it:

1. Søren (officer A) shares the sections out between himself and Sara (officer B), then answers
   the general remarks and § 84 to § 96, walking with "Næste afsnit". The two general remarks the
   2019 administration answered together get one reply, chosen with the checkboxes.
2. Sara finds her sections by filtering the overview on her name and answers § 97 to § 108 the
   same way, all but one comment, which she answers last while Søren edits the same reply: her
   save is refused, she sees his text with hers still in the field, merges the two and saves.
3. The team lead (Tina: the demo's Tove has not set up her authenticator app yet) logs in with
   password and app code and approves every reply section by section, but sends one back; Søren
   finds it, reads why, fixes it and sends it again; the lead approves it.
4. The overview says 100 % approved, and axe finds nothing on it.

§ 103 and § 104, which the 2019 administration answered in one entry, are answered separately:
they are two sections, and a reply answers the comments of one section.
"""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.accounts.models import Role, User
from app.audit.models import AuditEvent
from app.demo import seed_2019_points as points
from app.demo.load import DEMO_PASSWORD, SLUG
from app.demo.seed_2019 import load_round
from app.hearings.models import Hearing
from app.replies.models import Reply, ReplyStatus
from app.responses.models import Comment, Response
from tests.browser.helpers import log_in
from tests.browser.replying import OUR_REPLIES, Answer, comment_card, fill_reply, send_for_approval
from tests.factories import make_user, second_step_code

OFFICER_A = ("sagsbehandler@demo.example.org", "Søren Sagsbehandler")
OFFICER_B = ("sagsbehandler2@demo.example.org", "Sara Sagsbehandler")
LEAD = ("tina.teamleder@kommune.example.org", "Tina Teamleder")

OUTCOMES = {  # the seed's outcome -> the label of its radio button
    "accepted": "Imødekommet",
    "partly_accepted": "Delvist imødekommet",
    "not_accepted": "Ikke imødekommet",
    "noted": "Taget til efterretning",
}

GROUPED = ("general-expectations", "general-never-standard")  # one reply, as in 2019
# The lead sends back the reply to "general-compensation" for the typo it had in 2019.
TYPO, FIXED = "kompensationsprincippe inddraget", "kompensationsprincippet inddraget"
REASON = "Ret stavefejlen: »kompensationsprincippe inddraget« skal være »kompensationsprincippet inddraget«."
CONFLICT = "p107-duration"  # Sara writes it, Søren adds a sentence meanwhile


@dataclass(frozen=True)
class Place:
    """A section with comments, as the workspace names it, and the answers it gets."""

    key: str
    title: str
    top: str  # the top section (standard) it belongs to, as the assignment form names it
    answers: list[Answer]


# ---------------------------------------------------------------- set-up (not the journey)


@pytest.fixture
def demo(app, db, demo):  # builds on the `demo` of tests/conftest.py
    """The demo hearing without replies; both demo officers on it; a team lead with an app for codes."""
    hearing = demo
    for comment in db.session.scalars(select(Comment).join(Response).where(Response.hearing_id == hearing.id)):
        comment.reply_id = None
    db.session.flush()
    for reply in db.session.scalars(select(Reply).where(Reply.hearing_id == hearing.id)):
        db.session.delete(reply)
    for email, _name in (OFFICER_A, OFFICER_B):  # the demo has both on the hearing; make sure
        officer = db.session.scalar(select(User).where(User.email == email))
        if officer not in hearing.officers:
            hearing.officers.append(officer)
    # The demo's team lead sets up two-step verification at her first log-in; this one has it.
    lead = make_user(Role.APPROVER, email=LEAD[0], name=LEAD[1])
    hearing.approver = lead
    db.session.commit()
    seed = load_round(app.config["DEMO_SEED_FILE"])
    return {"hearing": hearing, "lead": lead, "places": _places(hearing, _answers(seed))}


def _answers(seed) -> list[Answer]:
    """The 2019 replies (§ 103 and § 104 apart), then ours for the comments left unanswered."""
    answers = []
    for point, reply in zip(points.REPLIES, seed.replies, strict=True):
        groups = [point.answers] if point.answers == GROUPED else [(one,) for one in point.answers]
        answers += [Answer(group, reply.text, OUTCOMES[reply.outcome], reply.financial_note) for group in groups]
    answers += [Answer((comment,), text, OUTCOMES["noted"]) for comment, text in OUR_REPLIES.items()]
    assert sorted(c for a in answers for c in a.comments) == sorted(p.id for p in points.COMMENTS)
    return answers


def _places(hearing: Hearing, answers: list[Answer]) -> list[Place]:
    """The sections with comments in the order of the draft (general remarks first), with their answers."""
    places = [Place("generelt", "Generelle bemærkninger", "Generelle bemærkninger", [])]
    for section in hearing.current_version.sections:
        top = section
        while top.parent is not None:
            top = top.parent
        title = section.full_label  # the section's full name, as every page names it
        places.append(Place(section.key, title, top.label, []))
    by_key = {place.key: place for place in places}
    section_of = {point.id: point.section_key or "generelt" for point in points.COMMENTS}
    for answer in answers:
        by_key[section_of[answer.comments[0]]].answers.append(answer)
    return [place for place in places if place.answers]


# ---------------------------------------------------------------- steps


def open_overview(page, live_server, **only: str) -> None:
    """The overview of the answering; with only={"Status": "Kladde"} narrowed by its filter form."""
    page.goto(f"{live_server}/medarbejder/hoeringer/{SLUG}/besvarelse")
    expect(page.get_by_role("heading", level=1)).to_have_text("Besvarelse af bemærkningerne")
    if only:
        for label, choice in only.items():
            page.get_by_label(label, exact=True).select_option(label=choice)
        page.get_by_role("button", name="Vis", exact=True).click()
        expect(page.get_by_text("Tallene herunder gælder kun de valgte bemærkninger.", exact=True)).to_be_visible()


def open_the_only_section(page) -> None:
    """In a narrowed overview, the one section left with comments."""
    links = page.locator("table.app-matrix tbody a")
    expect(links).to_have_count(1)
    links.click()


def share_out_sections(page, places: list[Place], first_of_b: str) -> None:
    """Officer A gives the sections up to `first_of_b` to himself, the rest to officer B."""
    page.get_by_role("link", name="Fordel afsnittene mellem sagsbehandlerne").click()
    tops = list(dict.fromkeys(place.top for place in places))
    for top in tops:
        officer = OFFICER_A if tops.index(top) < tops.index(first_of_b) else OFFICER_B
        page.get_by_label(top, exact=True).select_option(label=officer[1])
    page.get_by_role("button", name="Gem fordelingen").click()
    expect(page.get_by_text("Fordelingen er gemt.", exact=True)).to_be_visible()


def start_reply(page, answer: Answer) -> None:
    if len(answer.comments) == 1:
        comment_card(page, answer.comments[0]).get_by_role("button", name=re.compile("^Skriv svar")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Svar på 1 bemærkning")
    else:
        for comment in answer.comments:
            comment_card(page, comment).get_by_role("checkbox", name=re.compile("^Med i et fælles svar")).check()
        page.get_by_role("button", name="Skriv ét svar til de markerede").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Fælles svar på {len(answer.comments)} bemærkninger"
        )


def answer_sections(page, places: list[Place], skip: tuple[str, ...] = ()) -> None:
    """From the first section's page, answer each section's comments and walk on with "Næste afsnit"."""
    for number, place in enumerate(places):
        if number:
            page.get_by_role("link", name="Næste afsnit").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(place.title)
        for answer in place.answers:
            if set(answer.comments) & set(skip):
                continue
            start_reply(page, answer)
            fill_reply(page, answer)
            send_for_approval(page)
            page.get_by_role("link", name="Tilbage til afsnittet").click()
            expect(page.get_by_role("heading", level=1)).to_have_text(place.title)


def answer_with_a_conflicting_save(a, b, live_server, answer: Answer, assert_no_axe_violations, screenshot) -> str:
    """B writes the reply and saves a draft; A opens it and adds a sentence; B, not knowing, adds
    another and saves: refused, with A's text shown and B's kept. B merges and sends it. Returns A's text."""
    sentences = re.split(r"(?<=\.) ", answer.text)
    assert len(sentences) == 4
    first, a_adds, b_adds = " ".join(sentences[:2]), sentences[2], sentences[3]

    open_overview(b, live_server, Status="Uden svar")  # what is left?
    open_the_only_section(b)
    start_reply(b, answer)
    fill_reply(b, answer, first)
    b.get_by_role("button", name="Gem svaret").click()
    expect(b.get_by_text("Svaret er gemt.", exact=True)).to_be_visible()

    open_overview(a, live_server, Status="Kladde")  # A looks at the drafts
    open_the_only_section(a)
    a.get_by_role("link", name=re.compile("^Åbn svaret")).click()
    expect(a.get_by_label("Forvaltningens svar", exact=True)).to_have_value(first)
    a_text = f"{first} {a_adds}"
    a.get_by_label("Forvaltningens svar", exact=True).fill(a_text)
    a.get_by_role("button", name="Gem svaret").click()
    expect(a.get_by_text("Svaret er gemt.", exact=True)).to_be_visible()

    b_text = f"{first} {b_adds}"
    b.get_by_label("Forvaltningens svar", exact=True).fill(b_text)
    b.get_by_role("button", name="Gem svaret").click()
    conflict = b.get_by_role("alert").filter(has_text="En anden har gemt svaret, mens du skrev")
    expect(conflict).to_contain_text(a_text)
    expect(b.get_by_label("Forvaltningens svar", exact=True)).to_have_value(b_text)
    assert_no_axe_violations(b)
    screenshot(b, "reply-journey-conflict-da-desktop")

    b.get_by_label("Forvaltningens svar", exact=True).fill(f"{a_text} {b_adds}")  # both sentences kept
    b.get_by_role("button", name="Gem svaret").click()
    expect(b.get_by_text("Svaret er gemt.", exact=True)).to_be_visible()
    expect(b.get_by_label("Forvaltningens svar", exact=True)).to_have_value(answer.text)
    send_for_approval(b)
    return a_text


def approve_section_by_section(page, live_server, places: list[Place], send_back: str) -> None:
    """The lead walks the sections with comments and approves every reply waiting, but sends back the
    one whose text contains `send_back`."""
    open_overview(page, live_server)
    page.get_by_role("link", name="Generelle bemærkninger").click()
    heading = page.get_by_role("heading", level=1)
    waiting = page.locator("section.app-reply").filter(has=page.locator(".app-status-ready"))
    for number, place in enumerate(places):
        if number:
            page.get_by_role("link", name="Næste afsnit").click()
        expect(heading).to_have_text(place.title)
        expect(waiting).to_have_count(len(place.answers))
        for _answer in place.answers:
            reply = waiting.first
            is_sent_back = send_back in reply.inner_text()
            reply.get_by_role("link", name=re.compile("^Åbn svaret")).click()
            if is_sent_back:
                page.get_by_role("link", name="Send tilbage").click()
                page.get_by_label("Hvad skal rettes?").fill(REASON)
                page.get_by_role("button", name="Send tilbage").click()
                expect(page.get_by_text("Svaret er sendt tilbage til sagsbehandleren.", exact=True)).to_be_visible()
            else:
                page.get_by_role("button", name="Godkend svaret").click()
                expect(page.get_by_text("Svaret er godkendt.", exact=True)).to_be_visible()
            page.get_by_role("link", name="Tilbage til afsnittet").click()
            expect(heading).to_have_text(place.title)
        expect(waiting).to_have_count(0)
    expect(page.get_by_role("link", name="Næste afsnit")).to_have_count(0)


def fix_what_was_sent_back(page, live_server) -> None:
    open_overview(page, live_server, Status="Sendt tilbage")
    open_the_only_section(page)
    page.locator("section.app-reply").filter(has=page.locator(".app-status-sent_back")).get_by_role(
        "link", name=re.compile("^Åbn svaret")
    ).click()
    expect(page.get_by_role("status").filter(has_text="Sendt tilbage af teamlederen")).to_contain_text(REASON)
    field = page.get_by_label("Forvaltningens svar", exact=True)
    field.fill(field.input_value().replace(TYPO, FIXED))
    send_for_approval(page)


def approve_what_waits(page, live_server) -> None:
    open_overview(page, live_server, Status="Til godkendelse")
    open_the_only_section(page)
    page.locator("section.app-reply").filter(has=page.locator(".app-status-ready")).get_by_role(
        "link", name=re.compile("^Åbn svaret")
    ).click()
    page.get_by_role("button", name="Godkend svaret").click()
    expect(page.get_by_text("Svaret er godkendt.", exact=True)).to_be_visible()


# ---------------------------------------------------------------- the journey


def test_two_officers_and_a_team_lead_answer_every_comment_of_the_demo_hearing(
    page, another_page, live_server, demo, db, assert_no_axe_violations, screenshot
):
    places = demo["places"]
    assert places[1].title == "§ 84 Aflastningsordning – Omfang/varighed"  # a field named with its standard
    first_of_b = next(place.top for place in places if place.top.startswith("§ 97"))
    places_a = places[: [place.top for place in places].index(first_of_b)]  # general remarks, § 84 to § 96
    places_b = places[len(places_a):]  # § 97 to § 108
    conflicting = next(a for place in places_b for a in place.answers if a.comments == (CONFLICT,))
    a, b, lead = page, another_page(), another_page()

    # 1. Søren shares out the work and answers his sections.
    log_in(a, live_server, *OFFICER_A, password=DEMO_PASSWORD)
    open_overview(a, live_server)
    expect(a.get_by_text("0 af 21 bemærkninger har et svar. 0 er godkendt (0 %).", exact=True)).to_be_visible()
    share_out_sections(a, places, first_of_b)
    a.get_by_role("link", name="Generelle bemærkninger").click()
    answer_sections(a, places_a)

    # 2. Sara finds her sections and answers them, the last one while Søren edits it too.
    log_in(b, live_server, *OFFICER_B, password=DEMO_PASSWORD)
    open_overview(b, live_server, Ansvarlig=OFFICER_B[1])
    b.locator("table.app-matrix tbody a").first.click()
    answer_sections(b, places_b, skip=(CONFLICT,))
    a_text = answer_with_a_conflicting_save(a, b, live_server, conflicting, assert_no_axe_violations, screenshot)

    # 3. The team lead approves, sends one back; Søren fixes it; the lead approves it.
    log_in(lead, live_server, *LEAD, code=lambda: second_step_code(demo["lead"]))
    approve_section_by_section(lead, live_server, places, send_back=TYPO)
    fix_what_was_sent_back(a, live_server)
    approve_what_waits(lead, live_server)

    # 4. Every comment is answered and approved.
    open_overview(lead, live_server)
    expect(lead.get_by_text("21 af 21 bemærkninger har et svar. 21 er godkendt (100 %).", exact=True)).to_be_visible()
    assert_no_axe_violations(lead)
    screenshot(lead, "reply-journey-overview-da-desktop")

    db.session.expire_all()
    hearing = demo["hearing"]
    replies = db.session.scalars(select(Reply).where(Reply.hearing_id == hearing.id)).all()
    assert len(replies) == 20
    assert {reply.status for reply in replies} == {ReplyStatus.APPROVED}
    assert {reply.approved_by.email for reply in replies} == {LEAD[0]}
    # The demo's comments are the table's points in this order, with § 100's "ingen bemærkninger" among them.
    editorial = db.session.scalars(select(Comment).join(Response).where(
        Response.hearing_id == hearing.id, Comment.no_remarks.is_(False)).order_by(Comment.position)).all()
    position = {point.id: editorial[i].position for i, point in enumerate(points.COMMENTS)}
    by_comment = {comment.position: reply for reply in replies for comment in reply.comments}
    [grouped] = [reply for reply in replies if len(reply.comments) == 2]
    assert [comment.position for comment in grouped.comments] == [position[c] for c in GROUPED]
    merged = by_comment[position[CONFLICT]]  # Søren's sentence and Sara's, nothing lost
    assert a_text in merged.text and merged.text == conflicting.text
    fixed = by_comment[position["general-compensation"]]
    assert FIXED in fixed.text and TYPO not in fixed.text
    assert db.session.scalar(select(AuditEvent.details).where(
        AuditEvent.object_type == "Reply", AuditEvent.object_id == fixed.id, AuditEvent.action == "reply_sent_back"
    )) == {"reason": REASON}
    assert all(reply.financial_consequence == bool(reply.financial_note) for reply in replies)
    assert sum(reply.financial_consequence for reply in replies) == 4
