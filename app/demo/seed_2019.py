"""Turn the 2019 hearing round in seed 001 into plain structured demo data.

The seed is a PDF-to-text extraction of a committee agenda (Social- og
Sundhedsudvalget, Lyngby-Taarbæk Kommune, June 2019). It holds a complete
hearing round: the committee case, the draft catalogue of 11 quality
standards, the administration's background note, the administration's replies
and Handicaprådet's letter. The draft is parsed generically; how the letter and
the replies split into points is editorial judgement, kept as a declarative
table in `seed_2019_points`.

Standard library only: this module must not need Flask or a database.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from pathlib import Path

from app.demo import seed_2019_points as points


@dataclass(frozen=True)
class SeedSection:
    key: str  # stable slug, unique in the draft: "forord", "p84", "p84-omfang-varighed", "p85-bilag-1"
    heading: str  # a standard's name, or a field's label as the draft words it
    number: str | None  # "§ 84" for a standard, None for fields, appendices and the foreword
    page: int | None  # the catalogue page the section starts on
    paragraphs: tuple[str | tuple[str, ...], ...]  # str: a paragraph; tuple: a bullet list
    children: tuple[SeedSection, ...] = ()


@dataclass(frozen=True)
class SeedComment:
    section_key: str | None  # None: a general remark; else the field (or standard) it concerns
    heading: str | None  # the letter's own sub-heading the point sits under
    text: str  # the council's words, paragraphs separated by a blank line


@dataclass(frozen=True)
class SeedReply:
    comment_indexes: tuple[int, ...]  # into SeedRound.comments; one reply may answer several
    text: str  # the administration's words, without its summary of the council's point
    outcome: str  # one of OUTCOMES
    financial_consequence: bool
    financial_note: str | None
    draft_change: str | None  # what the draft changes because of this reply
    page_ref: str | None  # as cited: "s. 4", "s. 44 og 47"


@dataclass(frozen=True)
class SeedRound:
    title: str
    committee: str
    summary: str
    background_note: str
    sections: tuple[SeedSection, ...]  # the foreword, then the standards in draft order
    party_name: str
    signed_name: str
    signed_role: str
    response_date: datetime.date
    comments: tuple[SeedComment, ...]
    replies: tuple[SeedReply, ...]
    decision_date: datetime.date
    decision_text: str


OUTCOMES = ("accepted", "partly_accepted", "not_accepted", "noted")

# The rows of a standard's two-column table, in the order the draft uses. Each
# standard words some labels differently; all variants are listed, longest
# first, so "Opfølgning på ydelsen" wins over "Opfølgning".
FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("lovgrundlag", ("Lovgrundlag for ydelsen",)),
    ("maalgruppe", ("Målgruppe",)),
    ("ydelsens-indhold", ("Ydelsens indhold",)),
    ("visitation", ("Kriterier for tildeling af ydelsen", "Visitation")),
    ("omfang-varighed", ("Ydelsens omfang/varighed", "Omfang/varighed")),
    ("levering", ("Levering af ydelsen",)),
    ("opfoelgning", ("Opfølgning på indsatsen", "Opfølgning på ydelsen", "Opfølgning")),
    ("andre-bestemmelser", ("Andre bestemmelser der kan dække lign.", "Andre bestemmelser der kan lignende")),
    ("anvendelse", ("Anvendelse",)),
    ("revision", ("Revision af kvalitetsstandard", "Revision af standard")),
)
BILAG1_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("formaal", ("Formål",)),
    ("indgaar", ("Hvad indgår i ydelsen",)),
    ("indgaar-ikke", ("Hvad indgår ikke i ydelsen",)),
)
# The themes of Voksenudredningsmetoden (VUM): they tell the service name from
# the theme column in the flattened table of Bilag 2.
VUM_THEMES = ("Alm. daglig livsførelse", "Egenomsorg", "Samfundsliv", "Socialt liv", "Sundhed")

# The extraction drops the catalogue's cover and table of contents, so page
# numbers can only be counted relative to the foreword. This one constant
# calibrates them so that § 84 starts on s. 4, as the administration cites;
# every other page the administration cites is then checked against the count
# (see `_check_page_refs`), so a wrong count fails loudly.
FOREWORD_PAGE = 3

_BILAG = re.compile(r"^\s+Bilag (\d+)\s*$")
_PARAGRAPH_NO = re.compile(r"§\s*(\d+)")
_DATE = re.compile(r"(\d{1,2})\. (\w+) (\d{4})")


def load_round(path: Path) -> SeedRound:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    case = _parse_case(lines)
    sections, spans = _parse_draft(lines)
    note_at = _find_line(lines, r"Notat vedr\. høring over kvalitetsstandarder", what="background note")
    replies_at = _find_line(lines, r"Forvaltningens bemærkninger til Handicaprådets", note_at, "replies")
    letter_at = _find_line(lines, r"Handicaprådets høringssvar$", replies_at, "council letter")
    closing_at = _find_line(lines, r"Med venlig hilsen$", letter_at, "letter closing")
    letter = "\n\n".join(_prose_paragraphs(lines[letter_at:closing_at]))
    admin = "\n\n".join(_prose_paragraphs(lines[replies_at:letter_at]))
    comments, ids = _comments(letter, sections)
    replies = _replies(admin, ids)
    _check_page_refs(replies, comments, spans)
    signed_name, signed_role, response_date = _signature(lines, closing_at)
    return SeedRound(
        title=case["title"],
        committee=case["committee"],
        summary=case["summary"],
        background_note="\n\n".join(_prose_paragraphs(lines[note_at + 1 : replies_at])),
        sections=sections,
        # "Handicaprådets høringssvar": the party is the council, in its definite form.
        party_name=_norm(lines[letter_at]).split()[0].removesuffix("s"),
        signed_name=signed_name,
        signed_role=signed_role,
        response_date=response_date,
        comments=comments,
        replies=replies,
        decision_date=case["decision_date"],
        decision_text=case["decision_text"],
    )


# --- the committee case ----------------------------------------------------


def _parse_case(lines: list[str]) -> dict:
    title_at = _find_line(
        lines, r"Kvalitetsstandarder på det specialiserede voksenområde - ", 0, "case title"
    )
    resume_at = _find_line(lines, r"Resumé$", title_at, "case resumé")
    proposal_at = _find_line(lines, r"Indstilling$", resume_at, "case proposal")
    attachments_at = _find_line(lines, r"Bilag$", proposal_at, "case attachments")
    # The case was treated twice; the final decision is the last dated one.
    dated = re.compile(r"\S.*, den \d+\. \w+ \d{4}$")
    decisions = [i for i in range(proposal_at, attachments_at) if dated.match(_norm(lines[i]))]
    if not decisions:
        raise ValueError("seed: committee decision line ('<udvalg>, den <dato>') not found")
    decided_at = decisions[-1]
    committee, _, when = _norm(lines[decided_at]).partition(", den ")
    return {
        # "- genforelæggelse" says the case came back; it is not part of the subject.
        "title": re.sub(r"\s*-\s*genforelæggelse$", "", _norm(lines[title_at])),
        "committee": committee,
        "summary": "\n\n".join(_case_paragraphs(lines[resume_at + 1 : proposal_at])),
        "decision_date": _parse_date(when),
        "decision_text": "\n\n".join(_case_paragraphs(lines[decided_at + 1 : attachments_at])),
    }


def _case_paragraphs(lines: list[str]) -> list[str]:
    """The agenda puts an empty line after every line; a line of spaces ends a paragraph."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line and not line.strip():
            paragraphs.append([])
        elif line.strip():
            paragraphs[-1].append(_norm(line))
    return [_join_parts(p) for p in paragraphs if p]


