"""`flask demo load` also loads the 2013 round of seed 000: the three models as alternatives, the preferences
the seed reports, the institutions' joint model 2½, the two meetings and the revised model (a revised draft
for the committee); the memo exported by `flask memo export` holds the tally and the joint response."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select

from app.committee.meetings.models import MeetingOutcome, VoteSide
from app.demo.seed_2013 import SLUG_2013
from app.demo.seed_2013_questions import SEED_2013, parse_questions
from app.hearings.models import Hearing
from app.responses.models import Preference

TALLY = ("De fleste høringssvar (2 af 3) peger på Model 2, mens Nettet og Kirsten Marie (fælles høringssvar) "
         "har fremlagt et eget forslag, \u201dmodel 2½\u201d.")


@pytest.fixture
def round_2013(demo, db) -> Hearing:
    return db.session.scalar(select(Hearing).where(Hearing.slug == SLUG_2013))


def test_the_three_models_are_the_alternatives_with_the_seeds_texts(round_2013):
    assert [a.name for a in round_2013.alternatives] == ["Model 1", "Model 2", "Model 3"]
    model_1 = round_2013.alternatives[0].section_in(round_2013.current_version)
    assert "Model 1 svarer til den eksisterende organisering" in model_1.body_html
    assert "Samlet provenu i model 1 inkl. takstreduktion -3,86 mio. kr." in model_1.body_html
    [revised] = round_2013.committee_drafts
    assert round_2013.revised_version is None, "a draft for the committee, not the replies' revision"
    assert (revised.number, revised.title) == (2, "model af 10. september 2013")
    assert revised.note == "Revideret model af 10. september 2013"
    assert [s.heading for s in revised.sections][1:] == [
        "Slotsvænget, Nettet og Kirsten Marie", "Inklusions- og recoveryenheden", "Center for Social Indsats",
        "Økonomi"]
    assert "hjp" not in "".join(s.body_html for s in revised.sections), "the PDF's annotations are left out"


def test_the_revised_model_opens_as_the_committee_s_revised_draft(round_2013, auth, client):
    auth.log_in(officer_of=round_2013.id)
    for prefix in ("/udvalg", "/medarbejder"):
        page = client.get(f"{prefix}/hoeringer/{SLUG_2013}/revideret-udkast/2")
        assert page.status_code == 200, prefix
        text = page.get_data(as_text=True)
        assert "model af 10. september 2013" in text and "Inklusions- og recoveryenheden" in text
        assert "<ins>" in text


def test_the_preferences_are_those_the_seed_reports(round_2013, db):
    from app.responses.models import Response

    responses = db.session.scalars(select(Response).where(Response.hearing_id == round_2013.id)).all()
    by_sender = {r.organisation.name: r for r in responses}
    assert {name: (r.preference, r.alternative.name if r.alternative else r.variant_name)
            for name, r in by_sender.items()} == {
        "Handicaprådet": (Preference.ALTERNATIVE, "Model 2"), "Udsatterådet": (Preference.ALTERNATIVE, "Model 2"),
        "Nettet": (Preference.VARIANT, "model 2½")}
    joint = by_sender["Nettet"]
    assert [o.name for o in joint.signing_parties] == ["Nettet", "Kirsten Marie"]
    assert joint.variant_text.startswith("I hovedtræk går forslaget ud på, at Nettet varetager")


def test_the_meetings_are_on_the_hearings_public_page(round_2013, client):
    august, september = round_2013.meetings
    assert (august.outcome, [(v.side, v.count, v.parties) for v in august.votes]) == (
        MeetingOutcome.POSTPONED, [(VoteSide.FOR, 6, "C, F, V og O"), (VoteSide.AGAINST, 1, "A")])
    assert august.votes[1].reason == "idet model 2 ikke bør indgå i den videre behandling af sagen"
    assert (september.outcome, september.absent_members) == (MeetingOutcome.RECOMMENDED, ["Jørn Moos (V)"])
    page = " ".join(client.get(f"/hoeringer/{SLUG_2013}").get_data(as_text=True).split())
    assert "21. august 2013" in page and "11. september 2013" in page
    assert "Udsat" in page and "Anbefalet" in page
    assert "6 (C, F, V og O) stemte for" in page and "1 (A) stemte imod" in page
    assert "Jørn Moos (V) var fraværende" in page
    assert '<a href="#afsnit-model-2">Model 2</a>' in page


def _export(app, file_format: str, tmp_path, part: str = "memo") -> bytes:
    target = tmp_path / f"{part}.{file_format}"
    result = app.test_cli_runner().invoke(args=["memo", "export", SLUG_2013, "--format", file_format,
                                                "--part", part, "--output", str(target)])
    assert result.exit_code == 0, result.output
    return target.read_bytes()


def test_the_exported_word_memo_holds_the_tally_and_the_joint_response(app, round_2013, tmp_path):
    document = Document(io.BytesIO(_export(app, "docx", tmp_path)))
    texts = [p.text for p in document.paragraphs]
    assert TALLY in texts
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Nettet og Kirsten Marie (fælles høringssvar)" in cells
    # The responses in full are a file of their own since the memo's appendix file (#20).
    appendix = Document(io.BytesIO(_export(app, "docx", tmp_path, part="appendix")))
    assert "Nettet og Kirsten Marie (fælles høringssvar)" in [p.text for p in appendix.paragraphs], \
        "the appendix names both"
    parties = next(t for t in document.tables if t.rows[0].cells[0].text == "Høringspart")
    assert {row.cells[0].text: row.cells[1].text for row in parties.rows[1:]}["Kirsten Marie"] == \
        "Har afgivet høringssvar"


def test_the_exported_pdf_memo_holds_the_tally(app, round_2013, tmp_path):
    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(_export(app, "pdf", tmp_path))
    text = subprocess.run([shutil.which("pdftotext"), str(pdf), "-"],  # noqa: S603 (our own file)
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert " ".join(TALLY.split()) in flat
    assert "Nettet og Kirsten Marie (fælles høringssvar)" in flat


def test_the_exported_memo_has_every_members_question_and_answer_in_seed_order(app, round_2013, tmp_path):
    """The done-when of #19: the appendix holds each question of seed 000's table and the administration's
    answer, in the seed's order, in Word and in PDF."""
    seed = parse_questions((Path(app.config["DEMO_SEED_FILE"]).parent / SEED_2013).read_text(encoding="utf-8"))
    assert len(seed) == 25
    document = Document(io.BytesIO(_export(app, "docx", tmp_path)))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Spørgsmålsstiller")
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert [row[0] for row in rows] == [question.asker for question in seed]
    for row, question in zip(rows, seed, strict=True):
        assert " ".join(question.text.split()) in " ".join(row[1].split())
        assert " ".join(question.answer.split())[:200] in " ".join(row[2].split())
    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(_export(app, "pdf", tmp_path))
    # -raw: in the order the PDF draws the text, cell after cell (not side by side, as the page shows it).
    text = subprocess.run([shutil.which("pdftotext"), "-raw", str(pdf), "-"],  # noqa: S603 (our own file)
                          capture_output=True, text=True, check=True).stdout
    text = " ".join(re.sub(r"(\w)-\n(\w)", r"\1\2", text).split())  # words hyphenated at a line's end, whole
    # Lines in the table's narrow columns end anywhere, so each question is found by its first words.
    # Each is looked for after the one before it: found, each of them, means found in the seed's order.
    at = text.find("Spørgsmålsstiller")
    for question in seed:
        at = text.find(" ".join(question.text.split()[:4]), at + 1)
        assert at != -1, f"question {question.mark} of {question.asker} is missing or out of order"
