"""The import preview shows each section's number and where it came from, and staff can change it."""

import io
import re

import docx
import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.hearings.models import Hearing, HearingState, Section
from tests.corpus import scoring
from tests.factories import make_hearing, make_user
from tests.jobs_worker import follow_job


@pytest.fixture
def officer(db):
    user = make_user(Role.STAFF, name="Søren Sagsbehandler")
    db.session.commit()
    return user


def _docx() -> bytes:
    document = docx.Document()
    document.add_heading("Forord", level=1)
    document.add_paragraph("Vi præsenterer herved kvalitetsstandarderne.")
    document.add_heading("Aflastningsordning", level=1)
    table = document.add_table(rows=0, cols=2)
    for field, text in (("Lovgrundlag for ydelsen", "Lov om Social Service § 84 stk. 1."),
                        ("Omfang/varighed", "Der ydes op til 60 døgn om året.")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = field, text
    document.add_heading("Kvalitetsstandard for ledsagerordning – § 97", level=1)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _preview(client, hearing) -> str:
    ordered = client.post(f"/medarbejder/hoeringer/{hearing.slug}/udkast/importer",
                          data={"document": (io.BytesIO(_docx()), "udkast.docx")},
                          content_type="multipart/form-data")
    return follow_job(client, ordered).get_data(as_text=True)


def _numbers(page: str) -> dict[str, str]:
    """Each number field's label and value."""
    labels = {key: re.sub(r"<[^>]+>", "", label) for key, label in
              re.findall(r'<label class="form-label" for="(numbers-\d+)">(.+?)</label>', page)}
    values = dict(re.findall(r'<input [^>]*id="(numbers-\d+)"[^>]*value="([^"]*)"', page))
    return {labels[key]: values[key] for key in labels}


def test_the_preview_shows_each_number_with_where_it_came_from(auth, db, client, officer, jobs_worker):
    hearing = make_hearing(state=HearingState.DRAFT, sections=0, officers=[officer])
    db.session.commit()
    auth.log_in(officer)

    page = _preview(client, hearing)

    assert _numbers(page) == {
        "Nummer for Forord": "", "Nummer for Aflastningsordning": "§ 84",
        "Nummer for Lovgrundlag for ydelsen": "", "Nummer for Omfang/varighed": "",
        "Nummer for Kvalitetsstandard for ledsagerordning – § 97": "§ 97",
    }
    assert "Fundet i lovgrundlaget." in page and "Fundet i overskriften." in page and "Intet nummer fundet." in page
    assert 'Nummer<span class="sr-only"> for Aflastningsordning</span>' in page  # the heading stands beside it
    assert "<summary class=\"details-summary\">Aflastningsordning</summary>" in page


def test_staff_change_a_number_and_a_too_long_one_is_refused_next_to_its_field(auth, db, client, officer, jobs_worker):
    hearing = make_hearing(state=HearingState.DRAFT, sections=0, officers=[officer])
    db.session.commit()
    auth.log_in(officer)
    page = _preview(client, hearing)
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', page).group(1)
    numbers = {"numbers-0": "Forord", "numbers-1": "§ 84", "numbers-2": "", "numbers-3": "",
               "numbers-4": "§ 97 " + "x" * 40}

    refused = client.post(f"/medarbejder/hoeringer/{hearing.slug}/udkast/gem", data={"payload": payload, **numbers})

    text = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "Nummeret for \u201dKvalitetsstandard for ledsagerordning – § 97\u201d må højst være 40 tegn." in text
    assert text.count('aria-invalid="true"') == 1 and "<title>Fejl:" in text
    assert _numbers(text)["Nummer for Forord"] == "Forord", "what was typed stays"
    assert db.session.scalar(select(Section.id)) is None

    numbers["numbers-4"], numbers["numbers-0"] = "", "0"
    saved = client.post(f"/medarbejder/hoeringer/{hearing.slug}/udkast/gem", data={"payload": payload, **numbers})

    assert saved.status_code == 302
    rows = db.session.execute(select(Section.number, Section.heading).order_by(Section.position)).all()
    assert [tuple(row) for row in rows] == [
        ("0", "Forord"), ("§ 84", "Aflastningsordning"), (None, "Lovgrundlag for ydelsen"),
        (None, "Omfang/varighed"), (None, "Kvalitetsstandard for ledsagerordning – § 97"),
    ]


def test_numbers_that_do_not_match_the_preview_are_refused(auth, db, client, officer, jobs_worker):
    hearing = make_hearing(state=HearingState.DRAFT, sections=0, officers=[officer])
    db.session.commit()
    auth.log_in(officer)
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', _preview(client, hearing)).group(1)

    response = client.post(f"/medarbejder/hoeringer/{hearing.slug}/udkast/gem",
                           data={"payload": payload, "numbers-0": "1"})

    assert response.status_code == 400
    assert db.session.scalar(select(Section.id)) is None


# -- the file uploaded with the hearing ------------------------------------------------------


def _create_with_original(client, data: bytes, name: str) -> str:
    from datetime import date, timedelta

    response = client.post("/medarbejder/hoeringer/ny", content_type="multipart/form-data", data={
        "title": "Kvalitetsstandarder 2019", "deadline_on": (date.today() + timedelta(days=30)).isoformat(),
        "deadline_time": "23:59", "approver": "0", "original": (io.BytesIO(data), name),
    })
    assert response.status_code == 302
    return response.headers["Location"].split("/hoeringer/")[1].split("/")[0]


def test_the_file_uploaded_with_the_hearing_is_offered_for_import(auth, db, client, officer, jobs_worker):
    auth.log_in(officer)
    slug = _create_with_original(client, _docx(), "Kvalitetsstandarder.docx")

    page = client.get(f"/medarbejder/hoeringer/{slug}/udkast/importer").get_data(as_text=True)
    assert "Importér fra den uploadede fil Kvalitetsstandarder.docx" in page

    preview = follow_job(client, client.post(f"/medarbejder/hoeringer/{slug}/udkast/importer",
                                             data={"from_original": "1"})).get_data(as_text=True)
    assert "Se afsnittene før de gemmes" in preview
    assert _numbers(preview)["Nummer for Aflastningsordning"] == "§ 84"


def test_without_an_uploaded_file_nothing_is_offered_and_asking_for_it_is_answered(auth, db, client, officer):
    hearing = make_hearing(state=HearingState.DRAFT, sections=0, officers=[officer])
    db.session.commit()
    auth.log_in(officer)

    page = client.get(f"/medarbejder/hoeringer/{hearing.slug}/udkast/importer").get_data(as_text=True)
    assert "Importér fra den uploadede fil" not in page

    response = client.post(f"/medarbejder/hoeringer/{hearing.slug}/udkast/importer", data={"from_original": "1"})
    assert response.status_code == 200
    assert "Høringen har ikke længere en uploadet fil, der kan importeres." in response.get_data(as_text=True)
    assert db.session.scalar(select(Section.id)) is None


def test_the_title_page_fills_the_subtitle_the_hearing_lacks_and_never_overwrites_one(auth, db, client, officer,
                                                                                    jobs_worker):
    auth.log_in(officer)
    data = (scoring.CORPUS / "catalogue-2019.docx").read_bytes()
    subtitles, slugs = [], []
    for typed in ("", "Vores egen undertitel"):
        hearing = make_hearing(state=HearingState.DRAFT, sections=0, officers=[officer], subtitle=typed or None)
        db.session.commit()
        page = follow_job(client, client.post(f"/medarbejder/hoeringer/{hearing.slug}/udkast/importer",
                                              data={"document": (io.BytesIO(data), "k.docx")},
                                              content_type="multipart/form-data")).get_data(as_text=True)
        assert ("så den får forsidens" in page) is not bool(typed)
        payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', page).group(1)
        client.post(f"/medarbejder/hoeringer/{hearing.slug}/udkast/gem", data={"payload": payload})
        db.session.expire_all()
        saved = db.session.get(Hearing, hearing.id)
        subtitles.append(saved.subtitle)
        slugs.append(saved.slug)
        assert saved.title == hearing.title
    assert subtitles == ["Lyngby-Taarbæk Kommune – Høringsudkast – Center for Social Indsats, 2019",
                         "Vores egen undertitel"]
    assert f'<p class="font-lead">{subtitles[0]}</p>' in client.get(f"/medarbejder/hoeringer/{slugs[0]}").get_data(
        as_text=True)
