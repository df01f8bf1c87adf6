"""A letter that came by e-mail, registered by a case officer: extracted, split into points, saved.

The letter is Handicaprådet's of 3 June 2019, read from the seed with the demo's reader, as a
PDF (wrapped lines, page headers and numbers) and as a Word file.
"""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.attachments.models import Attachment
from app.audit.models import AuditEvent
from app.demo.seed_2019_points import COMMENTS
from app.extensions import db
from app.hearings.models import Hearing, HearingState
from app.responses import letters
from app.responses.letters.operations import sweep_pending
from app.responses.models import Comment, Response, ResponseKind, ResponseState
from tests.enter_key import first_button
from tests.factories import make_response
from tests.responses.letter_files import (
    SIGNATURE,
    form_values,
    letter_docx,
    letter_pdf,
    make_2019_hearing,
    scan_pdf,
    section_refs,
    seed_letter,
)

# ---------------------------------------------------------------- extraction and split (no database)


def test_the_pdf_gives_the_letter_paragraph_for_paragraph_without_headers_and_page_numbers():
    text = letters.extract_text(letter_pdf(), "application/pdf")
    assert letters.paragraphs_of(text) == [*seed_letter().paragraphs, *SIGNATURE]
    assert "Side 1 af" not in text and "Høringssvar\n" not in text
    assert "sektoransvars- og solidaritetsprincippet" in text, "a hyphen before 'og' keeps its space"


def test_a_page_break_inside_a_paragraph_is_mended():
    pdf = letters.extract_text(letter_pdf(lines_per_page=23), "application/pdf")
    assert letters.paragraphs_of(pdf) == [*seed_letter().paragraphs, *SIGNATURE]


def test_the_word_file_gives_its_paragraphs_in_order_and_a_table_row_as_one():
    text = letters.extract_text(letter_docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml"
                                               ".document")
    assert letters.paragraphs_of(text) == [
        "Lyngby-Taarbæk Kommunes Handicapråd – Dato: 3. juni 2019", *seed_letter().paragraphs, *SIGNATURE,
    ]


def test_a_scan_has_no_text():
    with pytest.raises(letters.NoText):
        letters.extract_text(scan_pdf(), "application/pdf")


@pytest.mark.parametrize(("lines", "joined"), [
    (["kvalitets-", "standarderne"], "kvalitetsstandarderne"),
    (["Lyngby-", "Taarbæk"], "Lyngby-Taarbæk"),
    (["FN-", "konventionen"], "FN-konventionen"),
    (["sektoransvars-", "og solidaritet"], "sektoransvars- og solidaritet"),
    (["Lov om Social Service § 1 -", "og de"], "Lov om Social Service § 1 - og de"),
])
def test_wrapped_lines_are_joined(lines, joined):
    assert letters.join_lines(lines) == joined


def test_pasted_text_without_blank_lines_has_a_paragraph_per_line():
    assert letters.paragraphs_of("Første.\r\nAnden.\n") == ["Første.", "Anden."]
    assert letters.paragraphs_of("En linje\nder fortsætter.\n\n\nNy.") == ["En linje der fortsætter.", "Ny."]


def _guessed_points():
    paragraphs = [*seed_letter().paragraphs, *SIGNATURE]
    refs = section_refs(seed_letter().round)
    return letters.points_from(paragraphs, letters.guess_choices(paragraphs, refs))


def test_the_guess_puts_every_point_of_the_2019_letter_on_its_standard():
    """Each point of the demo's editorial table lies in a guessed point on the same standard."""
    points, at, offset = _guessed_points(), 0, 0
    for expected in COMMENTS:  # in the letter's order; § 103 and § 104 say the same words
        while (found := points[at].text.find(expected.start, offset)) < 0:
            at, offset = at + 1, 0
        got = points[at].section_key
        want = expected.section_key.split("-")[0] if expected.section_key else None
        assert got == want, f"{expected.id}: on {got}, should be on {want}"
        offset = found + 1


