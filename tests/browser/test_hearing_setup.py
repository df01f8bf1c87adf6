"""A case officer sets up and opens a hearing, in a real browser.


1. The journey: log in, "Opret høring" in the staff menu, fill in the form by
   keyboard, import a Word catalogue like the 2019 one, look at the preview,
   save, choose Handicaprådet and Seniorrådet, open the hearing (focus and
   Enter). The outbox then sends the invitations to a real SMTP server; each
   personal link opens the party's page, and the officer sees who opened it.
2. Bad input: the create form with no title and 31 February, and a PDF
   renamed .docx on the import page: error summary, messages, nothing lost.
"""

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from app.hearings.models import HearingState
from app.notifications.operations import send_due
from tests.browser.conftest import DESKTOP
from tests.browser.hearing_setup import (
    COMMITTEE,
    DOCX_MIME,
    FAKE_DOCX_PDF,
    LETTER,
    OFFICER_EMAIL,
    SECTIONS,
    TITLE,
    WHEN,
    add_councils,
    catalogue_docx,
    check_both_widths,
    party_row,
    tab_to_field,
    tab_until,
    type_date,
)
from tests.browser.helpers import log_in
from tests.factories import make_hearing

# ---------------------------------------------------------------- 1. the journey


def test_a_case_officer_sets_up_and_opens_a_hearing(app, db, live_server, smtp_server, officer, browser, page,
                                                    jobs_worker):
    add_councils(db)
    app.config["BASE_URL"] = live_server  # the personal links in the mails lead to this server
    deadline = date.today() + timedelta(days=30)

    log_in(page, live_server, OFFICER_EMAIL, "Søren Sagsbehandler")
    page.get_by_role("navigation", name="Medarbejdermenu").get_by_role("link", name="Opret høring").click()
    expect(page.locator("h1")).to_have_text("Opret høring")

    # The form, by keyboard: Tab from field to field, type, Tab to the button, Enter.
    tab_to_field(page, "title")
    page.keyboard.type(TITLE)
    page.keyboard.press("Tab")
    expect(page.locator("#subtitle")).to_be_focused()  # left empty: the draft's title page may fill it
    page.keyboard.press("Tab")
    expect(page.locator("#case_number")).to_be_focused()
    page.keyboard.type("27.12.00-P27-1-19")
    page.keyboard.press("Tab")
    page.keyboard.type(COMMITTEE)
    page.keyboard.press("Tab")
    page.keyboard.type("Forslag til kvalitetsstandarder, bl.a. for aflastning (§ 84).")
    page.keyboard.press("Tab")
    expect(page.locator("#letter")).to_be_focused()
    page.keyboard.type(LETTER)  # "\n" is Enter: a new line in the text area
    tab_to_field(page, "deadline_on")  # past "Åbner dato", which stays empty: open on "Åbn"
    type_date(page, "deadline_on", deadline.day, deadline.month, deadline.year)
    expect(page.locator("#deadline_on")).to_have_value(deadline.isoformat())
    expect(page.locator("#letter")).to_have_value(LETTER)
    tab_until(page, lambda info: info["tag"] == "button" and info["text"] == "Opret høringen")
    page.keyboard.press("Enter")

    expect(page.locator(".alert-success")).to_contain_text("Høringen er oprettet. Importér nu udkastet.")
    expect(page.locator("h1")).to_have_text("Importér udkastet")
    page.locator("#document").set_input_files(
        files=[{"name": "Kvalitetsstandarder 2019.docx", "mimeType": DOCX_MIME, "buffer": catalogue_docx()}]
    )
    page.get_by_role("button", name="Vis afsnittene").click()

    # Read by the worker (tests/jobs_worker.py): the job page reloads into the preview.
    expect(page.locator("h1")).to_have_text("Se afsnittene før de gemmes", timeout=30_000)
    expect(page.locator("main")).to_contain_text(f"Importen gav {SECTIONS} afsnit")
    expect(page.locator("main")).to_contain_text("Intet er gemt endnu")
    summary = page.locator("summary", has_text="Omfang/varighed")
    details = page.locator("details", has=summary)
    expect(details.locator(".details-text")).to_be_hidden()
    summary.focus()
    page.keyboard.press("Enter")
    expect(details).to_have_attribute("open", "")
    expect(details.locator(".details-text")).to_have_text("Der ydes op til 60 døgn om året.")
    page.get_by_role("button", name="Gem udkastet").click()

    expect(page.locator(".alert-success")).to_contain_text(f"Udkastet er gemt med {SECTIONS} afsnit.")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("Vælg mindst én høringspart")
    expect(page.get_by_role("link", name="Åbn høringen nu")).to_have_count(0)
    page.get_by_role("link", name="Høringsliste").click()

    expect(page.locator("h1")).to_have_text("Høringsliste")
    page.get_by_label("Handicaprådet").check()
    page.get_by_label("Seniorrådet").check()
    page.get_by_role("button", name="Tilføj de valgte").click()
    expect(page.locator(".alert-success")).to_contain_text("2 parter er tilføjet.")
    for name in ("Handicaprådet", "Seniorrådet"):
        expect(party_row(page, name)).to_contain_text("Ikke sendt endnu")
    page.locator("main").get_by_role("link", name=TITLE).click()

    open_now = page.get_by_role("link", name="Åbn høringen nu")
    open_now.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Vil du åbne høringen nu?")
    page.get_by_role("button", name="Åbn høringen og send invitationerne").click()
    expect(page.locator(".alert-success")).to_contain_text("Høringen har nu status: Åben for høringssvar.")
    expect(page.locator("main")).to_contain_text("Status: Åben for høringssvar")

    # The outbox sends the invitations; each contact has a personal link.
    with app.app_context():
        assert send_due() == (2, 0)
    mails = {m["X-Envelope-To"]: m for m in smtp_server.messages}
    assert sorted(mails) == ["formand@handicapraadet.example.org", "formand@seniorraadet.example.org"]
    links = {}
    for address, mail in mails.items():
        assert mail["Subject"] == f"Høring: {TITLE}"
        [links[address]] = re.findall(re.escape(live_server) + r"/svar/[\w-]+", mail.get_body(("plain",)).get_content())

    party_context = browser.new_context(locale="da-DK", viewport=DESKTOP)
    try:
        party = party_context.new_page()
        for address, organisation in (("formand@handicapraadet.example.org", "Handicaprådet"),
                                      ("formand@seniorraadet.example.org", "Seniorrådet")):
            party.goto(links[address])
            expect(party.locator("h1")).to_have_text(TITLE)
            expect(party.locator("main")).to_contain_text(f"Høringssvar fra {organisation}")
            expect(party.get_by_role("heading", name="Omfang/varighed")).to_be_visible()
            expect(party.locator("main")).to_contain_text("Der ydes op til 60 døgn om året.")

            # Back as the officer: both invited; opened so far: the ones whose link was followed.
            page.get_by_role("link", name="Høringsliste").click()
            for name in ("Handicaprådet", "Seniorrådet"):
                row = party_row(page, name)
                expect(row.locator("td").nth(0)).to_have_text(WHEN)  # invited
                opened = name == "Handicaprådet" or organisation == "Seniorrådet"
                if opened:
                    expect(row.locator("td").nth(1)).to_have_text(WHEN)
                else:
                    expect(row.locator("td").nth(1)).to_have_text("Nej")
                expect(row.locator("td").nth(2)).to_have_text("Ikke svaret")
            page.locator("main").get_by_role("link", name=TITLE).click()
    finally:
        party_context.close()


