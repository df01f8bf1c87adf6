"""Every hearing page at 1280 and 320 px: no axe violations (WCAG 2.0/2.1 A and AA), nothing wider
than the screen, a screenshot in tests/screenshots/."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.hearings import draft_import, invitations, operations
from app.hearings.models import HearingState
from app.notifications.operations import send_due
from app.parties.models import Organisation
from app.timezone import END_OF_DAY, local_to_utc
from tests.browser.hearing_setup import (
    COMMITTEE,
    DOCX_MIME,
    FIELDS,
    LETTER,
    OFFICER_EMAIL,
    TITLE,
    WHEN,
    add_councils,
    catalogue_docx,
    check_both_widths,
    party_row,
)
from tests.browser.helpers import log_in
from tests.factories import make_hearing

# ---------------------------------------------------------------- 3. every page, axe, 320 px


@pytest.fixture
def hearings(app, db, client, live_server, smtp_server, officer) -> dict[str, str]:
    """A draft with nothing in it yet, and an open hearing whose invitations went out; committed.

    Handicaprådet has opened its link, Seniorrådet has not.
    """
    app.config["BASE_URL"] = live_server
    add_councils(db)
    deadline = local_to_utc(date.today() + timedelta(days=30), END_OF_DAY)
    draft = make_hearing(state=HearingState.DRAFT, sections=0, opens_at=None, deadline_at=deadline,
                         officers=[officer], title="Plan for botilbud 2026-2030", committee=COMMITTEE)
    hearing = make_hearing(state=HearingState.DRAFT, sections=0, opens_at=None, deadline_at=deadline,
                           officers=[officer], title=TITLE, committee=COMMITTEE, letter=LETTER,
                           case_number="27.12.00-P27-1-19")
    operations.replace_draft(hearing, draft_import.import_docx(catalogue_docx()), officer)
    for name in ("Handicaprådet", "Seniorrådet"):
        invitations.add_party(hearing, db.session.scalar(select(Organisation).where(Organisation.name == name)))
    operations.perform(hearing, "open")
    db.session.commit()
    send_due()
    council_mail = next(m for m in smtp_server.messages if "handicapraadet" in m["X-Envelope-To"])
    [link] = re.findall(r"/svar/[\w-]+", council_mail.get_body(("plain",)).get_content())
    assert client.get(link).status_code == 200
    return {"draft": draft.slug, "open": hearing.slug, "link": link}


# A section's subsections are a list inside its item, not only indented.
SUBSECTIONS = "main ol.app-section-tree > li > ol.app-section-subtree > li"
PAGES = ["dashboard", "show-draft", "show-open", "import", "import-preview", "parties", "deadline",
         "party-start", "link-invalid"]


@pytest.mark.parametrize("name", PAGES)
def test_hearing_page_is_accessible(live_server, hearings, page, assert_no_axe_violations, screenshot, name,
                                    request):
    staff = f"{live_server}/medarbejder/hoeringer"
    if name not in ("party-start", "link-invalid"):
        log_in(page, live_server, OFFICER_EMAIL, "Søren Sagsbehandler")
    if name == "dashboard":
        page.goto(live_server + "/medarbejder/")
        expect(page.locator("main")).to_contain_text(TITLE)
    elif name == "show-draft":
        page.goto(f"{staff}/{hearings['draft']}")
        problems = page.locator(".app-next-step", has_text="Åbn høringen nu")
        expect(problems.locator("li")).to_have_text([  # no sections, no parties yet
            "Høringen har ingen afsnit. Importér eller skriv udkastet først.",
            "Vælg mindst én høringspart, eller gør høringen offentlig for borgere.",
        ])
    elif name == "show-open":
        page.goto(f"{staff}/{hearings['open']}")
        expect(page.locator("main")).to_contain_text("Åben for høringssvar")
        expect(page.locator(SUBSECTIONS)).to_have_text([field for field, _ in FIELDS])
    elif name == "import":
        page.goto(f"{staff}/{hearings['draft']}/udkast/importer")
    elif name == "import-preview":
        request.getfixturevalue("jobs_worker")  # the file is read by a worker
        page.goto(f"{staff}/{hearings['draft']}/udkast/importer")
        page.locator("#document").set_input_files(
            files=[{"name": "udkast.docx", "mimeType": DOCX_MIME, "buffer": catalogue_docx()}])
        page.get_by_role("button", name="Vis afsnittene").click()
        page.locator("summary", has_text="Forord").click(timeout=30_000)  # one section open, so axe checks its text too
        expect(page.locator("details[open]")).to_have_count(1)
        expect(page.locator(SUBSECTIONS + " > .app-import-row > details > summary")).to_have_text(
            [field for field, _ in FIELDS])
    elif name == "parties":
        page.goto(f"{staff}/{hearings['open']}/parter")
        expect(page.locator("main table")).to_have_count(2)  # the parties, and the personal links
        expect(party_row(page, "Handicaprådet").locator("td").nth(1)).to_have_text(WHEN)
        expect(party_row(page, "Seniorrådet").locator("td").nth(1)).to_have_text("Nej")
        expect(page.get_by_label("Udsatterådet")).to_be_visible()
    elif name == "deadline":
        page.goto(f"{staff}/{hearings['open']}/frist")
    elif name == "party-start":
        page.goto(live_server + hearings["link"])
        expect(page.get_by_role("heading", name="Omfang/varighed")).to_be_visible()
    elif name == "link-invalid":
        response = page.goto(live_server + "/svar/dette-link-findes-ikke")
        assert response is not None and response.status == 404
        expect(page.locator("h1")).to_have_text("Linket virker ikke")
    expect(page.locator("h1")).to_have_count(1)
    check_both_widths(page, assert_no_axe_violations, screenshot, name)
