"""A case officer sets up and opens a hearing, in a real browser; the hearing pages pass axe-core.

1. The journey: log in, "Opret høring" in the staff menu, fill in the form by
   keyboard, import a Word catalogue like the 2019 one, look at the preview,
   save, choose Handicaprådet and Seniorrådet, open the hearing (focus and
   Enter). The outbox then sends the invitations to a real SMTP server; each
   personal link opens the party's page, and the officer sees who opened it.
2. Bad input: the create form with no title and 31 February, and a PDF
   renamed .docx on the import page: error summary, messages, nothing lost.
3. Every hearing page at 1280 and 320 px: no axe violations (WCAG 2.0/2.1 A
   and AA), nothing wider than the screen, a screenshot in tests/screenshots/.
"""

import io
import re
from datetime import date, timedelta

import docx
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.accounts.models import Role
from app.hearings import draft_import, invitations, operations
from app.hearings.models import HearingState
from app.notifications.operations import send_due
from app.parties.models import ContactPerson, Organisation
from app.timezone import END_OF_DAY, local_to_utc
from tests.browser.conftest import DESKTOP
from tests.browser.helpers import WIDTHS, assert_fits_width, assert_focus_visible, focus_info, log_in
from tests.factories import make_hearing, make_organisation, make_user

OFFICER_EMAIL = "soeren.sagsbehandler@ltk.example.org"
TITLE = "Kvalitetsstandarder på det specialiserede voksenområde"
COMMITTEE = "Social- og Sundhedsudvalget"
LETTER = (
    "Lyngby-Taarbæk Kommune sender hermed forslag til kvalitetsstandarder i høring.\n\n"
    "Vi hører gerne jeres bemærkninger til de enkelte standarder."
)
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIELDS = (
    ("Lovgrundlag for ydelsen", "Lov om Social Service § 84 stk. 1."),
    ("Målgruppe", "Ægtefæller, forældre eller andre nære pårørende, der passer en person med nedsat "
                  "fysisk eller psykisk funktionsevne, der er over 18 år, i hjemmet."),
    ("Ydelsens indhold", "Aflastning ydes uden for hjemmet, fortrinsvis som ophold i et midlertidigt "
                         "botilbud efter servicelovens § 107."),
    ("Omfang/varighed", "Der ydes op til 60 døgn om året."),
)
WHEN = re.compile(r"^\s*\d{1,2}\. \w+ \d{4} kl\. \d{2}\.\d{2}\s*$")  # "25. november 2026 kl. 07.00"
SECTIONS = 2 + len(FIELDS)  # Forord, Aflastningsordning and a section per row of its table
# A PDF named .docx: what a case officer gets when "Gem som PDF" was chosen by mistake.
FAKE_DOCX_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def catalogue_docx() -> bytes:
    """A draft shaped like the 2019 catalogue: a foreword, then a standard as a two-column table."""
    document = docx.Document()
    document.add_heading("Forord", level=1)
    document.add_paragraph("Vi præsenterer herved Lyngby-Taarbæk Kommunes vejledende kvalitetsstandarder "
                           "på det specialiserede voksenområde.")
    document.add_heading("Aflastningsordning", level=1)
    table = document.add_table(rows=0, cols=2)
    for field, text in FIELDS:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = field, text
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


# ---------------------------------------------------------------- helpers
# Tests ask for live_server before page: fixtures end in reverse order, so the
# page closes before the server stops and no late request is cut off.


def tab_until(page, matches, limit: int = 60) -> dict:
    """Press Tab until the focused element matches; every stop on the way must show its focus.

    A date or time input has one more stop after its segments: Chromium's own
    picker button, inside the input's shadow tree. The input itself is then
    not :focus, and Chromium draws its own dark ring round the button.
    """
    page.wait_for_load_state("load")  # a new page's focus styles come with its stylesheet
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = focus_info(page)
        on_picker_button = page.evaluate(
            "() => ['date', 'time'].includes(document.activeElement.type)"
            " && !document.activeElement.matches(':focus')"
        )
        if not on_picker_button:
            assert_focus_visible(info)
        if matches(info):
            return info
    raise AssertionError("not reached with Tab")


def tab_to_field(page, element_id: str) -> None:
    tab_until(page, lambda info: info["id"] == element_id)


