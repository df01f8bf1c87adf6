"""Scoring the corpus (tests/fixtures/corpus/) with today's readers: the draft importer and the letter splitter.

A draft, in any format, is imported as the upload imports it (`import_document`)
and its sections matched, by the words of their headings, to the sections the
corpus script wrote (`manifest.json`). A letter is read as
a case officer registers it (`extract_text`, or the e-mail's body pasted), cut
into paragraphs and guessed (`guess_choices`) against a draft of the same
round; each of the letter's headings scores when every paragraph under it lands
where the manifest says: on that section (or one of its fields), as a general
remark, or as a no-remarks point on the section its heading names ("ingen bemærkninger").
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from functools import cache
from html import escape
from pathlib import Path

from app.demo.seed_2019 import load_round
from app.hearings.draft_import import ImportedSection, ImportResult, import_document
from app.responses import letters
from app.responses.letters import SECTION, SectionRef
from app.responses.letters.matching import paragraph_numbers, plain_start

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
SEED_2019 = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "001_1345e644b00922b9.txt"
DEMO = "(the demo's own sections)"  # the 2019 draft as `flask demo load` builds it, numbers and all
REPORT: list[str] = []  # the score table, printed at the end of the run (tests/corpus/conftest.py)


@cache
def manifest() -> dict:
    return json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))


def expected(name: str) -> dict:
    if name in TIGHT:
        name = "letter-2019-tagged.pdf"
    entry = {**manifest()["drafts"], **manifest()["letters"]}[name]
    return manifest()["expected"][entry["expected"]]


def words(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", (text or "").casefold()))


# -- drafts ---------------------------------------------------------------------------


@dataclass
class Node:
    """An imported section, with the key of the written section it was matched to (None: none)."""

    key: str  # its path in the imported tree: "3", "3.2"
    section: ImportedSection
    parent: Node | None
    match: str | None = None
    children: list[Node] = field(default_factory=list)

    def chain(self) -> list[str]:
        """The matched keys of this section and the sections above it."""
        node, keys = self, []
        while node:
            keys += [node.match] if node.match else []
            node = node.parent
        return keys


@cache
def imported(name: str) -> tuple[list[Node], ImportResult, tuple[float, float]]:
    """A draft of the corpus in any format, read as the upload reads it (`import_document`, once a run),
    its tree matched to what was written; with the wall-clock and processor seconds the import took."""
    data = (CORPUS / name).read_bytes()
    started, cpu = time.perf_counter(), time.process_time()
    result = import_document(data, name)
    seconds = (time.perf_counter() - started, time.process_time() - cpu)
    nodes = _nodes(result.sections, None, "")
    _match(nodes, expected(name)["sections"])
    return nodes, result, seconds


def _nodes(sections: list[ImportedSection], parent: Node | None, prefix: str) -> list[Node]:
    nodes = []
    for index, section in enumerate(sections):
        node = Node(f"{prefix}{index}", section, parent)
        node.children = _nodes(section.children, node, f"{node.key}.")
        nodes.append(node)
    return nodes


def _match(nodes: list[Node], written: list[dict]) -> None:
    free = list(nodes)
    for want in written:
        for node in free:
            said = {words(node.section.heading), words(f"{node.section.number or ''} {node.section.heading}")}
            if words(want["written"]) in said:
                node.match = want["key"]
                free.remove(node)
                _match(node.children, want["children"])
                break


def _walk(nodes: list[Node]):
    for node in nodes:
        yield node
        yield from _walk(node.children)


@dataclass
class DraftScore:
    top: tuple[int, int]  # top-level sections found, of those written
    below: tuple[int, int]  # sections below them found (fields, appendices, sub-chapters)
    numbers: tuple[int, int]  # numbered sections whose number was set
    cover_ok: bool  # the first section is the first one written (no "Indledning" made of the title page)
    header_rows: tuple[int, int]  # header rows of the checked table, in <thead>


# Page furniture that must not come in: WeasyPrint's footer "Side 3 af 39".
PAGE_FURNITURE = re.compile(r"\bSide \d+ af \d+\b")


@dataclass
class ImportScore:
    score: DraftScore
    title: str | None
    subtitle: str | None
    furniture: int  # sections whose heading or text holds a page header, footer or number
    seconds: float  # the import's wall-clock time
    cpu_seconds: float  # the processor time it took (what a busy shared machine does not inflate)


def score_draft(name: str) -> ImportScore:
    """How well a draft in any format imports: its sections, numbers, title page and table head."""
    nodes, result, seconds = imported(name)
    want = expected(name)
    written = list(_flatten(want["sections"]))
    found = {n.match for n in _walk(nodes) if n.match}
    top_keys = {s["key"] for s in want["sections"]}
    numbered = [s for s in written if s["number"]]
    by_key = {n.match: n for n in _walk(nodes) if n.match}
    numbers_set = sum(1 for s in numbered if s["key"] in by_key
                      and (by_key[s["key"]].section.number or "").replace(" ", "") == s["number"].replace(" ", ""))
    text, rows = want["header_table"] or (None, 0)  # a draft with no table to check: (0, 0)
    score = DraftScore(
        top=(len(found & top_keys), len(top_keys)),
        below=(len(found - top_keys), len(written) - len(top_keys)),
        numbers=(numbers_set, len(numbered)),
        cover_ok=bool(nodes) and nodes[0].match == want["sections"][0]["key"],
        header_rows=(_header_rows(nodes, text) if text else 0, rows),
    )
    furniture = sum(1 for n in _walk(nodes)
                    if PAGE_FURNITURE.search(n.section.heading) or PAGE_FURNITURE.search(n.section.body_html))
    return ImportScore(score, result.title, result.subtitle, furniture, *seconds)


def _flatten(sections: list[dict]):
    for section in sections:
        yield section
        yield from _flatten(section["children"])


def _header_rows(nodes: list[Node], text: str) -> int:
    """Rows in the <thead> of the first imported table whose text holds `text` (0: it is not in a head)."""
    for node in _walk(nodes):
        for table in re.findall(r"<table.*?</table>", node.section.body_html, re.S):
            if text in table:
                head = re.search(r"<thead>(.*?)</thead>", table, re.S)
                return head.group(1).count("<tr") if head and text in head.group(1) else 0
    return 0


# -- letters --------------------------------------------------------------------------


# The 2019 letter as a PDF with no space between its paragraphs and its headings in bold (WeasyPrint,
# p { margin: 0 }), as a council's Word letter often is: not a corpus file, made here, since it is
# where a reader that goes by blank lines runs each heading into the text after it. Scored like the
# corpus's letters, under these names.
TIGHT = {"letter-2019-tight-tagged.pdf": True, "letter-2019-tight-untagged.pdf": False}


@cache
def tight_letter(name: str) -> bytes:
    from tools.corpus import letters as corpus_letters
    from tools.corpus import writers

    letter, _expected = corpus_letters.letter_2019(load_round(SEED_2019), SEED_2019.read_text("utf-8").splitlines())
    html = writers.html(letter).replace("</style>", "p { margin: 0; } blockquote { margin: 0 0 0 2em; }</style>")
    for heading in expected(name)["headings"]:
        escaped = escape(heading["text"])
        html = html.replace(f"<p>{escaped}</p>", f"<p><b>{escaped}</b></p>")
    return writers.html_pdf(html, tagged=TIGHT[name])


def letter_paragraphs(name: str) -> list[str] | str:
    """The letter's paragraphs as the officer gets them, or why there are none."""
    if name in TIGHT:
        return letters.paragraphs_of(letters.extract_text(tight_letter(name), "application/pdf"))
    entry = manifest()["letters"][name]
    data = (CORPUS / name).read_bytes()
    try:
        return letters.paragraphs_of(letters.extract_text(data, entry["content_type"]))
    except letters.NoText:
        return "no text (typed by hand)"


