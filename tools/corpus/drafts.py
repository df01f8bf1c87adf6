"""The drafts of the corpus, from the seeds: the 2019 catalogue and the 2013 plan.

The catalogue is written as a municipality writes it: a title page, then the
foreword and each standard under a Heading 1, its fields in a two-column
table. Every other standard says its § in the heading ("Kvalitetsstandard for
aflastningsordning – § 84"); the rest name only the service and say the § in
the legal-basis row alone, as the issue's file did. § 85's Bilag 2 is a table
with two header rows and merged cells. The plan is the 2013 "Helhedsplan for
socialpsykiatrien" (the model of 10 September 2013), with numbered chapters
("1.", "2.1") and a budget table whose header merges cells.
"""

from __future__ import annotations

import dataclasses
import re

from app.demo.seed_2019 import SeedRound
from app.demo.seed_text import find_line, join_parts, norm, prose_paragraphs
from tools.corpus.document import (
    Bullets,
    Cell,
    Doc,
    Expected,
    ExpectedSection,
    Fields,
    Heading,
    Para,
    Table,
)

_ROW = re.compile(r"^(?P<name>.*) \((?P<themes>[^()]*)\): (?P<interval>.*)$")
LEVELS = ("0", "1", "2", "3", "4")  # the function levels of VUM


def catalogue(seed: SeedRound) -> tuple[Doc, Expected]:
    blocks: list = []
    expected = Expected(first_section=seed.sections[0].heading, header_table=("Funktionsniveau", 2))
    foreword, standards = seed.sections[0], seed.sections[1:]
    blocks.append(Heading(1, foreword.heading))
    blocks.extend(_paragraphs(foreword.paragraphs))
    expected.sections.append(ExpectedSection(foreword.key, foreword.heading, None))
    for index, standard in enumerate(standards):
        name = standard.heading[0].lower() + standard.heading[1:]
        # Every other standard has its § in the heading; the rest only in the Lovgrundlag row.
        written = f"Kvalitetsstandard for {name} – {standard.number}" if index % 2 == 0 else standard.heading
        blocks.append(Heading(1, written))
        fields = [c for c in standard.children if "-bilag-" not in c.key]
        blocks.append(Fields(tuple((f.heading, f.paragraphs) for f in fields)))
        children = [ExpectedSection(f.key, f.heading, None) for f in fields]
        for appendix in (c for c in standard.children if "-bilag-" in c.key):
            blocks.append(Heading(2, appendix.heading))
            children.append(ExpectedSection(appendix.key, appendix.heading, None))
            for service in appendix.children:  # Bilag 1: one block per service
                blocks.append(Heading(3, service.heading))
                blocks.extend(_paragraphs(service.paragraphs))
            if not appendix.children:
                blocks.extend(_bilag_table(appendix.paragraphs))
        expected.sections.append(ExpectedSection(standard.key, written, standard.number, tuple(children)))
    title = seed.title.split(" - ")[0]
    subtitle = ("Lyngby-Taarbæk Kommune", "Høringsudkast", "Center for Social Indsats, 2019")
    return Doc(title, subtitle, tuple(blocks)), expected


def _paragraphs(paragraphs) -> list:
    return [Bullets(p) if isinstance(p, tuple) else Para(p) for p in paragraphs]


def _bilag_table(paragraphs) -> list:
    """Intro, the table (the seed flattened it row by row), the closing remark."""
    at = next(i for i, p in enumerate(paragraphs) if isinstance(p, tuple))
    rows = []
    for row in paragraphs[at]:
        match = _ROW.match(row)
        if not match:
            raise ValueError(f"seed: Bilag 2 row {row!r} is not 'service (themes): interval'")
        # The extraction lost the X marks under the levels, so those cells stay empty.
        rows.append((match["name"], match["themes"], *("" for _ in LEVELS), match["interval"]))
    header = (
        (Cell("Ydelse", rowspan=2), Cell("Tema i VUM", rowspan=2), Cell("Funktionsniveau", colspan=len(LEVELS)),
         Cell("Ugentligt bevillingsinterval", rowspan=2)),
        tuple(Cell(level) for level in LEVELS),
    )
    table = Table(header, tuple(rows), columns=3 + len(LEVELS))
    # paragraphs[at - 1] is the demo's caption of the flattened table; the real table replaces it.
    return [*_paragraphs(paragraphs[: at - 1]), table, *_paragraphs(paragraphs[at + 1 :])]


