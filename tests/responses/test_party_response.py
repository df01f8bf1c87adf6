"""A council answers through its personal link: section by section, kept while typed, submitted once."""

import io

from pypdf import PdfReader
from sqlalchemy import func, select

from app.hearings.models import PartyLink
from app.notifications.operations import send_due
from app.responses.models import Comment, ResponseState, ResponseSubmission
from tests.responses.helpers import bases, form_data, textareas, the_response

SIXTY_DAYS = "Handicaprådet foreslår, at aflastning kan gives i mere end 60 døgn om året."


def test_the_page_shows_each_section_with_a_comment_field(client, party):
    page = client.get(party.url).get_data(as_text=True)
    assert "Høringssvar fra Handicaprådet" in page
    assert "Der ydes op til 60 døgn om året." in page
    for key in party.section_keys:
        assert f'name="section-{key}"' in page and f'name="base-section-{key}"' in page
    assert 'name="general"' in page and 'name="no_remarks"' in page
    assert "Bemærkning til § 84 Aflastning" in page
    assert textareas(page)["section-s84"] == ""


def test_a_saved_draft_is_there_when_the_party_comes_back_and_staff_see_nothing_yet(client, party):
    page = client.get(party.url).get_data(as_text=True)
    saved = client.post(party.url, data=form_data(page, **{"section-s84-omfang": SIXTY_DAYS, "action": "save"}))
    assert saved.status_code == 302

    again = client.get(party.url).get_data(as_text=True)
    assert "Kladden er gemt" in again
    assert textareas(again)["section-s84-omfang"] == SIXTY_DAYS
    assert "Gemt " in again and "af Ion Meyer" in again
    assert the_response().state is ResponseState.DRAFT
    assert the_response().comments == [], "staff see a response only when it is submitted"


def test_submitting_puts_each_comment_on_its_section_and_mails_a_receipt_with_the_full_text(
    db, client, party, smtp_server
):
    page = client.get(party.url).get_data(as_text=True)
    done = client.post(party.url, data=form_data(
        page, general="Rådet ønsker et tydeligere sprog.", **{"section-s84-omfang": SIXTY_DAYS, "action": "submit"},
    ))
    assert done.status_code == 302 and done.headers["Location"].endswith("/kvittering")
    receipt = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Kvittering for jeres høringssvar" in receipt and SIXTY_DAYS in receipt

    response = the_response()
    assert response.state is ResponseState.SUBMITTED and response.submitted_at is not None
    assert response.signed_name == "Ion Meyer" and response.signed_role == "formand"
    assert [(c.section.key if c.section else None, c.text) for c in response.comments] == [
        (None, "Rådet ønsker et tydeligere sprog."), ("s84-omfang", SIXTY_DAYS),
    ]

    assert send_due() == (2, 0)
    by_recipient = {m["X-Envelope-To"]: m.get_body(("plain",)).get_content() for m in smtp_server.messages}
    assert set(by_recipient) == set(party.contacts)
    for body in by_recipient.values():
        assert SIXTY_DAYS in body and "Omfang/varighed" in body and "Rådet ønsker et tydeligere sprog." in body
    assert f"/svar/{party.tokens[0]}" in by_recipient[party.contacts[0]], "the sender gets the link back"
    for message in smtp_server.messages:
        [pdf] = [part for part in message.iter_attachments() if part.get_content_type() == "application/pdf"]
        assert pdf.get_filename() == "hoeringssvar.pdf"
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.get_content())).pages)
        assert "60 døgn om året" in text
    assert "/svar/" not in by_recipient[party.contacts[1]], "a colleague's mail carries no one else's link"


def test_pressing_submit_twice_makes_one_response_and_one_receipt(db, client, party, smtp_server):
    page = client.get(party.url).get_data(as_text=True)
    data = form_data(page, **{"section-s85": "Mere støtte i eget hjem.", "action": "submit"})
    first = client.post(party.url, data=data)
    second = client.post(party.url, data=data)
    assert first.status_code == second.status_code == 302
    assert db.session.scalar(select(func.count(ResponseSubmission.id))) == 1
    assert db.session.scalar(select(func.count(Comment.id))) == 1
    assert send_due() == (2, 0), "one receipt to each of the two contacts, not two"


def test_a_change_after_submitting_is_a_second_version_and_the_first_is_kept(db, client, party):
    page = client.get(party.url).get_data(as_text=True)
    client.post(party.url, data=form_data(page, **{"section-s85": "Første udgave.", "action": "submit"}))
    page = client.get(party.url).get_data(as_text=True)
    client.post(party.url, data=form_data(page, **{"section-s85": "Anden udgave.", "action": "save"}))
    page = client.get(party.url).get_data(as_text=True)
    assert "Der er ændringer, som ikke er indsendt" in page
    assert the_response().comments[0].text == "Første udgave.", "staff see the submitted text until resubmitted"

    client.post(party.url, data=form_data(page, action="submit"))
    response = the_response()
    assert [s.content["sections"][0]["text"] for s in response.submissions] == ["Første udgave.", "Anden udgave."]
    assert [c.text for c in response.comments] == ["Anden udgave."]