def _parse_date(text: str) -> datetime.date:
    match = _DATE.search(text)
    if not match or match.group(2).lower() not in _MONTHS:
        raise ValueError(f"seed: no Danish date in {text!r}")
    day, month, year = match.groups()
    return datetime.date(int(year), _MONTHS.index(month.lower()) + 1, int(day))


def _signature(lines: list[str], closing_at: int) -> tuple[str, str, datetime.date]:
    """Name, role, council, date: the four lines under "Med venlig hilsen"."""
    block = [_norm(line) for line in lines[closing_at + 1 : closing_at + 12] if line.strip()]
    if len(block) < 4:
        raise ValueError("seed: the letter's signature block is incomplete")
    return block[0], block[1], _parse_date(block[3])


# --- the draft -------------------------------------------------------------


def _parse_draft(lines: list[str]) -> tuple[tuple[SeedSection, ...], dict[str, tuple[int, int]]]:
    """The foreword and the standards, plus each standard's first and last page."""
    first_rule = _find_line(lines, r"Lovgrundlag for ydelsen\b", what="first standard")
    start = max((i for i in range(first_rule) if _norm(lines[i]) == "Forord"), default=None)
    if start is None:
        raise ValueError("seed: draft: anchor line 'Forord' not found before the first standard")
    end = _find_line(lines, r"Oversigt over serviceniveauet", first_rule, "end of the draft")
    rules = [i for i in range(start, end) if lines[i].startswith("Lovgrundlag for ydelsen")]
    titles = [_title_start(lines, i) for i in rules]
    bilag = [i for i in range(start, end) if _BILAG.match(lines[i])]
    starts = _page_starts(lines, start, end, forced={start, *titles, *bilag})
    page = _page_counter(starts)
    drop = _link_dump_lines(lines, start, end, starts)

    def text_lines(a: int, b: int) -> list[tuple[int | None, str]]:
        return [(i, lines[i]) for i in range(a, b) if i not in drop]

    foreword = SeedSection(
        key="forord",
        heading=_norm(lines[start]),
        number=None,
        page=page(start),
        paragraphs=tuple(_draft_paragraphs(text_lines(start + 1, titles[0]), starts)),
    )
    standards, spans = [], {}
    bounds = [*titles, end]
    for title_at, rule_at, next_at in zip(titles, rules, bounds[1:], strict=True):
        own_bilag = [b for b in bilag if title_at < b < next_at]
        fields_end = own_bilag[0] if own_bilag else next_at
        std = _standard(lines, title_at, rule_at, text_lines(rule_at, fields_end), starts, page)
        # Appendices (Bilag 1 and 2 of § 85) follow the standard's table; they belong to it.
        appendices = [
            _bilag(lines, std.key, b, text_lines(b + 1, b_end), starts, page)
            for b, b_end in zip(own_bilag, [*own_bilag[1:], next_at], strict=False)
        ]
        standards.append(replace(std, children=(*std.children, *appendices)))
        spans[std.key] = (page(title_at), page(next_at - 1))
    return (foreword, *standards), spans


