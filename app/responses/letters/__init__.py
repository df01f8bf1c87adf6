"""A response that came as a letter: its text taken out of the file, and cut into points.

Pure functions, no Flask and no database: extraction gives the letter's text
as paragraphs separated by a blank line, a quotation marked "> " (`pdf_text`
reads PDFs, `documents` Word, ODT and e-mail); `guess_choices` proposes, for
each paragraph, what it is (a remark on a section, found by `matching`, a
general remark, a sub-heading of the next point, or no remark at all);
`points_from` turns the choices the case officer made into points, in the
letter's order, "ingen bemærkninger" under a section's heading a no-remarks
point. The officer decides; the guess only saves keystrokes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass

from app.responses.letters import documents
from app.responses.letters.matching import PARAGRAPH_MENTION, POINT_MENTION, Index
from app.responses.letters.pdf_text import PdfUnreadable, pdf_page_lines

SKIP = "skip"  # letterhead, greeting, signature: no remark
HEADING = "heading"  # the letter's own sub-heading: starts the next point and names it
GENERAL = "general"  # a remark on the hearing as a whole
SECTION = "section:"  # + a section's key

MAX_HEADING_CHARS = 300
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
EML = "message/rfc822"
QUOTE = "> "  # a quotation, as Markdown writes it


class NoText(ValueError):
    """The file holds no text that can be taken out (a scanned letter, an empty document, another type)."""


class Unreadable(ValueError):
    """The file looked like a document but does not open as one."""


# ---------------------------------------------------------------- extraction


def extract_text(data: bytes, content_type: str) -> str:
    """The letter's text, paragraphs separated by a blank line, quotations marked "> ".
    NoText or Unreadable otherwise."""
    try:
        if content_type == "application/pdf":
            text = join_paragraphs(clean_pages(_pdf_pages(data)))
        elif content_type.endswith("wordprocessingml.document"):
            text = join_paragraphs(documents.docx_paragraphs(data))
        elif content_type == ODT:
            text = join_paragraphs(documents.odt_paragraphs(data))
        elif content_type == EML:
            text = join_paragraphs(documents.eml_paragraphs(data))
        else:
            raise NoText(content_type)
    except documents.DocumentUnreadable as error:
        raise Unreadable(str(error)) from error
    if not text.strip():
        raise NoText(content_type)
    return text


def _pdf_pages(data: bytes) -> list[str]:
    """Each page's lines, a blank line between blocks (see `pdf_text`)."""
    try:
        return ["\n".join(lines) for lines in pdf_page_lines(data)]
    except PdfUnreadable as error:
        raise Unreadable(str(error)) from error


# Control characters other than newline and tab; soft hyphens; zero-width spaces.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200d\u2060\ufeff]")


def _one_line(text: str) -> str:
    return " ".join(_INVISIBLE.sub("", text).split())


_SENTENCE_END = (".", "!", "?", ":", '"', "”", "»", ")")
_PAGE_NUMBER = re.compile(r"^(?:(?:side|page|s\.)\s*)?-?\s*\d{1,3}\s*-?(?:\s*(?:af|/|of)\s*\d{1,3})?$", re.I)


def clean_pages(pages: list[str]) -> list[str]:
    """Paragraphs from the text of a PDF's pages: wrapped lines joined, hyphens mended,
    page numbers and headers or footers repeated on every page dropped, and a paragraph
    that runs over a page break made whole."""
    pages_lines = [[_one_line(line) for line in page.splitlines()] for page in pages]
    repeated = _repeated_edges(pages_lines)
    paragraphs: list[str] = []
    for lines in pages_lines:
        edges = _edge_indexes(lines)
        kept = [
            "" if i in edges and (_PAGE_NUMBER.match(line) or _edge_key(line) in repeated) else line
            for i, line in enumerate(lines)
        ]
        page_paragraphs = _page_paragraphs(kept)
        if page_paragraphs and paragraphs and _runs_on(paragraphs[-1], page_paragraphs[0]):
            paragraphs[-1] = join_lines([paragraphs[-1], page_paragraphs.pop(0)])
        paragraphs.extend(page_paragraphs)
    return paragraphs


def _edge_indexes(lines: list[str], depth: int = 2) -> set[int]:
    """The first and last few lines with text on a page: where headers, footers and page numbers are."""
    filled = [i for i, line in enumerate(lines) if line]
    return set(filled[:depth] + filled[-depth:])


def _edge_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.casefold())