# ---------------------------------------------------------------- 2. bad input


def test_bad_input_on_the_create_form_is_named_and_nothing_typed_is_lost(
    live_server, officer, page, assert_no_axe_violations, screenshot
):
    log_in(page, live_server, OFFICER_EMAIL, "Søren Sagsbehandler")
    page.goto(live_server + "/medarbejder/hoeringer/ny")
    check_both_widths(page, assert_no_axe_violations, screenshot, "create")

    page.locator("#letter").click()
    page.keyboard.type(LETTER)
    page.locator("#deadline_on").focus()
    type_date(page, "deadline_on", 31, 2, date.today().year + 1)  # 31 February
    assert page.locator("#deadline_on").evaluate("input => input.validity.badInput")
    page.get_by_role("button", name="Opret høringen").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#title']")).to_have_text("Skriv høringens titel.")
    expect(summary.locator("a[href='#deadline_on']")).to_be_visible()
    assert page.title().startswith("Fejl:")
    for field in ("title", "deadline_on"):
        expect(page.locator(f"#{field}")).to_have_attribute("aria-invalid", "true")
        expect(page.locator(f"#{field}-error")).to_be_visible()
        assert f"{field}-error" in (page.locator(f"#{field}").get_attribute("aria-describedby") or "").split()
    expect(page.locator("#title-error")).to_contain_text("Skriv høringens titel.")
    # Chromium sends nothing for an impossible date, so the server can only say a date is missing.
    expect(page.locator("#deadline_on-error")).to_contain_text(
        re.compile("Vælg datoen for høringsfristen.|Skriv en gyldig dato")
    )
    expect(page.locator("#letter")).to_have_value(LETTER)
    check_both_widths(page, assert_no_axe_violations, screenshot, "create-error")


def test_a_broken_pdf_named_docx_is_refused_in_danish_and_the_typed_text_stays(
    db, live_server, officer, page, assert_no_axe_violations, screenshot, jobs_worker
):
    hearing = make_hearing(state=HearingState.DRAFT, sections=0, opens_at=None, officers=[officer], title=TITLE)
    db.session.commit()
    log_in(page, live_server, OFFICER_EMAIL, "Søren Sagsbehandler")
    page.goto(f"{live_server}/medarbejder/hoeringer/{hearing.slug}/udkast/importer")

    pasted = "# Forord\n\nVi præsenterer herved kvalitetsstandarderne.\n\n# Aflastningsordning\n\nOp til 60 døgn."
    page.locator("#text").click()
    page.keyboard.type(pasted)
    page.locator("#document").set_input_files(
        files=[{"name": "Kvalitetsstandarder 2019.docx", "mimeType": DOCX_MIME, "buffer": FAKE_DOCX_PDF}]
    )
    page.get_by_role("button", name="Vis afsnittene").click()

    message = "PDF-filen er beskadiget og kan ikke læses."  # read by its content, not its name
    # The worker refuses it; the job page reloads into the import page, the reason next to the field.
    expect(page.locator("#document-error")).to_contain_text(message, timeout=30_000)
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#document']")).to_contain_text(message)
    expect(page.locator("#document-error")).to_contain_text(message)
    expect(page.locator("#document")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#text")).to_have_value(pasted)
    check_both_widths(page, assert_no_axe_violations, screenshot, "import-error")
