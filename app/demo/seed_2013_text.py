"""The 2013 round of seed 000 ("Helhedsplan for socialpsykiatrien") as plain data, read from the seed text.

Every text here is the seed's, found by anchor lines (never by line numbers)
and cleaned as the 2019 round is (`seed_text`): the case (lines 47–118), the
three models as the administration describes them in its answer to question
17 (lines 863–1052), the two meetings' minutes (lines 120–139) and the
revised model of 10 September 2013 (lines 1082–1371). Standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from app.demo.seed_text import draft_paragraphs, find_line, norm, prose_paragraphs

SEED_2013_NAME = "000_5fb5fb59a46b40c9.txt"


@dataclass(frozen=True)
class SeedPart:
    key: str
    heading: str
    paragraphs: tuple[str | tuple[str, ...], ...]  # a tuple is a bullet list


@dataclass(frozen=True)
class SeedMinutes:
    text: str  # the decision's paragraphs, vote included, for `seed_meetings.parse_minutes`
    absent: tuple[str, ...]  # "Jørn Moos (V)"


@dataclass(frozen=True)
class Seed2013:
    title: str
    committee: str
    letter: str  # the case's sentence on sending the three models to hearing
    vision: tuple[str, ...]
    models: tuple[SeedPart, ...]  # Model 1, 2, 3
    tally_sentence: str  # "De fleste høringssvar peger på model 2, mens …"
    variant_text: str  # the institutions' model 2½ in outline
    variant_reason: str  # as question 1 quotes the response from Nettet
    administration_view: tuple[str | tuple[str, ...], ...]  # "Forvaltningen anbefaler model 2 af følgende grunde: …"
    financial_note: str  # the difference between model 2½ and model 2
    meeting_august: SeedMinutes
    meeting_september: SeedMinutes
    revised: tuple[SeedPart, ...]  # "model af 10. september 2013"


_ABSENT = re.compile(r"^(.+?) var fraværende\.?$")
_BULLET = re.compile(r"^\s*[\uf0a7\uf0b7]\s*")  # the private-use bullets of the PDF extraction
_NUMBERED = re.compile(r" (?=\d\. +[A-ZÆØÅ])")  # "… styring 2. Fokus på …": a numbered list run together


def _lines(lines: list[str], start: str, end: str, *, after: int = 0, include_start: bool = True) -> list[str]:
    first = find_line(lines, start, after, what=start)
    last = find_line(lines, end, first + 1, what=end)
    return lines[first if include_start else first + 1:last]


def _paragraphs(lines: list[str]) -> tuple[str | tuple[str, ...], ...]:
    """Paragraphs and bullet lists; "Se tabel 3 nedenfor." goes, as the tables are not part of the demo."""
    cleaned = [(None, _BULLET.sub("- ", line).strip()) for line in lines]
    found = []
    for element in draft_paragraphs(cleaned, set(), short_blocks=False):
        if isinstance(element, str) and re.fullmatch(r"Se (også )?tabel \d nedenfor\.", element):
            continue
        if isinstance(element, str) and re.match(r"1\. ", element) and _NUMBERED.search(element):
            element = tuple(_NUMBERED.split(element))
        found.append(element)
    return tuple(found)


def _minutes(lines: list[str]) -> SeedMinutes:
    kept, absent = [], []
    for paragraph in prose_paragraphs(lines):
        found = _ABSENT.match(paragraph)
        if found:
            absent.append(found.group(1))
        else:
            kept.append(paragraph)
    return SeedMinutes("\n\n".join(kept), tuple(absent))


def _model(lines: list[str], number: int, start: str) -> SeedPart:
    """A model as the answer to question 17 describes it: its prose, then its total ("Samlet provenu …")."""
    body = _paragraphs(_lines(lines, start, rf"Tabel {number}$"))
    total_at = find_line(lines, rf"Samlet provenu i model {number}\b", what=f"model {number} total")
    return SeedPart(f"model-{number}", f"Model {number}", (*body, norm(lines[total_at])))


def read_2013(path: str | Path) -> Seed2013:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    case_at = find_line(lines, r"Social- og Sundhedsudvalget besluttede i maj 2013", what="the case")
    case = prose_paragraphs(lines[case_at:find_line(lines, r"Forvaltningen anbefaler model 2", case_at)])
    responses = next(p for p in case if p.startswith("Høringssvarene er fremkommet"))
    tally = re.search(r"De fleste høringssvar .*? som høringssvar\.", responses).group(0)
    variant = re.search(r"I hovedtræk går forslaget ud på, .*?længerevarende behov\.", responses).group(0)
    view = _paragraphs(_lines(lines, r"Forvaltningen anbefaler model 2", r"Det er afgørende", after=case_at))
    money = prose_paragraphs(_lines(lines, r"Differencen mellem model 2½", r"Estimatet er baseret"))
    # Question 1 (Gitte Westermann (V)) quotes the response from Nettet: its reason against model 2.
    question = " ".join(norm(line) for line in _lines(lines, r"I høringssvar fra Nettet", r"forestiller forvaltningen"))
    august = _lines(lines, r"Social- og Sundhedsudvalget den 21\. august 2013",
                    r"Social- og Sundhedsudvalget den 11\. september 2013", include_start=False)
    september_at = find_line(lines, r"Anbefalet det reviderede udkast", what="the September decision")
    september = lines[september_at:find_line(lines, r"Jørn Moos \(V\) var fraværende", september_at) + 1]
    return Seed2013(
        title="Helhedsplan for socialpsykiatrien",
        committee="Social- og Sundhedsudvalget",
        letter=case[0],
        vision=tuple(p for p in case if p.startswith("Den overordnede vision")),
        models=(
            _model(lines, 1, r"Model 1 svarer til"),
            _model(lines, 2, r"I model 2 investeres"),
            _model(lines, 3, r"I model 3 sammenlægges"),
        ),
        tally_sentence=tally,
        variant_text=variant,
        variant_reason=_reason(question),
        administration_view=view,
        financial_note=" ".join(money),
        meeting_august=_minutes(august),
        meeting_september=_minutes(september),
        revised=_revised(lines),
    )


def _reason(question: str) -> str:
    """"… skriver man, at der ikke kan bygges videre på eksisterende erfaringer i model 2": the quoted clause
    as a sentence of its own (its word order made a main clause's: "Der kan ikke bygges …")."""
    found = re.search(r"skriver man, at der ikke kan (.+? model 2)", question)
    if found is None:
        raise ValueError("seed: question 1 does not quote the response from Nettet")
    return f"Der kan ikke {found.group(1)}."


def _revised(lines: list[str]) -> tuple[SeedPart, ...]:
    """The revised model of 10 September 2013, by its own headings; the figure and the tables are left out."""
    start = find_line(lines, r"På baggrund af forårets dialog", what="the revised model")
    presented = find_line(lines, r"Nærmere præsentation af modellen", start)
    unit = find_line(lines, r"Inklusions- og recoveryenheden$", presented)
    centre = find_line(lines, r"Center for Social Indsats$", unit)
    economy = find_line(lines, r"Økonomi$", centre)
    table = find_line(lines, r"Tabel 1\. Den foreslåede model", economy)
    placing = find_line(lines, r"Den endelige fysiske placering", table)
    end = find_line(lines, r"men som forudsættes afholdt indenfor rammen\.", placing) + 1
    return (
        SeedPart("revideret-model", "Helhedsplan for socialpsykiatrien (model af 10. september 2013)",
                 _paragraphs(lines[start:find_line(lines, r"hjp$", start)])),
        SeedPart("revideret-botilbud", "Slotsvænget, Nettet og Kirsten Marie",
                 _paragraphs(_lines(lines, r"Slotsvænget, Nettet og Kirsten Marie$", r"Center for Social Indsats$",
                                    after=presented, include_start=False))),
        SeedPart("revideret-inklusion", "Inklusions- og recoveryenheden", _paragraphs(lines[unit + 1:centre])),
        SeedPart("revideret-csi", "Center for Social Indsats", _paragraphs(lines[centre + 1:economy])),
        SeedPart("revideret-oekonomi", "Økonomi",
                 _paragraphs(lines[economy + 1:table]) + _paragraphs(lines[placing:end])),
    )
