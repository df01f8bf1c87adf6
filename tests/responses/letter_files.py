"""Handicaprådet's 2019 letter as the files a council sends: a PDF with a text layer, a Word
file, a scan; and the 2019 hearing it answers. Read with the demo's own seed reader.

The scan is the test corpus's (tests/fixtures/corpus/, built by tools/build_corpus.py); the PDF
written by hand here is for the page mechanics (headers, page numbers, a break mid-paragraph)."""

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app.demo.load import paragraphs_to_html
from app.demo.seed_2019 import SeedRound, load_round
from app.demo.seed_text import find_line, prose_paragraphs
from app.hearings.models import HearingState, Invitation, Section
from app.parties.models import Organisation, OrganisationKind
from app.responses.letters import SectionRef
from tests.factories import make_hearing
from tools.corpus import letters as corpus_letters

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "001_1345e644b00922b9.txt"
SIGNATURE = list(corpus_letters.SIGNATURE)
HEADER = corpus_letters.LETTERHEAD
SCAN = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "letter-2019-scan.pdf"


@dataclass(frozen=True)
class SeedLetter:
    round: SeedRound
    lines: list[str]  # as the PDF had them: wrapped, blank lines between paragraphs, the signature
    paragraphs: list[str]  # the letter up to "Med venlig hilsen", as the demo reads it


@cache
def seed_letter() -> SeedLetter:
    if not SEED.is_file():
        pytest.fail(f"The 2019 seed is missing: expected it at {SEED}")
    lines = SEED.read_text(encoding="utf-8").splitlines()
    replies = find_line(lines, r"Forvaltningens bemærkninger til Handicaprådets", 0, "replies")
    start = find_line(lines, r"Handicaprådets høringssvar$", replies, "letter")
    closing = find_line(lines, r"Med venlig hilsen$", start, "closing")
    end = find_line(lines, r"3\. juni 2019$", closing, "date")
    return SeedLetter(load_round(SEED), lines[start : end + 1], prose_paragraphs(lines[start:closing]))


def section_refs(seed_round: SeedRound) -> list[SectionRef]:
    refs = []

    def walk(sections, parent=None):
        for s in sections:
            refs.append(SectionRef(s.key, s.number, s.heading, parent.key if parent else None,
                                   f"{s.number} {s.heading}" if s.number else s.heading))
            walk(s.children, s)

    walk(seed_round.sections)
    return refs


# ---------------------------------------------------------------- files


def pdf_of(pages: list[list[str]]) -> bytes:
    """A PDF with a text layer, written by hand: one line of Helvetica per line ('' = a blank line)."""
    streams = []
    for lines in pages:
        ops = ["BT", "/F1 10 Tf", "12 TL", "50 800 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops += [f"({escaped}) Tj", "T*"] if line else ["T*"]
        streams.append("\n".join([*ops, "ET"]).encode("cp1252"))
    return _pdf(streams)


def _pdf(streams: list[bytes]) -> bytes:
    """One page per content stream, Helvetica at hand as /F1."""
    objects: list[bytes] = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>", b""]
    kids = []
    for stream in streams:
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {len(objects)} 0 R "
                       "/Resources << /Font << /F1 1 0 R >> >> >>".encode())
        kids.append(len(objects))
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{o:010d} 00000 n \n" for o in offsets).encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root {len(objects)} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def letter_pdf(lines_per_page: int = 40) -> bytes:
    """The letter over several pages, each with the council's header and "Side n af m" at the foot."""
    lines = seed_letter().lines
    chunks = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)]
    return pdf_of([[HEADER, "", *chunk, "", f"Side {n} af {len(chunks)}"] for n, chunk in enumerate(chunks, 1)])


def scan_pdf() -> bytes:
    """A page with a picture of the letter and no text: the corpus's scan (pdftoppm's picture of the letter)."""
    return SCAN.read_bytes()


def letter_docx() -> bytes:
    """The letter as Word: a table for the letterhead, then a paragraph each, then the signature."""
    import docx

    document = docx.Document()
    head = document.add_table(rows=1, cols=2)
    head.rows[0].cells[0].text = "Lyngby-Taarbæk Kommunes Handicapråd"
    head.rows[0].cells[1].text = "Dato: 3. juni 2019"
    for paragraph in [*seed_letter().paragraphs, *SIGNATURE]:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- the hearing


@dataclass
class Round:
    hearing_id: int
    slug: str
    organisation_id: int
    url: str  # the letter page


def make_2019_hearing(db, state: HearingState = HearingState.OPEN) -> Round:
    """An open hearing of the 2019 draft (the foreword and 11 standards with their fields),
    Handicaprådet and Seniorrådet invited."""
    now = datetime.now(UTC)
    hearing = make_hearing(state=state, sections=0, title="Kvalitetsstandarder på det specialiserede voksenområde",
                           opens_at=now - timedelta(days=30), deadline_at=now + timedelta(days=3))
    version, position = hearing.current_version, 0

    def add(seed_section, parent):
        nonlocal position
        section = Section(key=seed_section.key, position=position, number=seed_section.number,
                          heading=seed_section.heading, body_html=paragraphs_to_html(seed_section.paragraphs),
                          parent=parent)
        position += 1
        version.sections.append(section)
        for child in seed_section.children:
            add(child, section)

    for seed_section in seed_letter().round.sections:
        add(seed_section, None)
    council = Organisation(name="Handicaprådet", kind=OrganisationKind.COUNCIL)
    seniors = Organisation(name="Seniorrådet", kind=OrganisationKind.COUNCIL)
    for organisation in (council, seniors):
        db.session.add(Invitation(hearing=hearing, organisation=organisation, invited_at=now - timedelta(days=30)))
    db.session.commit()
    return Round(hearing.id, hearing.slug, council.id, f"/medarbejder/hoeringer/{hearing.slug}/breve/ny")


# ---------------------------------------------------------------- reading a page's form


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("file", "submit", "checkbox", "radio"):
            self.values[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self._select = a.get("name")
            self.values.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.values[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def form_values(html: str) -> dict[str, str]:
    """What a browser would post from the page's form, before anyone changes anything."""
    reader = _FormReader()
    reader.feed(html)
    values = reader.values
    if "text" in values:
        values["text"] = values["text"].removeprefix("\r\n").removeprefix("\n")
    return values
