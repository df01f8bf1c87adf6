"""The memo (høringsnotat) of the generated hearing as HTML, DOCX and PDF, issue 10.

    .venv/bin/python -m bench.memo [--database-url URL] [--formats html,docx,pdf] [--part appendix] [--smoke]

Each format runs in its own subprocess (compile_memo + export, as the memo's
download does), so its peak RSS is its own: read by
the child itself with resource.getrusage(RUSAGE_SELF) at its end (RUSAGE_CHILDREN in the parent gives
only the largest child so far). Goals: HTML < 5 s,
DOCX < 20 s, PDF < 60 s, each under 1 GB peak RSS. A child that takes more
than twice its goal (plus 30 s; 600 s with --smoke) is stopped and counted as missed.
``--part appendix``: the responses in full, a file of their own since #20 (the goals are the memo's).
The child also reports its processor time (user + system) and the PDF's page count.
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import time

from bench.common import ROOT, database_url, record, table
from bench.generate import BENCH_SLUG

GOALS = {"html": 5.0, "docx": 20.0, "pdf": 60.0}
RSS_GOAL_MIB = 1024


def child(url: str, file_format: str, part: str = "memo") -> None:
    """In the subprocess: one memo in one format; prints the timings as JSON."""
    import config
    from app import create_app
    from app.extensions import db
    from app.hearings.models import Hearing
    from app.memos.compile import compile_memo
    from app.memos.exports import export

    settings = config.load("development")
    settings.SQLALCHEMY_DATABASE_URI = url
    app = create_app(settings)
    with app.app_context(), app.test_request_context("/"):
        began = time.perf_counter()
        hearing = db.session.query(Hearing).filter_by(slug=BENCH_SLUG).one()
        memo = compile_memo(hearing)
        compiled = time.perf_counter()
        content = export(memo, file_format, part=part).content
        ended = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)  # before the count below: the export's own peak
    pages = _pdf_pages(content) if file_format == "pdf" else None
    print(json.dumps({"compile": compiled - began, "export": ended - compiled, "total": ended - began,
                      "bytes": len(content), "rss_kib": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime,
                      "pages": pages}))


def _pdf_pages(content: bytes) -> int:
    """The PDF's page count from its page tree: pikepdf reads the objects it is asked for, where pypdf
    parsed the whole file back (after the peak was read: it was never part of it, only of the wait)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(content)) as pdf:
        return len(pdf.pages)


def run_one(url: str, file_format: str, timeout: float | None = None, part: str = "memo") -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    timeout = timeout or GOALS[file_format] * 2 + 30
    began = time.perf_counter()
    try:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "bench.memo", "--child", file_format, "--database-url", url, "--part", part],
            cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
            env={**os.environ, "HORING_CONFIG": "development"},
        )
    except subprocess.TimeoutExpired:
        return {"format": file_format, "error": f"stopped after {timeout:.0f} s"}
    wall = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode != 0:
        return {"format": file_format, "error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    # The child's own peak (RUSAGE_SELF at its end); RUSAGE_CHILDREN here is the largest child so far.
    result.update(format=file_format, wall=wall, peak_mib=result["rss_kib"] / 1024,
                  children_mib=max(peak, before) / 1024)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--formats", default="html,docx,pdf")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--timeout", type=float, help="seconds each format may take (default: twice its goal + 30)")
    parser.add_argument("--no-record", action="store_true")
    parser.add_argument("--part", choices=("memo", "appendix"), default="memo")
    args = parser.parse_args(argv)
    url = database_url(args.database_url)
    if args.child:
        child(url, args.child, args.part)
        return 0
    rows, failed = [], False
    for file_format in args.formats.split(","):
        # smoke: works, not how fast; --timeout: how long it really takes when the goal is missed
        result = run_one(url, file_format, timeout=600 if args.smoke else args.timeout, part=args.part)
        if "error" in result:
            failed = True
            rows.append((file_format, "error", "", "", "", "", "", "", result["error"]))
            continue
        rss = f"{result['peak_mib']:,.0f} MiB"
        ok = result["total"] < GOALS[file_format] and result["peak_mib"] < RSS_GOAL_MIB
        rows.append((file_format, f"{result['compile']:.1f}", f"{result['export']:.1f}", f"{result['total']:.1f}",
                     f"{result['cpu']:.1f}", rss, f"{result['bytes'] / 1024 / 1024:,.1f} MiB", result["pages"] or "",
                     f"< {GOALS[file_format]:.0f} s, < 1 GB: {'met' if ok else 'MISSED'}"))
    body = table(rows, ("format", "compile s", "export s", "total s", "CPU s", "peak RSS", "file size", "pages",
                        "goal"))
    print(body)
    if not (args.smoke or args.no_record):
        command = f"python -m bench.memo --formats {args.formats}" + (" --part appendix" if args.part != "memo" else "")
        record("memo", command, url, f"Each format in its own subprocess (compile_memo + export of the {args.part}); "
               f"peak RSS and processor time (user + system) of the child.\n\n{body}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
