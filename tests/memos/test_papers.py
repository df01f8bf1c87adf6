"""The finalised 2019 memo reads like the committee's papers (#19 item 7): its files are read
back, page by page and paragraph by paragraph."""

import html
import io
import re
import shutil
import subprocess

import pytest
from docx import Document

from app.accounts.models import Role
from app.extensions import db
from app.memos import operations
from app.memos.content import MemoComment, MemoContent
from app.memos.exports import export
from tests.factories import make_user

FOOT = 2.4 / 2.54 * 72  # the page's bottom margin in points; "Side 1 af 15" stands in it
APPENDIX = "Bilag: Høringssvarene"


@pytest.fixture
def frozen(app, demo) -> MemoContent:
    """The demo memo finalised (the demo leaves points open, so with a reason) and read back."""
    with app.test_request_context():
        memo = operations.finalise(demo, make_user(Role.STAFF), "Prøve: de sidste svar følger.")
        db.session.commit()
        return MemoContent.from_dict(memo.content)


def _export(app, memo: MemoContent, file_format: str, part: str = "memo") -> bytes:
    with app.test_request_context():
        return export(memo, file_format, part=part).content


def _pages(pdf: bytes, tmp_path) -> list[tuple[float, str]]:
    """Each page: how far down its text reaches (0 to 1 of the page's height), and its text."""
    path = tmp_path / "memo.pdf"
    path.write_bytes(pdf)
    boxes = subprocess.run([shutil.which("pdftotext"), "-bbox", str(path), "-"],  # noqa: S603 (our own file)
                           capture_output=True, text=True, check=True).stdout
    pages = []
    for height, body in re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', boxes, re.S):
        words = re.findall(r'yMax="([\d.]+)">(.*?)</word>', body)
        text = [(float(bottom), html.unescape(word)) for bottom, word in words if float(bottom) < float(height) - FOOT]
        pages.append((max((bottom for bottom, _word in text), default=0) / float(height),
                      " ".join(word for _bottom, word in text)))
    return pages


def test_no_page_is_more_than_half_empty(app, frozen, tmp_path):
    pages = _pages(_export(app, frozen, "pdf"), tmp_path)
    assert len(pages) > 5
    for number, (used, _text) in enumerate(pages[:-1], start=1):
        next_text = pages[number][1]
        if next_text.startswith(APPENDIX):
            continue  # the responses in full begin on a page of their own, as an attachment does
        assert used > 0.5, f"page {number} of {len(pages)} is {1 - used:.0%} empty before: {next_text[:60]}"
    heading = "§ 108 Længerevarende botilbud – Levering af ydelsen"
    alone = [number for number, (_used, text) in enumerate(pages, 1) if text.endswith(heading + " (side 56)")]
    assert not alone, f"the § 108 heading stands alone at the foot of page {alone}"


def test_outcome_and_financial_consequence_are_lines_of_their_own(app, frozen, tmp_path):
    path = tmp_path / "memo.pdf"
    path.write_bytes(_export(app, frozen, "pdf"))
    text = subprocess.run([shutil.which("pdftotext"), "-layout", str(path), "-"],  # noqa: S603 (our own file)
                          capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in text.splitlines()]
    assert "Udfald: Ikke imødekommet." in lines  # the outcome ends its line
    assert not [line for line in lines if "imødekommet." in line and "Økonomiske" in line]
    assert any(line.startswith("Økonomiske konsekvenser: Hævelse af serviceniveauet") for line in lines)
    page = _export(app, frozen, "html").decode()
    assert re.search(r'<p class="app-memo-outcome"><strong>Udfald:</strong> Ikke imødekommet\.</p>\s*'
                     r'<p class="app-memo-money"><strong>Økonomiske konsekvenser:</strong>', page)


def test_the_changes_keep_the_drafts_lists(app, frozen):
    change = next(c for c in frozen.changes if c.label == "§ 108 Længerevarende botilbud – Målgruppe")
    items = re.findall(r"<li>(.*?)</li>", re.search(r"<ul>(.*?)</ul>", change.marked_html).group(1))
    assert [item.split()[0] for item in items] == ["Der", "Der", "Der"]
    assert " – Der har" not in change.marked_html  # no longer one line joined with dashes
    document = Document(io.BytesIO(_export(app, frozen, "docx")))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    start = paragraphs.index(("Heading 3", change.label))
    bullets = [text for style, text in paragraphs[start + 1:start + 8] if style == "List Bullet"]
    assert len(bullets) == 3 and bullets[0].startswith("Der er udredt")


