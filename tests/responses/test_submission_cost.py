"""What a party's save or submission costs (issue 20: 100 submissions a second on a hearing of thousands of
parties): it reads what it writes, not the hearing's whole list of parties, and the form it binds is the
same class for every party of the hearing. What the party sees does not change."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, func, select

from app.extensions import db
from app.hearings import invitations
from app.hearings.models import Hearing, Invitation, PartyLink, Section
from app.hearings.tokens import new_token, token_hash
from app.notifications.models import OutboxMessage
from app.parties.models import ContactPerson, Organisation, OrganisationKind
from app.responses import operations as responding
from app.responses import preferences
from app.responses.forms import response_form
from app.responses.models import Response, ResponseState
from tests.responses.helpers import form_data

OTHERS = 12


def _invite_others(party, count: int = OTHERS) -> list[tuple[Organisation, str]]:
    """`count` more parties on the party's hearing, each with a personal link."""
    hearing = db.session.get(Hearing, party.hearing_id)
    invited = []
    for n in range(count):
        other = Organisation(name=f"Brugerrådet nr. {n}", kind=OrganisationKind.ASSOCIATION)
        contact = ContactPerson(name=f"Formand {n}", email=f"formand{n}@brugerraad.example.org")
        other.contacts.append(contact)
        invitation = Invitation(hearing=hearing, organisation=other, invited_at=datetime.now(UTC) - timedelta(days=3))
        token = new_token()
        link = PartyLink(invitation=invitation, contact=contact, token_hash=token_hash(token))
        db.session.add_all([invitation, link])
        invited.append((other, f"/svar/{token}"))
    db.session.commit()
    return invited


def _loaded(model):
    """The ids of the `model` rows built as objects while the test runs."""
    read: list[int] = []

    def loaded(target, _context) -> None:
        read.append(target.id)

    event.listen(model, "load", loaded)
    yield read
    event.remove(model, "load", loaded)


@pytest.fixture
def organisations_read():
    yield from _loaded(Organisation)


def test_a_submission_reads_no_other_party_but_the_page_still_offers_them_all(client, party, organisations_read):
    others = _invite_others(party)
    page = client.get(party.url).get_data(as_text=True)
    assert all(f">{other.name}</label>" in page for other, _url in others), "the page offers every other party"
    own = db.session.scalar(select(Organisation.id).where(Organisation.name == party.organisation))

    organisations_read.clear()
    done = client.post(party.url, data=form_data(page, general="Vi støtter forslaget.", action="submit"))

    assert done.status_code == 302 and "kvittering" in done.headers["Location"]
    assert set(organisations_read) <= {own}, "the other parties' names are read only to show the form"
    response = db.session.scalar(select(Response).where(Response.organisation_id == own))
    assert response.state is ResponseState.SUBMITTED


def test_a_refused_submission_shows_the_co_signers_again_as_chosen(client, party):
    """The form shown again after an error reads the names then, and keeps the choice."""
    others = _invite_others(party, 3)
    chosen = others[1][0]
    page = client.get(party.url).get_data(as_text=True)

    refused = client.post(party.url, data=form_data(page, general="Vi er enige.", signed_name="",
                                                    cosigners=str(chosen.id), action="submit"))

    shown = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "Skriv navnet på den, der afgiver svaret." in shown
    assert all(f">{other.name}</label>" in shown for other, _url in others)
    boxes = re.findall(r'<input ([^>]*name="cosigners"[^>]*)>', shown)
    boxes = {re.search(r'value="(\d+)"', box).group(1): "checked" in box for box in boxes}
    assert boxes == {str(o.id): o is chosen for o, _url in others}


def test_a_co_signer_named_among_many_is_kept_and_one_not_on_the_list_is_dropped(client, party):
    others = _invite_others(party, 5)
    stranger = Organisation(name="Ikke inviteret", kind=OrganisationKind.ASSOCIATION)
    db.session.add(stranger)
    db.session.commit()
    named = others[3][0]
    page = client.get(party.url).get_data(as_text=True)

    done = client.post(party.url, data=form_data(page, general="Sammen med brugerrådet.", action="submit",
                                                 cosigners=[str(named.id), str(stranger.id)]))

    assert done.status_code == 302
    db.session.expire_all()
    response = db.session.scalar(select(Response).where(Response.state == ResponseState.SUBMITTED))
    assert response.submissions[-1].content["cosigners"] == [{"id": named.id, "name": named.name}]
    assert [o.name for o in response.pending_cosigners] == [named.name]