def test_the_guess_leaves_out_letterhead_greeting_and_signature():
    points = _guessed_points()
    sixty = next(p for p in points if "60 døgn" in p.text)
    assert sixty.section_key == "p84" and sixty.heading == "Aflastningsordning § 84. Stk. 1."
    assert "HR kan med manglende begrundelse ikke støtte forslaget." in sixty.text
    assert points[0].section_key is None and points[0].text.startswith("Det er Handicaprådets (HR) opfattelse")
    everything = "\n".join(p.text + (p.heading or "") for p in points)
    for left_out in ("Med venlig hilsen", "Ion Meyer", "3. juni 2019", "Handicaprådets høringssvar"):
        assert left_out not in everything
    no_remarks = [(p.section_key, p.heading, p.text) for p in points if p.no_remarks]
    assert no_remarks == [("p100", "Merudgifter § 100", "HR har ingen bemærkninger")], \
        "“HR har ingen bemærkninger” under § 100's heading is a no-remarks point on § 100"


def test_consecutive_paragraphs_on_a_section_make_one_point_and_a_heading_starts_another():
    paragraphs = ["Brevhoved", "A", "B", "Overskrift", "C", "Hilsen", "D", "E"]
    choices = ["skip", "general", "general", "heading", "general", "skip", "general", "section:s1"]
    points = letters.points_from(paragraphs, choices)
    assert [(p.section_key, p.heading, p.paragraphs) for p in points] == [
        (None, None, ["A", "B"]), (None, "Overskrift", ["C", "D"]), ("s1", None, ["E"]),
    ]


def test_what_the_officer_chose_is_kept_by_paragraph_even_when_the_text_recurs():
    paragraphs = ["Til § 103", "Samme tekst.", "Til § 104", "Samme tekst."]
    keys = letters.digests(paragraphs)
    assert keys[1] != keys[3]
    known = {keys[1]: "section:s103", keys[3]: "general"}
    sections = [letters.SectionRef("s103", "§ 103", "Beskyttet beskæftigelse"),
                letters.SectionRef("s104", "§ 104", "Aktivitets- og samvær")]
    choices = letters.guess_choices(paragraphs, sections, known)
    assert choices[1] == "section:s103" and choices[3] == "general"


# ---------------------------------------------------------------- registering (views)


@pytest.fixture
def round_2019(db):
    return make_2019_hearing(db)


DETAILS = {"received_on": "2019-06-03", "signed_name": "Ion Meyer", "signed_role": "formand", "text": ""}


def _upload(client, r, data: bytes, name: str, **fields):
    body = {**DETAILS, "organisation_id": str(r.organisation_id), "action": "extract", **fields}
    if data is not None:
        body["letter"] = (io.BytesIO(data), name)
    return client.post(r.url, data=body, content_type="multipart/form-data")


def _post(client, r, page_html: str, action: str, **changes):
    return client.post(r.url, data={**form_values(page_html), **changes, "action": action})


def _register(client, r, data=None, name="hoeringssvar.pdf"):
    split = _upload(client, r, letter_pdf() if data is None else data, name)
    assert split.status_code == 200, split.get_data(as_text=True)
    preview = _post(client, r, split.get_data(as_text=True), "preview")
    assert "Gem høringssvaret" in preview.get_data(as_text=True)
    return _post(client, r, preview.get_data(as_text=True), "save")


def the_letter() -> Response:
    db.session.expire_all()
    return db.session.scalar(select(Response).where(Response.kind == ResponseKind.LETTER))


@pytest.mark.parametrize(("role", "officer", "status"), [
    (None, False, 302), (Role.COMMITTEE, False, 403), (Role.STAFF, False, 403), (Role.STAFF, True, 200),
])
def test_who_may_register_a_letter(auth, client, round_2019, role, officer, status):
    if role is not None:
        auth.log_in(role, officer_of=round_2019.hearing_id if officer else None)
    got = client.get(round_2019.url)
    assert got.status_code == status
    if role is None:
        assert "/konto/log-ind" in got.headers["Location"]


@pytest.mark.parametrize("state", [HearingState.DRAFT, HearingState.MEMO, HearingState.DECIDED])
def test_a_letter_is_not_registered_outside_open_closed_and_replying(auth, client, db, state):
    r = make_2019_hearing(db)
    hearing = db.session.get(Hearing, r.hearing_id)
    hearing.state, hearing.closed_at = state, datetime.now(UTC)
    hearing.decided_on, hearing.decision_text = date.today(), "Godkendt."
    db.session.commit()
    auth.log_in(officer_of=r.hearing_id)
    got = client.get(r.url, follow_redirects=True)
    assert "kan kun registreres som høringssvar" in got.get_data(as_text=True)