def test_a_section_label_is_said_once(app, frozen):
    page = _export(app, frozen, "html").decode()
    senders = re.findall(r'<p class="app-memo-sender">(.*?)</p>', page)
    assert not [line for line in senders if "Beskyttet beskæftigelse § 103" in line and "§ 103 Beskyttet" in line]
    assert any("§ 103 Beskyttet beskæftigelse – Omfang/varighed" in line for line in senders)
    document = Document(io.BytesIO(_export(app, frozen, "docx")))
    cells = [row.cells[0].paragraphs[0].text for table in document.tables for row in table.rows]
    assert "Handicaprådet · § 103 Beskyttet beskæftigelse – Omfang/varighed" in cells


def test_under_one_section_its_comments_do_not_each_repeat_its_label(app, frozen):
    """A reply answering two comments on one section stands under that section's heading: the comments' lines
    name their senders, not the section again (a national hearing's memo said it 3,355 times). Under § 103
    and § 104 together, each comment still says which it is on (the test above)."""
    section = next(s for s in frozen.sections if len(s.keys) == 1)
    point = section.points[0]
    point.comments = [MemoComment(sender, "Vi ønsker længere åbningstid.", section_label=section.label)
                      for sender in ("Ældrerådet", "Seniorrådet")]
    page = _export(app, frozen, "html").decode()
    senders = re.findall(r'<p class="app-memo-sender">(.*?)</p>', page)
    assert "<strong>Ældrerådet</strong>" in senders and "<strong>Seniorrådet</strong>" in senders
    assert any(" · § 103 Beskyttet beskæftigelse – Omfang/varighed" in line for line in senders)
    document = Document(io.BytesIO(_export(app, frozen, "docx")))
    cells = [paragraph.text for table in document.tables for row in table.rows for paragraph in row.cells[0].paragraphs]
    assert "Ældrerådet" in cells and "Seniorrådet" in cells
    assert not [text for text in cells if text.startswith(("Ældrerådet ·", "Seniorrådet ·"))]


def test_a_partys_heading_stays_when_it_says_more_than_the_label():
    label = "§ 103 Beskyttet beskæftigelse – Omfang/varighed"
    assert MemoComment("HR", "…", "Beskyttet beskæftigelse § 103", label).own_heading is None
    assert MemoComment("HR", "…", "Kompensationsprincippet", label).own_heading == "Kompensationsprincippet"
    assert MemoComment("HR", "…", "Kompensationsprincippet").own_heading == "Kompensationsprincippet"


def test_the_decision_keeps_its_paragraphs(app, client, auth, demo, frozen):
    """The committee's meeting of 11 June 2019, on the staff page and in the memo's Word file."""
    auth.log_in(Role.STAFF, officer_of=demo.id)
    page = client.get(f"/medarbejder/hoeringer/{demo.slug}").get_data(as_text=True)
    first = "Ad 1) (C), (A) og (V) foreslog, at indstillingen blev anbefalet."
    second = "I forhold til Handicaprådets høringssvar henviser udvalget til forvaltningens bemærkninger hertil."
    assert f"<p>{first}</p>\n<p>{second}</p>" in page
    texts = [p.text for p in Document(io.BytesIO(_export(app, frozen, "docx"))).paragraphs]
    assert texts[texts.index(first) + 1] == second


def test_the_appendix_holds_the_letter_as_it_came(app, frozen):
    # The responses in full are the appendix file (#20): the memo names it and does not repeat them.
    memo = _export(app, frozen, "html").decode()
    assert "Det er Handicaprådets" not in memo[memo.index(APPENDIX):]
    page = _export(app, frozen, "html", "appendix").decode()
    appendix = page[page.index(APPENDIX):]
    for part in ("Kvalitetsstandarder på voksenområdet",  # the letter's own title and lead-in
                 "Generelle bemærkninger", "Det er Handicaprådets (HR) opfattelse",
                 "HR har ingen bemærkninger",  # a point the memo's remarks do not quote
                 "Med venlig hilsen<br>\nIon Meyer<br>\nFormand"):
        assert part in appendix, part
    assert appendix.index("Det er Handicaprådets") < appendix.index("HR har ingen") < appendix.index("Med venlig")
    document = Document(io.BytesIO(_export(app, frozen, "docx", "appendix")))
    texts = [p.text for p in document.paragraphs]
    after = texts[texts.index(APPENDIX):]
    assert "HR har ingen bemærkninger" in " ".join(after)
    assert after[-1] == "Med venlig hilsen\nIon Meyer\nFormand\nLyngby-Taarbæk Kommunes Handicapråd\n3. juni 2019"