def test_ingen_bemaerkninger_is_an_answer(client, party):
    page = client.get(party.url).get_data(as_text=True)
    client.post(party.url, data=form_data(page, no_remarks="y", action="submit"))
    response = the_response()
    assert response.state is ResponseState.SUBMITTED and response.no_remarks and response.comments == []


def test_what_stops_a_submission_is_said_next_to_the_field_and_the_text_is_kept(client, party):
    page = client.get(party.url).get_data(as_text=True)
    empty = client.post(party.url, data=form_data(page, signed_name="", action="submit"))
    html = empty.get_data(as_text=True)
    assert empty.status_code == 200
    assert "Skriv mindst én bemærkning, vedhæft et høringssvar, eller vælg ”ingen bemærkninger”." in html
    assert "Skriv navnet på den, der afgiver svaret." in html
    assert 'href="#signed_name"' in html, "the error summary links to the field"

    page = client.get(party.url).get_data(as_text=True)
    both = client.post(party.url, data=form_data(
        page, no_remarks="y", action="submit", **{"section-s84": "Aflastning skal også gælde weekender."},
    )).get_data(as_text=True)
    assert "Du har valgt ”ingen bemærkninger”, men der er skrevet bemærkninger." in both
    assert textareas(both)["section-s84"] == "Aflastning skal også gælde weekender."
    assert the_response().state is ResponseState.DRAFT


def test_a_comment_too_long_is_refused_with_the_numbers_and_the_other_fields_are_saved(client, party):
    page = client.get(party.url).get_data(as_text=True)
    too_long = "Bemærkning. " * 3000  # 36,000 characters
    answer = client.post(party.url, data=form_data(
        page, general=too_long, action="save", **{"section-s85": "Kort og godt."},
    ))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "Teksten er for lang: 36.000 tegn, højst 30.000." in html
    assert textareas(html)["general"] == too_long, "nothing typed is cut or lost"
    assert the_response().draft["section-s85"] == "Kort og godt."
    assert "general" not in the_response().draft


def test_a_page_too_old_to_save_keeps_what_was_typed(csrf_app, client, party):
    page = client.get(party.url).get_data(as_text=True)
    stale = form_data(page, csrf_token="from-a-session-that-expired", **{"section-s84": SIXTY_DAYS, "action": "save"})
    answer = client.post(party.url, data=stale)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "Siden var for gammel til at gemme. Din tekst står stadig i felterne" in html
    assert textareas(html)["section-s84"] == SIXTY_DAYS
    assert the_response() is None

    fresh = form_data(html, **{"section-s84": SIXTY_DAYS, "action": "save"})
    fresh["csrf_token"] = _csrf_token(html)
    assert client.post(party.url, data=fresh).status_code == 302
    assert the_response().draft["section-s84"] == SIXTY_DAYS


def test_autosave_answers_with_new_bases_and_when_it_saved(client, party):
    page = client.get(party.url).get_data(as_text=True)
    result = client.post(party.url, data=form_data(page, autosave="1", **{"section-s85": "Skrevet lidt."}))
    assert result.status_code == 200
    body = result.get_json()
    assert body["saved"] is True and body["saved_at"].startswith("Gemt ")
    assert body["bases"]["section-s85"] != bases(page)["base-section-s85"]
    assert the_response().draft["section-s85"] == "Skrevet lidt."


def test_a_revoked_link_cannot_save(db, client, party):
    page = client.get(party.url).get_data(as_text=True)
    for link in db.session.scalars(select(PartyLink)):
        link.revoked_at = link.created_at
    db.session.commit()
    answer = client.post(party.url, data=form_data(page, action="save"))
    assert answer.status_code == 404 and "Linket virker ikke" in answer.get_data(as_text=True)


def test_withdrawing_before_the_deadline(client, party):
    page = client.get(party.url).get_data(as_text=True)
    client.post(party.url, data=form_data(page, **{"section-s85": "Et svar.", "action": "submit"}))
    confirm = client.get(f"{party.url}/traek-tilbage").get_data(as_text=True)
    assert "Træk høringssvaret tilbage?" in confirm
    assert client.post(f"{party.url}/traek-tilbage").status_code == 302
    assert the_response().state is ResponseState.WITHDRAWN
    page = client.get(party.url).get_data(as_text=True)
    assert "Jeres høringssvar er trukket tilbage" in page
    assert textareas(page)["section-s85"] == "Et svar.", "the text stays for a new submission"


def _csrf_token(html: str) -> str:
    import re

    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_the_receipt_is_a_pdf_with_the_full_text(client, party, tmp_path):
    import io

    from pypdf import PdfReader

    page = client.get(party.url).get_data(as_text=True)
    client.post(party.url, data=form_data(page, **{"section-s84-omfang": SIXTY_DAYS, "action": "submit"}))
    download = client.get(f"{party.url}/kvittering.pdf")
    assert download.status_code == 200 and download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"] == "attachment; filename=hoeringssvar.pdf"
    assert download.headers["Cache-Control"] == "private, no-store"
    reader = PdfReader(io.BytesIO(download.data))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Høringssvar fra Handicaprådet" in text and "60 døgn om året" in text and "Omfang/varighed" in text
    assert "/StructTreeRoot" in reader.trailer["/Root"], "the PDF is tagged for screen readers"
    (tmp_path / "kvittering.pdf").write_bytes(download.data)