def test_a_pdf_letter_is_split_previewed_and_saved_as_the_partys_response(auth, client, round_2019):
    officer = auth.log_in(officer_of=round_2019.hearing_id)
    split = _upload(client, round_2019, letter_pdf(), "hoeringssvar.pdf")
    html = split.get_data(as_text=True)
    assert "Del brevet op i punkter" in html
    values = form_values(html)
    assert values["part_0"] == "skip" and values["signed_name"] == "Ion Meyer"

    saved = _register(client, round_2019)
    assert saved.status_code == 302
    response = the_letter()
    assert saved.headers["Location"].endswith(f"/svar/{response.id}")
    assert (response.state, response.received_on, response.registered_by_id) == (
        ResponseState.SUBMITTED, date(2019, 6, 3), officer.id)
    assert (response.signed_name, response.signed_role, response.organisation.name) == (
        "Ion Meyer", "formand", "Handicaprådet")
    assert response.submitted_at is not None and not response.no_remarks
    [original] = response.attachments
    assert original.filename == "hoeringssvar.pdf" and original.hearing_id is None
    assert {c.source_attachment_id for c in response.comments} == {original.id}
    sixty = next(c for c in response.comments if "60 døgn" in c.text)
    assert sixty.section.number == "§ 84"
    assert [c.position for c in response.comments] == list(range(len(response.comments)))

    content = response.submissions[0].content
    assert response.submissions[0].number == 1
    assert set(content) == {"general", "sections", "no_remarks", "signed_name", "signed_role", "attachments"}
    assert content["general"].startswith("Det er Handicaprådets (HR) opfattelse")
    assert [s["key"] for s in content["sections"]][:3] == ["p84", "p82", "p85"]
    assert content["attachments"] == [{"id": original.id, "filename": "hoeringssvar.pdf", "size": original.size,
                                       "sha256": original.sha256}]
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "letter_registered")) == 1

    parties = client.get(f"/medarbejder/hoeringer/{round_2019.slug}/parter").get_data(as_text=True)
    row = parties[parties.index("Handicaprådet</th>"):]
    assert "Har svaret" in row[: row.index("</tr>")]
    assert "Registrér brev fra Seniorrådet" in parties and "Registrér brev fra Handicaprådet" not in parties

    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Høringssvar fra Handicaprådet" in page and "Aflastningsordning § 84. Stk. 1." in page
    assert "3. juni 2019" in page and "Ion Meyer, formand" in page
    download = client.get(f"/medarbejder/hoeringer/{round_2019.slug}/svar/{response.id}/bilag/{original.id}")
    assert download.status_code == 200 and download.data == letter_pdf()


def test_a_word_letter_is_registered_too(auth, client, round_2019):
    auth.log_in(officer_of=round_2019.hearing_id)
    assert _register(client, round_2019, letter_docx(), "svar.docx").status_code == 302
    assert the_letter().attachments[0].filename == "svar.docx"
    assert "Dato: 3. juni 2019" not in "".join(c.text for c in the_letter().comments)


