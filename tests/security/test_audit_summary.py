"""The dependency audit's verdict, in the one line CI prints last: a check that checked nothing says so."""

import importlib.util
import subprocess  # noqa: S404 (runs the repository's own CI script piece, fixed arguments)
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("audit_deps", REPOSITORY / "tools" / "audit_deps.py")
audit_deps = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit_deps)

LOCK = "requirements-dev.lock"


def _report(*skips: str, vulnerable: bool = False) -> dict:
    """pip-audit's JSON report (its --format json), for three packages."""
    dependencies = [{"name": "flask", "version": "3.1.0", "vulns": []},
                    {"name": "jinja2", "version": "3.1.4", "vulns": []},
                    {"name": "pypdf", "version": "7.1.1", "vulns": []}]
    for dep, reason in zip(dependencies, skips, strict=False):
        dep.pop("vulns")
        dep["skip_reason"] = reason
    if vulnerable:
        dependencies[0]["vulns"] = [{"id": "PYSEC-0000-1", "fix_versions": ["3.1.1"], "aliases": []}]
    return {"dependencies": dependencies}


def test_nothing_checked_is_said_plainly_and_not_as_a_pass():
    not_found = "Dependency not found on PyPI and could not be audited: flask (3.1.0)"
    data = _report(not_found, not_found.replace("flask", "jinja2"), not_found.replace("flask", "pypdf"))
    result, _lines = audit_deps.verdict(0, "No known vulnerabilities found", data)
    assert result == "unreachable"
    line = audit_deps.summary(result, LOCK, 3, data)
    assert line.startswith("Dependency audit: NOT DONE, 0 of 3 packages") and "\n" not in line
    unreachable = audit_deps.summary("unreachable", LOCK, 113, None)
    assert "0 of 113 packages in requirements-dev.lock checked" in unreachable


def test_a_real_check_and_a_finding_read_differently():
    clean = _report()
    assert audit_deps.summary(audit_deps.verdict(0, "", clean)[0], LOCK, 3, clean) == (
        "Dependency audit: 3 of 3 packages in requirements-dev.lock checked, no known vulnerabilities.")
    found = _report(vulnerable=True)
    assert "KNOWN VULNERABILITIES" in audit_deps.summary(audit_deps.verdict(1, "", found)[0], LOCK, 3, found)


def test_the_lock_is_counted_by_its_pins():
    pins = audit_deps.locked_packages(str(REPOSITORY / LOCK))
    assert pins == (REPOSITORY / LOCK).read_text().count("==") > 50


def test_ci_prints_the_line_last(tmp_path):
    """.ci/run's trap: whatever the run printed before, the audit's line comes after it."""
    script = (REPOSITORY / ".ci" / "run").read_text()
    start = script.index("AUDIT_SUMMARY_FILE=")
    setup = script[start:script.index("\n\n", start)]
    run = tmp_path / "run"
    run.write_text(f"set -euo pipefail\n{setup}\n"
                   f'echo "Dependency audit: NOT DONE" >> "$AUDIT_SUMMARY_FILE"\necho "== tests"\necho "9 passed"\n')
    out = subprocess.run(["bash", str(run)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    assert out.splitlines()[-1] == "Dependency audit: NOT DONE"
