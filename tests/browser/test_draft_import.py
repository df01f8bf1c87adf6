"""Importing the municipality's own Word catalogue (tests/fixtures/corpus/) in a real browser.

The file uploaded with the hearing is offered on the import page; the preview
shows each section's number in a field named after the section, with where the
number was found (heading, legal basis); the title page is not a section;
Bilag 2's table keeps both header rows. A number is corrected by keyboard and
saved. axe, no sideways scrolling of the page (only of the wide table, in its
own region) and a screenshot, at 1280, 375 and 320 px.
"""

from playwright.sync_api import expect

from app.attachments.operations import DOCX, store_attachment
from app.hearings.models import HearingState
from tests.browser.conftest import DESKTOP
from tests.browser.hearing_setup import OFFICER_EMAIL, TITLE
from tests.browser.helpers import WIDTHS, log_in
from tests.corpus import scoring
from tests.factories import make_hearing

# Elements reaching past the right edge, other than those inside a region that scrolls on its own.
OUTSIDE_SCROLL_REGIONS = """() => [...document.body.querySelectorAll('*')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > document.documentElement.clientWidth + 1 && !el.closest('.app-scroll-x');
}).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''))"""


def test_the_uploaded_catalogue_is_imported_with_its_numbers_and_one_is_corrected(
    db, live_server, officer, page, assert_no_axe_violations, screenshot, jobs_worker
):
    hearing = make_hearing(state=HearingState.DRAFT, sections=0, opens_at=None, officers=[officer], title=TITLE)
    data = (scoring.CORPUS / "catalogue-2019.docx").read_bytes()
    original = store_attachment("Kvalitetsstandarder 2019.docx", data, DOCX, hearing_id=hearing.id, personal=False)
    hearing.current_version.original_attachment_id = original.id
    db.session.commit()
    log_in(page, live_server, OFFICER_EMAIL, "Søren Sagsbehandler")
    page.goto(f"{live_server}/medarbejder/hoeringer/{hearing.slug}/udkast/importer")

    page.get_by_role("button", name="Importér fra den uploadede fil Kvalitetsstandarder 2019.docx").click()

    # Read by the worker (tests/jobs_worker.py): the job page reloads into the preview.
    expect(page.locator("h1")).to_have_text("Se afsnittene før de gemmes", timeout=30_000)
    main = page.locator("main")
    expect(main).to_contain_text("Forsiden er ikke blevet et afsnit.")
    expect(main).to_contain_text("Kvalitetsstandarder på det specialiserede voksenområde")
    expect(page.locator("summary").first).to_have_text("Forord")
    tidlig = page.get_by_label("Nummer for Tidlig forebyggende indsats")
    expect(tidlig).to_have_value("§ 82")
    expect(tidlig).to_have_accessible_description("Fundet i lovgrundlaget.")
    aflastning = page.get_by_label("Nummer for Kvalitetsstandard for aflastningsordning – § 84")
    expect(aflastning).to_have_value("§ 84")
    expect(aflastning).to_have_accessible_description("Fundet i overskriften.")
    bilag = page.locator("details", has=page.locator("summary", has_text="Bilag 2"))
    bilag.locator("summary").click()
    expect(bilag.locator("thead tr")).to_have_count(2)
    expect(bilag.locator("thead th[scope=colgroup]")).to_have_text("Funktionsniveau")
    for name, size in (("1280", DESKTOP), ("375", {"width": 375, "height": 812}), ("320", WIDTHS["mobile"])):
        page.set_viewport_size(size)
        assert_no_axe_violations(page)
        # The page never scrolls sideways; only Bilag 2's eight columns do, inside their own region.
        outside = page.evaluate(OUTSIDE_SCROLL_REGIONS)
        assert outside == [], (name, outside)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
        page.evaluate("document.activeElement && document.activeElement.blur()")
        screenshot(page, f"hearing-import-numbers-da-{name}")
    page.set_viewport_size(DESKTOP)

    forord = page.get_by_label("Nummer for Forord")
    forord.focus()
    page.keyboard.type("0")
    page.keyboard.press("Enter")  # Enter in a text field submits the form: "Gem udkastet"

    expect(page.locator(".alert-success")).to_contain_text("Udkastet er gemt med")
    page.goto(f"{live_server}/medarbejder/hoeringer/{hearing.slug}/afsnit")
    expect(page.locator("main")).to_contain_text("0 Forord")
    expect(page.locator("main")).to_contain_text("§ 82 Tidlig forebyggende indsats")