def test_a_scan_asks_for_the_text_and_keeps_the_file(auth, client, round_2019):
    auth.log_in(officer_of=round_2019.hearing_id)
    asked = _upload(client, round_2019, scan_pdf(), "scanning.pdf")
    html = asked.get_data(as_text=True)
    assert asked.status_code == 422
    assert "har ingen tekst, der kan læses. Den er nok scannet." in html
    assert 'id="text-error"' in html and "Filen scanning.pdf" in html
    pending = form_values(html)["attachment_id"]
    pasted = "Generelle bemærkninger\n\nVi har ingen indvendinger mod 60 døgn.\n\nMed venlig hilsen\n\nIon Meyer"
    split = client.post(round_2019.url, data={**form_values(html), "text": pasted, "action": "extract"})
    assert split.status_code == 200 and form_values(split.get_data(as_text=True))["attachment_id"] == pending
    preview = _post(client, round_2019, split.get_data(as_text=True), "preview")
    assert _post(client, round_2019, preview.get_data(as_text=True), "save").status_code == 302
    response = the_letter()
    assert [c.text for c in response.comments] == ["Vi har ingen indvendinger mod 60 døgn."]
    assert response.comments[0].source_attachment.filename == "scanning.pdf"


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"MZ\x90\x00" + b"\x00" * 200, "brev.pdf", "er et program"),
    (b"", "tomt.pdf", "er tom"),
    (b"Bare tekst i en fil", "brev.docx", "er ikke en PDF-, Word-"),
])
def test_a_bad_file_is_refused_next_to_its_field_and_the_typed_fields_are_kept(auth, client, round_2019, data, name,
                                                                                message):
    auth.log_in(officer_of=round_2019.hearing_id)
    refused = _upload(client, round_2019, data, name, signed_role="næstformand")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    error = html[html.index('id="letter-error"'):]
    assert message in error[: error.index("<input")], "the message stands next to the file field"
    values = form_values(html)
    assert (values["signed_name"], values["signed_role"], values["received_on"]) == (
        "Ion Meyer", "næstformand", "2019-06-03")
    assert values["organisation_id"] == str(round_2019.organisation_id)
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_missing_details_are_said_and_the_file_is_kept(auth, client, round_2019):
    auth.log_in(officer_of=round_2019.hearing_id)
    unsigned = "Generelt\n\nVi ønsker kortere sagsbehandling.\n\nMed venlig hilsen\n\nRådet"
    refused = _upload(client, round_2019, None, "", signed_name="", received_on="2999-01-01", text=unsigned)
    html = refused.get_data(as_text=True)
    assert "Skriv navnet på den, der har underskrevet brevet." in html
    assert "Datoen kan ikke ligge efter i dag." in html, "what the officer typed is kept, not read from the letter"
    assert "Vi ønsker kortere sagsbehandling." in html
    refused = _upload(client, round_2019, scan_pdf(), "brev.pdf", signed_name="")
    html = refused.get_data(as_text=True)
    assert "Skriv navnet på den, der har underskrevet brevet." in html
    assert "Filen brev.pdf" in html and form_values(html)["attachment_id"]


def test_the_details_left_empty_are_read_from_the_letter(auth, client, round_2019):
    auth.log_in(officer_of=round_2019.hearing_id)
    split = _upload(client, round_2019, letter_pdf(), "brev.pdf", organisation_id="", received_on="",
                    signed_name="", signed_role="")
    html = split.get_data(as_text=True)
    assert split.status_code == 200, html
    values = form_values(html)
    assert (values["organisation_id"], values["received_on"], values["signed_name"], values["signed_role"]) == (
        str(round_2019.organisation_id), "2019-06-03", "Ion Meyer", "Formand")
    assert "Oplysningerne om brevet (part, dato, underskriver, rolle) er læst fra brevet." in html
    assert "Brevet er dateret før høringen åbnede" in html


def test_the_same_file_again_or_a_second_letter_from_the_party_is_warned_of_with_a_link(auth, client, round_2019):
    auth.log_in(officer_of=round_2019.hearing_id)
    word = letter_docx()  # python-docx stamps the time: made once, the same bytes twice
    assert _register(client, round_2019, word, "svar.docx").status_code == 302
    first = the_letter()
    again = _upload(client, round_2019, word, "igen.docx").get_data(as_text=True)
    assert "Filen er allerede registreret som høringssvar fra Handicaprådet" in again
    assert f'href="/medarbejder/hoeringer/{round_2019.slug}/svar/{first.id}"' in again
    other = _upload(client, round_2019, letter_pdf(), "andet.pdf").get_data(as_text=True)
    assert "Filen er allerede registreret" not in other
    assert "Handicaprådet har allerede et høringssvar fra et brev" in other
    assert f'href="/medarbejder/hoeringer/{round_2019.slug}/svar/{first.id}"' in other


def test_a_change_after_the_preview_is_shown_again_before_saving(auth, client, round_2019):
    auth.log_in(officer_of=round_2019.hearing_id)
    split = _upload(client, round_2019, letter_pdf(), "brev.pdf")
    preview = _post(client, round_2019, split.get_data(as_text=True), "preview")
    again = _post(client, round_2019, preview.get_data(as_text=True), "save", part_3="section:p85")
    assert again.status_code == 200 and "Noget er ændret, siden punkterne blev vist." in again.get_data(as_text=True)
    assert the_letter() is None
    assert _post(client, round_2019, again.get_data(as_text=True), "save").status_code == 302
    assert the_letter().comments[0].section.key == "p85"


