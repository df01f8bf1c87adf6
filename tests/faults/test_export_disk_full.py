"""The disk filling up while `flask memo export` writes the memo: a clear error, no broken file.

The export writes FILE.part beside the target and renames it only when every
byte is written. Here the write fails for real, by the operating system:

- on a real full file system: a tmpfs of 64 KiB, filled so only 8 KiB are free
  (needs root, as in CI; skipped where mounting is not permitted);
- with a file-size limit (RLIMIT_FSIZE) on the exporting process, SIGXFSZ ignored,
  so write() fails with EFBIG: runs anywhere.

Covered in tests/memos/test_memo.py: each format written, no .part left; an
unknown hearing and a folder that does not exist are refused.
"""

import os
import subprocess  # nosec B404 (the test runs the app's own CLI and mount)
import sys
from pathlib import Path

import pytest

from app.hearings.models import HearingState
from tests.factories import make_hearing

REPO_ROOT = Path(__file__).resolve().parents[2]
OLD_EXPORT = b"an earlier export that must survive"
FREE_BYTES = 8 * 1024  # less than any memo of the formats below


@pytest.fixture
def hearing_slug(db) -> str:
    hearing = make_hearing(state=HearingState.REPLYING, sections=3)
    db.session.commit()
    return hearing.slug


@pytest.fixture
def full_disk(tmp_path) -> Path:
    """A folder on a small tmpfs with only FREE_BYTES left."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(  # noqa: S603 (fixed arguments)  # nosec B603
        ["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(mount_point)],  # noqa: S607  # nosec B607
        capture_output=True, text=True, check=False,
    ) if os.geteuid() == 0 else None
    if mounted is None or mounted.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {mounted.stderr.strip() if mounted else 'not root'}")
    try:
        filler = mount_point / "filler"
        with filler.open("wb", buffering=0) as out:
            try:
                while out.write(b"\0" * 4096):
                    pass
            except OSError:
                pass
        os.truncate(filler, filler.stat().st_size - FREE_BYTES)
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)  # noqa: S603, S607  # nosec B603 B607


def _assert_refused_cleanly(exit_code: int, output: str, target: Path, reason: str) -> None:
    assert exit_code != 0, output
    assert f"Kunne ikke skrive {target}: {reason}" in output, output
    assert target.read_bytes() == OLD_EXPORT, "the earlier export is left as it was"
    assert not target.with_name(target.name + ".part").exists(), "no half-written file is left"
    assert sorted(p.name for p in target.parent.iterdir() if p.name != "filler") == [target.name]


@pytest.mark.parametrize("file_format", ["pdf", "docx"])
def test_a_full_disk_while_exporting_gives_a_clear_error_and_leaves_no_broken_file(
    app, hearing_slug, full_disk, file_format,
):
    target = full_disk / f"notat.{file_format}"
    target.write_bytes(OLD_EXPORT)

    result = app.test_cli_runner().invoke(
        args=["memo", "export", hearing_slug, "--format", file_format, "--output", str(target)],
    )

    _assert_refused_cleanly(result.exit_code, result.output, target, "No space left on device")


def test_after_space_is_freed_the_same_export_succeeds(app, hearing_slug, full_disk):
    target = full_disk / "notat.pdf"
    args = ["memo", "export", hearing_slug, "--format", "pdf", "--output", str(target)]
    assert app.test_cli_runner().invoke(args=args).exit_code != 0
    (full_disk / "filler").unlink()

    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in full_disk.iterdir()) == ["notat.pdf"]


_LIMITED_EXPORT = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG instead of killing the process
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from flask.cli import main
sys.argv = ["flask", "--app", "wsgi", "memo", "export", *sys.argv[2:]]
main()
"""


def test_a_file_size_limit_while_exporting_gives_a_clear_error_and_leaves_no_broken_file(
    database_url, hearing_slug, tmp_path,
):
    target = tmp_path / "notat.docx"
    target.write_bytes(OLD_EXPORT)
    env = {**os.environ, "HORING_CONFIG": "testing", "TEST_DATABASE_URL": database_url,
           "PYTHONDONTWRITEBYTECODE": "1"}

    done = subprocess.run(  # noqa: S603 (the app's own CLI, fixed arguments)  # nosec B603
        [sys.executable, "-c", _LIMITED_EXPORT, str(FREE_BYTES), hearing_slug, "--format", "docx",
         "--output", str(target)],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )

    _assert_refused_cleanly(done.returncode, done.stdout + done.stderr, target, "File too large")
