"""The memo (høringsnotat) of the generated hearing as HTML, DOCX and PDF, issue 10.

    .venv/bin/python -m bench.memo [--database-url URL] [--formats html,docx,pdf] [--part appendix] [--smoke]

Each format runs in its own subprocess (compile_memo + export, as the memo's
download does), so its peak RSS is its own: read by
the child itself with resource.getrusage(RUSAGE_SELF) at its end (RUSAGE_CHILDREN in the parent gives
only the largest child so far). Goals: HTML < 5 s,
DOCX < 20 s, PDF < 60 s, each under 1 GB peak RSS. A child that takes more
than twice its goal (plus 30 s; 600 s with --smoke) is stopped and counted as missed.
``--part appendix``: the responses in full, a file of their own since #20 (the goals are the memo's).
The child also reports its processor time (user + system), the PDF's page count, and for a PDF in parts how
long its layout and its join took (as app/memos/pdf_parts.py logs them). The PDF is laid out
by worker processes (app/memos/pdf_workers.py): their processor time is counted, and the peak RSS is
the child's own plus each worker's at the largest worker's peak (a bound on their sum).
"""

import argparse
import io
import json
import logging
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

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

    phases: dict = {}

    class Phases(logging.Handler):  # the PDF's layout and join times, as app/memos/pdf_parts.py logs them
        def emit(self, record):
            phases.update(layout=getattr(record, "layout_seconds", None), join=getattr(record, "join_seconds", None))

    logging.getLogger("app.memos.pdf_parts").addHandler(Phases())
    logging.getLogger("app.memos.pdf_parts").setLevel(logging.INFO)
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
    # The PDF's layout workers (app/memos/pdf_workers.py), reaped when the export ended: their processor
    # time, and the largest one's peak (the largest process is what `/usr/bin/time -v` reports).
    helpers = resource.getrusage(resource.RUSAGE_CHILDREN)
    pages = _pdf_pages(content) if file_format == "pdf" else None
    print(json.dumps({"compile": compiled - began, "export": ended - compiled, "total": ended - began,
                      "bytes": len(content), "pages": pages, **phases,
                      "rss_kib": max(usage.ru_maxrss, helpers.ru_maxrss),
                      "cpu": usage.ru_utime + usage.ru_stime + helpers.ru_utime + helpers.ru_stime}))


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
    child_process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "bench.memo", "--child", file_format, "--database-url", url, "--part", part],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "HORING_CONFIG": "development"},
    )
    sampler = TreeMemory(child_process.pid)
    try:
        stdout, stderr = child_process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child_process.kill()
        child_process.communicate()
        return {"format": file_format, "error": f"stopped after {timeout:.0f} s"}
    finally:
        sampler.stop()
    done = subprocess.CompletedProcess(child_process.args, child_process.returncode, stdout, stderr)
    wall = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode != 0:
        return {"format": file_format, "error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    # The child's own peak (RUSAGE_SELF at its end); RUSAGE_CHILDREN here is the largest child so far.
    result.update(format=file_format, wall=wall, peak_mib=result["rss_kib"] / 1024,
                  children_mib=max(peak, before) / 1024, sum_mib=sampler.peak_kib / 1024)
    return result


class TreeMemory:
    """The peak of the summed RSS of a process and its descendants (the PDF's layout workers), sampled
    from /proc every SAMPLE_SECONDS; 0 where /proc has no children lists."""

    SAMPLE_SECONDS = 0.2

    def __init__(self, pid: int):
        self.pid, self.peak_kib = pid, 0
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stopped.wait(self.SAMPLE_SECONDS):
            self.peak_kib = max(self.peak_kib, sum(_rss_kib(pid) for pid in _tree(self.pid)))


def _tree(pid: int) -> list[int]:
    """The process and its descendants; a child is listed under the thread that started it (the PDF's
    workers are started by the pool's threads), so every thread's list is read."""
    found, waiting = [], [pid]
    while waiting:
        current = waiting.pop()
        found.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                waiting += [int(n) for n in children.read_text().split()]
            except OSError:
                continue
    return found


def _rss_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((line for line in status.splitlines() if line.startswith("VmRSS:")), "VmRSS: 0 kB")
    return int(line.split()[1])


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
            rows.append((file_format, "error", "", "", "", "", "", "", "", "", result["error"]))
            continue
        rss = f"{result['peak_mib']:,.0f} MiB"
        summed = f"{result['sum_mib']:,.0f} MiB" if result["sum_mib"] else "not measured"
        ok = result["total"] < GOALS[file_format] and max(result["peak_mib"], result["sum_mib"]) < RSS_GOAL_MIB
        phases = (f"{result['layout']:.1f} / {result['join']:.1f}" if result.get("layout") is not None else "")
        rows.append((file_format, f"{result['compile']:.1f}", f"{result['export']:.1f}", phases,
                     f"{result['total']:.1f}", f"{result['cpu']:.1f}", rss, summed,
                     f"{result['bytes'] / 1024 / 1024:,.1f} MiB", result["pages"] or "",
                     f"< {GOALS[file_format]:.0f} s, < 1 GB: {'met' if ok else 'MISSED'}"))
    body = table(rows, ("format", "compile s", "export s", "PDF layout / join s", "total s", "CPU s", "peak RSS",
                        "summed peak", "file size", "pages", "goal"))
    print(body)
    if not (args.smoke or args.no_record):
        command = f"python -m bench.memo --formats {args.formats}" + (" --part appendix" if args.part != "memo" else "")
        record("memo", command, url, f"Each format in its own subprocess (compile_memo + export of the {args.part}); "
               "peak RSS of the largest process, the summed peak of the child and its workers (sampled), and the "
               f"processor time (user + system) of all.\n\n{body}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
