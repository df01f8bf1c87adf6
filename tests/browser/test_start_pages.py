"""Issue #18, item 1, done when: the case officer finds her section and the mail waiting for her
on "Mine opgaver", answers a comment and sends the reply for approval; the team lead logs in, lands
on "Mine opgaver", finds the reply at the top of her queue and approves it. Each start page
(officer, team lead, administrator) is checked with axe and photographed at 1280 and 375 px."""

import re

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.hearings.models import Hearing, SectionAssignment
from tests.browser.helpers import assert_fits_width, log_in
from tests.factories import make_incoming_mail, make_user, second_step_code

START = "/medarbejder/opgaver/"
SIXTY = "Aflastning bør kunne gives i mere end 60 døgn om året."  # Handicaprådet's comment in the `case` fixture
SIZES = {"1280": {"width": 1280, "height": 900}, "375": {"width": 375, "height": 800}}


@pytest.fixture
def lead(db, case):
    hearing = db.session.scalar(db.select(Hearing).where(Hearing.slug == case["slug"]))
    officer = hearing.officers[0]
    db.session.add(SectionAssignment(hearing_id=hearing.id, section_key=case["key"], user_id=officer.id))
    user = make_user(Role.APPROVER, name="Tove Teamleder", email="tove@kommune.example.org")
    db.session.commit()
    return user


@pytest.fixture
def waiting_mail(db, case):
    """A mail to the hearing's own address that Søren has not checked yet."""
    hearing = db.session.scalar(db.select(Hearing).where(Hearing.slug == case["slug"]))
    make_incoming_mail(hearing, subject="Høringssvar fra Handicaprådet")
    db.session.commit()


def _look_at(page, name: str, assert_no_axe_violations, screenshot) -> None:
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        assert_no_axe_violations(page)
        if size == "375":
            assert_fits_width(page)
        screenshot(page, f"start-page-{name}-{size}")
    page.set_viewport_size(SIZES["1280"])


def test_the_team_lead_finds_and_approves_the_reply_the_officer_just_sent(
    page, live_server, case, lead, waiting_mail, assert_no_axe_violations, screenshot,
):
    log_in(page, live_server, case["email"], "Søren Sagsbehandler")
    expect(page).to_have_url(live_server + START)
    expect(page.get_by_role("heading", level=2, name="Afsnit med bemærkninger uden svar (1)")).to_be_visible()
    _look_at(page, "officer", assert_no_axe_violations, screenshot)
    mail = page.get_by_role("region", name="Post der venter (1)")
    expect(mail).to_contain_text("1 mail venter på at blive tjekket")
    mail.get_by_role("link", name="Post til Kvalitetsstandarder på voksenområdet").click()
    expect(page.get_by_role("heading", level=1, name="Post til høringen")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Høringssvar fra Handicaprådet")
    page.go_back()
    page.get_by_role("link", name="Afsnit 1").click()
    page.locator(".app-comment-card").filter(has_text=SIXTY).get_by_role(
        "button", name=re.compile("^Skriv svar")).click()
    page.get_by_label("Forvaltningens svar", exact=True).fill("Forvaltningen fastholder 60 døgn.")
    page.get_by_role("radio", name="Ikke imødekommet", exact=True).check()
    page.get_by_role("button", name="Send til godkendelse").click()
    expect(page.get_by_text("Svaret er sendt til godkendelse.", exact=True)).to_be_visible()

    page.get_by_role("button", name="Log ud").click()
    log_in(page, live_server, lead.email, "Tove Teamleder", code=lambda: second_step_code(lead))
    expect(page).to_have_url(live_server + START)
    queue = page.get_by_role("region", name="Svar til godkendelse (1)")
    expect(queue).to_contain_text("Søren Sagsbehandler")
    _look_at(page, "approver", assert_no_axe_violations, screenshot)
    queue.get_by_role("link", name="Svar på 1 bemærkning: Afsnit 1").click()
    page.get_by_role("button", name="Godkend svaret").click()
    expect(page.get_by_text("Svaret er godkendt.", exact=True)).to_be_visible()

    page.get_by_role("link", name="Mine opgaver").click()
    expect(page.get_by_role("region", name="Svar til godkendelse (0)")).to_contain_text(
        "Når en sagsbehandler sender et svar til godkendelse, står det her")


def test_the_administrators_start_page(page, live_server, db, assert_no_axe_violations, screenshot):
    admin = make_user(Role.ADMIN, name="Anna Administrator")
    make_user(Role.STAFF, name="Nils Nyansat")  # never logged in, no link: needs one
    db.session.commit()
    log_in(page, live_server, admin.email, "Anna Administrator", code=lambda: second_step_code(admin))
    expect(page).to_have_url(live_server + START)
    users = page.get_by_role("region", name="Brugere, der ikke er kommet ind (1)")
    expect(users.get_by_role("link", name="Nils Nyansat")).to_be_visible()
    _look_at(page, "admin", assert_no_axe_violations, screenshot)