def test_splitting_a_paragraph_in_the_text_keeps_the_other_choices(auth, client, round_2019):
    auth.log_in(officer_of=round_2019.hearing_id)
    split = _upload(client, round_2019, None, "", text="Vores bemærkninger\n\nFørste. Anden.\n\nTredje.")
    values = form_values(split.get_data(as_text=True))
    values.update(part_2="section:p84")
    values["text"] = "Vores bemærkninger\n\nFørste.\n\nAnden.\n\nTredje."
    resplit = client.post(round_2019.url, data={**values, "action": "resplit"})
    after = form_values(resplit.get_data(as_text=True))
    assert [after[f"part_{i}"] for i in range(4)] == ["heading", "general", "general", "section:p84"]
    assert "part_4" not in after


def test_a_party_that_answered_online_may_still_send_a_letter(auth, client, round_2019):
    from app.parties.models import Organisation

    council = db.session.get(Organisation, round_2019.organisation_id)
    make_response(db.session.get(Hearing, round_2019.hearing_id), council, state=ResponseState.SUBMITTED,
                  submitted_at=datetime.now(UTC))
    db.session.commit()
    auth.log_in(officer_of=round_2019.hearing_id)
    page = client.get(f"{round_2019.url}?part={council.id}").get_data(as_text=True)
    assert "Handicaprådet har allerede sendt et høringssvar via sit link" in page
    assert _register(client, round_2019).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Response)) == 2


def test_discarding_deletes_the_pending_file_and_stale_ones_are_swept(auth, client, round_2019):
    auth.log_in(officer_of=round_2019.hearing_id)
    split = _upload(client, round_2019, letter_pdf(), "brev.pdf")
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 1
    gone = _post(client, round_2019, split.get_data(as_text=True), "discard")
    assert gone.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0

    _upload(client, round_2019, letter_pdf(), "glemt.pdf")
    db.session.expire_all()
    forgotten = db.session.scalar(select(Attachment))
    assert sweep_pending(datetime.now(UTC)) == 0, "a letter being split is not swept"
    assert sweep_pending(datetime.now(UTC) + timedelta(days=3)) == 1
    assert db.session.scalar(select(func.count()).where(Attachment.id == forgotten.id)) == 0


def test_a_letter_with_no_remark_is_registered_as_no_remarks(auth, client, round_2019):
    auth.log_in(officer_of=round_2019.hearing_id)
    split = _upload(client, round_2019, None, "", text="Med venlig hilsen\n\nIon Meyer")
    preview = _post(client, round_2019, split.get_data(as_text=True), "preview")
    assert "ingen bemærkninger" in preview.get_data(as_text=True)
    assert _post(client, round_2019, preview.get_data(as_text=True), "save").status_code == 302
    assert the_letter().no_remarks and not the_letter().comments
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 0


def test_the_staff_page_of_one_response_shows_an_online_one_too_but_never_a_draft(auth, client, round_2019):
    from app.parties.models import Organisation

    hearing = db.session.get(Hearing, round_2019.hearing_id)
    council = db.session.get(Organisation, round_2019.organisation_id)
    submitted = make_response(hearing, council, state=ResponseState.SUBMITTED, submitted_at=datetime.now(UTC),
                              signed_name="Helle Holm")
    db.session.add(Comment(response=submitted, section=None, text="Tak for udkastet.", position=0))
    draft = make_response(hearing, state=ResponseState.DRAFT)
    db.session.commit()
    auth.log_in()  # any case officer may read the responses
    base = f"/medarbejder/hoeringer/{round_2019.slug}/svar"
    page = client.get(f"{base}/{submitted.id}").get_data(as_text=True)
    assert "Tak for udkastet." in page and "Høringspart, svar via link" in page and "Helle Holm" in page
    assert client.get(f"{base}/{draft.id}").status_code == 404
    parties = client.get(f"/medarbejder/hoeringer/{round_2019.slug}/parter").get_data(as_text=True)
    assert "Registrér et høringssvar fra et brev" not in parties, "only for staff who may edit the hearing"


def test_on_the_letter_pages_enter_shows_the_points_again(auth, client, round_2019):
    """Pages after a post, which the inventory does not reach: splitting a letter and its preview."""
    auth.log_in(officer_of=round_2019.hearing_id)
    split = _upload(client, round_2019, letter_pdf(), "hoeringssvar.pdf").get_data(as_text=True)
    preview = _post(client, round_2019, split, "preview").get_data(as_text=True)
    assert "Gem høringssvaret" in preview
    for html in (split, preview):
        assert first_button(html).get("value") == "preview"