def test_the_parties_of_a_hearing_share_one_form_class_and_each_is_offered_the_others(app, party):
    others = _invite_others(party, 2)
    hearing = db.session.get(Hearing, party.hearing_id)
    sections = list(db.session.scalars(select(Section).where(Section.version_id == hearing.current_version.id)
                                       .order_by(Section.position)))
    links = [invitations.find_link(token) for token in (party.tokens[0], others[0][1].removeprefix("/svar/"))]

    with app.test_request_context():
        forms = [response_form(sections, hearing, preferences.cosigner_offer(hearing, link.invitation.organisation))
                 for link in links]
        offered = [[label for _value, label in form.cosigners.choices] for form in forms]

    assert type(forms[0]) is type(forms[1]), "one class for the hearing, not one per party"
    assert offered[0] == [o.name for o, _url in others]
    assert offered[1] == sorted([party.organisation, others[1][0].name], key=str.casefold)


def test_a_party_alone_on_the_list_is_not_asked_for_co_signers(client, party):
    page = client.get(party.url).get_data(as_text=True)
    assert 'name="cosigners"' not in page
    done = client.post(party.url, data=form_data(page, general="Ingen andre står bag.", action="submit"))
    assert done.status_code == 302


@pytest.fixture
def commits(app):
    """How many transactions the app commits while the test runs."""
    counted = [0]

    def committed(_connection) -> None:
        counted[0] += 1

    engine = db.engine
    event.listen(engine, "commit", committed)
    yield counted
    event.remove(engine, "commit", committed)


def test_a_submission_saves_and_submits_in_one_transaction(client, party, commits):
    page = client.get(party.url).get_data(as_text=True)
    commits[0] = 0

    done = client.post(party.url, data=form_data(page, general="Vi støtter forslaget.", action="submit"))

    assert done.status_code == 302 and "kvittering" in done.headers["Location"]
    assert commits[0] == 1, "the typed text and its submission are committed together"
    response = db.session.scalar(select(Response))
    assert response.state is ResponseState.SUBMITTED and response.draft["general"] == "Vi støtter forslaget."


def test_a_submission_stopped_by_a_problem_still_saves_what_was_typed(client, party, commits):
    page = client.get(party.url).get_data(as_text=True)
    commits[0] = 0

    stopped = client.post(party.url, data=form_data(page, general="Vi støtter forslaget.", signed_name="",
                                                    action="submit"))

    assert stopped.status_code == 200 and "Skriv navnet på den, der afgiver svaret." in stopped.get_data(as_text=True)
    assert commits[0] == 1
    db.session.expire_all()
    response = db.session.scalar(select(Response))
    assert response.state is ResponseState.DRAFT and response.draft["general"] == "Vi støtter forslaget."


@pytest.fixture
def statements(app):
    """The SQL statements the app sends while the test runs."""
    sent: list[str] = []

    def before(_connection, _cursor, statement, *_args) -> None:
        sent.append(" ".join(statement.split()))

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    yield sent
    event.remove(engine, "before_cursor_execute", before)


def test_a_first_submission_does_not_read_what_a_new_response_cannot_have_yet(client, party, statements):
    page = client.get(party.url).get_data(as_text=True)
    statements.clear()

    done = client.post(party.url, data=form_data(page, general="Vi støtter forslaget.", action="submit"))

    assert done.status_code == 302
    reads = [s for s in statements if s.startswith("SELECT")]
    for table in ("response_submissions", "comments", "response_cosigners"):
        assert not [s for s in reads if f"FROM {table}" in s], f"a new response has none: {table}"
    response = db.session.scalar(select(Response))
    assert [s.number for s in response.submissions] == [1] and len(response.comments) == 1


def test_a_first_submission_inserts_the_response_as_submitted_without_a_savepoint(client, party, statements):
    """The response a first save starts is inserted by the save's flush, with what the save gave it: not
    inserted empty under a savepoint, then updated (a party starting at once with a colleague is
    tests/faults/test_concurrent_saves.py)."""
    page = client.get(party.url).get_data(as_text=True)
    statements.clear()

    done = client.post(party.url, data=form_data(page, general="Vi støtter forslaget.", action="submit"))

    assert done.status_code == 302 and "kvittering" in done.headers["Location"]
    assert len([s for s in statements if s.startswith("INSERT INTO responses")]) == 1
    assert not [s for s in statements if s.startswith(("UPDATE responses", "SAVEPOINT"))]
    # Its own response and a joint one it may have accepted read in one query (none), not read again to insert.
    assert len([s for s in statements if s.startswith("SELECT responses.")]) == 1
    assert not [s for s in statements if s.startswith("SELECT draft_versions")], "the version is a subquery"
    assert not [s for s in statements if s.startswith("SELECT alternatives")], "read with the link"
    response = db.session.scalar(select(Response))
    assert response.state is ResponseState.SUBMITTED and response.lock_version == 1
    assert [s.number for s in response.submissions] == [1] and len(response.comments) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == len(party.contacts)


