"""The section editor: edit, move, split, merge, renumber; corrections while open."""

from datetime import date

import pytest
from sqlalchemy import func, select

from app.hearings import invitations, operations
from app.hearings.models import DraftVersion, HearingState
from app.notifications.operations import send_due
from tests.factories import make_organisation
from tests.hearings.section_helpers import HASH, audit_actions, editor_base, form_hash, make_draft, sections_of

# -- editing a draft in place ------------------------------------------------------------------


def test_the_editor_lists_the_sections_with_their_actions(auth, db, client, officer, draft):
    auth.log_in(officer)
    page = client.get(editor_base(draft)).get_data(as_text=True)
    for label in ("Forord", "§ 84 Aflastningsordning", "Lovgrundlag", "7 Målgruppe", "Bilag"):
        assert label in page
    for action in ("Ret", "Flyt op", "Flyt ned", "Del", "Slå sammen med næste", "Nummerér afsnittene"):
        assert action in page
    assert "(s. 4)" in page
    assert "Ret afsnit" in client.get(f"/medarbejder/hoeringer/{draft.slug}").get_data(as_text=True)


def test_editing_heading_text_and_page_changes_the_draft_in_place(auth, db, client, officer, draft):
    auth.log_in(officer)
    form = client.get(f"{editor_base(draft)}/forord/ret").get_data(as_text=True)
    assert "Første.\n\nAnden.\n\nTredje." in form, "the text is shown as Markdown"

    response = client.post(f"{editor_base(draft)}/forord/ret", data={
        "number": "1", "heading": "Indledning", "page": "2",
        "text": "Det er **vigtigt**.\n\n- ét\n- to\n\n<script>alert(1)</script>",
        "text_hash": form_hash(client, draft, "forord"),
    })
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{editor_base(draft)}#afsnit-forord")
    section = sections_of(db, draft)[0]
    assert (section.key, section.number, section.heading, section.page) == ("forord", "1", "Indledning", 2)
    assert "<strong>vigtigt</strong>" in section.body_html
    assert "<ul><li>ét</li><li>to</li></ul>" in section.body_html
    assert "<script" not in section.body_html and "&lt;script&gt;" in section.body_html
    assert db.session.scalar(select(func.count(DraftVersion.id))) == 1, "no new version before opening"
    assert "section_edited" in audit_actions(db)
    assert "er gemt" in client.get(editor_base(draft)).get_data(as_text=True)


