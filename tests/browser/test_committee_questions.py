"""A committee member asks a written question on a postponed case, a case officer answers it, a team lead
approves, and the real SMTP server catches the mail to the members (#19 item 5); the pages have no axe
violations, and the empty question gets its message by the field."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.committee.meetings import operations as meetings
from app.committee.meetings.models import MeetingOutcome
from app.extensions import db
from app.hearings.models import HearingState
from app.notifications.operations import send_due
from tests.browser.helpers import WIDTHS, assert_fits_width, log_in
from tests.factories import make_hearing, make_user, second_step_code

MEMBER = ("gitte.westermann@byraad.example.org", "Gitte Westermann")
OFFICER = ("soeren@kommune.example.org", "Søren Sagsbehandler")
LEAD = ("tove@kommune.example.org", "Tove Teamleder")
QUESTION = "Jeg har brug for at forstå behovet for endnu et hus, som der foreslås i model 2 en halv."
ANSWER = "Forvaltningen har på nuværende tidspunkt ingen planer om et stort hus."


@pytest.fixture
def postponed(app, db):
    now = datetime.now(UTC)
    hearing = make_hearing(HearingState.SENT, title="Helhedsplan for socialpsykiatrien",
                           committee="Social- og Sundhedsudvalget", opens_at=now - timedelta(days=90),
                           deadline_at=now - timedelta(days=40), sent_to_committee_at=now - timedelta(days=5))
    hearing.officers.append(make_user(Role.STAFF, email=OFFICER[0], name=OFFICER[1]))
    hearing.committee_members.append(make_user(Role.COMMITTEE, email=MEMBER[0], name=MEMBER[1], party="V"))
    lead = make_user(Role.APPROVER, email=LEAD[0], name=LEAD[1])
    with app.test_request_context():
        meetings.record_meeting(hearing, meetings.MeetingInput(
            body=meetings.body_named("Social- og Sundhedsudvalget"), held_on=date(2013, 8, 21),
            outcome=MeetingOutcome.POSTPONED, decision_text="Beslutning om valg af model udsættes til næste møde."))
    db.session.commit()
    return {"slug": hearing.slug, "lead": lead}


def test_a_member_asks_an_officer_answers_and_the_members_are_mailed_once_it_is_approved(
    page, another_page, live_server, postponed, smtp_server, assert_no_axe_violations, screenshot
):
    slug = postponed["slug"]
    # The member asks; an empty question is refused by the field.
    log_in(page, live_server, *MEMBER)
    page.goto(f"{live_server}/udvalg/hoeringer/{slug}/spoergsmaal")
    page.get_by_role("link", name="Stil et spørgsmål").click()
    page.get_by_role("button", name="Stil spørgsmålet").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#text-error")).to_contain_text("Skriv dit spørgsmål.")
    assert_no_axe_violations(page)
    page.get_by_label("Dit spørgsmål").fill(QUESTION)
    page.get_by_role("button", name="Stil spørgsmålet").click()
    expect(page.get_by_text("Dit spørgsmål er stillet som nr. 1)")).to_be_visible()
    row = page.locator("main table tbody tr")
    expect(row).to_contain_text("Gitte Westermann (V)")
    expect(row).to_contain_text(QUESTION)
    expect(row).to_contain_text("Forvaltningen besvarer spørgsmålet.")
    assert_no_axe_violations(page)
    for width in ("desktop", "mobile"):
        page.set_viewport_size(WIDTHS[width])
        if width == "mobile":
            assert_fits_width(page)
        screenshot(page, f"committee-questions-asked-da-{width}")
    page.set_viewport_size(WIDTHS["desktop"])

    # The case officer answers it.
    officer = another_page()
    log_in(officer, live_server, *OFFICER)
    officer.goto(f"{live_server}/medarbejder/hoeringer/{slug}")
    officer.get_by_role("link", name="Udvalgets spørgsmål", exact=True).click()
    officer.get_by_role("link", name="Besvar på spørgsmål 1)").click()
    expect(officer.locator("main dl")).to_contain_text(QUESTION)
    officer.set_viewport_size({"width": 375, "height": 800})
    assert_fits_width(officer)
    screenshot(officer, "committee-answer-form-da-375")
    officer.set_viewport_size(WIDTHS["desktop"])
    officer.get_by_label("Forvaltningens svar").fill(ANSWER)
    officer.get_by_role("button", name="Gem og send til godkendelse").click()
    expect(officer.get_by_text("Svaret på spørgsmål 1) er sendt til godkendelse.")).to_be_visible()
    expect(officer.locator("main table")).to_contain_text("Til godkendelse")
    assert_no_axe_violations(officer)
    screenshot(officer, "committee-questions-staff-da-desktop")
    assert send_due() == (0, 0), "no mail before the answer is approved"

    # The team lead approves; the members get one mail through the real SMTP server.
    lead = another_page()
    log_in(lead, live_server, *LEAD, code=lambda: second_step_code(postponed["lead"]))
    lead.goto(f"{live_server}/medarbejder/hoeringer/{slug}/spoergsmaal/")
    lead.get_by_role("button", name="Godkend svaret på spørgsmål 1)").click()
    expect(lead.get_by_text("Udvalgets medlemmer har fået en mail", exact=False)).to_be_visible()
    db.session.expire_all()
    assert send_due() == (1, 0)
    [mail] = smtp_server.messages
    assert mail["X-Envelope-To"] == MEMBER[0]
    assert mail["Subject"] == "Svar på udvalgets spørgsmål: Helhedsplan for socialpsykiatrien"
    link = re.search(r"https?://\S+/spoergsmaal", mail.get_body(("plain",)).get_content()).group(0)

    # The member follows the mail's link (on this server) and reads the answer.
    page.goto(live_server + "/udvalg" + link.split("/udvalg", 1)[1])
    expect(page.locator("main table tbody tr")).to_contain_text(ANSWER)
    expect(page.get_by_role("link", name="Word spørgsmål og svar")).to_be_visible()
    assert_no_axe_violations(page)
