"""The draft catalogue of quality standards in the 2019 seed, parsed into sections.

`parse_draft` finds the foreword and the 11 standards, splits each
standard's flattened two-column table at its row labels (`FIELDS`, worded
differently from one standard to the next) into field sections, attaches the
appendices that follow a standard's table (Bilag 1: one block per service;
Bilag 2: a table flattened cell by cell), and counts the catalogue page each
section starts on. Standard library only: this module must not need Flask or
a database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from app.demo import seed_2019_points as points
from app.demo.seed_text import (
    draft_paragraphs,
    find_line,
    join_parts,
    link_dump_lines,
    norm,
    page_starts,
)


@dataclass(frozen=True)
class SeedSection:
    key: str  # stable slug, unique in the draft: "forord", "p84", "p84-omfang-varighed", "p85-bilag-1"
    heading: str  # a standard's name, or a field's label as the draft words it
    number: str | None  # "§ 84" for a standard, None for fields, appendices and the foreword
    page: int | None  # the catalogue page the section starts on
    paragraphs: tuple[str | tuple[str, ...], ...]  # str: a paragraph; tuple: a bullet list
    children: tuple[SeedSection, ...] = ()


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

_BILAG = re.compile(r"^\s+Bilag (\d+)\s*$")
_PARAGRAPH_NO = re.compile(r"§\s*(\d+)")


def parse_draft(
    lines: list[str], foreword_page: int
) -> tuple[tuple[SeedSection, ...], dict[str, tuple[int, int]]]:
    """The foreword and the standards, plus each standard's first and last page.

    Pages are counted from `foreword_page`, the page number of the foreword.
    """
    first_rule = find_line(lines, r"Lovgrundlag for ydelsen\b", what="first standard")
    start = max((i for i in range(first_rule) if norm(lines[i]) == "Forord"), default=None)
    if start is None:
        raise ValueError("seed: draft: anchor line 'Forord' not found before the first standard")
    end = find_line(lines, r"Oversigt over serviceniveauet", first_rule, "end of the draft")
    rules = [i for i in range(start, end) if lines[i].startswith("Lovgrundlag for ydelsen")]
    titles = [_title_start(lines, i) for i in rules]
    bilag = [i for i in range(start, end) if _BILAG.match(lines[i])]
    starts = page_starts(lines, start, end, forced={start, *titles, *bilag})
    page = _page_counter(starts, foreword_page)
    drop = link_dump_lines(lines, start, end, starts)

    def text_lines(a: int, b: int) -> list[tuple[int | None, str]]:
        return [(i, lines[i]) for i in range(a, b) if i not in drop]

    foreword = SeedSection(
        key="forord",
        heading=norm(lines[start]),
        number=None,
        page=page(start),
        paragraphs=tuple(draft_paragraphs(text_lines(start + 1, titles[0]), starts)),
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


def _page_counter(starts: list[int], foreword_page: int):
    # A stretch without a detected break that is longer than any real page is
    # a table whose continuation page lost its leading space (Bilag 2).
    max_page_lines = 64
    numbers, number = {}, foreword_page
    for prev, start in zip([None, *starts[:-1]], starts, strict=True):
        if prev is not None:
            number += 1 + (start - prev - 1) // max_page_lines
        numbers[start] = number

    def page(line_no: int) -> int:
        return numbers[max(s for s in starts if s <= line_no)]

    return page


def _standard(lines, title_at, rule_at, body, starts, page) -> SeedSection:
    title = join_parts([norm(line) for line in lines[title_at:rule_at] if line.strip()])
    # § 85 alone is titled "Kvalitetsstandard for …"; the others name the service.
    title = re.sub(r"^Kvalitetsstandard for ", "", title)
    title = title[0].upper() + title[1:]
    match = _PARAGRAPH_NO.search(lines[rule_at])
    if not match:
        raise ValueError(f"seed: no § number in {norm(lines[rule_at])!r}")
    key = f"p{match.group(1)}"
    fields = []
    for field_key, heading, label_at, field_body in _split_labels(body, FIELDS):
        fields.append(
            SeedSection(
                key=f"{key}-{field_key}",
                heading=heading,
                number=None,
                page=page(label_at),
                paragraphs=tuple(draft_paragraphs(field_body, starts)),
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
            raise ValueError(f"seed: text before the first row label: {norm(body[i][1])!r}")
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
    head = norm(raw)
    if not head or not label.startswith(head + " "):
        return None
    j = i + 1
    while j < len(body) and not body[j][1].strip():
        j += 1
    if j == len(body):
        return None
    remainder = label[len(head) + 1 :]
    nxt = norm(body[j][1])
    if nxt == remainder or nxt.startswith(remainder + " "):
        return nxt[len(remainder) :].strip(), j + 1
    return None


def _bilag(lines, std_key, at, body, starts, page) -> SeedSection:
    number = _BILAG.match(lines[at]).group(1)
    key = f"{std_key}-bilag-{number}"
    if any(norm(line).startswith("Formål") for _, line in body):
        children = _bilag_services(key, body, starts, page)
        return SeedSection(key, norm(lines[at]), None, page(at), (), children)
    return SeedSection(key, norm(lines[at]), None, page(at), _bilag_table(body))


def _bilag_services(key, body, starts, page) -> tuple[SeedSection, ...]:
    """Bilag 1: one block per service, each with Formål / what is included / what is not."""
    heads = [n for n, (_, line) in enumerate(body) if line.strip() and _next_starts_with(body, n, "Formål")]
    services = []
    for count, (a, b) in enumerate(zip(heads, [*heads[1:], len(body)], strict=True), start=1):
        paragraphs: list = []
        for _, heading, _, part in _split_labels(body[a + 1 : b], BILAG1_PARTS):
            content = [p for p in draft_paragraphs(part, starts) if p not in points.STRAY_FRAGMENTS]
            if heading == "Formål" and content and isinstance(content[0], str):
                paragraphs.append(f"{heading}: {content.pop(0)}")
            else:
                paragraphs.append(f"{heading}:")
            paragraphs.extend(content)
        name = norm(body[a][1])
        services.append(SeedSection(f"{key}-{count}", name, None, page(body[a][0]), tuple(paragraphs)))
    return tuple(services)


def _next_starts_with(body, n: int, word: str) -> bool:
    for _, line in body[n + 1 :]:
        if line.strip():
            return norm(line).startswith(word)
    return False


def _bilag_table(body) -> tuple[str | tuple[str, ...], ...]:
    """Bilag 2: intro, a table flattened cell by cell, a closing remark.

    A row ends at its line of X marks (the function levels that qualify, whose
    columns the extraction lost) followed by the weekly interval, which may wrap.
    """
    texts = [norm(line) for _, line in body]
    header = next((n for n, t in enumerate(texts) if t.startswith("Funktionsniveau")), None)
    header_end = next((n for n, t in enumerate(texts) if t == "Bevillingsinterval"), None)
    if header is None or header_end is None:
        raise ValueError("seed: the table header of Bilag 2 was not found")
    intro = draft_paragraphs(body[:header], set())
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
        rows.append(_table_row(join_parts([*cells, marks.group(1)]), join_parts(interval)))
        cells = []
    closing = [join_parts(cells)] if cells else []
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
