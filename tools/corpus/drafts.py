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

import re

from app.demo.seed_2019 import SeedRound
from app.demo.seed_text import find_line, norm, prose_paragraphs
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