def _title_start(lines: list[str], rule_at: int) -> int:
    """A standard's title opens a new page (so it is indented) and may wrap over two lines."""
    i = rule_at - 1
    while i > 0 and not (lines[i].strip() and lines[i][0].isspace()):
        i -= 1
    return i


def _page_counter(starts: list[int]):
    # A stretch without a detected break that is longer than any real page is
    # a table whose continuation page lost its leading space (Bilag 2).
    max_page_lines = 64
    numbers, number = {}, FOREWORD_PAGE
    for prev, start in zip([None, *starts[:-1]], starts, strict=True):
        if prev is not None:
            number += 1 + (start - prev - 1) // max_page_lines
        numbers[start] = number

    def page(line_no: int) -> int:
        return numbers[max(s for s in starts if s <= line_no)]

    return page


def _standard(lines, title_at, rule_at, body, starts, page) -> SeedSection:
    title = _join_parts([_norm(line) for line in lines[title_at:rule_at] if line.strip()])
    # § 85 alone is titled "Kvalitetsstandard for …"; the others name the service.
    title = re.sub(r"^Kvalitetsstandard for ", "", title)
    title = title[0].upper() + title[1:]
    match = _PARAGRAPH_NO.search(lines[rule_at])
    if not match:
        raise ValueError(f"seed: no § number in {_norm(lines[rule_at])!r}")
    key = f"p{match.group(1)}"
    fields = []
    for field_key, heading, label_at, field_body in _split_labels(body, FIELDS):
        fields.append(
            SeedSection(
                key=f"{key}-{field_key}",
                heading=heading,
                number=None,
                page=page(label_at),
                paragraphs=tuple(_draft_paragraphs(field_body, starts)),
            )
        )
    if not fields or fields[0].key != f"{key}-lovgrundlag":
        raise ValueError(f"seed: standard {title!r} does not start with its Lovgrundlag row")
    return SeedSection(key, title, f"§ {match.group(1)}", page(title_at), (), tuple(fields))


