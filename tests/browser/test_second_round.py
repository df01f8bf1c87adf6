"""After a postponement, in a real browser: the revised draft for the committee with its changes marked, the
second round sent out, and the party's page with its earlier points beside the changes (axe, 1280 and 320 px)."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from app.hearings import operations
from app.hearings.models import PartyLink
from app.hearings.rounds import operations as rounds
from app.hearings.tokens import new_token, token_hash
from app.timezone import to_local
from tests.browser.helpers import WIDTHS, assert_fits_width, log_in
from tests.hearings.round_helpers import postponed_hearing


@pytest.fixture
def case(db):
    return postponed_hearing(db)


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_an_officer_revises_the_draft_for_the_committee_and_sends_it_to_a_second_round(
    page, live_server, case, assert_no_axe_violations, screenshot, width
):
    log_in(page, live_server, case.officer.email, case.officer.name)
    page.set_viewport_size(WIDTHS[width])
    base = f"{live_server}/medarbejder/hoeringer/{case.hearing.slug}"

    def check(name):
        assert_no_axe_violations(page)
        if width == "mobile":
            assert_fits_width(page)
        screenshot(page, f"second-round-{name}-{width}")

    page.goto(base)
    page.get_by_role("link", name="Lav et revideret udkast til udvalget").click()
    page.get_by_role("button", name="Lav det reviderede udkast").click()
    expect(page.locator(".form-error-message").first).to_contain_text("Skriv, hvad det reviderede udkast")
    check("new-draft-error")
    page.get_by_label("Det reviderede udkasts titel").fill("model af 10. september 2013")
    page.get_by_role("button", name="Lav det reviderede udkast").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("model af 10. september 2013")
    page.get_by_role("link", name="Ret afsnittet Model 2").click()
    page.get_by_label("Tekst").fill("Værestedet flytter til Nettet i 2015, og klubtilbuddet fortsætter.")
    page.get_by_role("button", name="Gem afsnittet").click()
    expect(page.locator(".app-marked-text ins").first).to_contain_text("2015")
    expect(page.locator(".app-marked-text del").last).to_contain_text("som i dag")
    check("committee-draft")

    page.get_by_role("link", name="Send i genhøring").click()
    deadline = to_local(datetime.now(UTC) + timedelta(days=21)).date()
    page.get_by_label("Høringsfrist, dato").fill(deadline.isoformat())
    check("second-round-form")
    page.get_by_role("button", name="Opret genhøringen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Genhøring: Helhedsplan for socialpsykiatrien")
    page.get_by_role("link", name="Bemærkningerne fra første runde, ført over på afsnittene").click()
    expect(page.get_by_text("Handicaprådet støtter model 2.")).to_be_visible()
    check("earlier-comments")


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_a_party_reads_its_earlier_points_the_replies_and_the_changes(
    page, live_server, case, db, assert_no_axe_violations, screenshot, width
):
    draft = rounds.make_committee_draft(case.hearing, "model af 10. september 2013", "", case.officer)
    rounds.edit_committee_section(draft, "model-2", "Model 2", "Værestedet flytter til Nettet i 2015, og "
                                  "klubtilbuddet fortsætter som i dag.")
    second = rounds.start_second_round(case.hearing, rounds.RoundDetails(
        "Genhøring: Helhedsplan for socialpsykiatrien", datetime.now(UTC) + timedelta(days=21), ""), case.officer)
    operations.perform(second, "open")
    invitation = next(i for i in second.invitations if i.organisation.name == "Nettet")
    token = new_token()
    db.session.add(PartyLink(invitation=invitation, contact=invitation.organisation.contacts[0],
                             token_hash=token_hash(token), sent_at=datetime.now(UTC)))
    db.session.commit()
    page.set_viewport_size(WIDTHS[width])
    page.goto(f"{live_server}/svar/{token}")
    earlier = page.get_by_role("region", name="Jeres bemærkninger fra første høringsrunde")
    expect(earlier.get_by_text("Værestedet skal blive, hvor brugerne kender det.")).to_be_visible()
    expect(earlier.get_by_text("Delvist imødekommet")).to_be_visible()
    expect(earlier.locator("ins").first).to_contain_text("2015")
    expect(earlier.get_by_text("Handicaprådet støtter model 2.")).to_have_count(0)
    assert_no_axe_violations(page)
    if width == "mobile":
        assert_fits_width(page)
    screenshot(page, f"second-round-party-{width}")
