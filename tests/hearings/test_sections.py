"""The section editor: edit, move, split, merge, renumber; corrections while open; who may."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.hearings import invitations, operations, section_views  # noqa: F401 (section_views: the routes)
from app.hearings.models import DraftVersion, HearingState, Section
from app.notifications.operations import send_due
from tests.factories import make_hearing, make_organisation, make_user

HASH = re.compile(r'name="text_hash" type="hidden" value="([0-9a-f]{64})"')


def _base(hearing) -> str:
    return f"/medarbejder/hoeringer/{hearing.slug}/afsnit"


def _sections(db, hearing, number: int | None = None) -> list[Section]:
    """The sections of version `number` (default: the latest), in draft order, fresh from the database."""
    db.session.expire_all()
    versions = select(DraftVersion).where(DraftVersion.hearing_id == hearing.id)
    if number is not None:
        versions = versions.where(DraftVersion.number == number)
    version = db.session.scalar(versions.order_by(DraftVersion.number.desc()))
    return db.session.scalars(select(Section).where(Section.version_id == version.id).order_by(Section.position)).all()


def _actions(db) -> list[str]:
    return db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()


@pytest.fixture
def officer(db):
    user = make_user(Role.STAFF, name="Søren Sagsbehandler")
    db.session.commit()
    return user


def _draft(db, officer, state=HearingState.DRAFT, **fields):
    """Forord (three paragraphs), § 84 with two fields under it, Bilag."""
    hearing = make_hearing(state, sections=0, title="Kvalitetsstandarder", officers=[officer], **fields)
    version = hearing.current_version
    rows = [
        ("forord", None, "Forord", "<p>Første.</p><p>Anden.</p><p>Tredje.</p>", None, 3),
        ("p84", None, "Aflastningsordning", "", "§ 84", 4),
        ("p84-lovgrundlag", "p84", "Lovgrundlag", "<p>Lov om Social Service § 84 stk. 1.</p>", None, 4),
        ("p84-maalgruppe", "p84", "Målgruppe", "<p>Pårørende.</p>", "7", 5),
        ("bilag", None, "Bilag", "<p>Oversigt.</p>", None, None),
    ]
    by_key = {}
    for position, (key, parent, heading, body, number, page) in enumerate(rows):
        by_key[key] = Section(version=version, key=key, position=position, heading=heading, body_html=body,
                              number=number, page=page, parent=by_key.get(parent))
        db.session.add(by_key[key])
    db.session.commit()
    return hearing


@pytest.fixture
def draft(db, officer):
    return _draft(db, officer)


def _form_hash(client, hearing, key) -> str:
    page = client.get(f"{_base(hearing)}/{key}/ret")
    assert page.status_code == 200
    return HASH.search(page.get_data(as_text=True)).group(1)


# -- editing a draft in place ------------------------------------------------------------------


def test_the_editor_lists_the_sections_with_their_actions(auth, db, client, officer, draft):
    auth.log_in(officer)
    page = client.get(_base(draft)).get_data(as_text=True)
    for label in ("Forord", "§ 84 Aflastningsordning", "Lovgrundlag", "7 Målgruppe", "Bilag"):
        assert label in page
    for action in ("Ret", "Flyt op", "Flyt ned", "Del", "Slå sammen med næste", "Nummerér afsnittene"):
        assert action in page
    assert "(s. 4)" in page
    assert "Ret afsnit" in client.get(f"/medarbejder/hoeringer/{draft.slug}").get_data(as_text=True)


def test_editing_heading_text_and_page_changes_the_draft_in_place(auth, db, client, officer, draft):
    auth.log_in(officer)
    form = client.get(f"{_base(draft)}/forord/ret").get_data(as_text=True)
    assert "Første.\n\nAnden.\n\nTredje." in form, "the text is shown as Markdown"

    response = client.post(f"{_base(draft)}/forord/ret", data={
        "number": "1", "heading": "Indledning", "page": "2",
        "text": "Det er **vigtigt**.\n\n- ét\n- to\n\n<script>alert(1)</script>",
        "text_hash": _form_hash(client, draft, "forord"),
    })
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{_base(draft)}#afsnit-forord")
    section = _sections(db, draft)[0]
    assert (section.key, section.number, section.heading, section.page) == ("forord", "1", "Indledning", 2)
    assert "<strong>vigtigt</strong>" in section.body_html
    assert "<ul><li>ét</li><li>to</li></ul>" in section.body_html
    assert "<script" not in section.body_html and "&lt;script&gt;" in section.body_html
    assert db.session.scalar(select(func.count(DraftVersion.id))) == 1, "no new version before opening"
    assert "section_edited" in _actions(db)
    assert "er gemt" in client.get(_base(draft)).get_data(as_text=True)


def test_errors_are_in_danish_next_to_the_fields_and_what_was_typed_is_kept(auth, db, client, officer, draft):
    auth.log_in(officer)
    response = client.post(f"{_base(draft)}/forord/ret", data={
        "number": "x" * 41, "heading": "", "page": "abc", "text": "Min **nye** tekst",
        "text_hash": _form_hash(client, draft, "forord"),
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
    assert _sections(db, draft)[0].heading == "Forord"

    page = client.post(f"{_base(draft)}/forord/ret", data={
        "heading": "Forord", "page": "0", "text": "x" * 200_001, "text_hash": _form_hash(client, draft, "forord"),
    }).get_data(as_text=True)
    assert "Skriv et sidetal fra 1 til 9999." in page
    assert "Teksten må højst være 200000 tegn." in page


def test_saving_without_changes_saves_nothing(auth, db, client, officer, draft):
    auth.log_in(officer)
    client.post(f"{_base(draft)}/bilag/ret", data={
        "heading": "Bilag", "text": "Oversigt.", "text_hash": _form_hash(client, draft, "bilag"),
    })
    assert "section_edited" not in _actions(db)
    assert "Du har ikke ændret noget" in client.get(_base(draft)).get_data(as_text=True)


# -- structure -------------------------------------------------------------------------------------


def test_moving_changes_the_order_keeps_the_keys_and_takes_the_subsections_along(auth, db, client, officer, draft):
    auth.log_in(officer)
    assert client.post(f"{_base(draft)}/bilag/flyt/op").status_code == 302
    assert [s.key for s in _sections(db, draft)] == ["forord", "bilag", "p84", "p84-lovgrundlag", "p84-maalgruppe"]

    client.post(f"{_base(draft)}/forord/flyt/ned")
    sections = _sections(db, draft)
    assert [s.key for s in sections] == ["bilag", "forord", "p84", "p84-lovgrundlag", "p84-maalgruppe"]
    assert [s.position for s in sections] == [0, 1, 2, 3, 4]

    client.post(f"{_base(draft)}/p84-maalgruppe/flyt/op")
    assert [s.key for s in _sections(db, draft)][3:] == ["p84-maalgruppe", "p84-lovgrundlag"]
    assert _actions(db).count("section_moved") == 3


def test_the_first_cannot_move_up_nor_the_last_down(auth, db, client, officer, draft):
    auth.log_in(officer)
    page = client.post(f"{_base(draft)}/forord/flyt/op", follow_redirects=True).get_data(as_text=True)
    assert "Afsnittet står allerede øverst på sit niveau." in page
    page = client.post(f"{_base(draft)}/bilag/flyt/ned", follow_redirects=True).get_data(as_text=True)
    assert "Afsnittet står allerede nederst på sit niveau." in page
    assert client.post(f"{_base(draft)}/bilag/flyt/sidelaens").status_code == 404
    assert [s.key for s in _sections(db, draft)] == ["forord", "p84", "p84-lovgrundlag", "p84-maalgruppe", "bilag"]


def test_split_divides_the_text_at_the_chosen_paragraph(auth, db, client, officer, draft):
    auth.log_in(officer)
    page = client.get(f"{_base(draft)}/forord/del").get_data(as_text=True)
    assert page.count("Del før dette afsnit") == 2, "before the second and before the third paragraph"
    assert "2. Anden." in page and "3. Tredje." in page and "1. Første." in page

    response = client.post(f"{_base(draft)}/forord/del", data={
        "before": "1", "heading": "Baggrund", "number": "", "page": "3", "text_hash": HASH.search(page).group(1),
    })
    assert response.status_code == 302
    sections = _sections(db, draft)
    first, second = sections[0], sections[1]
    assert (first.key, first.heading, first.body_html) == ("forord", "Forord", "<p>Første.</p>")
    assert (second.key, second.heading, second.page) == ("baggrund", "Baggrund", 3)
    assert second.body_html == "<p>Anden.</p><p>Tredje.</p>" and second.parent_id is None
    assert response.headers["Location"].endswith("#afsnit-baggrund")
    assert [s.position for s in sections] == list(range(6))
    assert "section_split" in _actions(db)


def test_split_moves_the_subsections_to_the_second_part_and_gives_a_new_key(auth, db, client, officer, draft):
    auth.log_in(officer)
    p84 = _sections(db, draft)[1]
    p84.body_html = "<p>Indledning.</p><ul><li>a</li></ul>"
    db.session.commit()
    page = client.get(f"{_base(draft)}/p84/del").get_data(as_text=True)
    assert "Underafsnittene kommer med under den nye del" in page
    client.post(f"{_base(draft)}/p84/del", data={
        "before": "1", "heading": "Forord", "text_hash": HASH.search(page).group(1),
    })
    sections = {s.key: s for s in _sections(db, draft)}
    new = sections["forord-2"]
    assert new.body_html == "<ul><li>a</li></ul>", "a key is never used twice"
    assert sections["p84-lovgrundlag"].parent_id == new.id == sections["p84-maalgruppe"].parent_id
    assert [s.key for s in _sections(db, draft)] == [
        "forord", "p84", "forord-2", "p84-lovgrundlag", "p84-maalgruppe", "bilag"]


def test_split_asks_where_and_for_a_heading(auth, db, client, officer, draft):
    auth.log_in(officer)
    page = client.post(f"{_base(draft)}/forord/del", data={
        "heading": "", "text_hash": _form_hash(client, draft, "forord"),
    }).get_data(as_text=True)
    assert "Vælg det tekstafsnit, den nye del skal begynde med." in page
    assert "Skriv afsnittets overskrift." in page
    page = client.post(f"{_base(draft)}/forord/del", data={
        "before": "7", "heading": "X", "text_hash": _form_hash(client, draft, "forord"),
    }).get_data(as_text=True)
    assert "Vælg det tekstafsnit, den nye del skal begynde med." in page
    page = client.get(f"{_base(draft)}/bilag/del").get_data(as_text=True)
    assert "kun ét tekstafsnit" in page
    assert len(_sections(db, draft)) == 5


def test_merge_joins_the_texts_and_moves_the_children(auth, db, client, officer, draft):
    auth.log_in(officer)
    client.post(f"{_base(draft)}/forord/slaa-sammen")
    sections = _sections(db, draft)
    assert [s.key for s in sections] == ["forord", "p84-lovgrundlag", "p84-maalgruppe", "bilag"]
    forord = sections[0]
    assert forord.body_html == "<p>Første.</p><p>Anden.</p><p>Tredje.</p>"
    assert sections[1].parent_id == forord.id == sections[2].parent_id
    assert [s.position for s in sections] == [0, 1, 2, 3]
    assert "sections_merged" in _actions(db)

    client.post(f"{_base(draft)}/forord/slaa-sammen")
    sections = _sections(db, draft)
    assert [s.key for s in sections] == ["forord", "p84-lovgrundlag", "p84-maalgruppe"]
    assert sections[0].body_html.endswith("<p>Oversigt.</p>")
    page = client.post(f"{_base(draft)}/p84-maalgruppe/slaa-sammen", follow_redirects=True).get_data(as_text=True)
    assert "der er ikke et næste afsnit" in page


def test_renumber_numbers_by_place_and_keeps_paragraph_numbers(auth, db, client, officer, draft):
    auth.log_in(officer)
    response = client.post(f"{_base(draft)}/nummerer", follow_redirects=True)
    assert "Numre, der begynder med §, er ikke ændret." in response.get_data(as_text=True)
    assert [s.number for s in _sections(db, draft)] == ["1", "§ 84", "2.1", "2.2", "3"]
    assert "sections_renumbered" in _actions(db)


def test_positions_stay_unique_through_many_changes(auth, db, client, officer, draft):
    auth.log_in(officer)
    for key, action in (("bilag", "flyt/op"), ("bilag", "flyt/op"), ("p84", "flyt/ned"), ("forord", "flyt/ned"),
                        ("bilag", "slaa-sammen")):
        assert client.post(f"{_base(draft)}/{key}/{action}").status_code == 302
    sections = _sections(db, draft)
    assert [s.position for s in sections] == list(range(len(sections)))


# -- corrections while open ------------------------------------------------------------------------


@pytest.fixture
def open_hearing(db, officer):
    hearing = _draft(db, officer)
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
    form = client.get(f"{_base(open_hearing)}/p84-maalgruppe/ret").get_data(as_text=True)
    assert "Hvad er rettet?" in form and "version 2" in form
    response = client.post(f"{_base(open_hearing)}/p84-maalgruppe/ret", data={
        "number": "7", "heading": "Målgruppe", "page": "5", "text": "Ægtefæller og pårørende.",
        "note": "Målgruppen omfatter også ægtefæller.", "text_hash": HASH.search(form).group(1),
    })
    assert response.status_code == 302

    old, new = _sections(db, open_hearing, 1), _sections(db, open_hearing, 2)
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
    assert {"section_edited", "draft_corrected"} <= set(_actions(db))

    assert send_due() == (3, 0)
    assert sorted(m["X-Envelope-To"] for m in smtp_server.messages) == sorted(
        c.email for i in open_hearing.invitations for c in i.organisation.contacts)
    for message in smtp_server.messages:
        assert message["Subject"] == "Rettet høringsudkast: Kvalitetsstandarder"
        body = message.get_body(("plain",)).get_content()
        assert "version 2" in body and "Målgruppen omfatter også ægtefæller." in body

    page = client.get(_base(open_hearing)).get_data(as_text=True)
    assert "Rettelsen er gemt som version 2" in page and "Versioner af udkastet" in page


def test_a_correction_without_a_note_is_refused(auth, db, client, officer, open_hearing):
    auth.log_in(officer)
    response = client.post(f"{_base(open_hearing)}/bilag/ret", data={
        "heading": "Bilag", "text": "Ny oversigt.", "note": " ",
        "text_hash": _form_hash(client, open_hearing, "bilag"),
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count("Skriv, hvad der er rettet. De inviterede parter får det at vide.") == 2
    assert "Ny oversigt." in page
    assert db.session.scalar(select(func.count(DraftVersion.id))) == 1


@pytest.mark.parametrize("path", ["forord/flyt/ned", "bilag/flyt/op", "forord/slaa-sammen", "nummerer", "forord/del"])
def test_the_structure_is_fixed_while_open(auth, db, client, officer, open_hearing, path):
    auth.log_in(officer)
    data = {"before": "1", "heading": "Baggrund", "text_hash": _form_hash(client, open_hearing, "forord")}
    page = client.post(f"{_base(open_hearing)}/{path}", data=data, follow_redirects=True).get_data(as_text=True)
    assert "udkastets opbygning ligger fast" in page
    assert [(s.key, s.number) for s in _sections(db, open_hearing)] == [
        ("forord", None), ("p84", "§ 84"), ("p84-lovgrundlag", None), ("p84-maalgruppe", "7"), ("bilag", None)]
    assert db.session.scalar(select(func.count(DraftVersion.id))) == 1
    editor = client.get(_base(open_hearing)).get_data(as_text=True)
    assert "Flyt op" not in editor and "Slå sammen med næste" not in editor and "Ret" in editor


@pytest.mark.parametrize("state", [HearingState.CLOSED, HearingState.REPLYING, HearingState.DECIDED])
def test_a_closed_hearing_refuses_every_change(auth, db, client, officer, state):
    decision = {"decided_on": date(2019, 6, 18), "decision_text": "Godkendt."} if state is HearingState.DECIDED else {}
    hearing = _draft(db, officer, state=state, **decision)
    auth.log_in(officer)
    for method, path in (("get", "forord/ret"), ("post", "forord/ret"), ("get", "forord/del"),
                         ("post", "forord/flyt/ned"), ("post", "forord/slaa-sammen"), ("post", "nummerer")):
        response = getattr(client, method)(f"{_base(hearing)}/{path}", data={"heading": "Ny", "note": "x"})
        assert response.status_code == 409, path
        assert "udkastet kan ikke længere rettes" in response.get_data(as_text=True)
    page = client.get(_base(hearing)).get_data(as_text=True)
    assert "udkastet kan ikke længere rettes" in page and "Flyt op" not in page
    assert _sections(db, hearing)[0].heading == "Forord"


# -- two people at once ----------------------------------------------------------------------------


def test_a_concurrent_edit_is_refused_with_both_texts_and_nothing_lost(auth, db, app, officer, draft):
    from tests.conftest import IsolatedClient

    app.test_client_class = IsolatedClient
    colleague = make_user(Role.STAFF, name="Sara Sagsbehandler")
    draft.officers.append(colleague)
    db.session.commit()
    first, second = app.test_client(), app.test_client()
    auth.log_in(officer, client=first)
    auth.log_in(colleague, client=second)
    first_hash, second_hash = _form_hash(first, draft, "bilag"), _form_hash(second, draft, "bilag")

    assert first.post(f"{_base(draft)}/bilag/ret", data={
        "heading": "Bilag", "text": "Søren skrev dette.", "text_hash": first_hash}).status_code == 302
    response = second.post(f"{_base(draft)}/bilag/ret", data={
        "heading": "Bilag 1", "text": "Sara skrev noget andet.", "text_hash": second_hash})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "En anden har gemt en ændring af afsnittet" in page
    assert "Søren skrev dette." in page, "the saved text is shown"
    assert "Sara skrev noget andet." in page and 'value="Bilag 1"' in page, "and what she typed is kept"
    assert _sections(db, draft)[4].body_html == "<p>Søren skrev dette.</p>"

    # Having seen both, she saves on purpose.
    assert second.post(f"{_base(draft)}/bilag/ret", data={
        "heading": "Bilag 1", "text": "Søren skrev dette. Sara skrev noget andet.",
        "text_hash": HASH.search(page).group(1)}).status_code == 302
    assert _sections(db, draft)[4].body_html == "<p>Søren skrev dette. Sara skrev noget andet.</p>"


# -- who may ---------------------------------------------------------------------------------------

ROUTES = [
    ("get", ""), ("get", "/forord/ret"), ("post", "/forord/ret"), ("get", "/forord/del"), ("post", "/forord/del"),
    ("post", "/forord/flyt/ned"), ("post", "/forord/slaa-sammen"), ("post", "/nummerer"),
]
ROLES = {"anonymous": 302, "committee": 403, "staff not on the hearing": 403, "officer": None, "approver": None,
         "administrator": None}
# What a user who may edit gets; the posts carry a stale hash, so the forms say the text changed meanwhile.
ALLOWED = {"/forord/ret": {"get": 200, "post": 409}, "/forord/del": {"get": 200, "post": 200}}


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize("who", ROLES)
def test_who_may_use_the_editor(auth, db, client, officer, draft, method, path, who):
    users = {
        "committee": lambda: make_user(Role.COMMITTEE), "staff not on the hearing": lambda: make_user(Role.STAFF),
        "officer": lambda: officer, "approver": lambda: make_user(Role.APPROVER),
        "administrator": lambda: make_user(Role.ADMIN),
    }
    if who != "anonymous":
        user = users[who]()
        db.session.commit()
        auth.log_in(user)
    data = {"heading": "Forord 2", "before": "1", "text_hash": "0" * 64} if method == "post" else None
    response = getattr(client, method)(_base(draft) + path, data=data)
    expected = ROLES[who] or ALLOWED.get(path, {}).get(method) or (200 if method == "get" else 302)
    assert response.status_code == expected
    if who == "anonymous":
        assert "/konto/log-ind" in response.headers["Location"]


def test_an_unknown_section_or_hearing_is_not_found(auth, db, client, officer, draft):
    auth.log_in(officer)
    assert client.get(f"{_base(draft)}/findes-ikke/ret").status_code == 404
    assert client.get(f"{_base(draft)}/findes-ikke/del").status_code == 404
    assert client.post(f"{_base(draft)}/findes-ikke/flyt/op").status_code == 404
    assert client.get("/medarbejder/hoeringer/findes-ikke/afsnit").status_code == 404


def test_every_change_needs_the_csrf_token(csrf_app, auth, db, officer, draft):
    from tests.conftest import IsolatedClient

    csrf_app.test_client_class = IsolatedClient
    client = csrf_app.test_client()
    page = client.get("/konto/log-ind").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    auth.submit(officer.email, client=client, csrf_token=token)
    assert client.post(f"{_base(draft)}/bilag/flyt/op").status_code == 400
    editor = client.get(_base(draft)).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', editor).group(1)
    assert client.post(f"{_base(draft)}/bilag/flyt/op", data={"csrf_token": token}).status_code == 302
    assert [s.key for s in _sections(db, draft)][1] == "bilag"