# -- the 2013 plan ---------------------------------------------------------------

# Lines of the agenda's page furniture inside the plan: the case officer's stamp, the header.
_FURNITURE = re.compile(r"^(hjp|Maskinskrevet tekst|Social- og Sundhedsudvalget|11\. september 2013,?"
                        r"|Bilag til sag 2 eftersendt)$")
_SYMBOL_BULLET = "\uf0a7"
_AMOUNTS = re.compile(r"^(?P<label>.*?)\s*(?P<a>-?\d+,\d+) (?P<b>-?\d+,\d+)$")
PLAN_CHAPTERS = (  # (number, heading, anchor line in the seed where its text starts)
    ("1.", "Indledning", r"Helhedsplan for socialpsykiatrien$"),
    ("2.", "Den foreslåede model", r"Nærmere præsentation af modellen$"),
    ("2.1", "Inklusions- og recoveryenheden", r"Inklusions- og recoveryenheden$"),
    ("2.2", "Center for Social Indsats", r"Center for Social Indsats$"),
    ("3.", "Økonomi", r"Økonomi$"),
)


def plan(lines: list[str]) -> tuple[Doc, Expected]:
    start = find_line(lines, r"Helhedsplan for socialpsykiatrien$", 1000, "the 2013 plan")
    figure = find_line(lines, r"Figur 1\. Den foreslåede model", start, "the plan's figure")
    anchors, at = [], start
    for number, _, pattern in PLAN_CHAPTERS:
        at = find_line(lines, pattern, at + (1 if anchors else 0), f"plan chapter {number}")
        anchors.append(at)
    # 2.2 is the second "Center for Social Indsats": the first is a box of the figure.
    anchors[3] = find_line(lines, r"Center for Social Indsats$", anchors[2] + 1, "plan chapter 2.2")
    table_at = find_line(lines, r"Tabel 1\. Den foreslåede model", anchors[4], "the plan's table")
    table_end = find_line(lines, r"Tabel 2", table_at, "the plan's second table")
    after = find_line(lines, r"Den endelige fysiske placering", table_end, "the text after the tables")
    end = find_line(lines, r"Hertil kommer en engangsudgift", after, "the plan's last paragraph") + 2
    # Chapter 2's own text ends where the figure's boxes begin (the first "Center for Social Indsats").
    figure_boxes = find_line(lines, r"Center for Social Indsats$", anchors[1], "the figure's boxes")
    spans = [(anchors[0] + 1, figure), (anchors[1] + 1, figure_boxes), (anchors[2] + 1, anchors[3]),
             (anchors[3] + 1, anchors[4]), (anchors[4] + 1, table_at)]
    blocks: list = []
    expected = Expected(first_section="Indledning", header_table=("Mio. kr./netto", 2))
    for (number, title, _), (a, b) in zip(PLAN_CHAPTERS, spans, strict=True):
        blocks.append(Heading(number.count(".") if number.endswith(".") else 2, f"{number} {title}"))
        blocks.extend(_plan_blocks(lines[a:b]))
        section = ExpectedSection(number.rstrip("."), f"{number} {title}", number.rstrip("."))
        if "." in number.rstrip("."):
            parent = expected.sections[-1]
            expected.sections[-1] = ExpectedSection(parent.key, parent.written, parent.number,
                                                    (*parent.children, section))
        else:
            expected.sections.append(section)
    header_at = find_line(lines, r"Mio\. kr\./netto", table_at, "the plan's table header")
    blocks.append(_budget(lines[header_at + 1 : table_end]))
    blocks.extend(_plan_blocks(lines[after:end]))
    subtitle = ("Lyngby-Taarbæk Kommune", "Høringsudkast", "Model af 10. september 2013")
    return Doc("Helhedsplan for socialpsykiatrien", subtitle, tuple(blocks)), expected


