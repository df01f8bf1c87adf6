"""The draft upload takes Word, ODT and PDF: a good file shows its sections, a bad one is refused
next to the field with the pasted text kept, and nothing is saved."""

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfWriter
from sqlalchemy import select

from app.hearings.models import HearingState, Section
from tests.factories import make_hearing
from tests.jobs_worker import follow_job

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
PASTED = "# Forord\n\nVi præsenterer herved kvalitetsstandarderne."


@pytest.fixture
def hearing(db, officer):
    hearing = make_hearing(state=HearingState.DRAFT, sections=0, officers=[officer])
    db.session.commit()
    return hearing


def _upload(client, hearing, data: bytes, name: str, text: str = "") -> str:
    ordered = client.post(f"/medarbejder/hoeringer/{hearing.slug}/udkast/importer",
                          data={"document": (io.BytesIO(data), name), "text": text},
                          content_type="multipart/form-data")
    return follow_job(client, ordered).get_data(as_text=True)


@pytest.mark.parametrize("name", ["catalogue-2019.odt", "catalogue-2019-tagged.pdf", "catalogue-2019-untagged.pdf"])
def test_an_odt_or_pdf_draft_shows_its_standards_for_checking(auth, client, officer, hearing, name, jobs_worker):
    auth.log_in(officer)
    page = _upload(client, hearing, (CORPUS / name).read_bytes(), name)

    for heading in ("Forord", "Kvalitetsstandard for aflastningsordning – § 84", "Merudgifter", "Bilag 2"):
        assert heading in page
    assert "Lovgrundlag for ydelsen" in page and "Side 3 af 39" not in page


def _five_hundred_pages() -> bytes:
    writer = PdfWriter()
    for _ in range(500):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(("data", "message"), [
    (lambda: (CORPUS / "letter-2019-scan.pdf").read_bytes(),
     "Filen indeholder ingen tekst – det er sandsynligvis en scanning"),
    (_five_hundred_pages, "PDF-filen har mere end 300 sider"),
    (lambda: b"PK\x05\x06" + b"\x00" * 18, "Filen er en zip-fil"),
], ids=["scan", "500 pages", "empty zip"])
def test_a_bad_file_is_refused_next_to_the_field_and_the_pasted_text_stays(
    auth, client, db, officer, hearing, data, message, jobs_worker
):
    auth.log_in(officer)
    page = _upload(client, hearing, data(), "udkast.pdf", text=PASTED)

    error = re.search(r'<span class="form-error-message" id="document-error">(.*?)</span>\s*<', page, re.S)
    assert error and message in error.group(1)
    assert 'aria-invalid="true"' in page
    assert "Vi præsenterer herved kvalitetsstandarderne." in page  # the textarea keeps what was pasted
    assert db.session.scalar(select(Section.id)) is None