def date_field_order(page, element_id: str) -> list[str]:
    """The order of Chromium's day, month and year segments in a date input.

    Chromium lays the field out by its own interface language (LANG when it
    started), not by the page's locale: en-US shows mm/dd/yyyy, Danish
    dd.mm.åååå. A person reads the placeholder; the test reads the field's
    user-agent shadow tree, which the DevTools protocol can pierce.
    """
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    finally:
        cdp.detach()
    order: list[str] = []

    def walk(node: dict, inside: bool) -> None:
        attributes = dict(zip(node.get("attributes", [])[::2], node.get("attributes", [])[1::2], strict=True))
        inside = inside or attributes.get("id") == element_id
        match = re.fullmatch(r"-webkit-datetime-edit-(day|month|year)-field", attributes.get("pseudo", ""))
        if inside and match:
            order.append(match.group(1))
        for child in node.get("children", []) + node.get("shadowRoots", []):
            walk(child, inside)

    walk(root, False)
    assert sorted(order) == ["day", "month", "year"], f"no date segments in #{element_id}: {order}"
    return order


def type_date(page, element_id: str, day: int, month: int, year: int) -> None:
    """Type the digits into the focused date input, segment by segment, as the field shows them."""
    expect(page.locator(f"#{element_id}")).to_be_focused()
    digits = {"day": f"{day:02d}", "month": f"{month:02d}", "year": f"{year:04d}"}
    for part in date_field_order(page, element_id):
        page.keyboard.type(digits[part])  # Chromium moves on by itself after two digits


def check_both_widths(page, assert_no_axe_violations, screenshot, name: str) -> None:
    """axe at 1280 and 320 px, nothing wider than the phone, a screenshot of each."""
    for width in ("desktop", "mobile"):
        page.set_viewport_size(WIDTHS[width])
        assert_no_axe_violations(page)
        if width == "mobile":
            assert_fits_width(page)
        page.evaluate("document.activeElement && document.activeElement.blur()")  # no focus ring in the picture
        screenshot(page, f"hearing-{name}-da-{width}")
    page.set_viewport_size(DESKTOP)


def party_row(page, name: str):
    return page.locator("main table").first.locator("tbody tr", has=page.locator("th", has_text=name))


@pytest.fixture
def officer(db):
    user = make_user(Role.STAFF, email=OFFICER_EMAIL, name="Søren Sagsbehandler")
    db.session.commit()
    return user


def add_councils(db) -> None:
    council = make_organisation("Handicaprådet", contacts=0)
    council.contacts.append(ContactPerson(name="Ion Meyer", email="formand@handicapraadet.example.org",
                                          title="formand"))
    seniors = make_organisation("Seniorrådet", contacts=0)
    seniors.contacts.append(ContactPerson(name="Bent Berg", email="formand@seniorraadet.example.org",
                                          title="formand"))
    make_organisation("Udsatterådet")
    db.session.commit()


# ---------------------------------------------------------------- 1. the journey


def test_a_case_officer_sets_up_and_opens_a_hearing(app, db, live_server, smtp_server, officer, browser, page):
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

    expect(page.locator("h1")).to_have_text("Se afsnittene før de gemmes")
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
    expect(page.get_by_role("button", name="Åbn høringen nu")).to_have_count(0)
    page.get_by_role("link", name="Høringsliste").click()

    expect(page.locator("h1")).to_have_text("Høringsliste")
    page.get_by_label("Handicaprådet").check()
    page.get_by_label("Seniorrådet").check()
    page.get_by_role("button", name="Tilføj de valgte").click()
    expect(page.locator(".alert-success")).to_contain_text("2 part(er) er tilføjet.")
    for name in ("Handicaprådet", "Seniorrådet"):
        expect(party_row(page, name)).to_contain_text("Ikke sendt endnu")
    page.locator("main").get_by_role("link", name=TITLE).click()

    open_now = page.get_by_role("button", name="Åbn høringen nu")
    open_now.focus()
    page.keyboard.press("Enter")
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


def test_a_pdf_named_docx_is_refused_in_danish_and_the_typed_text_stays(
    db, live_server, officer, page, assert_no_axe_violations, screenshot
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

    message = "Filen er en PDF, ikke et Word-dokument."
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#document']")).to_contain_text(message)
    expect(page.locator("#document-error")).to_contain_text(message)
    expect(page.locator("#document")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#text")).to_have_value(pasted)
    check_both_widths(page, assert_no_axe_violations, screenshot, "import-error")


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
def test_hearing_page_is_accessible(live_server, hearings, page, assert_no_axe_violations, screenshot, name):
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
        page.goto(f"{staff}/{hearings['draft']}/udkast/importer")
        page.locator("#document").set_input_files(
            files=[{"name": "udkast.docx", "mimeType": DOCX_MIME, "buffer": catalogue_docx()}])
        page.get_by_role("button", name="Vis afsnittene").click()
        page.locator("summary", has_text="Forord").click()  # one section open, so axe checks its text too
        expect(page.locator("details[open]")).to_have_count(1)
        expect(page.locator(SUBSECTIONS + " > details > summary")).to_have_text([field for field, _ in FIELDS])
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