def _split_labels(body, spec):
    """Split (line number, line) pairs at the row labels of `spec`, taken in order.

    Only labels after the current one are tried, so ordinary text that happens
    to begin like an earlier label cannot restart a row. A label may wrap onto
    the next line ("Kriterier for tildeling af" / "ydelsen").
    """
    rows: list[tuple[str, str, int, list]] = []
    current, i = -1, 0
    while i < len(body):
        found = None
        for index in range(current + 1, len(spec)):
            for variant in spec[index][1]:
                found = _match_label(body, i, variant)
                if found:
                    current = index
                    rows.append((spec[index][0], variant, body[i][0], [(None, found[0])]))
                    break
            if found:
                break
        if found:
            i = found[1]
            continue
        if rows:
            rows[-1][3].append(body[i])
        elif body[i][1].strip():
            raise ValueError(f"seed: text before the first row label: {_norm(body[i][1])!r}")
        i += 1
    return rows


def _match_label(body, i: int, label: str) -> tuple[str, int] | None:
    """(rest of the line after the label, index of the next line), or None."""
    raw = body[i][1].lstrip()
    pattern = r"\s+".join(map(re.escape, label.split()))
    match = re.match(pattern + r"(?=\s|$)", raw)
    if match:
        # One space separates label and text; more means a bullet was lost there.
        return raw[match.end() :].removeprefix(" ").rstrip(), i + 1
    head = _norm(raw)
    if not head or not label.startswith(head + " "):
        return None
    j = i + 1
    while j < len(body) and not body[j][1].strip():
        j += 1
    if j == len(body):
        return None
    remainder = label[len(head) + 1 :]
    nxt = _norm(body[j][1])
    if nxt == remainder or nxt.startswith(remainder + " "):
        return nxt[len(remainder) :].strip(), j + 1
    return None


def _bilag(lines, std_key, at, body, starts, page) -> SeedSection:
    number = _BILAG.match(lines[at]).group(1)
    key = f"{std_key}-bilag-{number}"
    if any(_norm(line).startswith("Formål") for _, line in body):
        children = _bilag_services(key, body, starts, page)
        return SeedSection(key, _norm(lines[at]), None, page(at), (), children)
    return SeedSection(key, _norm(lines[at]), None, page(at), _bilag_table(body))


def _bilag_services(key, body, starts, page) -> tuple[SeedSection, ...]:
    """Bilag 1: one block per service, each with Formål / what is included / what is not."""
    heads = [n for n, (_, line) in enumerate(body) if line.strip() and _next_starts_with(body, n, "Formål")]
    services = []
    for count, (a, b) in enumerate(zip(heads, [*heads[1:], len(body)], strict=True), start=1):
        paragraphs: list = []
        for _, heading, _, part in _split_labels(body[a + 1 : b], BILAG1_PARTS):
            content = [p for p in _draft_paragraphs(part, starts) if p not in points.STRAY_FRAGMENTS]
            if heading == "Formål" and content and isinstance(content[0], str):
                paragraphs.append(f"{heading}: {content.pop(0)}")
            else:
                paragraphs.append(f"{heading}:")
            paragraphs.extend(content)
        name = _norm(body[a][1])
        services.append(SeedSection(f"{key}-{count}", name, None, page(body[a][0]), tuple(paragraphs)))
    return tuple(services)


