"""English is complete: every text in the code and templates has a translation."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "app" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def _extract(tmp_path) -> set[str]:
    output = tmp_path / "messages.pot"
    subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "--ignore-dirs=.* node_modules", "-o", str(output), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with output.open("rb") as pot:
        return {m.id for m in read_po(pot) if m.id}


def test_every_text_in_code_and_templates_is_in_the_english_catalogue(tmp_path):
    with CATALOGUE.open("rb") as po:
        catalogue = {m.id for m in read_po(po) if m.id}
    missing = _extract(tmp_path) - catalogue
    assert not missing, f"run `make extract-messages` and translate: {sorted(missing)}"


def test_every_english_message_is_translated():
    with CATALOGUE.open("rb") as po:
        untranslated = [m.id for m in read_po(po) if m.id and (not m.string or m.fuzzy)]
    assert untranslated == []