def test_a_response_started_by_a_colleague_after_the_page_looked_is_saved_onto(client, party, monkeypatch):
    """The save inserts at once when its request found no response; one a colleague started in between is
    caught by the party's unique index, and the next attempt merges onto it under its lock."""
    from app.responses import views

    page = client.get(party.url).get_data(as_text=True)
    assert client.post(party.url, data=form_data(page, general="Kollegaens tekst.")).status_code == 302
    looked = views._load

    def before_the_colleague(token, **kwargs):  # the request read the party's response before it was started
        link, _response, sections = looked(token, **kwargs)
        return link, None, sections

    monkeypatch.setattr(views, "_load", before_the_colleague)
    done = client.post(party.url, data=form_data(page, general="Kollegaens tekst.", action="submit",
                                                 **{"section-s85": "Min tekst."}))

    assert done.status_code == 302 and "kvittering" in done.headers["Location"]
    db.session.expire_all()
    response = db.session.scalars(select(Response)).one()
    assert response.state is ResponseState.SUBMITTED
    assert (response.draft["general"], response.draft["section-s85"]) == ("Kollegaens tekst.", "Min tekst.")


def test_a_first_save_without_submitting_inserts_the_draft(client, party, statements):
    page = client.get(party.url).get_data(as_text=True)
    statements.clear()

    saved = client.post(party.url, data=form_data(page, general="Et udkast."))

    assert saved.status_code == 302
    writes = [s for s in statements if s.startswith(("INSERT", "UPDATE"))]
    assert len(writes) == 1 and writes[0].startswith("INSERT INTO responses"), "one write: the new response"
    response = db.session.scalar(select(Response))
    assert response.state is ResponseState.DRAFT and response.draft["general"] == "Et udkast."
    assert response.draft_saved_by is not None and response.submissions == []


def test_a_save_without_the_pages_bases_takes_each_field_as_written_on_an_empty_one(client, party):
    """A client that posts the fields without the page's hidden bases (bench/submissions.py does): a field
    empty in the working copy is taken, one with someone's text in it is that person's, shown, not taken."""
    first = client.post(party.url, data={"general": "Første udgave.", "signed_name": "Formand"})
    assert first.status_code == 302
    second = client.post(party.url, data={"general": "Anden udgave.", "signed_name": "Formand"})

    assert second.status_code == 200 and "Første udgave." in second.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(Response)).draft["general"] == "Første udgave."


def test_a_second_submission_is_numbered_after_the_first(client, party):
    page = client.get(party.url).get_data(as_text=True)
    assert client.post(party.url, data=form_data(page, general="Første udgave.", action="submit")).status_code == 302
    page = client.get(party.url).get_data(as_text=True)
    assert client.post(party.url, data=form_data(page, general="Anden udgave.", action="submit")).status_code == 302

    db.session.expire_all()
    response = db.session.scalar(select(Response))
    assert [(s.number, s.content["general"]) for s in response.submissions] == [(1, "Første udgave."),
                                                                                 (2, "Anden udgave.")]


@pytest.fixture
def sections_loaded(app):
    yield from _loaded(Section)


def test_a_submission_reads_the_sections_without_their_text_and_inserts_its_comments_at_once(
        client, party, statements, sections_loaded):
    page = client.get(party.url).get_data(as_text=True)
    statements.clear()
    sections_loaded.clear()

    done = client.post(party.url, data=form_data(page, general="Generelt.", action="submit", **{
        "section-s84-omfang": "Om omfanget.", "section-s85": "Om støtten."}))

    assert done.status_code == 302 and "kvittering" in done.headers["Location"]
    assert sections_loaded == [], "no section is made an object, with its text, to be saved"
    assert not [s for s in statements if "sections.body_html" in s]
    assert len([s for s in statements if s.startswith("INSERT INTO comments")]) == 1, "one INSERT for them all"
    response = db.session.scalar(select(Response))
    assert [(c.section.key if c.section else None, c.position, c.text) for c in response.comments] == [
        (None, 0, "Generelt."), ("s84-omfang", 1, "Om omfanget."), ("s85", 2, "Om støtten.")]
    assert [item["label"] for item in response.submissions[-1].content["sections"]] == [
        "§ 84 Aflastning – Omfang/varighed", "§ 85 Socialpædagogisk støtte"]
    # The receipt (its mail and PDF are made from the submitted copy) reads as one made from the sections.
    sections = list(db.session.scalars(select(Section).where(Section.version_id == response.hearing.current_version.id)
                                       .order_by(Section.position)))
    assert responding.submission_content(response, sections) == response.submissions[-1].content
    receipt = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == party.contacts[0])).one()
    assert "§ 84 Aflastning – Omfang/varighed" in receipt.body_text and "Om omfanget." in receipt.body_text


