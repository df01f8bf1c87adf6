"""Build the test corpus of drafts and letters under tests/fixtures/corpus/ from the seeds.

    .venv/bin/python -m tools.build_corpus            # (re)write tests/fixtures/corpus/
    .venv/bin/python -m tools.build_corpus OUT_DIR    # write elsewhere (the drift test does)

Nine drafts (the 2019 catalogue as Word, ODT, tagged and untagged PDF; the 2013
plan as Word; Lyngby-Taarbæk's 2021 action plan for the psychosocial area, with
headings in capitals and no numbers, as Word with heading styles and without
them, and as tagged and untagged PDF) and eight letters (Handicaprådet's 2019
letter as tagged and untagged PDF, Word, ODT, an e-mail and a scan; a letter
that quotes the draft and has no remarks to two standards; one that numbers
its points "Ad pkt. 3").
`manifest.json` says what each file is, which draft a letter answers, and what
a reader should find (see `tools/corpus/document.py`). The same seeds give the
same bytes.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import shutil
import subprocess  # nosec B404 - pdftoppm (poppler-utils) renders the page the scan is made of
import sys
import tempfile
from pathlib import Path

from app.demo.seed_2019 import load_round
from tools.corpus import drafts, letters, writers

REPOSITORY = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("CORPUS_SEEDS", REPOSITORY.parent / "shared" / "seeds"))
SEED_2019 = SEEDS / "001_1345e644b00922b9.txt"
SEED_2013 = SEEDS / "000_5fb5fb59a46b40c9.txt"
SEED_2021 = SEEDS / "004_d7c1d9be2f688efe.txt"
OUT = REPOSITORY / "tests" / "fixtures" / "corpus"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"


def build(out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    seed = load_round(SEED_2019)
    lines_2019 = SEED_2019.read_text(encoding="utf-8").splitlines()
    lines_2013 = SEED_2013.read_text(encoding="utf-8").splitlines()
    lines_2021 = SEED_2021.read_text(encoding="utf-8").splitlines()
    manifest: dict = {"drafts": {}, "letters": {}, "expected": {}}

    def put(kind: str, name: str, data: bytes, content_type: str, answers: str, expected) -> None:
        """A file, and what is expected of it; files that say the same share one expectation."""
        (out / name).write_bytes(data)
        what = name.removesuffix("." + name.rsplit(".", 1)[-1]).removesuffix("-tagged").removesuffix("-untagged")
        what = what.removesuffix("-scan")
        manifest["expected"][what] = dataclasses.asdict(expected)
        manifest[kind][name] = {"content_type": content_type, "round": answers, "expected": what}

    catalogue, expected = drafts.catalogue(seed)
    put("drafts", "catalogue-2019.docx", writers.docx(catalogue), DOCX, "2019", expected)
    put("drafts", "catalogue-2019.odt", writers.odt(catalogue), ODT, "2019", expected)
    put("drafts", "catalogue-2019-tagged.pdf", writers.pdf(catalogue, tagged=True), "application/pdf", "2019",
        expected)
    put("drafts", "catalogue-2019-untagged.pdf", writers.pdf(catalogue, tagged=False), "application/pdf", "2019",
        expected)
    plan, expected = drafts.plan(lines_2013)
    put("drafts", "plan-2013.docx", writers.docx(plan), DOCX, "2013", expected)
    action_plan, expected = drafts.action_plan(lines_2021)
    put("drafts", "action-plan-2021.docx", writers.docx(action_plan), DOCX, "2021", expected)
    put("drafts", "action-plan-2021-no-styles.docx", writers.docx(action_plan, heading_styles=False), DOCX, "2021",
        expected)
    put("drafts", "action-plan-2021-tagged.pdf", writers.pdf(action_plan, tagged=True), "application/pdf", "2021",
        expected)
    put("drafts", "action-plan-2021-untagged.pdf", writers.pdf(action_plan, tagged=False), "application/pdf",
        "2021", expected)

    letter, expected = letters.letter_2019(seed, lines_2019)
    untagged = writers.pdf(letter, tagged=False)
    put("letters", "letter-2019-tagged.pdf", writers.pdf(letter, tagged=True), "application/pdf", "2019", expected)
    put("letters", "letter-2019-untagged.pdf", untagged, "application/pdf", "2019", expected)
    put("letters", "letter-2019.docx", writers.docx(letter), DOCX, "2019", expected)
    put("letters", "letter-2019.odt", writers.odt(letter), ODT, "2019", expected)
    put("letters", "letter-2019.eml", letters.eml(letter, "Handicaprådet <handicapraad@example.dk>",
                                                  "Høringer <hoeringer@ltk.example.dk>"), "message/rfc822", "2019",
        expected)
    put("letters", "letter-2019-scan.pdf", scan(untagged), "application/pdf", "2019", expected)
    quoting, expected = letters.quotation_letter(seed)
    put("letters", "letter-quotation-2019.docx", writers.docx(quoting), DOCX, "2019", expected)
    numbered, expected = letters.numbered_points_letter()
    put("letters", "letter-numbered-points-2013.docx", writers.docx(numbered), DOCX, "2013", expected)
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def scan(pdf: bytes) -> bytes:
    """The letter's first page as a picture only: pdftoppm renders it, WeasyPrint wraps the PNG, no text."""
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        raise SystemExit("pdftoppm is missing: install poppler-utils (see README, Set-up)")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "letter.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603 # nosec B603 - a fixed command line on a file we wrote
            [pdftoppm, "-png", "-gray", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(source),
             str(Path(folder) / "page")], check=True)
        png = (Path(folder) / "page.png").read_bytes()
    image = base64.b64encode(png).decode()
    page = ("<!doctype html><html lang='da'><head><style>@page { size: A4; margin: 0 }"
            " img { width: 210mm; height: 297mm; display: block }</style></head>"
            f"<body><img alt='' src='data:image/png;base64,{image}'></body></html>")
    return writers.html_pdf(page, tagged=False)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    built = build(target)
    sizes = sum(f.stat().st_size for f in target.iterdir())
    print(f"{len(built['drafts'])} drafts, {len(built['letters'])} letters, {sizes:,} bytes in {target}")