def _repeated_edges(pages_lines: list[list[str]]) -> set[str]:
    """Header and footer lines: at a page's edge on at least half the pages (two at least)."""
    if len(pages_lines) < 2:
        return set()
    seen = Counter()
    for lines in pages_lines:
        seen.update({_edge_key(lines[i]) for i in _edge_indexes(lines)})
    return {key for key, n in seen.items() if n >= max(2, (len(pages_lines) + 1) // 2)}


def _page_paragraphs(lines: list[str]) -> list[str]:
    """A blank line ends a paragraph. With no blank lines at all (some PDFs), a short
    line that ends a sentence does."""
    blocks: list[list[str]] = [[]]
    has_blank = any(not line for line in _strip_ends(lines))
    longest = max((len(line) for line in lines), default=0)
    for line in lines:
        if not line:
            blocks.append([])
            continue
        blocks[-1].append(line)
        if not has_blank and line.endswith(_SENTENCE_END) and len(line) < 0.7 * longest:
            blocks.append([])
    paragraphs: list[str] = []
    for block in blocks:
        if not block:
            continue
        text = join_lines(block)
        if paragraphs and _runs_on(paragraphs[-1], text):  # a wrapped line that lost its place
            paragraphs[-1] = join_lines([paragraphs[-1], text])
        else:
            paragraphs.append(text)
    return paragraphs


def _strip_ends(lines: list[str]) -> list[str]:
    filled = [i for i, line in enumerate(lines) if line]
    return lines[filled[0] : filled[-1] + 1] if filled else []


def _runs_on(before: str, after: str) -> bool:
    """The next text goes on mid-sentence: no full stop before, a small letter or a digit after."""
    if before.endswith("-") and not before.endswith(" -"):
        return True
    if before.endswith(_SENTENCE_END) or _DATE_LINE.match(after):
        return False
    return after[:1].islower() or after[:1].isdigit()


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines. A word broken with a hyphen is mended ("kvalitets-" "standarder");
    a real hyphen is kept ("Lyngby-" "Taarbæk", "FN-" "konventionen"), and so is the space
    before "og"/"eller" ("sektoransvars- og")."""
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not text:
            text = line
        elif text.endswith("-") and not text.endswith(" -") and not re.match(r"(og|eller)\b", line):
            broken_word = len(text) > 1 and text[-2].islower() and line[:1].islower()
            text = (text[:-1] if broken_word else text) + line
        else:
            text = f"{text} {line}"
    return text


def join_paragraphs(paragraphs: list[str]) -> str:
    return "\n\n".join(p for p in paragraphs if p.strip())


def paragraphs_of(text: str) -> list[str]:
    """The paragraphs of a text as the officer typed or corrected it: a blank line separates
    paragraphs, and the lines of one paragraph are joined. A text with no blank line at all
    has a paragraph on each line."""
    text = _INVISIBLE.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    lines = [line.strip() for line in text.split("\n")]
    if "" not in _strip_ends(lines):
        return [" ".join(line.split()) for line in lines if line]
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(" ".join(line.split()))
        elif blocks[-1]:
            blocks.append([])
    return [join_lines(block) for block in blocks if block]


# ---------------------------------------------------------------- the split


@dataclass(frozen=True)
class SectionRef:
    """What the split needs of a section of the draft."""

    key: str
    number: str | None
    heading: str
    parent_key: str | None = None
    label: str = ""
    text: str = ""  # the start of its own text, plain: a field "Lovgrundlag" names the standard's §


@dataclass
class Point:
    section_key: str | None  # None: a general remark
    heading: str | None
    paragraphs: list[str]
    no_remarks: bool = False  # "ingen bemærkninger" to the section: kept, shown in the memo, needs no reply
    start: int = 0  # the index of its first paragraph in the letter

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def digest(paragraph: str) -> str:
    return hashlib.sha256(paragraph.encode()).hexdigest()[:12]


def digests(paragraphs: list[str]) -> list[str]:
    """One digest per paragraph; a text that recurs (§ 103 and § 104 may say the same)
    is told apart by how many times it came before."""
    seen: Counter[str] = Counter()
    result = []
    for paragraph in paragraphs:
        d = digest(paragraph)
        result.append(f"{d}.{seen[d]}" if seen[d] else d)
        seen[d] += 1
    return result


def choice_values(sections: list[SectionRef]) -> set[str]:
    return {SKIP, HEADING, GENERAL} | {SECTION + s.key for s in sections}


_CLOSING = re.compile(r"^(med )?(venlig|venligst|mange|bedste|kærlig)e? hilsen|^på .{0,60}vegne", re.I)
_GREETING = re.compile(r"^(kære|til|att\.?|vedr\.?|hej|dato)\b", re.I)
_DATE_LINE = re.compile(r"^([\w .,-]{0,40}, (den )?)?\d{1,2}\. ?\w+ \d{4}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$", re.I)
_GENERAL_HEADING = re.compile(r"^(generel|generelt|overordne|indledning|indledende)", re.I)
_MENTION_NEAR_START = 40


def guess_choices(
    paragraphs: list[str], sections: list[SectionRef], known: dict[str, str] | None = None
) -> list[str]:
    """A first guess for each paragraph, keeping what the officer already chose (by digest).

    A sub-heading naming a section ("Aflastningsordning § 84") starts that section and the
    paragraphs after it follow it; so does a paragraph that names a section near its start.
    A sub-heading that names a § or a point the draft does not have starts a general part:
    what follows never stays on the section before. What comes before any section is
    general; a greeting, a date alone, and everything from "Med venlig hilsen" on is no
    remark. A quotation is never a heading and never moves to another section.
    """
    known = known or {}
    values = choice_values(sections)
    index = Index(sections)
    headings = [_looks_like_heading(p) for p in paragraphs]
    current, closing, choices = GENERAL, False, []
    for i, (paragraph, key) in enumerate(zip(paragraphs, digests(paragraphs), strict=True)):
        if known.get(key) in values:
            choice = known[key]
            if choice not in (SKIP, HEADING):
                current = choice
            choices.append(choice)
            continue
        closing = closing or bool(_CLOSING.match(paragraph))
        if closing or (len(paragraph) <= 80 and (_GREETING.match(paragraph) or _DATE_LINE.match(paragraph))):
            choices.append(SKIP)
            continue
        if paragraph.startswith(QUOTE.strip()):
            choices.append(current)
            continue
        if headings[i]:
            target, named = _heading_target(paragraph, index, current)
            if target:
                current = target
            elif named or _GENERAL_HEADING.match(paragraph):
                current = GENERAL
            followed_by_text = i + 1 < len(paragraphs) and not headings[i + 1] \
                and not _CLOSING.match(paragraphs[i + 1])
            named_general = target is None and _GENERAL_HEADING.match(paragraph)
            choices.append(HEADING if followed_by_text and not named_general else SKIP)
        elif says_no_remarks(paragraph):  # on the section of the heading above; alone, on the whole hearing
            choices.append(current if current.startswith(SECTION) else SKIP)
        else:
            key_named, _named = index.by_number(paragraph, near_start=_MENTION_NEAR_START)
            current = SECTION + key_named if key_named else current
            choices.append(current)
    return choices


def _heading_target(heading: str, index, current: str) -> tuple[str | None, bool]:
    """(the choice a sub-heading starts, whether it names a § or a point at all)."""
    key, named = index.by_number(heading)
    if key is None and not named:
        current_key = current.removeprefix(SECTION) if current.startswith(SECTION) else None
        key = index.field_of(heading, current_key) or index.by_words(heading)
    return (SECTION + key if key else None), named


def _looks_like_heading(paragraph: str) -> bool:
    """Short, one line, no comma, no quotation, and no full stop (unless it names a section:
    "§ 84. Stk. 1.", "Ad pkt. 3.")."""
    if paragraph.startswith(QUOTE.strip()) or len(paragraph) > 80 or len(paragraph.split()) > 10 \
            or "," in paragraph:
        return False
    if says_no_remarks(paragraph):
        return False
    names = PARAGRAPH_MENTION.search(paragraph) or POINT_MENTION.search(paragraph)
    if paragraph.endswith((".", "!", "?", ";")):
        return bool(names) and len(paragraph) <= 60
    if paragraph.endswith(":"):  # "I udkastet står der under visitation:" leads into what follows
        return bool(names) or len(paragraph.split()) <= 3
    return True


_NO_REMARKS = re.compile(
    r"^(?!.*\b(?:men|dog|bortset|undtagen)\b)"  # "ingen bemærkninger, men …" has a remark
    r"(?:[\w .-]{0,60}\b(?:har|have|giver anledning til)\s+)?ingen\s+(?:yderligere\s+)?"
    r"(?:bemærkninger|kommentarer)\b[^.!?]{0,80}[.!]?$", re.I)


def says_no_remarks(paragraph: str) -> bool:
    """"Ingen bemærkninger.", "HR har ingen bemærkninger", "Seniorrådet har ingen bemærkninger til
    denne standard.": under a section's heading, a no-remarks point on that section."""
    return bool(_NO_REMARKS.match(paragraph.strip()))


def points_from(paragraphs: list[str], choices: list[str]) -> list[Point]:
    """Consecutive paragraphs on the same section make one point; a sub-heading starts a new
    point and names it; paragraphs that are no remark are left out (and part nothing)."""
    points: list[Point] = []
    heading: list[str] = []
    last: str | None = None
    for index, (paragraph, choice) in enumerate(zip(paragraphs, choices, strict=True)):
        if choice == SKIP:
            continue
        if choice == HEADING:
            heading.append(paragraph)
            last = None
            continue
        section_key = choice.removeprefix(SECTION) if choice.startswith(SECTION) else None
        no_remarks = section_key is not None and says_no_remarks(paragraph)
        if points and choice == last and not heading and not no_remarks and not points[-1].no_remarks:
            points[-1].paragraphs.append(paragraph)
        else:
            points.append(Point(section_key, " – ".join(heading)[:MAX_HEADING_CHARS] or None, [paragraph],
                                no_remarks, index))
            heading = []
        last = choice
    return points


def fingerprint(*parts: object) -> str:
    """What a preview showed, so a save can tell whether anything changed since."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode()).hexdigest()[:24]
