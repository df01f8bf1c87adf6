"""Joining and splitting a letter's pieces with a button on the split page, without retyping."""

import pytest

from app.responses.letters import pieces
from tests.responses.letter_files import form_values, make_2019_hearing

TEXT = ("Generelle bemærkninger\n\nVi mener, at standarderne er for stramme\n\nog bør ændres.\n\n"
        "Socialpædagogisk støtte § 85 Handicaprådet vurderer, at der skal være individuel støtte. Det er vigtigt.\n\n"
        "Med venlig hilsen\n\nIon Meyer")


@pytest.mark.parametrize(("paragraphs", "action", "after"), [
    (["a", "b", "c"], "join:0", ["a b", "c"]),
    (["> Citat", "> fortsat"], "join:0", ["> Citat fortsat"]),
    (["Første. Anden!"], "split:0", ["Første.", "Anden!"]),
    (["BPA-ordning § 96 HR bemærker, at der står den handicappede"], "split:0",
     ["BPA-ordning § 96", "HR bemærker, at der står den handicappede"]),
    (["> Et citat. Og mere."], "split:0", ["> Et citat.", "> Og mere."]),
])
def test_pieces_are_joined_and_split(paragraphs, action, after):
    assert pieces.edit_pieces(paragraphs, action) == after


@pytest.mark.parametrize("action", ["join:2", "split:0", "split:9", "split:x", "rm:0", "join:-1", "split:²"])
def test_an_action_that_fits_no_piece_changes_nothing(action):
    assert pieces.edit_pieces(["a", "b", "Én sætning uden mere"], action) is None


@pytest.fixture
def split_page(auth, client, db):
    r = make_2019_hearing(db)
    auth.log_in(officer_of=r.hearing_id)
    page = client.post(r.url, data={"organisation_id": str(r.organisation_id), "received_on": "2019-06-03",
                                    "signed_name": "Ion Meyer", "signed_role": "", "text": TEXT,
                                    "action": "extract"})
    assert page.status_code == 200
    return r, page.get_data(as_text=True)


def test_the_split_page_offers_a_searchable_choice_and_join_and_split_buttons(split_page):
    _r, html = split_page
    assert html.count("data-combobox") == 6 and 'id="combobox-help"' in html
    assert 'value="join:1"' in html and 'value="join:5"' not in html, "the last piece joins nothing"
    assert 'value="split:3"' in html and 'value="split:1"' not in html, "one sentence: nothing to split"
    assert 'formaction="/medarbejder/hoeringer/' in html and '#piece-3"' in html


def test_join_and_split_keep_the_other_choices(split_page, client):
    r, html = split_page
    values = form_values(html)
    assert values["part_1"] == "general"
    joined = client.post(r.url, data={**values, "part_0": "section:p84", "action": "join:1"})
    html = joined.get_data(as_text=True)
    values = form_values(html)
    assert "Vi mener, at standarderne er for stramme og bør ændres." in values["text"]
    assert values["part_0"] == "section:p84", "the officer's choice for an untouched piece stays"
    split = client.post(r.url, data={**values, "action": "split:2"})
    values = form_values(split.get_data(as_text=True))
    assert values["text"].split("\n\n")[2:5] == [
        "Socialpædagogisk støtte § 85", "Handicaprådet vurderer, at der skal være individuel støtte.",
        "Det er vigtigt."]
    assert values["part_2"] == "heading" and values["part_3"] == "section:p85"
    assert values["part_0"] == "section:p84"
