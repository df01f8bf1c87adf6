"""pip-audit on a lock file, telling "vulnerable" apart from "could not ask".

    .venv/bin/python tools/audit_deps.py requirements-dev.lock [pip-audit options, e.g. --ignore-vuln ID]

Exit status:
  0  no known vulnerability in the locked packages, or the vulnerability service
     could not be reached (a warning says so: the packages were NOT checked);
  1  a known vulnerability in a locked package (upgrade the pin in requirements*.txt
     and run `make lock`; or, when no fix exists and the risk is understood, pass
     --ignore-vuln ID with a comment in the Makefile), or pip-audit failed for
     another reason (a broken lock file, a bug): that is never passed over.

pip-audit asks its service (PyPI's JSON API) about every package and version. When
the network does not let it through, pip-audit either fails with a connection
error or, where only part of that API is served, skips each package as "not found
on PyPI" and still says "No known vulnerabilities found". Both are reported here
as "not checked", loudly, and do not fail the build; set AUDIT_REQUIRE_SERVICE=1
to make them fail it.

With AUDIT_SUMMARY_FILE set, one line saying how many packages were checked (or
that none were) is appended to that file too: .ci/run prints it as the last line
of its run, where nobody scrolls past it. No vulnerability database that works
without the service can be installed here (README, "Security"), so when the
service is out of reach, the line says that the packages were not checked.
"""

from __future__ import annotations

import json
import os
import subprocess  # noqa: S404 (runs pip-audit, a fixed command)
import sys
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 600
# Words in pip-audit's output when it could not talk to its service.
NETWORK_ERRORS = (
    "connectionerror",
    "could not connect",
    "max retries exceeded",
    "failed to resolve",
    "name or service not known",
    "temporary failure in name resolution",
    "nameresolutionerror",
    "newconnectionerror",
    "connection refused",
    "connection reset",
    "network is unreachable",
    "timed out",
    "readtimeout",
    "connecttimeout",
    "sslerror",
    "proxyerror",
    "not redirecting properly",
    "your network may be blocking",
    "serviceerror",
)
NOT_FOUND = "not found on pypi"


def run_pip_audit(lock: str, extra: list[str]) -> tuple[int, str, dict | None]:
    """pip-audit's exit status, its stderr and stdout, and its JSON report (None if it wrote none)."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [
            sys.executable, "-m", "pip_audit",
            "--requirement", lock,
            "--disable-pip",  # the lock is complete and hashed: nothing to resolve or install
            "--progress-spinner", "off",
            "--format", "json", "--output", str(report),
            *extra,
        ]
        try:
            done = subprocess.run(  # noqa: S603 (a fixed argument list, no shell)
                command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            return -1, f"pip-audit timed out after {TIMEOUT_SECONDS} s", None
        try:
            data = json.loads(report.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        return done.returncode, f"{done.stderr}\n{done.stdout}".strip(), data


def verdict(returncode: int, output: str, data: dict | None) -> tuple[str, list[str]]:
    """One of "vulnerable", "clean", "unreachable", "error", and the lines that explain it."""
    dependencies = (data or {}).get("dependencies", [])
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    audited = [dep for dep in dependencies if "skip_reason" not in dep]
    not_found = [dep for dep in dependencies if NOT_FOUND in dep.get("skip_reason", "").lower()]
    other_skips = [dep for dep in dependencies if "skip_reason" in dep and dep not in not_found]

    if vulnerable:
        lines = []
        for dep in vulnerable:
            for vuln in dep["vulns"]:
                fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
                aliases = ", ".join(vuln.get("aliases") or [])
                lines.append(f"{dep['name']} {dep['version']}: {vuln['id']}"
                             f"{f' ({aliases})' if aliases else ''}; fixed in: {fixed}")
        if not_found:
            lines.append(f"(and {len(not_found)} packages could not be checked: the service did not answer for them)")
        return "vulnerable", lines
    if data is None or returncode != 0:
        lowered = output.lower()
        if returncode == -1 or any(marker in lowered for marker in NETWORK_ERRORS):
            last = output.strip().splitlines()[-1] if output.strip() else "no output"
            return "unreachable", ["none of the packages was checked", f"pip-audit said: {last}"]
        return "error", output.splitlines()
    if other_skips:  # e.g. a package pip-audit cannot read: not a network problem
        return "error", [f"{dep['name']}: {dep['skip_reason']}" for dep in other_skips]
    if not_found:
        return "unreachable", [
            f"{len(not_found)} of {len(dependencies)} packages were not checked",
            "the service answered 'not found' for them, though every locked package comes from PyPI",
            f"(e.g. {not_found[0]['skip_reason']})",
        ]
    return "clean", [f"{len(audited)} packages checked"]


def locked_packages(lock: str) -> int:
    """How many packages a hashed lock file pins (`name==version` lines)."""
    text = Path(lock).read_text(encoding="utf-8")
    return sum(1 for line in text.splitlines() if line[:1].isalnum() and "==" in line)


def summary(result: str, lock: str, total: int, data: dict | None) -> str:
    """The one line CI prints at the end of its run."""
    dependencies = (data or {}).get("dependencies", [])
    checked = sum(1 for dep in dependencies if "skip_reason" not in dep)
    if result == "clean":
        return f"Dependency audit: {checked} of {total} packages in {lock} checked, no known vulnerabilities."
    if result == "vulnerable":
        return f"Dependency audit: KNOWN VULNERABILITIES in {lock} (see the security step above)."
    if result == "unreachable":
        return (f"Dependency audit: NOT DONE, {checked} of {total} packages in {lock} checked: the vulnerability "
                "service could not be reached and no offline database can be installed here (README, Security).")
    return f"Dependency audit: FAILED for {lock}, pip-audit broke (see the security step above)."


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    lock, extra = argv[0], argv[1:]
    returncode, output, data = run_pip_audit(lock, extra)
    result, lines = verdict(returncode, output, data)
    summary_file = os.environ.get("AUDIT_SUMMARY_FILE")
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as out:
            out.write(summary(result, lock, locked_packages(lock), data) + "\n")
    if result == "clean":
        print(f"pip-audit: no known vulnerabilities in {lock} ({lines[0]}).")
        return 0
    if result == "vulnerable":
        print(f"pip-audit: KNOWN VULNERABILITIES in {lock}:", file=sys.stderr)
        for line in lines:
            print(f"  {line}", file=sys.stderr)
        print("Raise the pin in requirements*.txt to a fixed version and run `make lock`.", file=sys.stderr)
        return 1
    if result == "unreachable":
        strict = os.environ.get("AUDIT_REQUIRE_SERVICE") == "1"
        print("=" * 78, file=sys.stderr)
        print(f"WARNING: pip-audit could not reach its vulnerability service: the packages in\n"
              f"{lock} were NOT checked for known vulnerabilities.", file=sys.stderr)
        for line in lines:
            print(f"  {line}", file=sys.stderr)
        print("This fails the build (AUDIT_REQUIRE_SERVICE=1)." if strict
              else "Going on without this check (set AUDIT_REQUIRE_SERVICE=1 to fail instead).", file=sys.stderr)
        print("=" * 78, file=sys.stderr)
        return 1 if strict else 0
    print(f"pip-audit failed (exit status {returncode}), not because of the network:", file=sys.stderr)
    for line in lines:
        print(f"  {line}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
