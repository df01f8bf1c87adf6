"""The revised draft, the comparison of versions and the history pages in a real browser."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.hearings.models import HearingState
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.models import ResponseState
from tests.browser.helpers import WIDTHS, assert_fits_width, log_in
from tests.factories import make_comment, make_hearing, make_organisation, make_response, make_user


@pytest.fixture
def case(db):
    hearing = make_hearing(state=HearingState.REPLYING, title="Kvalitetsstandarder på voksenområdet")
    section = hearing.current_version.sections[0]
    section.body_html = "<p>Aflastning gives i op til 60 døgn om året.</p>"
    officer = make_user(Role.STAFF, name="Søren Sagsbehandler", email="soeren@kommune.example.org")
    hearing.officers = [officer]
    response = make_response(hearing, make_organisation("Handicaprådet"), state=ResponseState.SUBMITTED,
                             submitted_at=datetime.now(UTC))
    comment = make_comment(response, section, "60 døgn er for lidt.")
    approved = Reply(hearing=hearing, text="Forvaltningen hæver til 90 døgn.", outcome=Outcome.ACCEPTED,
                     status=ReplyStatus.APPROVED, approved_at=datetime.now(UTC),
                     approved_by=make_user(Role.APPROVER), comments=[comment], draft_change_key=section.key,
                     draft_change="Aflastning gives i op til 90 døgn om året.")
    db.session.add(approved)
    db.session.commit()
    return {"slug": hearing.slug, "email": officer.email, "reply": approved.id, "comment": comment.id}


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_an_officer_makes_the_revised_draft_and_reads_the_marked_changes(
    page, live_server, case, assert_no_axe_violations, screenshot, width
):
    log_in(page, live_server, case["email"], "Søren Sagsbehandler", keyboard=True)
    page.set_viewport_size(WIDTHS[width])
    base = f"{live_server}/medarbejder/hoeringer/{case['slug']}"

    def check(name):
        assert_no_axe_violations(page)
        if width == "mobile":
            assert_fits_width(page)
        screenshot(page, f"{name}-da-{width}")

    page.goto(f"{base}/udkast/revision")
    expect(page.get_by_role("heading", level=2, name="1 afsnit ændres")).to_be_visible()
    check("revision")
    page.get_by_role("button", name="Lav det reviderede udkast").click()
    expect(page.get_by_text("Version 2 af udkastet er lavet med de godkendte ændringer.")).to_be_visible()
    expect(page.locator(".app-marked-text ins")).to_contain_text("90")
    expect(page.locator(".app-marked-text del")).to_contain_text("60")
    check("compare")

    page.goto(f"{base}/svar-paa-bemaerkninger/{case['reply']}")
    expect(page.locator(".app-marked-text ins")).to_contain_text("90")  # the saved change, word by word
    page.get_by_text("Ret ændringen i udkastet").click()
    page.get_by_label("Ændrer svaret udkastet?").select_option(label="Afsnit 2")
    page.get_by_role("button", name="Hent afsnittets tekst").click()
    expect(page.get_by_label("Afsnittets nye ordlyd")).to_have_value("Tekst")
    check("reply-draft-change")
    page.goto(f"{base}/svar-paa-bemaerkninger/{case['reply']}/historik")
    check("reply-history")
    page.goto(f"{base}/bemaerkninger/{case['comment']}/historik")
    check("comment-history")
