"""A case officer sets up a hearing through the pages: create, import, invite, open."""

import io
import re
from datetime import UTC, date, datetime, timedelta

import docx
import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.committee.meetings import operations as meetings
from app.committee.meetings.models import MeetingOutcome
from app.hearings.models import Hearing, HearingState, Section
from app.notifications.models import OutboxMessage
from tests.factories import make_hearing, make_organisation, make_user
from tests.jobs_worker import follow_job

NEXT_MONTH = date.today() + timedelta(days=30)


@pytest.fixture
def officer(db):
    user = make_user(Role.STAFF, name="Søren Sagsbehandler")
    db.session.commit()
    return user


def _catalogue_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Forord", level=1)
    document.add_paragraph("Vi præsenterer herved kvalitetsstandarderne.")
    document.add_heading("Aflastningsordning", level=1)
    table = document.add_table(rows=0, cols=2)
    for field, text in (("Lovgrundlag for ydelsen", "Lov om Social Service § 84 stk. 1."),
                        ("Omfang/varighed", "Der ydes op til 60 døgn om året.")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = field, text
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _form(**overrides) -> dict:
    data = {
        "title": "Kvalitetsstandarder på voksenområdet", "case_number": "27.12.00-P27-1-19",
        "committee": "Social- og Sundhedsudvalget", "summary": "Elleve standarder.",
        "letter": "Vi hører gerne jeres bemærkninger.", "deadline_on": NEXT_MONTH.isoformat(),
        "deadline_time": "23:59", "approver": "0",
    }
    data.update(overrides)
    return data


def test_a_case_officer_creates_imports_invites_and_opens_a_hearing(auth, db, client, officer, jobs_worker):
    council, seniors = make_organisation("Handicaprådet"), make_organisation("Seniorrådet")
    db.session.commit()
    auth.log_in(officer)

    response = client.post("/medarbejder/hoeringer/ny", data=_form())
    assert response.status_code == 302
    hearing = db.session.scalar(select(Hearing))
    assert hearing.slug == "kvalitetsstandarder-paa-voksenomraadet"
    assert hearing.deadline_at.astimezone(UTC).hour in (21, 22), "23:59 Danish time, stored in UTC"
    assert [u.id for u in hearing.officers] == [officer.id]

    preview = follow_job(client, client.post(f"/medarbejder/hoeringer/{hearing.slug}/udkast/importer",
                                             data={"document": (io.BytesIO(_catalogue_docx()), "udkast.docx")},
                                             content_type="multipart/form-data"))
    page = preview.get_data(as_text=True)
    assert "Omfang/varighed" in page and "Intet er gemt endnu" in page
    assert db.session.scalar(select(Section.id)) is None, "nothing is saved before confirming"

    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', page).group(1)
    client.post(f"/medarbejder/hoeringer/{hearing.slug}/udkast/gem", data={"payload": payload})
    headings = db.session.scalars(select(Section.heading).order_by(Section.position)).all()
    assert headings == ["Forord", "Aflastningsordning", "Lovgrundlag for ydelsen", "Omfang/varighed"]

    client.post(f"/medarbejder/hoeringer/{hearing.slug}/parter",
                data={"organisations": [str(council.id), str(seniors.id)]})
    response = client.post(f"/medarbejder/hoeringer/{hearing.slug}/handling/open", data={"confirmed": "1"})
    db.session.expire_all()
    assert hearing.state is HearingState.OPEN
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 2
    assert "Åben for høringssvar" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_bad_dates_get_danish_messages_and_keep_what_was_typed(auth, db, client, officer):
    auth.log_in(officer)
    response = client.post("/medarbejder/hoeringer/ny", data=_form(
        deadline_on="31-02-2026", letter="Mit lange høringsbrev, som ikke må gå tabt."))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Mit lange høringsbrev, som ikke må gå tabt." in page
    assert 'value="Kvalitetsstandarder på voksenområdet"' in page
    assert 'aria-invalid="true"' in page
    assert "Not a valid" not in page
    assert db.session.scalar(select(Hearing.id)) is None


def test_a_deadline_before_the_opening_day_is_refused(auth, db, client, officer):
    auth.log_in(officer)
    page = client.post("/medarbejder/hoeringer/ny", data=_form(
        opens_on=NEXT_MONTH.isoformat(), deadline_on=(NEXT_MONTH - timedelta(days=1)).isoformat(),
    )).get_data(as_text=True)
    assert "Høringsfristen skal ligge efter den dag, høringen åbner." in page


def test_an_empty_title_is_named(auth, db, client, officer):
    auth.log_in(officer)
    page = client.post("/medarbejder/hoeringer/ny", data=_form(title="   ")).get_data(as_text=True)
    assert "Skriv høringens titel." in page


def test_a_file_that_is_not_word_is_refused_and_nothing_saved(auth, db, client, officer, jobs_worker):
    hearing = make_hearing(state=HearingState.DRAFT, sections=0, officers=[officer])
    db.session.commit()
    auth.log_in(officer)
    page = follow_job(client, client.post(f"/medarbejder/hoeringer/{hearing.slug}/udkast/importer",
                                          data={"document": (io.BytesIO(b"MZ\x90\x00program"), "udkast.docx")},
                                          content_type="multipart/form-data")).get_data(as_text=True)
    assert "ikke et Word-dokument" in page
    assert db.session.scalar(select(Section.id)) is None


def test_a_tampered_preview_is_refused(auth, db, client, officer):
    hearing = make_hearing(state=HearingState.DRAFT, sections=0, officers=[officer])
    db.session.commit()
    auth.log_in(officer)
    response = client.post(f"/medarbejder/hoeringer/{hearing.slug}/udkast/gem", data={"payload": "eyJ4IjoxfQ.forged"})
    assert response.status_code == 400


def test_opening_without_parties_says_why(auth, db, client, officer):
    hearing = make_hearing(state=HearingState.DRAFT, officers=[officer], opens_at=None,
                           deadline_at=datetime.now(UTC) + timedelta(days=5))
    db.session.commit()
    auth.log_in(officer)
    page = client.get(f"/medarbejder/hoeringer/{hearing.slug}").get_data(as_text=True)
    assert "Vælg mindst én høringspart" in page
    client.post(f"/medarbejder/hoeringer/{hearing.slug}/handling/open", data={"confirmed": "1"})
    db.session.expire_all()
    assert hearing.state is HearingState.DRAFT


def test_the_draft_cannot_be_replaced_once_the_hearing_is_open(auth, db, client, officer):
    hearing = make_hearing(state=HearingState.OPEN, officers=[officer])
    db.session.commit()
    auth.log_in(officer)
    assert client.get(f"/medarbejder/hoeringer/{hearing.slug}/udkast/importer").status_code == 409


def test_the_deadline_form_extends_the_deadline(auth, db, client, officer):
    hearing = make_hearing(state=HearingState.OPEN, officers=[officer])
    db.session.commit()
    auth.log_in(officer)
    later = date.today() + timedelta(days=60)
    client.post(f"/medarbejder/hoeringer/{hearing.slug}/frist",
                data={"deadline_on": later.isoformat(), "deadline_time": "12:00"})
    db.session.expire_all()
    assert hearing.deadline_at.date() == later


@pytest.mark.parametrize(
    ("role", "show", "edit"),
    [(None, 302, 302), (Role.COMMITTEE, 403, 403), (Role.STAFF, 200, 403),
     (Role.APPROVER, 200, 200), (Role.ADMIN, 200, 200)],
)
def test_who_may_see_and_change_a_hearing(auth, db, client, role, show, edit):
    """A case officer who is not on the hearing may look but not change it."""
    hearing = make_hearing(state=HearingState.DRAFT)
    user = make_user(role) if role is not None else None
    db.session.commit()
    if user is not None:
        auth.log_in(user)
    assert client.get(f"/medarbejder/hoeringer/{hearing.slug}").status_code == show
    assert client.get(f"/medarbejder/hoeringer/{hearing.slug}/rediger").status_code == edit
    assert client.post(f"/medarbejder/hoeringer/{hearing.slug}/handling/open",
                       data={"confirmed": "1"}).status_code in (
        (edit,) if edit != 200 else (302,))


def test_the_start_page_lists_my_hearings_by_state(auth, db, client, officer):
    make_hearing(state=HearingState.OPEN, title="Min åbne høring", officers=[officer])
    make_hearing(state=HearingState.DRAFT, title="En kollegas kladde")
    db.session.commit()
    auth.log_in(officer)
    page = client.get("/medarbejder/").get_data(as_text=True)
    assert page.index("Min åbne høring") < page.index("Kollegernes høringer") < page.index("En kollegas kladde")


def test_the_public_page_of_a_decided_hearing_shows_the_decision(app, db, client):
    """Issue #18: the committee's decision was shown only on the memo page, not on the hearing's own page.
    Since #19 it is the last meeting of the case's path through the bodies."""
    decision = "Anbefalet.\n\nDog skal § 85 revideres igen efter et år."
    hearing = make_hearing(state=HearingState.SENT, is_public=True, committee="Social- og Sundhedsudvalget")
    undecided = make_hearing(state=HearingState.SENT, is_public=True)
    with app.test_request_context():
        meetings.record_meeting(hearing, meetings.MeetingInput(
            body=meetings.body_named("Social- og Sundhedsudvalget"), held_on=date(2019, 6, 19),
            outcome=MeetingOutcome.APPROVED, decision_text=decision))
    db.session.commit()

    page = client.get(f"/hoeringer/{hearing.slug}").get_data(as_text=True)
    assert "<h2>Politisk behandling</h2>" in page
    assert "<strong>19. juni 2019 – Social- og Sundhedsudvalget:</strong> Godkendt." in page
    assert "<p>Anbefalet.</p>" in page and "<p>Dog skal § 85 revideres igen efter et år.</p>" in page
    assert "Politisk behandling" not in client.get(f"/hoeringer/{undecided.slug}").get_data(as_text=True)
