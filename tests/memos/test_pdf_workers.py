"""The PDF's layout workers when one fails (app/memos/pdf_workers.py): a layout that never ends, a worker
that answers garbage or dies, a memo given up while parts are at work. Each fails its part, in time, and
leaves no process behind; the pool goes on with a fresh worker. The faults are real processes that behave
as a broken worker would (a WeasyPrint layout that never ends cannot be made to order)."""

import subprocess
import sys
import threading
import time

import pytest

from app.memos import pdf_workers

HANGS = "import sys, time\nsys.stdin.readline()\ntime.sleep(120)"
GARBLES = "import sys\nfor line in sys.stdin:\n    print('not json', flush=True)"
DIES = "import os, sys\nsys.stdin.readline()\nos._exit(3)"
HANG_SECONDS = 120


@pytest.fixture
def started(monkeypatch):
    """Workers that run `script`; each one started is kept, to see that none is left running."""
    processes = []

    def use(script: str) -> list[subprocess.Popen]:
        def start():
            process = subprocess.Popen([sys.executable, "-c", script], text=True, encoding="utf-8",  # noqa: S603
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            processes.append(process)
            return process

        monkeypatch.setattr(pdf_workers, "_start", start)
        return processes

    yield use
    for process in processes:
        if process.poll() is None:
            process.kill()


def _ends(work) -> None:
    """`work` returns rather than hangs (a generous bound: this is about never, not about fast)."""
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(HANG_SECONDS)
    assert not thread.is_alive(), "it hung"


def test_a_layout_that_never_ends_fails_its_part_when_its_time_is_up(started):
    processes = started(HANGS)
    failures = []

    def work():
        with pdf_workers.Pool(count=1, part_seconds=1) as pool:
            part = pool.submit(html_path="part-1.html", pdf_path="part-1.pdf", identifier="x")
            failures.append(part.exception())

    _ends(work)
    assert "stopped after 1 s" in str(failures[0])
    assert [process.poll() is not None for process in processes] == [True]


@pytest.mark.parametrize("script", [GARBLES, DIES], ids=["garbled answer", "died"])
def test_a_broken_worker_fails_its_part_and_the_next_part_gets_a_fresh_one(started, script):
    processes = started(script)
    with pdf_workers.Pool(count=1, part_seconds=30) as pool:
        first = pool.submit(html_path="part-1.html", pdf_path="part-1.pdf", identifier="x")
        second = pool.submit(html_path="part-2.html", pdf_path="part-2.pdf", identifier="x")
        for part in (first, second):
            with pytest.raises(RuntimeError, match="part-"):
                part.result(timeout=HANG_SECONDS)
    assert len(processes) == 2 and all(process.poll() is not None for process in processes)


def test_a_memo_given_up_stops_the_parts_at_work(started):
    """Another part failed: the two at work (each would take ten minutes) are stopped, the third dropped."""
    processes, parts = started(HANGS), []

    def work():
        try:
            with pdf_workers.Pool(count=2, part_seconds=600) as pool:
                parts.extend(pool.submit(html_path=f"part-{n}.html", pdf_path=f"part-{n}.pdf", identifier="x")
                             for n in range(3))
                while len(processes) < 2:
                    time.sleep(0.05)
                raise LookupError("another part failed")
        except LookupError:
            pass

    _ends(work)
    assert parts[2].cancelled() and all(process.poll() is not None for process in processes)


@pytest.mark.parametrize(("setting", "cores", "expected"), [
    (0, 1, 1), (0, 2, 2), (0, 16, pdf_workers.MAX_WORKERS),  # chosen by itself: a core each, a few at most
    (6, 2, 6),  # set by the operator of a larger server: as set, beyond what it would choose itself
    (1000, 64, pdf_workers.SET_WORKERS),
], ids=["one core", "two cores", "many cores", "set to six", "set too high"])
def test_how_many_workers_lay_out_a_pdf(app, monkeypatch, setting, cores, expected):
    monkeypatch.setattr(pdf_workers.os, "sched_getaffinity", lambda _pid: set(range(cores)))
    app.config["PDF_WORKERS"] = setting
    with app.app_context():
        assert pdf_workers.workers() == expected