def _next_starts_with(body, n: int, word: str) -> bool:
    for _, line in body[n + 1 :]:
        if line.strip():
            return _norm(line).startswith(word)
    return False


def _bilag_table(body) -> tuple[str | tuple[str, ...], ...]:
    """Bilag 2: intro, a table flattened cell by cell, a closing remark.

    A row ends at its line of X marks (the function levels that qualify, whose
    columns the extraction lost) followed by the weekly interval, which may wrap.
    """
    texts = [_norm(line) for _, line in body]
    header = next((n for n, t in enumerate(texts) if t.startswith("Funktionsniveau")), None)
    header_end = next((n for n, t in enumerate(texts) if t == "Bevillingsinterval"), None)
    if header is None or header_end is None:
        raise ValueError("seed: the table header of Bilag 2 was not found")
    intro = _draft_paragraphs(body[:header], set())
    rows, cells, n = [], [], header_end + 1
    while n < len(texts):
        marks = re.match(r"^(.*?)\s*\bX(?: X)*\s+(.+)$", texts[n])
        if not marks:
            cells.extend([texts[n]] if texts[n] else [])
            n += 1
            continue
        interval = [marks.group(2)]
        n += 1
        while n < len(texts) and texts[n]:
            interval.append(texts[n])
            n += 1
        rows.append(_table_row(_join_parts([*cells, marks.group(1)]), _join_parts(interval)))
        cells = []
    closing = [_join_parts(cells)] if cells else []
    return (*intro, "Ydelse (tema i VUM): ugentligt bevillingsinterval", tuple(rows), *closing)


def _table_row(cells: str, interval: str) -> str:
    found = [(m.start(), theme) for theme in VUM_THEMES for m in re.finditer(re.escape(theme), cells)]
    if not found:
        raise ValueError(f"seed: no VUM theme in the Bilag 2 row {cells!r}")
    first = min(found)[0]
    themes = [theme for _, theme in sorted(found)]
    if len(" ".join(themes)) != len(cells[first:].strip()):
        raise ValueError(f"seed: unknown text among the themes of {cells!r}")
    return f"{cells[:first].strip()} ({', '.join(themes)}): {interval}"


# --- the council's points and the administration's replies ---------------------


def _comments(letter: str, sections) -> tuple[tuple[SeedComment, ...], dict[str, int]]:
    keys = {s.key for s in _walk(sections)}
    comments, ids, cursor, heading = [], {}, 0, None
    for point in points.COMMENTS:
        if point.section_key is not None and point.section_key not in keys:
            raise ValueError(f"seed: comment {point.id!r} targets unknown section {point.section_key!r}")
        # A sub-heading is a paragraph of its own; points under it follow it.
        if point.heading and point.heading != heading:
            cursor = _find(letter, f"\n\n{point.heading}\n\n", cursor, f"comment {point.id} heading")
        heading = point.heading
        text, cursor = _between(letter, point.start, point.end, cursor, f"comment {point.id}")
        ids[point.id] = len(comments)
        comments.append(SeedComment(point.section_key, point.heading, text))
    return tuple(comments), ids


def _replies(admin: str, ids: dict[str, int]) -> tuple[SeedReply, ...]:
    replies, cursor = [], 0
    for point in points.REPLIES:
        if point.outcome not in OUTCOMES:
            raise ValueError(f"seed: reply to {point.answers} has unknown outcome {point.outcome!r}")
        entry = _find(admin, point.entry, cursor, f"reply entry {point.entry!r}")
        page_ref = re.match(r"s\.\s*\d+(?:\s*og\s*\d+)?", admin[entry:])
        text, cursor = _between(admin, point.start, point.end, entry, f"reply to {', '.join(point.answers)}")
        replies.append(
            SeedReply(
                comment_indexes=tuple(ids[a] for a in point.answers),
                # The seed's § 107 reply stops on a comma where its sentence ends.
                text=re.sub(r",$", ".", text),
                outcome=point.outcome,
                financial_consequence=point.financial_note is not None,
                financial_note=point.financial_note,
                draft_change=point.draft_change,
                page_ref=_norm(page_ref.group(0)) if page_ref else None,
            )
        )
    return tuple(replies)


