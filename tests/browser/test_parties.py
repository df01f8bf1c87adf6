"""The register of parties in a real browser: keyboard only, axe-core, 1280 and 320 px, screenshots."""

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.extensions import db as _db
from app.parties.models import ContactPerson, OrganisationKind
from tests.browser.helpers import LOADED, WIDTHS, assert_fits_width, focus_info, log_in, tab_to_id
from tests.factories import PASSWORD, make_organisation, make_user

BASE = "/medarbejder/parter"
OFFICER_EMAIL = "sagsbehandler@ltk.example.org"

PREVIEW_CSV = (
    "organisation;type;kontaktperson;email;rolle\r\n"
    "Seniorrådet;råd;Bent Berg;formand@seniorraadet.example.org;formand\r\n"
    "Bruger- og pårørenderådet for botilbuddene;bruger- og pårørenderåd;Per Poulsen;"
    "formand@brugerraad-botilbud.example.org;formand\r\n"
    "Handicaprådet;råd;Helle Holm;sekretaer@handicapraadet.example.org;sekretær\r\n"
    "Handicaprådet;råd;Ion Meyer;formand@handicapraadet.example.org;formand\r\n"
    ";råd;Uden Navn;uden@example.org;\r\n"
    "Kulturhuset;bibliotek;Kim Krog;kim@kulturhuset.example.org;\r\n"
    "Seniorrådet;råd;Berit Berg;ikke-en-adresse;\r\n"
).encode("cp1252")


@pytest.fixture
def register(db) -> dict[str, int]:
    """A few parties like the 2019 round's, and a case officer; committed for the server's threads."""
    make_user(Role.STAFF, email=OFFICER_EMAIL, name="Mette Medarbejder")
    council = make_organisation("Handicaprådet", contacts=0)
    council.contacts.extend([
        ContactPerson(name="Ion Meyer", email="formand@handicapraadet.example.org", title="formand"),
        ContactPerson(name="Helle Holm", email="sekretaer@handicapraadet.example.org", title="sekretær",
                      active=False),
    ])
    make_organisation("MED-udvalget for Social og Sundhed", kind=OrganisationKind.MED_COMMITTEE)
    make_organisation("Bruger- og pårørenderådet for botilbuddene", kind=OrganisationKind.USER_COUNCIL)
    make_organisation("Udsatterådet", active=False)
    _db.session.commit()
    return {"council": council.id}


def test_a_case_officer_creates_a_party_with_the_keyboard_only(live_server, page, register):
    # live_server before page: the browser closes before the server stops, so no
    # request still under way fails at teardown.
    page.goto(live_server + "/konto/log-ind")
    tab_to_id(page, "email")
    page.keyboard.type(OFFICER_EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("header")).to_contain_text("Mette Medarbejder", timeout=LOADED)

    # The staff menu's "Parter", then "Opret part".
    for _ in range(40):
        page.keyboard.press("Tab")
        if focus_info(page)["text"] == "Parter":
            break
    else:
        raise AssertionError("the staff menu's Parter link is not a Tab stop")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Parter")
    for _ in range(40):
        page.keyboard.press("Tab")
        if focus_info(page)["text"] == "Opret part":
            break
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Opret part")

    tab_to_id(page, "name")
    page.keyboard.type("Seniorrådet")
    page.keyboard.press("Tab")
    expect(page.locator("#kind")).to_be_focused()
    page.keyboard.press("ArrowDown")  # from "Vælg en type" to "Råd"
    expect(page.locator("#kind")).to_have_value("council")
    page.keyboard.press("Tab")
    expect(page.locator("#cvr")).to_be_focused()  # the CVR number, optional (MitID Erhverv): left empty
    page.keyboard.press("Tab")
    expect(page.locator("#contact_name")).to_be_focused()
    page.keyboard.type("Bent Berg")
    page.keyboard.press("Tab")
    page.keyboard.type("formand@seniorraadet.example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("formand")
    page.keyboard.press("Enter")  # submits the form

    expect(page.locator("h1")).to_have_text("Seniorrådet")
    expect(page.locator(".alert-success")).to_contain_text("Seniorrådet er oprettet med kontaktpersonen Bent Berg.")
    expect(page.locator("main table")).to_contain_text("formand@seniorraadet.example.org")

    # Back to the list through the breadcrumb, by keyboard: the new party is there.
    page.locator(".breadcrumbs__link").focus()
    page.keyboard.press("Enter")
    row = page.locator("main tbody tr", has_text="Seniorrådet")
    expect(row).to_contain_text("Råd")
    expect(row.locator("td").nth(2)).to_have_text("1")
    page.wait_for_load_state("load")


def _open(page, live_server: str, name: str, register: dict[str, int]) -> None:
    if name == "list":
        page.goto(f"{live_server}{BASE}/?inactive=y")
        expect(page.locator("main tbody tr")).to_have_count(4)
    elif name == "organisation":
        page.goto(f"{live_server}{BASE}/{register['council']}")
        expect(page.locator("main tbody tr")).to_have_count(2)
    elif name == "new-error":
        page.goto(f"{live_server}{BASE}/ny")
        page.locator("#name").fill("HANDICAPRÅDET")
        page.locator("#contact_name").fill("Bent Berg")
        page.locator("#contact_email").fill("bent@")
        page.locator("main form button[type=submit]").click()
        summary = page.locator("#error-summary")
        expect(summary).to_be_focused()
        expect(summary.locator("li")).to_have_count(3)  # name taken, no type, invalid e-mail
        expect(page.locator("#name")).to_have_value("HANDICAPRÅDET")
        expect(page.locator("#contact_email")).to_have_value("bent@")
        assert page.title().startswith("Fejl:")
    elif name == "contact-form":
        page.goto(f"{live_server}{BASE}/{register['council']}/kontaktpersoner/ny")
    elif name == "import":
        page.goto(f"{live_server}{BASE}/import")
    elif name in ("import-preview", "import-report"):
        page.goto(f"{live_server}{BASE}/import")
        page.locator("#file").set_input_files(
            files=[{"name": "parter.csv", "mimeType": "text/csv", "buffer": PREVIEW_CSV}]
        )
        page.locator("main form button[type=submit]").click()
        expect(page.locator("h1")).to_have_text("Tjek importen, før den bliver gemt")
        expect(page.locator("main")).to_contain_text("Typen \u201dbibliotek\u201d findes ikke.")
        if name == "import-report":
            page.get_by_role("button", name="Importér").click()
            expect(page.locator("h1")).to_have_text("Rapport over importen")
            expect(page.locator(".alert-success")).to_contain_text("Nye organisationer: 1.")


@pytest.mark.parametrize("width", ["desktop", "mobile"])
@pytest.mark.parametrize(
    "name", ["list", "organisation", "new-error", "contact-form", "import", "import-preview", "import-report"]
)
def test_party_pages_are_accessible(live_server, page, register, assert_no_axe_violations, screenshot, name, width):
    page.set_viewport_size(WIDTHS[width])
    log_in(page, live_server, OFFICER_EMAIL, "Mette Medarbejder")
    _open(page, live_server, name, register)

    expect(page.locator("h1")).to_have_count(1)
    assert_no_axe_violations(page)
    if width == "mobile":
        assert_fits_width(page)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    screenshot(page, f"parties-{name}-da-{width}")
