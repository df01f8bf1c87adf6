"""Issue #18, items 5 and 10, in the browser: the pages they changed, at 1280 and 375 px, with axe.

- a draft hearing that may be both scheduled and opened: one primary button, the two apart; its
  import page warns, with the alert's icon where DKFDS leaves room for it;
- the responses page offers to register a letter; a section of the reply workspace leads to the
  next comment without a reply;
- a decided hearing's public page shows the committee's decision; the committee's page says
  "Kontrolsum" and what it is for;
- the footer links to the open data, and the page has a favicon.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.committee.meetings import operations as meetings
from app.committee.meetings.models import MeetingOutcome, VoteSide
from app.hearings import invitations
from app.hearings.models import HearingState
from app.memos import committee, operations
from app.responses.models import ResponseState
from tests.browser.helpers import assert_fits_width, log_in
from tests.factories import make_comment, make_hearing, make_organisation, make_response, make_user

pytestmark = pytest.mark.browser
WIDTHS = {"1280": {"width": 1280, "height": 900}, "375": {"width": 375, "height": 740}}
DECISION = "Anbefalet.\n\nDog skal § 85 revideres igen efter et år."


@pytest.fixture
def hearings(app, db):
    """A draft ready to open, one being answered (comments on two sections), one decided and sent."""
    now = datetime.now(UTC)
    officer = make_user(Role.STAFF, name="Søren Sagsbehandler", email="soeren@kommune.example.org")
    member = make_user(Role.COMMITTEE, name="Ulla Udvalgsmedlem", email="ulla@byraad.example.org")
    draft = make_hearing(state=HearingState.DRAFT, title="Plan for botilbud", opens_at=now + timedelta(days=7),
                         deadline_at=now + timedelta(days=37))
    invitations.add_party(draft, make_organisation("Handicaprådet"))
    answering = make_hearing(state=HearingState.REPLYING, sections=3, title="Kvalitetsstandarder på voksenområdet",
                             opens_at=now - timedelta(days=30), deadline_at=now - timedelta(days=2))
    response = make_response(answering, make_organisation("Seniorrådet"), state=ResponseState.SUBMITTED,
                             submitted_at=now - timedelta(days=3))
    first, _second, third = answering.current_version.sections
    make_comment(response, first, "Aflastning bør kunne gives i mere end 60 døgn om året.")
    make_comment(response, third, "Tilbuddet skal ligge tæt på hjemmet.")
    decided = make_hearing(state=HearingState.REPLYING, title="Kvalitetsstandarder 2019", is_public=True,
                           committee="Social- og Sundhedsudvalget", opens_at=now - timedelta(days=60),
                           deadline_at=now - timedelta(days=30))
    for hearing in (draft, answering, decided):
        hearing.officers.append(officer)
    db.session.commit()
    with app.test_request_context():
        operations.finalise(decided, officer)
        committee.send_to_committee(decided, [member], officer)
        meetings.record_meeting(decided, meetings.MeetingInput(
            body=meetings.body_named("Social- og Sundhedsudvalget"), held_on=date(2019, 6, 19),
            outcome=MeetingOutcome.APPROVED, decision_text=DECISION,
            votes=((VoteSide.FOR, 6, "3 (C), 2 (A), 1 (V)", ""),
                   (VoteSide.AGAINST, 1, "F", "idet der mangler en plan"))))
    db.session.commit()
    return {"draft": draft.slug, "answering": answering.slug, "first": first.key, "third": third.key,
            "decided": decided.slug, "officer": officer, "member": member}


def _look(page, width, name, screenshot, assert_no_axe_violations):
    page.set_viewport_size(WIDTHS[width])
    assert_no_axe_violations(page)
    if width == "375":
        assert_fits_width(page)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    screenshot(page, f"finding-way-{name}-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_pages(page, live_server, hearings, width, screenshot, assert_no_axe_violations):
    officer = hearings["officer"]
    log_in(page, live_server, officer.email, officer.name)
    staff = f"{live_server}/medarbejder/hoeringer"

    page.goto(f"{staff}/{hearings['draft']}")
    steps = page.locator(".app-next-step .button")  # a form's button, or a link to a confirmation page
    expect(steps).to_have_count(2)
    expect(page.locator(".app-next-step .button-primary")).to_have_count(1)
    top, bottom = (steps.nth(i).bounding_box() for i in range(2))
    assert bottom["y"] - (top["y"] + top["height"]) >= 8, "the two next steps' buttons touch"
    _look(page, width, "next-steps", screenshot, assert_no_axe_violations)

    page.goto(f"{staff}/{hearings['draft']}/udkast/importer")  # the draft has sections: a warning
    icon = page.locator(".alert-warning > svg.alert-icon")
    expect(icon).to_be_visible()
    assert icon.bounding_box()["width"] > 0, "the alert's icon is drawn, not an empty gap"
    _look(page, width, "alert", screenshot, assert_no_axe_violations)

    page.goto(f"{staff}/{hearings['answering']}/svar")
    page.get_by_role("link", name="Registrér et høringssvar fra et brev").click()
    expect(page.locator("h1")).to_contain_text("Registrér et høringssvar fra et brev")
    page.go_back()
    _look(page, width, "responses", screenshot, assert_no_axe_violations)

    page.goto(f"{staff}/{hearings['answering']}/besvarelse/{hearings['first']}")
    _look(page, width, "section", screenshot, assert_no_axe_violations)
    page.get_by_role("link", name="Næste bemærkning uden svar").click()
    expect(page).to_have_url(f"{staff}/{hearings['answering']}/besvarelse/{hearings['third']}#uden-svar")
    expect(page.locator("main")).to_contain_text("Tilbuddet skal ligge tæt på hjemmet.")


@pytest.mark.parametrize("width", WIDTHS)
def test_public_and_committee_pages(page, live_server, hearings, width, screenshot, assert_no_axe_violations):
    page.goto(f"{live_server}/hoeringer/{hearings['decided']}")
    decision = page.locator("h2", has_text="Politisk behandling")
    expect(decision).to_be_visible()
    expect(page.locator(".app-meeting-head")).to_have_text("19. juni 2019 – Social- og Sundhedsudvalget: Godkendt.")
    expect(page.locator(".app-decision p")).to_have_text(["Anbefalet.", "Dog skal § 85 revideres igen efter et år."])
    assert page.locator("link[rel=icon]").get_attribute("href").startswith("/static/favicon.svg")
    footer = page.locator("footer").get_by_role("link", name="Åbne data (API)")
    expect(footer).to_have_attribute("href", "/api")
    _look(page, width, "public-decided", screenshot, assert_no_axe_violations)

    member = hearings["member"]
    log_in(page, live_server, member.email, member.name)
    page.goto(f"{live_server}/udvalg/hoeringer/{hearings['decided']}")
    facts = page.locator("dl.app-facts")
    expect(facts).to_contain_text("Kontrolsum")
    expect(facts).to_contain_text("Kontrolsummen viser, om to kopier af notatet er ens.")
    expect(facts).not_to_contain_text("SHA-256")
    _look(page, width, "committee", screenshot, assert_no_axe_violations)