def test_errors_are_in_danish_next_to_the_fields_and_what_was_typed_is_kept(auth, db, client, officer, draft):
    auth.log_in(officer)
    response = client.post(f"{editor_base(draft)}/forord/ret", data={
        "number": "x" * 41, "heading": "", "page": "abc", "text": "Min **nye** tekst",
        "text_hash": form_hash(client, draft, "forord"),
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="error-summary"' in page
    for message in ("Nummeret må højst være 40 tegn.", "Skriv afsnittets overskrift.",
                    "Skriv sidetallet med tal, fx 4."):
        assert page.count(message) == 2, "in the summary and next to the field"
    assert "Skriv et sidetal fra" not in page, "one message for one problem"
    assert 'value="abc"' in page and "Min **nye** tekst" in page
    assert page.count('aria-invalid="true"') == 3
    assert sections_of(db, draft)[0].heading == "Forord"

    page = client.post(f"{editor_base(draft)}/forord/ret", data={
        "heading": "Forord", "page": "0", "text": "x" * 200_001, "text_hash": form_hash(client, draft, "forord"),
    }).get_data(as_text=True)
    assert "Skriv et sidetal fra 1 til 9999." in page
    assert "Teksten må højst være 200000 tegn." in page


def test_saving_without_changes_saves_nothing(auth, db, client, officer, draft):
    auth.log_in(officer)
    client.post(f"{editor_base(draft)}/bilag/ret", data={
        "heading": "Bilag", "text": "Oversigt.", "text_hash": form_hash(client, draft, "bilag"),
    })
    assert "section_edited" not in audit_actions(db)
    assert "Du har ikke ændret noget" in client.get(editor_base(draft)).get_data(as_text=True)


# -- structure -------------------------------------------------------------------------------------


def test_moving_changes_the_order_keeps_the_keys_and_takes_the_subsections_along(auth, db, client, officer, draft):
    auth.log_in(officer)
    assert client.post(f"{editor_base(draft)}/bilag/flyt/op").status_code == 302
    assert [s.key for s in sections_of(db, draft)] == ["forord", "bilag", "p84", "p84-lovgrundlag", "p84-maalgruppe"]

    client.post(f"{editor_base(draft)}/forord/flyt/ned")
    sections = sections_of(db, draft)
    assert [s.key for s in sections] == ["bilag", "forord", "p84", "p84-lovgrundlag", "p84-maalgruppe"]
    assert [s.position for s in sections] == [0, 1, 2, 3, 4]

    client.post(f"{editor_base(draft)}/p84-maalgruppe/flyt/op")
    assert [s.key for s in sections_of(db, draft)][3:] == ["p84-maalgruppe", "p84-lovgrundlag"]
    assert audit_actions(db).count("section_moved") == 3


def test_the_first_cannot_move_up_nor_the_last_down(auth, db, client, officer, draft):
    auth.log_in(officer)
    page = client.post(f"{editor_base(draft)}/forord/flyt/op", follow_redirects=True).get_data(as_text=True)
    assert "Afsnittet står allerede øverst på sit niveau." in page
    page = client.post(f"{editor_base(draft)}/bilag/flyt/ned", follow_redirects=True).get_data(as_text=True)
    assert "Afsnittet står allerede nederst på sit niveau." in page
    assert client.post(f"{editor_base(draft)}/bilag/flyt/sidelaens").status_code == 404
    assert [s.key for s in sections_of(db, draft)] == ["forord", "p84", "p84-lovgrundlag", "p84-maalgruppe", "bilag"]


def test_split_divides_the_text_at_the_chosen_paragraph(auth, db, client, officer, draft):
    auth.log_in(officer)
    page = client.get(f"{editor_base(draft)}/forord/del").get_data(as_text=True)
    assert page.count("Del før dette afsnit") == 2, "before the second and before the third paragraph"
    assert "2. Anden." in page and "3. Tredje." in page and "1. Første." in page

    response = client.post(f"{editor_base(draft)}/forord/del", data={
        "before": "1", "heading": "Baggrund", "number": "", "page": "3", "text_hash": HASH.search(page).group(1),
    })
    assert response.status_code == 302
    sections = sections_of(db, draft)
    first, second = sections[0], sections[1]
    assert (first.key, first.heading, first.body_html) == ("forord", "Forord", "<p>Første.</p>")
    assert (second.key, second.heading, second.page) == ("baggrund", "Baggrund", 3)
    assert second.body_html == "<p>Anden.</p><p>Tredje.</p>" and second.parent_id is None
    assert response.headers["Location"].endswith("#afsnit-baggrund")
    assert [s.position for s in sections] == list(range(6))
    assert "section_split" in audit_actions(db)


def test_split_moves_the_subsections_to_the_second_part_and_gives_a_new_key(auth, db, client, officer, draft):
    auth.log_in(officer)
    p84 = sections_of(db, draft)[1]
    p84.body_html = "<p>Indledning.</p><ul><li>a</li></ul>"
    db.session.commit()
    page = client.get(f"{editor_base(draft)}/p84/del").get_data(as_text=True)
    assert "Underafsnittene kommer med under den nye del" in page
    client.post(f"{editor_base(draft)}/p84/del", data={
        "before": "1", "heading": "Forord", "text_hash": HASH.search(page).group(1),
    })
    sections = {s.key: s for s in sections_of(db, draft)}
    new = sections["forord-2"]
    assert new.body_html == "<ul><li>a</li></ul>", "a key is never used twice"
    assert sections["p84-lovgrundlag"].parent_id == new.id == sections["p84-maalgruppe"].parent_id
    assert [s.key for s in sections_of(db, draft)] == [
        "forord", "p84", "forord-2", "p84-lovgrundlag", "p84-maalgruppe", "bilag"]


def test_split_asks_where_and_for_a_heading(auth, db, client, officer, draft):
    auth.log_in(officer)
    page = client.post(f"{editor_base(draft)}/forord/del", data={
        "heading": "", "text_hash": form_hash(client, draft, "forord"),
    }).get_data(as_text=True)
    assert "Vælg det tekstafsnit, den nye del skal begynde med." in page
    assert "Skriv afsnittets overskrift." in page
    page = client.post(f"{editor_base(draft)}/forord/del", data={
        "before": "7", "heading": "X", "text_hash": form_hash(client, draft, "forord"),
    }).get_data(as_text=True)
    assert "Vælg det tekstafsnit, den nye del skal begynde med." in page
    page = client.get(f"{editor_base(draft)}/bilag/del").get_data(as_text=True)
    assert "kun ét tekstafsnit" in page
    assert len(sections_of(db, draft)) == 5


def test_merge_joins_the_texts_and_moves_the_children(auth, db, client, officer, draft):
    auth.log_in(officer)
    client.post(f"{editor_base(draft)}/forord/slaa-sammen")
    sections = sections_of(db, draft)
    assert [s.key for s in sections] == ["forord", "p84-lovgrundlag", "p84-maalgruppe", "bilag"]
    forord = sections[0]
    assert forord.body_html == "<p>Første.</p><p>Anden.</p><p>Tredje.</p>"
    assert sections[1].parent_id == forord.id == sections[2].parent_id
    assert [s.position for s in sections] == [0, 1, 2, 3]
    assert "sections_merged" in audit_actions(db)

    client.post(f"{editor_base(draft)}/forord/slaa-sammen")
    sections = sections_of(db, draft)
    assert [s.key for s in sections] == ["forord", "p84-lovgrundlag", "p84-maalgruppe"]
    assert sections[0].body_html.endswith("<p>Oversigt.</p>")
    page = client.post(f"{editor_base(draft)}/p84-maalgruppe/slaa-sammen", follow_redirects=True).get_data(as_text=True)
    assert "der er ikke et næste afsnit" in page


def test_renumber_numbers_by_place_and_keeps_paragraph_numbers(auth, db, client, officer, draft):
    auth.log_in(officer)
    response = client.post(f"{editor_base(draft)}/nummerer", follow_redirects=True)
    assert "Numre, der begynder med §, er ikke ændret." in response.get_data(as_text=True)
    assert [s.number for s in sections_of(db, draft)] == ["1", "§ 84", "2.1", "2.2", "3"]
    assert "sections_renumbered" in audit_actions(db)


def test_positions_stay_unique_through_many_changes(auth, db, client, officer, draft):
    auth.log_in(officer)
    for key, action in (("bilag", "flyt/op"), ("bilag", "flyt/op"), ("p84", "flyt/ned"), ("forord", "flyt/ned"),
                        ("bilag", "slaa-sammen")):
        assert client.post(f"{editor_base(draft)}/{key}/{action}").status_code == 302
    sections = sections_of(db, draft)
    assert [s.position for s in sections] == list(range(len(sections)))


# -- corrections while open ------------------------------------------------------------------------


@pytest.fixture
def open_hearing(db, officer):
    hearing = make_draft(db, officer)
    council, seniors = make_organisation("Handicaprådet", contacts=2), make_organisation("Seniorrådet")
    invitations.add_party(hearing, council)
    invitations.add_party(hearing, seniors)
    operations.perform(hearing, "open")
    db.session.commit()
    return hearing


def test_a_correction_while_open_makes_a_new_version_and_tells_the_parties(auth, db, client, officer, open_hearing,
                                                                            smtp_server):
    send_due()
    smtp_server.messages.clear()
    auth.log_in(officer)
    form = client.get(f"{editor_base(open_hearing)}/p84-maalgruppe/ret").get_data(as_text=True)
    assert "Hvad er rettet?" in form and "version 2" in form
    response = client.post(f"{editor_base(open_hearing)}/p84-maalgruppe/ret", data={
        "number": "7", "heading": "Målgruppe", "page": "5", "text": "Ægtefæller og pårørende.",
        "note": "Målgruppen omfatter også ægtefæller.", "text_hash": HASH.search(form).group(1),
    })
    assert response.status_code == 302

    old, new = sections_of(db, open_hearing, 1), sections_of(db, open_hearing, 2)
    assert [(s.key, s.position, s.number, s.page, s.heading) for s in old] == [
        (s.key, s.position, s.number, s.page, s.heading) for s in new]
    parents = {s.id: s.key for s in new}
    assert [parents.get(s.parent_id) for s in new] == [None, None, "p84", "p84", None]
    assert all(s.version_id == new[0].version_id for s in new) and new[0].version_id != old[0].version_id
    assert old[3].body_html == "<p>Pårørende.</p>", "version 1 is untouched"
    assert new[3].body_html == "<p>Ægtefæller og pårørende.</p>"
    assert [(s.body_html, s.heading) for s in old if s.key != "p84-maalgruppe"] == [
        (s.body_html, s.heading) for s in new if s.key != "p84-maalgruppe"]
    version = db.session.scalar(select(DraftVersion).where(DraftVersion.number == 2))
    assert version.note == "Målgruppen omfatter også ægtefæller." and version.created_by_id == officer.id
    assert {"section_edited", "draft_corrected"} <= set(audit_actions(db))

    assert send_due() == (3, 0)
    assert sorted(m["X-Envelope-To"] for m in smtp_server.messages) == sorted(
        c.email for i in open_hearing.invitations for c in i.organisation.contacts)
    for message in smtp_server.messages:
        assert message["Subject"] == "Rettet høringsudkast: Kvalitetsstandarder"
        body = message.get_body(("plain",)).get_content()
        assert "version 2" in body and "Målgruppen omfatter også ægtefæller." in body

    page = client.get(editor_base(open_hearing)).get_data(as_text=True)
    assert "Rettelsen er gemt som version 2" in page and "Versioner af udkastet" in page


def test_a_correction_without_a_note_is_refused(auth, db, client, officer, open_hearing):
    auth.log_in(officer)
    response = client.post(f"{editor_base(open_hearing)}/bilag/ret", data={
        "heading": "Bilag", "text": "Ny oversigt.", "note": " ",
        "text_hash": form_hash(client, open_hearing, "bilag"),
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count("Skriv, hvad der er rettet. De inviterede parter får det at vide.") == 2
    assert "Ny oversigt." in page
    assert db.session.scalar(select(func.count(DraftVersion.id))) == 1


@pytest.mark.parametrize("path", ["forord/flyt/ned", "bilag/flyt/op", "forord/slaa-sammen", "nummerer", "forord/del"])
def test_the_structure_is_fixed_while_open(auth, db, client, officer, open_hearing, path):
    auth.log_in(officer)
    data = {"before": "1", "heading": "Baggrund", "text_hash": form_hash(client, open_hearing, "forord")}
    page = client.post(f"{editor_base(open_hearing)}/{path}", data=data, follow_redirects=True).get_data(as_text=True)
    assert "udkastets opbygning ligger fast" in page
    assert [(s.key, s.number) for s in sections_of(db, open_hearing)] == [
        ("forord", None), ("p84", "§ 84"), ("p84-lovgrundlag", None), ("p84-maalgruppe", "7"), ("bilag", None)]
    assert db.session.scalar(select(func.count(DraftVersion.id))) == 1
    editor = client.get(editor_base(open_hearing)).get_data(as_text=True)
    assert "Flyt op" not in editor and "Slå sammen med næste" not in editor and "Ret" in editor


@pytest.mark.parametrize("state", [HearingState.CLOSED, HearingState.REPLYING, HearingState.DECIDED])
def test_a_closed_hearing_refuses_every_change(auth, db, client, officer, state):
    decision = {"decided_on": date(2019, 6, 18), "decision_text": "Godkendt."} if state is HearingState.DECIDED else {}
    hearing = make_draft(db, officer, state=state, **decision)
    auth.log_in(officer)
    for method, path in (("get", "forord/ret"), ("post", "forord/ret"), ("get", "forord/del"),
                         ("post", "forord/flyt/ned"), ("post", "forord/slaa-sammen"), ("post", "nummerer")):
        response = getattr(client, method)(f"{editor_base(hearing)}/{path}", data={"heading": "Ny", "note": "x"})
        assert response.status_code == 409, path
        assert "udkastet kan ikke længere rettes" in response.get_data(as_text=True)
    page = client.get(editor_base(hearing)).get_data(as_text=True)
    assert "udkastet kan ikke længere rettes" in page and "Flyt op" not in page
    assert sections_of(db, hearing)[0].heading == "Forord"