def _find(text: str, anchor: str, cursor: int, what: str) -> int:
    at = text.find(anchor, cursor)
    if at < 0:
        raise ValueError(f"seed: {what}: anchor {anchor.strip()!r} not found")
    return at + (len(anchor) - len(anchor.lstrip("\n")))


def _between(text: str, start: str, end: str, cursor: int, what: str) -> tuple[str, int]:
    a = _find(text, start, cursor, what)
    b = _find(text, end, a, what) + len(end)
    return text[a:b], b


def _check_page_refs(replies, comments, spans) -> None:
    """Each page the administration cites must lie in the standard it answers about."""
    for reply in replies:
        if not reply.page_ref:
            continue
        pages = {int(p) for p in re.findall(r"\d+", reply.page_ref)}
        for index in reply.comment_indexes:
            std = (comments[index].section_key or "").split("-")[0]
            first, last = spans.get(std, (0, -1))
            if not any(first <= p <= last for p in pages):
                raise ValueError(f"seed: {reply.page_ref} is not within {std} (pages {first}-{last})")


def _walk(sections):
    for section in sections:
        yield section
        yield from _walk(section.children)


# --- text clean-up of the PDF extraction ---------------------------------------

_MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip
_SENTENCE_END = (".", ":", "!", "?")
_DASH_ITEM = re.compile(r"^-\s*(?=[^\s-])")
_SCALE_ITEM = re.compile(r"^\d+ = ")  # "0 = Intet problem", the VUM scale
_BARE_URL = re.compile(r"^(?:https?://|mailto:)\S+$")
# A page holds at least this many extracted lines unless a new standard starts;
# nearer indented lines are bullets or wrapped cells, not page tops.
_MIN_PAGE_LINES = 30
# Three or more lines this short with no wrap marks are an address or a list
# of laws written line by line, not a wrapped paragraph.
_SHORT_LINE = 36


def _norm(text: str) -> str:
    return " ".join(text.split())


def _find_line(lines: list[str], pattern: str, start: int = 0, what: str = "") -> int:
    for i in range(start, len(lines)):
        if re.match(pattern, _norm(lines[i])):
            return i
    raise ValueError(f"seed: {what}: anchor line {pattern!r} not found")


def _join_parts(parts: list[str]) -> str:
    """Join wrapped lines; a line-end hyphen joins without a space ("Lyngby-" "Taarbæk").

    Not before "og"/"eller": "sektoransvars- og solidaritetsprincippet" keeps its space.
    """
    text = ""
    for part in parts:
        if text.endswith("-") and not text.endswith(" -") and not re.match(r"(og|eller)\b", part):
            text += part
        else:
            text = f"{text} {part}" if text else part
    return text


def _page_starts(lines: list[str], first: int, last: int, forced: set[int]) -> list[int]:
    """Line numbers where a PDF page begins: an indented line that is not a bullet."""
    starts, last_indented = [first], None
    for i in range(first + 1, last):
        line = lines[i]
        if not line.strip() or not line[0].isspace():
            continue
        previous, last_indented = last_indented, i
        # Two leading spaces: a page top whose first line was also a bullet.
        if i in forced or line.startswith("  "):
            starts.append(i)
            continue
        if i - starts[-1] < _MIN_PAGE_LINES or (previous is not None and i - previous <= 6):
            continue
        if _previous_text(lines, i).endswith(":"):  # the first bullet of a list
            continue
        starts.append(i)
    return starts


def _previous_text(lines: list[str], i: int) -> str:
    i -= 1
    while i > 0 and not lines[i].strip():
        i -= 1
    return lines[i].strip()