def headings_alone(paragraphs: list[str], headings: list[dict]) -> int:
    """How many of the letter's headings are a paragraph of their own (not run into the text after them)."""
    said = {words(p) for p in paragraphs}
    return sum(1 for heading in headings if words(heading["text"]) in said)


def refs_of(nodes: list[Node]) -> tuple[list[SectionRef], dict[str, list[str]]]:
    """What the splitter is given of an imported draft, and each section's matched keys upwards."""
    refs, chains = [], {}
    for node in _walk(nodes):
        s = node.section
        label = f"{s.number} {s.heading}" if s.number else s.heading
        refs.append(SectionRef(node.key, s.number, s.heading, node.parent.key if node.parent else None, label,
                               plain_start(s.body_html)))
        chains[node.key] = node.chain()
    return refs, chains


@cache
def demo_refs() -> tuple[list[SectionRef], dict[str, list[str]]]:
    """The 2019 draft as the demo loads it: the seed's own keys and numbers."""
    refs, chains = [], {}

    def walk(sections, parent=None):
        for s in sections:
            first = next((p for p in s.paragraphs if isinstance(p, str)), "")
            refs.append(SectionRef(s.key, s.number, s.heading, parent.key if parent else None,
                                   f"{s.number} {s.heading}" if s.number else s.heading, first))
            chains[s.key] = [s.key, *(chains[parent.key] if parent else [])]
            walk(s.children, s)

    walk(load_round(SEED_2019).sections)
    return refs, chains


def score_letter(paragraphs: list[str], refs: list[SectionRef], chains: dict[str, list[str]],
                 headings: list[dict]) -> tuple[int, int, list[str]]:
    """(headings right, headings, the wrong ones) for one letter on one draft."""
    choices = letters.guess_choices(paragraphs, refs)
    said = [words(p) for p in paragraphs]
    at, offset, right, wrong = 0, 0, 0, []
    for heading in headings:
        ok = True
        for paragraph in heading["paragraphs"]:
            key = " ".join(words(paragraph["text"]).split()[:8])
            # A paragraph that starts with the words, else any that holds them (a heading run into it).
            starts = next((i for i in range(at + (offset > 0), len(said)) if said[i].startswith(key)), None)
            if starts is not None:
                at, offset = starts, 0
            while at < len(said) and (found := said[at].find(key, offset)) < 0:
                at, offset = at + 1, 0
            if at == len(said):  # the text is not there at all
                ok, at, offset = False, 0, 0
                continue
            offset = found + 1
            target = paragraph["target"]
            if target == "none":  # "ingen bemærkninger": a no-remarks point on the section of the heading
                ok = ok and letters.says_no_remarks(paragraphs[at])
                target = "p" + paragraph_numbers(heading["text"])[0]
            ok = ok and _lands(choices[at], target, chains)
        right += ok
        if not ok:
            wrong.append(heading["text"])
    return right, len(headings), wrong


def _lands(choice: str, target: str, chains: dict[str, list[str]]) -> bool:
    if target == "general":
        return choice == letters.GENERAL
    return choice.startswith(SECTION) and target in chains.get(choice.removeprefix(SECTION), [])
