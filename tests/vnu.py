"""The Nu HTML Checker (vnu-jar, from npm) for the tests that check pages and files are valid HTML: the
`java` fixture finds Java and the checker (missing: skipped locally, failed in CI), `run_vnu` runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess  # noqa: S404 (runs the checker, a fixed command)
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MISSING_JAVA = "Java and vnu-jar are required in CI: apt-get install default-jre-headless; npm ci"


@pytest.fixture
def java() -> str:
    """The java command; before the data is built, so that a skip is quick."""
    java = shutil.which("java")
    if java and VNU_JAR.exists():
        return java
    missing = "java" if not java else str(VNU_JAR.relative_to(REPO_ROOT))
    if os.environ.get("CI"):
        pytest.fail(f"{MISSING_JAVA} ({missing} not found)", pytrace=False)
    pytest.skip(f"{MISSING_JAVA} (skipped locally: {missing} not found)")


def run_vnu(java: str, folder: Path, names: list[str]) -> list[dict]:
    """The checker's errors for these files, one Java start for all."""
    # The quick compiler only: half the CPU time for a few hundred pages; it needs a deeper stack.
    result = subprocess.run(  # noqa: S603 (our own Java and jar, file names we made)
        [java, "-Xss8m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
         *names],
        cwd=folder, capture_output=True, text=True, timeout=600, check=False,
    )
    try:
        report = json.loads(result.stderr)  # vnu writes its JSON report to standard error
    except json.JSONDecodeError:
        pytest.fail(f"the checker gave no report (exit {result.returncode}):\n{result.stderr[-2000:]}")
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