def _plan_blocks(lines: list[str]) -> list:
    """Paragraphs; the Word bullet (U+F0A7, a Wingdings glyph in the extraction) starts a list item."""
    kept = [line for line in lines if not _FURNITURE.match(norm(line))]
    blocks: list = []
    for paragraph in prose_paragraphs(kept):
        items = [norm(item) for item in paragraph.split(_SYMBOL_BULLET)]
        if len(items) == 1:
            blocks.append(Para(paragraph))
            continue
        if items[0]:
            blocks.append(Para(items[0]))
        previous = blocks.pop().items if blocks and isinstance(blocks[-1], Bullets) else ()
        blocks.append(Bullets((*previous, *(item for item in items[1:] if item))))
    return blocks


def _budget(lines: list[str]) -> Table:
    """Table 1: a row ends at its line of two amounts; a label without amounts goes with the next."""
    rows, label = [], []
    for line in (norm(line) for line in lines):
        if not line:
            continue
        match = _AMOUNTS.match(line)
        if not match:
            label.append(line)
            continue
        rows.append((" ".join([*label, match["label"]]).strip(), match["a"], match["b"]))
        label = []
    header = ((Cell("Tiltag", rowspan=2), Cell("Mio. kr./netto 2013 pl.", colspan=2)), (Cell("2014"), Cell("2015")))
    return Table(header, tuple(rows), columns=3)


# -- the 2021 action plan ----------------------------------------------------------

