"""A case officer registers Handicaprådet's 2019 letter in a real browser: the split by keyboard,
axe-core on every step at 1280 and 320 px."""

import re

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.extensions import db as _db
from app.hearings.models import Hearing
from tests.browser.helpers import WIDTHS, assert_fits_width, focus_info, log_in, tab_to_id
from tests.factories import make_user
from tests.responses.letter_files import SIGNATURE, letter_pdf, make_2019_hearing, seed_letter

OFFICER_EMAIL = "sagsbehandler@ltk.example.org"


@pytest.fixture
def round_2019(db):
    r = make_2019_hearing(db)
    officer = make_user(Role.STAFF, email=OFFICER_EMAIL, name="Søren Sagsbehandler")
    hearing = _db.session.get(Hearing, r.hearing_id)
    hearing.officers.append(officer)
    _db.session.commit()
    return r


@pytest.fixture
def letter_file(tmp_path):
    path = tmp_path / "Handicapraadets hoeringssvar.pdf"
    path.write_bytes(letter_pdf())
    return path


def check_both_widths(page, assert_no_axe_violations, screenshot, name: str) -> None:
    """No axe-core violation at 1280 px nor at 320 px, and nothing wider than a phone."""
    for width in ("mobile", "desktop"):
        page.set_viewport_size(WIDTHS[width])
        assert_no_axe_violations(page)
        if width == "mobile":
            assert_fits_width(page)
        screenshot(page, f"letter-{name}-da-{width}")


def paragraph_index(text: str) -> int:
    return [*seed_letter().paragraphs, *SIGNATURE].index(text)


def test_a_case_officer_registers_the_2019_letter_splitting_it_with_the_keyboard(
    live_server, page, round_2019, letter_file, assert_no_axe_violations, screenshot
):
    log_in(page, live_server, OFFICER_EMAIL, "Søren Sagsbehandler")
    page.goto(f"{live_server}/medarbejder/hoeringer/{round_2019.slug}/parter")
    page.get_by_role("link", name="Registrér brev fra Handicaprådet").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Registrér et høringssvar fra et brev")
    expect(page.locator("#organisation_id")).to_have_value(str(round_2019.organisation_id))
    check_both_widths(page, assert_no_axe_violations, screenshot, "details")

    # A date mistyped: said next to the field, the file kept, the signatory read from the letter.
    page.locator("#received_on").fill("2999-06-03")
    page.locator("#letter").set_input_files(letter_file)
    page.get_by_role("button", name="Hent teksten og del den op").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#received_on-error")).to_contain_text("Datoen kan ikke ligge efter i dag.")
    expect(page.locator("#pending-file")).to_contain_text("Handicapraadets hoeringssvar.pdf")
    expect(page.locator("#signed_name")).to_have_value("Ion Meyer")
    expect(page.locator("#signed_role")).to_have_value("Formand")
    check_both_widths(page, assert_no_axe_violations, screenshot, "details-errors")

    page.locator("#received_on").fill("2019-06-03")
    page.locator("#signed_role").press("Enter")
    expect(page.locator("h1")).to_have_text("Del brevet op i punkter")
    check_both_widths(page, assert_no_axe_violations, screenshot, "split")

    # The guess made "Saglige hensyn" (inside the quotation) a heading; the officer makes it general,
    # searching the piece's combobox by keyboard (the select behind it holds the value sent).
    saglige = f"part_{paragraph_index('Saglige hensyn')}"
    expect(page.locator(f"#{saglige}")).to_have_value("heading")
    box = page.get_by_role("combobox", name=re.compile(f"Tekststykke {paragraph_index('Saglige hensyn') + 1} af"))
    expect(box).to_have_value("Overskrift til næste punkt")
    page.locator("main").focus()
    tab_to_id(page, f"{saglige}-search", limit=200)
    page.keyboard.press("Control+a")
    page.keyboard.type("genere")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("option", name="Generelt")).to_have_attribute("aria-selected", "true")
    assert_no_axe_violations(page)
    page.keyboard.press("Enter")
    expect(page.locator(f"#{saglige}")).to_have_value("general")
    expect(box).to_have_value("Generelt")
    expect(box).to_have_attribute("aria-expanded", "false")
    assert focus_info(page)["id"] == f"{saglige}-search"
    tab_to_id(page, "preview-button", limit=400)
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Se punkterne før de gemmes")
    preview = page.locator(".app-letter-points")
    expect(preview).to_contain_text("Aflastningsordning § 84. Stk. 1.")
    expect(preview.locator("h3", has_text="Saglige hensyn")).to_have_count(0)
    expect(preview.locator("h3").first).to_have_text("Generelt")
    check_both_widths(page, assert_no_axe_violations, screenshot, "preview")

    page.locator("main").focus()
    tab_to_id(page, "save-button", limit=40)
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Brevet fra Handicaprådet er registreret som høringssvar")
    expect(page.locator("h1")).to_have_text("Høringssvar fra Handicaprådet")
    expect(page.locator("main")).to_contain_text("60 døgn")
    expect(page.get_by_role("link", name=re.compile("Handicapraadets hoeringssvar.pdf")).first).to_be_visible()
    check_both_widths(page, assert_no_axe_violations, screenshot, "response")

    page.goto(f"{live_server}/medarbejder/hoeringer/{round_2019.slug}/parter")
    expect(page.get_by_role("row", name=re.compile("Handicaprådet"))).to_contain_text("Har svaret")
    expect(page.get_by_role("link", name="Registrér brev fra Handicaprådet")).to_have_count(0)
    check_both_widths(page, assert_no_axe_violations, screenshot, "parties")