def _link_dump_lines(lines: list[str], first: int, last: int, starts: list[int]) -> set[int]:
    """The bare URLs the extraction repeats at a page's end, where they duplicate the text."""
    dump = set()
    for start in [*starts[1:], last]:
        i = start - 1
        while i > first and (not lines[i].strip() or _BARE_URL.match(lines[i].strip())):
            if lines[i].strip():
                dump.add(i)
            i -= 1
    # Wrapped URLs in the text are whole again once the whitespace is gone.
    body = "".join("".join(lines[i].split()) for i in range(first, last) if i not in dump)
    return {i for i in dump if lines[i].strip().removeprefix("mailto:") in body}


def _draft_paragraphs(lines, starts, short_blocks: bool = True) -> list[str | tuple[str, ...]]:
    """Paragraphs (str) and bullet lists (tuple) from (line number, line) pairs.

    A blank line ends a paragraph unless the text goes on in lower case mid-
    sentence (table cells wrap with a blank line). An indented line is a bullet,
    unless it is the top of a page; "-" lines and the VUM scale are list items.
    """
    starts = set(starts)
    short = _short_block_lines(lines) if short_blocks else set()
    elements: list[list] = []  # ["p", [parts]] or ["l", [[parts], ...]]
    blank, last = True, ""
    for n, (line_no, raw) in enumerate(lines):
        text = _norm(raw)
        if not text:
            blank = True
            continue
        item = _item_text(raw, text, line_no in starts, last, bool(elements) and elements[-1][0] == "l")
        if n in short:
            if blank or not elements or elements[-1][0] != "s":
                elements.append(["s", []])
            elements[-1][1].append(text)
        elif item is not None:
            if elements and elements[-1][0] == "l":
                elements[-1][1].append([item])
            else:
                elements.append(["l", [[item]]])
        elif elements and _continues(text, last, blank, line_no in starts):
            (elements[-1][1][-1] if elements[-1][0] == "l" else elements[-1][1]).append(text)
        else:
            elements.append(["p", [text]])
        blank, last = False, text
    return [_render(kind, parts) for kind, parts in elements]


def _render(kind: str, parts: list) -> str | tuple[str, ...]:
    if kind == "l":
        return tuple(_join_parts(item) for item in parts)
    if kind == "s":
        return ", ".join(parts)
    return _join_parts(parts)


def _item_text(raw: str, text: str, page_top: bool, last: str, in_list: bool) -> str | None:
    bullet = raw[:1].isspace() and (not page_top or (raw.startswith("  ") and in_list))
    # A lower-case line after a comma is a wrapped line that kept its indent.
    if bullet and text[0].islower() and last.endswith(","):
        bullet = False
    dash = _DASH_ITEM.match(text)
    if dash:
        return text[dash.end() :]
    if bullet or _SCALE_ITEM.match(text):
        return text
    return None


def _continues(text: str, last: str, blank: bool, page_top: bool) -> bool:
    if blank:
        return (text[0].islower() or text[0].isdigit()) and not last.endswith(_SENTENCE_END)
    # A page top loses the blank line before a new paragraph.
    return not (page_top and text[0].isupper() and last.endswith(_SENTENCE_END))


def _short_block_lines(lines) -> set[int]:
    """Positions of lines in blocks of >= 3 short, unmarked lines (addresses, lists of laws)."""
    found: set[int] = set()
    block: list[int] | None = []  # None: this block has a long or marked line
    for n, (_, raw) in enumerate([*lines, (None, "")]):
        text = _norm(raw)
        if not text:
            if block and len(block) >= 3:
                found.update(block)
            block = []
        elif block is not None:
            plain = not raw[:1].isspace() and not _DASH_ITEM.match(text) and not text.endswith(("-", ","))
            block = [*block, n] if plain and len(text) < _SHORT_LINE else None
    return found


def _prose_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs of a letter or note; bullets become paragraphs of their own."""
    paragraphs = []
    for element in _draft_paragraphs([(None, line) for line in lines], set(), short_blocks=False):
        paragraphs.extend(element if isinstance(element, tuple) else [element])
    return paragraphs