# Lyngby-Taarbæk's "Handleplan for det Psykosociale område" as a municipality writes such a plan: no
# numbers, chapters in capitals, themes and efforts under them, headings that wrap. (level, heading as
# written, lines it takes in the seed, anchor where it starts, the key the tests call it.)
ACTION_PLAN_HEADINGS = (
    (1, "INDLEDNING", 1, r"INDLEDNING$", "indledning"),
    (1, "LÆSEVEJLEDNING", 1, r"LÆSEVEJLEDNING$", "laesevejledning"),
    (1, "SAMSKABELSE", 1, r"SAMSKABELSE$", "samskabelse"),
    (1, "AMBITION FOR DET PSYKOSOCIALE OMRÅDE", 1, r"AMBITION FOR DET PSYKOSOCIALE", "ambition"),
    (1, "OMSTILLINGER PÅ DET SPECIALISEREDE SOCIALOMRÅDE", 2, r"OMSTILLINGER PÅ DET", "omstillinger"),
    (1, "KONKLUSIONER FRA SAMSKABELSEN", 1, r"KONKLUSIONER FRA SAMSKABELSEN$", "konklusioner"),
    (2, "TEMA 1: MØDET MED BORGERE – SPROG, TILGANG, TID, RUMMELIGHED OG TYDELIGHED", 2, r"TEMA 1:", "tema-1"),
    (3, "Borgermødet og forståelsen af mennesket", 1, r"Borgermødet og forståelsen", "tema-1-borgermoedet"),
    (3, "At imødekomme udsatte borgere og pårørende", 1, r"At imødekomme udsatte borgere og", "tema-1-udsatte"),
    (3, "Sprog og tydelighed", 1, r"Sprog og tydelighed$", "tema-1-sprog"),
    (3, "Mødet med borgeren: Igangværende omstillinger og nye indsatser", 1, r"Mødet med borgeren: Igang",
     "tema-1-omstillinger"),
    (2, "TEMA 2: SAMARBEJDE MELLEM CENTRE OG SEKTORER", 1, r"TEMA 2:", "tema-2"),
    (3, "Overblik og en samlet plan", 1, r"Overblik og en samlet plan$", "tema-2-overblik"),
    (3, "Fælles koordinering og dialog", 1, r"Fælles koordinering og dialog$", "tema-2-koordinering"),
    (3, "Samarbejde mellem centre og sektorer: Igangværende omstillinger og nye indsatser", 2,
     r"Samarbejde mellem centre og sektorer: Igang", "tema-2-omstillinger"),
    (2, "TEMA 3: BORGERE, PÅRØRENDE, NETVÆRK OG SAMSKABENDE TILBUD", 1, r"TEMA 3:", "tema-3"),
    (3, "Levede erfaringer", 1, r"Levede erfaringer$", "tema-3-erfaringer"),
    (3, "Sløjfer mellem kommunale og frivillige indsatser", 1, r"Sløjfer mellem kommunale", "tema-3-sloejfer"),
    (3, "Borgere, pårørende og netværk: Igangværende omstillinger og nye indsatser", 1,
     r"Borgere, pårørende og netværk: Igang", "tema-3-omstillinger"),
    (2, "Opsummering af samskabelse", 1, r"Opsummering af samskabelse$", "opsummering"),
    (1, "IMPLEMENTERINGSPLAN", 1, r"IMPLEMENTERINGSPLAN$", "implementeringsplan"),
    (2, "A. Samskabelse og inddragelse af erfaringskompetence og civilsamfund", 1, r"A\. Samskabelse og", "a"),
    (3, "INDSATS 1: NEDSÆTTELSE AF REFERENCEGRUPPE", 1, r"INDSATS 1:", "indsats-1"),
    (3, "INDSATS 2: SKOLE PÅ TVÆRS – FOKUS PÅ ERFARINGSKOMPETENCE OG CIVILSAMFUND", 2, r"INDSATS 2:", "indsats-2"),
    (3, "INDSATS 3: PÅRØRENDEVEJLEDER", 1, r"INDSATS 3:", "indsats-3"),
    (2, "B. Udvikling af den faglige tilgang", 1, r"B\. Udvikling af den faglige tilgang$", "b"),
    (3, "INDSATS 4: KOMPETENCEUDVIKLING", 1, r"INDSATS 4:", "indsats-4"),
    (3, "INDSATS 5: SOCIALPÆDAGOGISK TILBUD TIL UNGE MED SPISEFORSTYRRELSER OG ANDEN SELVSKADENDE ADFÆRD", 2,
     r"INDSATS 5:", "indsats-5"),
    (2, "C. Samarbejde og sammenhæng på tværs af centre og sektorer", 1, r"C\. Samarbejde og sammenhæng", "c"),
    (3, "INDSATS 6: SAMMENHÆNG I INDSATSPLANER", 1, r"INDSATS 6:", "indsats-6"),
    (3, "INDSATS 7: KOMMUNIKATION OG FORMIDLING", 1, r"INDSATS 7:", "indsats-7"),
    (3, "INDSATS 8: UDVIKLING AF BRUGEN AF NETVÆRKSMØDESKABELON", 1, r"INDSATS 8:", "indsats-8"),
    (2, "D. Børn og familier", 1, r"D\. Børn og familier$", "d"),
    (3, "INDSATS 9: TILTAG FOR BØRN OG FAMILIER", 1, r"INDSATS 9:", "indsats-9"),
    (1, "PROCESPLAN", 1, r"PROCESPLAN$", "procesplan"),
)
# The extraction's footnotes ("3 \t Se bilag 1. ...", then lines that begin with a tab) and page numbers.
_FOOTNOTE = re.compile(r"^ ?\d{1,2} ?\t")
_PAGE_NUMBER = re.compile(r"^\d{1,2}$")
_EFFORT_ROW = re.compile(r"^Indsats \d ")
_POINT_MARK = re.compile(r"^(?:\d\.|-)\t")  # the extraction's list marks: "1.\t Tæt på borgeren", "-\t Arbejds…"
_POINT_START = "\x00"  # the point's mark kept through the paragraphing (no text holds it)
_POINT = re.compile(r"^\x00(?:\d\.|-) (?P<text>.*)$")
_BROKEN_WORD = re.compile(r"[a-zæøå]-$")


