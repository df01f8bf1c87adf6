"""Check that a lock file still pins what its requirements file asks for.

    python3 tools/check_lock.py requirements.txt requirements.lock

requirements*.txt are edited by hand; `make lock` turns them into the lock
files that are installed. When someone changes a pin in a .txt file and forgets
`make lock`, the install would quietly use the old version: this stops it with
a message instead. Only the standard library, so it runs before the venv exists.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(==|>=|<=|~=|!=|>|<)?\s*([^\s;,\\#]*)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requested(path: Path) -> dict[str, str | None]:
    """Package name -> the exact version asked for (None when not pinned with ==), following -r."""
    wanted: dict[str, str | None] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r ", "--requirement ")):
            wanted.update(requested(path.parent / line.split(maxsplit=1)[1]))
            continue
        if line.startswith("-"):
            continue
        match = _PIN.match(line)
        if match:
            name, operator, version = match.groups()
            wanted[_name(name)] = version if operator == "==" else None
    return wanted


def locked(path: Path) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match and match.group(2) == "==":
            pins[_name(match.group(1))] = match.group(3)
    return pins


def main(requirements: str, lock: str) -> int:
    wanted, pins = requested(Path(requirements)), locked(Path(lock))
    problems = []
    for name, version in sorted(wanted.items()):
        if name not in pins:
            problems.append(f"{name} is in {requirements} but not in {lock}")
        elif version is not None and pins[name] != version:
            problems.append(f"{requirements} asks for {name}=={version}, {lock} pins {name}=={pins[name]}")
    if problems:
        print(f"{lock} is out of date with {requirements}:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        print("Run `make lock` to regenerate the lock files, and commit them.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
