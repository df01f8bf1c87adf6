"""Issue #18, item 4: a case officer opens a hearing through its confirmation page with the keyboard only:
the page opens with focus on its question, Tab reaches the button that does it, Enter opens the hearing."""

from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect
from sqlalchemy import func, select

from app.accounts.models import Role
from app.extensions import db
from app.hearings.invitations import add_party
from app.hearings.models import Hearing, HearingState
from app.notifications.models import OutboxMessage
from tests.browser.helpers import log_in, tab_to
from tests.factories import make_hearing, make_organisation, make_user

TITLE = "Helhedsplan for socialpsykiatrien"


def test_opening_a_hearing_through_its_confirmation_page_by_keyboard(live_server, page, assert_no_axe_violations,
                                                                     screenshot):
    officer = make_user(Role.STAFF, name="Søren Sagsbehandler")
    now = datetime.now(UTC)
    hearing = make_hearing(state=HearingState.SCHEDULED, title=TITLE, officers=[officer],
                           opens_at=now + timedelta(days=3), deadline_at=now + timedelta(days=40))
    add_party(hearing, make_organisation("Handicaprådet"))
    db.session.commit()
    log_in(page, live_server, officer.email, officer.name, keyboard=True)

    page.goto(f"{live_server}/medarbejder/hoeringer/{hearing.slug}")
    tab_to(page, "main a[href$='/handling/open']")
    page.keyboard.press("Enter")

    question = page.get_by_role("heading", level=1)
    expect(question).to_have_text("Vil du åbne høringen nu?")
    expect(question).to_be_focused()
    expect(page.locator("main")).to_contain_text("Høringen er planlagt til at åbne")
    assert_no_axe_violations(page)
    screenshot(page, "confirm-open-da-desktop")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "confirm-open-da-375")

    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Åbn høringen og send invitationerne")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Høringen har nu status: Åben for høringssvar.")
    db.session.expire_all()
    assert db.session.get(Hearing, hearing.id).state is HearingState.OPEN
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1, "the invitation is on its way"