def action_plan(lines: list[str]) -> tuple[Doc, Expected]:
    anchors, at = [], 0
    for _level, written, _span, pattern, _key in ACTION_PLAN_HEADINGS:
        at = find_line(lines, pattern, at, f"action plan heading {written!r}")
        anchors.append(at)
    ends = [*anchors[1:], len(lines)]
    blocks: list = []
    flat: list[tuple[int, ExpectedSection]] = []
    for (level, written, span, _, key), start, end in zip(ACTION_PLAN_HEADINGS, anchors, ends, strict=True):
        blocks.append(Heading(level, written))
        body = lines[start + span : end]
        blocks.extend(_process_plan(body) if key == "procesplan" else _action_plan_blocks(body))
        flat.append((level, ExpectedSection(key, written, None)))
    expected = Expected(sections=_nested(flat), first_section="INDLEDNING")
    subtitle = ("Lyngby-Taarbæk Kommune", "Høringsudkast", "Center for Social Indsats, 2021")
    return Doc("Handleplan for det Psykosociale område", subtitle, tuple(blocks)), expected


def _nested(flat: list[tuple[int, ExpectedSection]]) -> list[ExpectedSection]:
    """Sections in the document's order, with their levels, as a tree: each with the deeper ones after it."""
    tree, i = [], 0
    while i < len(flat):
        level, section = flat[i]
        j = i + 1
        while j < len(flat) and flat[j][0] > level:
            j += 1
        tree.append(dataclasses.replace(section, children=tuple(_nested(flat[i + 1 : j]))))
        i = j
    return tree


def _action_plan_blocks(lines: list[str]) -> list:
    """Paragraphs without the extraction's footnotes, page numbers and hyphenation; "1." and "-" points
    as a list."""
    kept, in_footnote = [], False
    for line in lines:
        text = norm(line)
        if _FOOTNOTE.match(line) or (in_footnote and line.startswith("\t")):
            in_footnote = True
            continue
        in_footnote = False
        if _POINT_MARK.match(line):  # a point, not a line that happens to begin "1."
            kept.append(_POINT_START + text)
        elif not _PAGE_NUMBER.match(text):
            kept.append(text)
    blocks: list = []
    for chunk in _points(_unhyphenated(kept)):
        paragraphs = prose_paragraphs(chunk)
        point = _POINT.match(paragraphs[0]) if paragraphs else None
        if point is not None:
            previous = blocks.pop().items if blocks and isinstance(blocks[-1], Bullets) else ()
            blocks.append(Bullets((*previous, point["text"])))
            paragraphs = paragraphs[1:]
        blocks.extend(Para(paragraph) for paragraph in paragraphs)
    return blocks


def _unhyphenated(lines: list[str]) -> list[str]:
    """A word the PDF broke at a line's end ("fortæl-" "ling") made whole on the first line: the plan
    as its author typed it."""
    lines: list[str | None] = list(lines)
    for i, line in enumerate(lines):
        # The word goes on on the next line with text: a page's foot and number may come between.
        j = next((j for j in range(i + 1, len(lines)) if lines[j]), None)
        if not line or j is None:
            continue
        following = lines[j]
        word, _, rest = following.partition(" ")
        if _BROKEN_WORD.search(line) and following[:1].islower() and word not in ("og", "eller"):
            lines[i], lines[j] = line[:-1] + word, rest or None  # None: nothing was left of it
        elif j == i + 1 and re.match(r"-[a-zæøå]", following):  # "tværkommunale og" "-regionale": no point
            lines[i], lines[j] = f"{line} {word}", rest or None
    return [line for line in lines if line is not None]


def _points(lines: list[str]) -> list[list[str]]:
    """The lines in chunks, a new one at each numbered or dashed point (the extraction keeps its mark)."""
    chunks: list[list[str]] = [[]]
    for line in lines:
        if _POINT.match(line):
            chunks.append([])
        chunks[-1].append(line)
    return [chunk for chunk in chunks if chunk]


def _process_plan(lines: list[str]) -> list:
    """The process plan's table lost its columns in the extraction: each effort's row, as a list item."""
    rows: list[list[str]] = []
    for text in _unhyphenated([norm(line) for line in lines if line.strip()]):
        if _EFFORT_ROW.match(text):
            rows.append([text])
        elif text and rows:
            rows[-1].append(text)
    return [Para("Indsatserne sættes i gang og følges op således:"), Bullets(tuple(join_parts(r) for r in rows))]
