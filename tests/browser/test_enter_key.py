"""Issue #17, item 2: Enter in "Navn" or "Rolle" on the party's page saves the draft, in a real browser.

It used to press the form's first submit button: "Fjern" when a file was attached (the file was
silently removed), "Indsend høringssvar" when none was (the response was submitted).
"""

import pytest
from playwright.sync_api import expect

from app.responses.models import ResponseState
from tests.factories import a_pdf, make_party
from tests.responses.helpers import the_response

GENERAL = "Handicaprådet takker for udkastet."
SAVED = "Kladden er gemt"


@pytest.fixture
def party(db):
    return make_party(db)


def _press_enter_in(page, field: str, text: str) -> None:
    page.locator(f"#{field}").fill(text)
    with page.expect_navigation():
        page.locator(f"#{field}").press("Enter")


def _is_a_draft_with(field: str, text: str, files: list[str]) -> None:
    response = the_response()
    assert response.state is ResponseState.DRAFT and response.submissions == [], "nothing was submitted"
    assert response.draft[field] == text, "the draft was saved"
    assert [a.filename for a in response.attachments] == files


TYPED = {"signed_name": "Sara Sekretær", "signed_role": "sekretær"}


@pytest.mark.parametrize("field", ["signed_name", "signed_role"])
def test_enter_in_a_one_line_field_saves_the_draft_and_never_submits(page, live_server, party, field):
    page.goto(live_server + party.url)
    page.locator("#general").fill(GENERAL)

    _press_enter_in(page, field, TYPED[field])

    expect(page.locator("main")).to_contain_text(SAVED)
    expect(page.locator("#general")).to_have_value(GENERAL)
    _is_a_draft_with(field, TYPED[field], [])


@pytest.mark.parametrize("field", ["signed_name", "signed_role"])
def test_enter_in_a_one_line_field_with_a_file_attached_keeps_the_file(
    page, live_server, party, field, tmp_path, assert_no_axe_violations
):
    page.goto(live_server + party.url)
    page.locator("#general").fill(GENERAL)
    letter = tmp_path / "høringssvar.pdf"
    letter.write_bytes(a_pdf())
    page.locator("#attachments").set_input_files(str(letter))
    with page.expect_navigation():
        page.get_by_role("button", name="Gem kladde", exact=True).click()
    expect(page.locator(".app-attachments")).to_contain_text("høringssvar.pdf")

    _press_enter_in(page, field, TYPED[field])

    expect(page.locator("main")).to_contain_text(SAVED)
    expect(page.locator(".app-attachments")).to_contain_text("høringssvar.pdf")
    expect(page.locator("main")).not_to_contain_text("Filen er fjernet")
    _is_a_draft_with(field, TYPED[field], ["høringssvar.pdf"])
    # The default button is out of sight and out of the tab order: one "Gem kladde" to be seen, axe-clean.
    expect(page.get_by_role("button", name="Gem kladde", exact=True)).to_have_count(1)
    assert_no_axe_violations(page)