def test_a_resubmission_keeps_changes_and_drops_comments_by_section(client, party):
    page = client.get(party.url).get_data(as_text=True)
    first = client.post(party.url, data=form_data(page, general="Generelt.", action="submit", **{
        "section-s84": "Om aflastning.", "section-s85": "Om støtten."}))
    assert first.status_code == 302
    kept_id = db.session.scalar(select(Response)).comments[2].id

    page = client.get(party.url).get_data(as_text=True)
    second = client.post(party.url, data=form_data(page, general="", action="submit", **{
        "section-s84": "", "section-s85": "Om støtten, skarpere.", "section-s84-omfang": "Nyt punkt."}))

    assert second.status_code == 302
    db.session.expire_all()
    comments = db.session.scalar(select(Response)).comments
    assert sorted((c.section.key, c.position, c.text) for c in comments) == [
        ("s84-omfang", 0, "Nyt punkt."), ("s85", 1, "Om støtten, skarpere.")]
    assert kept_id in {c.id for c in comments}, "the comment on the same section is changed, not made anew"


def test_the_rows_of_a_save_label_the_sections_as_the_sections_do(app, party):
    from app.responses.outline import current_section_rows

    hearing = db.session.get(Hearing, party.hearing_id)
    version = hearing.current_version
    sections = list(db.session.scalars(select(Section).where(Section.version_id == version.id)
                                       .order_by(Section.position)))
    rows = current_section_rows(hearing.id)

    assert [(r.id, r.key, r.label, r.full_label) for r in rows] == [
        (s.id, s.key, s.label, s.full_label) for s in sections]
    with app.test_request_context():
        offer = preferences.cosigner_offer(hearing, hearing.invitations[0].organisation)
        assert type(response_form(rows, hearing, offer)) is type(response_form(sections, hearing, offer)), \
            "the page and the save share one form class"


def test_the_sections_of_a_save_are_those_of_the_current_version(app, party):
    """`Hearing.current_version_id`, the subquery a save reads the sections by, names the version that
    `Hearing.current_version` is: the latest one out for hearing, not a revision made after it."""
    from app.hearings.models import DraftVersion
    from app.responses.outline import current_section_rows

    hearing = db.session.get(Hearing, party.hearing_id)
    corrected = DraftVersion(number=len(hearing.versions) + 1, note="Rettet")
    corrected.sections.append(Section(key="s84", position=0, heading="Aflastning, rettet", body_html="<p>x</p>"))
    revision = DraftVersion(number=corrected.number + 1, is_revision=True)
    revision.sections.append(Section(key="s84", position=0, heading="Aflastning, revideret", body_html="<p>y</p>"))
    hearing.versions += [corrected, revision]
    db.session.commit()

    assert hearing.current_version is corrected
    rows = current_section_rows(hearing.id)
    assert [(r.id, r.full_label) for r in rows] == [(s.id, s.full_label) for s in corrected.sections]


def test_comment_fields_bound_by_copy_are_each_forms_own(app, party):
    """The second form of a draft's class binds its comment fields by copying the first's; what a request
    changes (data, errors, flags) stays with its form, and the field renders as one bound afresh."""
    hearing = db.session.get(Hearing, party.hearing_id)
    sections = list(db.session.scalars(select(Section).where(Section.version_id == hearing.current_version.id)
                                       .order_by(Section.position)))
    with app.test_request_context(method="POST", data={"section-s85": "Første", "general": "x" * 30_001}):
        first = response_form(sections, hearing, meta={"csrf": False})
        first.validate()
        first.general.flags.required = True
    with app.test_request_context(method="POST", data={"section-s85": "Anden"}):
        second = response_form(sections, hearing, meta={"csrf": False})
        assert second.validate()
        assert (first["section-s85"].data, second["section-s85"].data) == ("Første", "Anden")
        assert first.general.errors and not second.general.errors
        assert not second.general.flags.required
        assert second["section-s85"].validators is not first["section-s85"].validators
        assert second.general.meta is second.meta and first.general.meta is first.meta
        html = str(second["section-s84-omfang"].label) + str(second["section-s84-omfang"]())
    with app.test_request_context():
        from app.responses.forms import _section_form_class  # a class of its own: every field bound afresh

        fresh = _section_form_class(type(second).__mro__[1], sections, hearing)(
            formdata=None, meta={"csrf": False})
        assert html == str(fresh["section-s84-omfang"].label) + str(fresh["section-s84-omfang"]())
        assert "Bemærkning til § 84 Aflastning – Omfang/varighed" in html
