"""Issue #7, done when: `flask memo export kvalitetsstandarder-2019 --format docx` and `--format pdf`
give files a committee secretary would attach to an agenda without editing, and the same memo is on
screen, sent, finalised and published by a case officer, tried as a new user would.

The demo's 2019 round is loaded as it is: in REPLYING, every 2019 reply approved, but nine of
Handicaprådet's comments had no reply in 2019. Everything after the set-up happens in the browser:

1. Søren, a demo case officer, opens the hearing's staff page, finds the memo, and reads the
   preview and the list of what is missing: the nine comments without a reply.
2. He follows each "ikke besvaret" to the page where the comment is answered and sends a short
   reply for approval; the team lead follows each "svaret er ikke godkendt" and approves.
3. The memo says every comment has an approved reply; Søren finalises it (version 1, its checksum (Kontrolsum, SHA-256)
   shown), downloads Word and PDF: A4, numbered "Side 1 af …", the memo's headings, each standard
   commented on, nothing unanswered. The CLI gives the same document.
4. He sends it to a committee member from the hearing page; a real mail arrives with both files.
5. The member logs in and reads the memo and Handicaprådet's response, with nothing to fill in.
6. Søren records the decision and publishes the memo; an anonymous visitor finds it from the
   front page, sees Handicaprådet and no e-mail address, and downloads the PDF.
"""

import io
import re
import shutil
import subprocess  # nosec B404 (pdftotext on our own file)
import time
from pathlib import Path

import docx
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.accounts.models import Role
from app.demo import seed_2019_points as points
from app.demo.load import DEMO_PASSWORD, SLUG
from app.extensions import db
from app.hearings.models import Hearing, HearingState
from app.memos import operations
from app.memos.jobs import stored_file
from app.notifications.operations import send_due
from app.replies.models import Reply, ReplyStatus
from tests.browser.helpers import log_in
from tests.browser.replying import OUR_REPLIES, Answer, comment_card, fill_reply, send_for_approval
from tests.factories import make_user, second_step_code

OFFICER = ("sagsbehandler@demo.example.org", "Søren Sagsbehandler")  # on the demo hearing
LEAD = ("tina.teamleder@kommune.example.org", "Tina Teamleder")
MEMBER = ("ulla.udvalg@byraad.example.org", "Ulla Udvalgsmedlem")

TITLE = "Kvalitetsstandarder på det specialiserede voksenområde"
MEMO_HEADING = f"Høringsnotat: {TITLE}"
PART_3 = "3. Bemærkninger til de enkelte afsnit"
NOT_ANSWERED = "Ikke besvaret endnu"
NOTED = "Taget til efterretning"
DECISION = "Godkendt, idet § 85 revideres igen efter et år."
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")

STAFF_URL = f"/medarbejder/hoeringer/{SLUG}"


# ---------------------------------------------------------------- set-up (not the journey)


@pytest.fixture
def demo(app, db, smtp_server, demo):  # builds on the `demo` of tests/conftest.py
    """The demo as `flask demo load` leaves it; a team lead with an app for codes; a committee member."""
    hearing = demo
    assert hearing.state is HearingState.REPLYING
    assert OFFICER[0] in {officer.email for officer in hearing.officers}
    # The demo's team lead sets up two-step verification at her first log-in; this one has it.
    lead = make_user(Role.APPROVER, email=LEAD[0], name=LEAD[1])
    hearing.approver = lead
    make_user(Role.COMMITTEE, email=MEMBER[0], name=MEMBER[1])
    db.session.commit()
    return {"hearing_id": hearing.id, "lead": lead, "standards": _standards_with_comments(hearing)}


def _standards_with_comments(hearing: Hearing) -> list[str]:
    """The labels of the standards (top sections) that Handicaprådet commented on, in draft order."""
    commented = {point.section_key for point in points.COMMENTS if point.section_key}
    tops = []
    for section in hearing.current_version.sections:
        top = section
        while top.parent is not None:
            top = top.parent
        if section.key in commented and top.label not in tops:
            tops.append(top.label)
    return tops


def _headings(document: docx.Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]


