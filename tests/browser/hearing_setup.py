"""What the hearing set-up tests share: the Word catalogue, the councils, and moving around the forms by keyboard."""

import io
import re

import docx
from playwright.sync_api import expect

from app.parties.models import ContactPerson
from tests.browser.conftest import DESKTOP
from tests.browser.helpers import WIDTHS, assert_fits_width, assert_focus_visible, focus_info
from tests.factories import make_organisation

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


def add_councils(db) -> None:
    council = make_organisation("Handicaprådet", contacts=0)
    council.contacts.append(ContactPerson(name="Ion Meyer", email="formand@handicapraadet.example.org",
                                          title="formand"))
    seniors = make_organisation("Seniorrådet", contacts=0)
    seniors.contacts.append(ContactPerson(name="Bent Berg", email="formand@seniorraadet.example.org",
                                          title="formand"))
    make_organisation("Udsatterådet")
    db.session.commit()