def _all_text(document: docx.Document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _pdf_text(path: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is needed to read the PDF back; .ci/run installs it"
    text = subprocess.run([pdftotext, "-layout", str(path), "-"],  # noqa: S603  # nosec B603 (our own file)
                          capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def _check_word(path: Path, standards: list[str]) -> list[tuple[str, str]]:
    """What a committee secretary attaches: the memo's headings, each standard, nothing unanswered."""
    document = docx.Document(str(path))
    headings = _headings(document)
    assert ("Heading 1", MEMO_HEADING) in headings
    assert ("Heading 2", PART_3) in headings
    part_3 = headings.index(("Heading 2", PART_3))
    sections = []
    for style, text in headings[part_3 + 1:]:
        if style != "Heading 3":
            break
        sections.append(text)
    for standard in standards:
        assert any(standard in text for text in sections), f"{standard} has no heading under {PART_3}"
    assert NOT_ANSWERED not in _all_text(document)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297), "A4, as in the PDF"
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("Side ") and re.findall(r'w:instr="(\w+)"', footer._p.xml) == ["PAGE", "NUMPAGES"]
    return headings


def _check_pdf(path: Path, standards: list[str]) -> None:
    assert path.read_bytes()[:4] == b"%PDF"
    text = _pdf_text(path)
    for heading in (MEMO_HEADING, PART_3, *standards):
        assert heading in text, heading
    assert NOT_ANSWERED not in text
    assert "Side 1 af" in text


def _files_stored(memo, timeout: float = 120) -> None:
    """Wait for the worker to store the finalised version's Word and PDF files (app.memos.jobs)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.expire_all()
        if all(stored_file(memo, file_format) is not None for file_format in ("docx", "pdf")):
            return
        time.sleep(0.2)
    raise AssertionError(f"the files of memo version {memo.version} were not stored within {timeout} s")


def _download(page, link, folder: Path) -> Path:
    with page.expect_download() as info:
        link.click()
    download = info.value
    folder.mkdir(exist_ok=True)
    target = folder / download.suggested_filename
    download.save_as(target)
    return target


# ---------------------------------------------------------------- steps


def open_memo(page, live_server) -> None:
    """From the hearing's staff page, the way to the memo."""
    page.goto(live_server + STAFF_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.locator("main").get_by_role("link", name="Høringsnotat", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Høringsnotat")


def answer_what_is_missing(page, live_server) -> None:
    """Each comment without a reply, from the memo's list to where it is answered, and back."""
    missing = page.get_by_role("status").get_by_role("link", name="ikke besvaret", exact=True)
    expect(missing).to_have_count(len(OUR_REPLIES))
    for done, (comment, text) in enumerate(OUR_REPLIES.items()):
        missing.first.click()
        card = comment_card(page, comment)
        expect(card).to_have_count(1)
        card.get_by_role("button", name=re.compile("^Skriv svar")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Svar på 1 bemærkning")
        fill_reply(page, Answer((comment,), text, NOTED))
        send_for_approval(page)
        open_memo(page, live_server)
        expect(missing).to_have_count(len(OUR_REPLIES) - done - 1)


def approve_what_waits(page, live_server) -> None:
    """The team lead, from the memo's list of replies not approved yet."""
    waiting = page.get_by_role("status").get_by_role("link", name="svaret er ikke godkendt", exact=True)
    expect(waiting).to_have_count(len(OUR_REPLIES))
    for left in range(len(OUR_REPLIES), 0, -1):
        waiting.first.click()
        expect(page.locator(".app-status")).to_have_text("Til godkendelse")
        page.get_by_role("button", name="Godkend svaret").click()
        expect(page.get_by_text("Svaret er godkendt.", exact=True)).to_be_visible()
        open_memo(page, live_server)
        expect(waiting).to_have_count(left - 1)


# ---------------------------------------------------------------- the journey


def test_a_case_officer_completes_finalises_sends_and_publishes_the_demo_memo(
    page, another_page, live_server, app, db, demo, smtp_server, tmp_path, assert_no_axe_violations, screenshot,
    jobs_worker,
):
    officer, standards = page, demo["standards"]
    assert standards[0].startswith("§ 84") and standards[-1].startswith("§ 108")

    # 1. The officer finds the memo from the hearing's page and sees what is missing.
    log_in(officer, live_server, *OFFICER, password=DEMO_PASSWORD)
    open_memo(officer, live_server)
    gaps = officer.get_by_role("status").filter(has_text="mangler et godkendt svar")
    expect(gaps.get_by_role("heading")).to_have_text("9 bemærkninger mangler et godkendt svar")
    expect(gaps.get_by_role("listitem")).to_have_count(9)
    expect(gaps.get_by_role("listitem").nth(2)).to_contain_text("§ 82 Tidlig forebyggende indsats")
    preview = officer.get_by_role("article", name="Høringsnotatet")
    expect(preview.get_by_role("heading", name=MEMO_HEADING)).to_be_visible()
    expect(preview).to_contain_text(NOT_ANSWERED)
    assert_no_axe_violations(officer)
    screenshot(officer, "memo-journey-missing-da-desktop")

    # 2. He answers the nine through the reply pages; the team lead approves them.
    answer_what_is_missing(officer, live_server)
    lead = another_page()
    log_in(lead, live_server, *LEAD, code=lambda: second_step_code(demo["lead"]))
    open_memo(lead, live_server)
    approve_what_waits(lead, live_server)

    # 3. Complete: he finalises it and downloads the files for the agenda.
    open_memo(officer, live_server)
    expect(officer.get_by_role("status").filter(has_text="Alle bemærkninger har et godkendt svar.")).to_be_visible()
    expect(officer.get_by_role("article", name="Høringsnotatet")).not_to_contain_text(NOT_ANSWERED)
    assert_no_axe_violations(officer)
    officer.get_by_role("link", name="Færdiggør høringsnotatet").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Færdiggør høringsnotatet")
    assert_no_axe_violations(officer)
    screenshot(officer, "memo-journey-finalise-da-desktop")
    officer.get_by_role("button", name="Færdiggør høringsnotatet").click()
    expect(officer.get_by_text("Version 1 af høringsnotatet er færdiggjort.", exact=True)).to_be_visible()
    db.session.expire_all()
    frozen = operations.latest_memo(db.session.get(Hearing, demo["hearing_id"]))
    assert frozen.version == 1 and frozen.override_reason is None
    versions = officer.get_by_role("table").filter(has_text="Kontrolsum")
    expect(versions.get_by_role("row")).to_have_count(2)  # the header and version 1
    expect(versions.get_by_role("rowheader")).to_have_text("1")
    expect(versions.locator("code")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    expect(versions.locator("code")).to_have_text(frozen.sha256)
    expect(officer.get_by_role("link", name="Send høringsnotatet til udvalget")).to_be_visible()  # what comes next
    assert_no_axe_violations(officer)
    screenshot(officer, "memo-journey-finalised-da-desktop")

    _files_stored(frozen)  # the worker makes the version's files once, right after finalising
    word = _download(officer, versions.get_by_role("link", name="Word version 1"), tmp_path)
    pdf = _download(officer, versions.get_by_role("link", name="PDF version 1"), tmp_path)
    assert (word.name, pdf.name) == (f"hoeringsnotat-{SLUG}-v1.docx", f"hoeringsnotat-{SLUG}-v1.pdf")
    headings = _check_word(word, standards)
    _check_pdf(pdf, standards)

    # The CLI gives the same document.
    db.session.expire_all()
    for file_format in ("docx", "pdf"):
        target = tmp_path / "cli" / f"notat.{file_format}"
        target.parent.mkdir(exist_ok=True)
        result = app.test_cli_runner().invoke(
            args=["memo", "export", SLUG, "--format", file_format, "--output", str(target)])
        assert result.exit_code == 0, result.output
    assert _check_word(tmp_path / "cli" / "notat.docx", standards) == headings
    _check_pdf(tmp_path / "cli" / "notat.pdf", standards)

    # 4. He sends it to the committee from the hearing's page.
    officer.get_by_role("link", name=TITLE, exact=True).click()
    expect(officer.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(officer.get_by_role("heading", name="Udvalget", level=2)).to_be_visible()
    officer.get_by_role("link", name="Send høringsnotatet til udvalget").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Send høringsnotatet til udvalget")
    expect(officer.locator("main code")).to_have_text(frozen.sha256)
    assert_no_axe_violations(officer)
    screenshot(officer, "memo-journey-send-da-desktop")
    officer.get_by_role("checkbox", name=MEMBER[1]).check()
    officer.get_by_role("button", name="Send høringsnotatet til udvalget").click()
    expect(officer.get_by_text("Version 1 af høringsnotatet er sendt til 1 udvalgsmedlem.", exact=True)).to_be_visible()
    expect(officer.locator("main")).to_contain_text(MEMBER[1])

    send_due()  # the outbox, as `flask outbox send` delivers it
    [mail] = [m for m in smtp_server.messages if m["X-Envelope-To"] == MEMBER[0]]
    assert mail["Subject"] == f"Høringsnotat til Social- og Sundhedsudvalget: {TITLE}"
    assert f"/udvalg/hoeringer/{SLUG}" in mail.get_body(("plain",)).get_content()
    files = {part.get_filename(): part.get_content() for part in mail.iter_attachments()}
    assert files == {word.name: files[word.name], pdf.name: files[pdf.name]}
    assert _headings(docx.Document(io.BytesIO(files[word.name]))) == headings
    assert files[pdf.name][:4] == b"%PDF"

    # 5. The committee member reads the memo and a response, with nothing to fill in.
    member = another_page()
    log_in(member, live_server, *MEMBER)
    member.get_by_role("navigation", name="Udvalgsmenu").get_by_role(
        "link", name="Høringsnotater til udvalget").click()
    member.get_by_role("link", name=TITLE, exact=True).click()
    expect(member.get_by_role("heading", name=MEMO_HEADING)).to_be_visible()
    expect(member.locator("main")).to_contain_text(frozen.sha256)
    expect(member.locator("main form, main input, main textarea, main select")).to_have_count(0)
    assert_no_axe_violations(member)
    screenshot(member, "memo-journey-committee-da-desktop")
    member.locator("main").get_by_role("link", name="Handicaprådet", exact=True).click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Høringssvar fra Handicaprådet")
    expect(member.locator("main form, main input, main textarea, main select")).to_have_count(0)
    assert_no_axe_violations(member)

    # 6. The officer records the decision and publishes the memo; a visitor reads it.
    officer.get_by_role("link", name="Registrér et møde").click()
    officer.get_by_label("Udvalg eller råd").select_option(label="Social- og Sundhedsudvalget")
    officer.get_by_label("Mødedato").fill("2019-06-20")  # as picked in the browser's date picker
    officer.get_by_label("Godkendt", exact=True).check()
    officer.get_by_label("Beslutningen").fill(DECISION)
    officer.get_by_role("button", name="Registrér mødet").click()
    expect(officer.get_by_text("Mødet er registreret.")).to_be_visible()
    decided = officer.locator("main .app-meeting").last
    expect(decided.locator(".app-meeting-head")).to_have_text("20. juni 2019 – Social- og Sundhedsudvalget: Godkendt.")
    expect(decided.locator(".app-decision p")).to_have_text([DECISION])
    officer.locator("main").get_by_role("link", name="Høringsnotat", exact=True).click()
    officer.get_by_role("link", name="Offentliggør version 1").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Vil du offentliggøre høringsnotatet?")
    officer.get_by_role("button", name="Offentliggør version 1").click()
    expect(officer.get_by_text("Version 1 af høringsnotatet er offentliggjort på høringens side.")).to_be_visible()

    visitor = another_page()
    visitor.goto(live_server + "/")
    visitor.get_by_role("link", name=TITLE, exact=True).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    visitor.get_by_role("link", name="Læs høringsnotatet og høringssvarene").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Høringsnotat")
    public = visitor.get_by_role("article", name="Høringsnotatet")
    expect(public.get_by_role("heading", name=MEMO_HEADING)).to_be_visible()
    expect(public).to_contain_text("Handicaprådet")
    expect(visitor.locator("main")).to_contain_text(DECISION)
    assert not EMAIL.search(visitor.locator("main").inner_text()), "no e-mail address on the public page"
    assert_no_axe_violations(visitor)
    screenshot(visitor, "memo-journey-public-da-desktop")
    public_pdf = _download(visitor, visitor.get_by_role("link", name="Hent som PDF"), tmp_path / "public")
    _check_pdf(public_pdf, standards)

    db.session.expire_all()
    hearing = db.session.get(Hearing, demo["hearing_id"])
    assert hearing.state is HearingState.DECIDED and hearing.decision_text == DECISION
    replies = db.session.scalars(select(Reply).where(Reply.hearing_id == hearing.id)).all()
    assert {reply.status for reply in replies} == {ReplyStatus.APPROVED}
    assert len(operations.memos_of(hearing)) == 1
