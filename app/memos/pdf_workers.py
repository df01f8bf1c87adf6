"""The processes that lay out a PDF's parts, two (or as many as the machine has cores) at a time.

WeasyPrint's layout is pure Python and takes one core; the parts of a memo do not depend on each other
(their page numbers are laid over the pages at the join), so they are laid out side by side. The workers
are plain subprocesses (`python -m app.memos.pdf_workers`), not multiprocessing children: a memo is also
made inside a Celery prefork worker, whose pool processes are daemonic and may not start those, and a fork
would copy the app's database connections. A worker reads one task a line on its stdin (a part's HTML in a
file, the PDF file to write) and answers one line of JSON; it ends when its stdin closes, so it never
outlives the process that started it by more than the part it is laying out.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import queue
import subprocess  # nosec B404 (our own interpreter and module)
import sys
import threading
import traceback
from concurrent.futures import Future
from pathlib import Path

from flask import current_app, has_app_context

# Chosen by itself, at most this many: more parts at once only add memory (about 350 MB each) once the cores
# are busy, and a Celery worker has other jobs to run. PDF_WORKERS, set by the operator of a larger server, may
# go up to SET_WORKERS: a national hearing's PDF takes about 240 s of layout, which six cores bring under a minute.
MAX_WORKERS = 4
SET_WORKERS = 32
PART_SECONDS = 600  # a part of a few hundred points takes seconds; ten minutes is a layout that never ends
END_SECONDS = 10  # a worker asked to end finishes the part at hand: after a failure, none is at hand
ROOT = Path(__file__).resolve().parents[2]


def workers() -> int:
    """The setting PDF_WORKERS (at most SET_WORKERS), or else the number of cores this process may use (at
    most MAX_WORKERS); at least 1."""
    setting = int(current_app.config.get("PDF_WORKERS", 0) if has_app_context() else 0)
    if setting > 0:
        return min(setting, SET_WORKERS)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


class Pool:
    """`count` worker processes, each fed by a thread of this process from one queue of tasks; a task's
    answer is a Future. Used as a context manager: leaving it ends the workers (killing those at work and
    dropping waiting tasks if it is left by an error). A part that takes longer than `part_seconds`
    (PDF_PART_SECONDS) has its worker killed and fails: a layout that never ends (WeasyPrint has had such
    bugs) must fail the job, not hold the queue. Any failure fails the task, never the thread."""

    def __init__(self, count: int | None = None, part_seconds: float | None = None):
        self._tasks: queue.Queue = queue.Queue()
        self._running: set[subprocess.Popen] = set()
        self._lock = threading.Lock()
        self.part_seconds = part_seconds or (current_app.config.get("PDF_PART_SECONDS", PART_SECONDS)
                                             if has_app_context() else PART_SECONDS)
        self.count = count or workers()
        self._threads = [threading.Thread(target=self._feed, daemon=True) for _ in range(self.count)]
        for thread in self._threads:
            thread.start()

    def submit(self, **task) -> Future:
        future: Future = Future()
        self._tasks.put((future, task))
        return future

    def shutdown(self, cancel: bool = False) -> None:
        while cancel:
            try:
                self._tasks.get_nowait()[0].cancel()
            except queue.Empty:
                break
        if cancel:  # an error: the parts at work are wasted, their workers stopped now
            with self._lock:
                for process in self._running:
                    process.kill()
        for _thread in self._threads:
            self._tasks.put(None)
        for thread in self._threads:
            thread.join()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, kind, *_rest) -> None:
        self.shutdown(cancel=kind is not None)

    def _feed(self) -> None:
        process = None
        try:
            while (item := self._tasks.get()) is not None:
                future, task = item
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    process = process or self._started()
                    answer = self._ask(process, task)
                except Exception as error:  # noqa: BLE001 (the worker died, hung, or answered garbage)
                    answer = {"error": repr(error)}
                if "error" in answer:
                    future.set_exception(RuntimeError(f"laying out {task.get('html_path')}: {answer['error']}"))
                    _end(process)  # whatever state it is in, the next task gets a fresh worker
                    self._forget(process)
                    process = None
                else:
                    future.set_result(answer["result"])
        finally:
            _end(process)
            self._forget(process)

    def _started(self) -> subprocess.Popen:
        process = _start()
        with self._lock:
            self._running.add(process)
        return process

    def _forget(self, process) -> None:
        with self._lock:
            self._running.discard(process)

    def _ask(self, process: subprocess.Popen, task: dict) -> dict:
        stopped = threading.Event()

        def stop() -> None:
            stopped.set()
            process.kill()

        deadline = threading.Timer(self.part_seconds, stop)
        deadline.start()
        try:
            process.stdin.write(json.dumps(task) + "\n")
            process.stdin.flush()
            line = process.stdout.readline()
        finally:
            deadline.cancel()
        if not line:
            return {"error": f"the worker was stopped after {self.part_seconds:.0f} s" if stopped.is_set()
                    else "the worker ended"}
        return json.loads(line)


def _end(process: subprocess.Popen | None) -> None:
    """A worker's end: its stdin closed (its loop ends after the part at hand), or killed if it does not
    go within a few seconds."""
    if process is None:
        return
    with contextlib.suppress(OSError):  # a worker that died: its pipe is broken
        process.stdin.close()
    try:
        process.wait(timeout=END_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _start() -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603  # nosec B603
        [sys.executable, "-m", "app.memos.pdf_workers"], cwd=ROOT, text=True, encoding="utf-8",
        stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def lay_out(html_path: str, pdf_path: str, identifier: str, tagged: bool = True,
            anchor_prefix: str | None = None) -> dict:
    """In a worker: the HTML in `html_path` laid out and written to `pdf_path` (tagged PDF/UA, or plain).
    Returns its pages, its bookmarks as (page index, level, label) and its anchors that start with
    `anchor_prefix` as (page index, anchor)."""
    from weasyprint import HTML  # here: only the workers load Pango

    from app.memos.render import PDF_VARIANT

    source = Path(html_path)
    document = HTML(string=source.read_text(encoding="utf-8")).render()
    source.unlink()  # the temporary folder holds only the parts not laid out yet
    pages = document.pages
    bookmarks = [(index, level, label) for index, page in enumerate(pages) for level, label, *_rest in page.bookmarks]
    anchors = [(index, anchor) for index, page in enumerate(pages) for anchor in page.anchors
               if anchor_prefix and anchor.startswith(anchor_prefix)]
    options = {"pdf_variant": PDF_VARIANT} if tagged else {}
    document.write_pdf(pdf_path, pdf_identifier=identifier.encode(), uncompressed_pdf=True, **options)
    count = len(pages)
    del document, pages  # the layout's objects (in cycles: the collector is off) let go before qpdf takes its own
    gc.collect()
    _compress(pdf_path)
    return {"pages": count, "bookmarks": bookmarks, "anchors": anchors}


def _compress(pdf_path: str) -> None:
    """The part's streams compressed by qpdf at zlib's default level. pydyf compresses at level 9, which
    took a seventh of a part's time (200 points: 1.70 s to write, against 1.16 s uncompressed and 0.14 s
    here), for files 5 % smaller. The ID is made from the content, as WeasyPrint's is."""
    import pikepdf

    with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf:
        pdf.save(pdf_path, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 deterministic_id=True)


def main() -> None:
    """A worker's loop: a task a line in, an answer a line out (anything else printed goes to stderr).

    Python's cycle collector is off while a part is laid out and run once after it: WeasyPrint makes
    millions of objects that live until the part is written, and the collector's full passes over them
    took a sixth of a part's time (400 points: 7.6 s with it, 6.4 s without) while finding little to
    free; a part of 200 points takes about 20 MB more at its peak."""
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    gc.disable()
    for line in sys.stdin:
        try:
            answer = {"result": lay_out(**json.loads(line))}
        except Exception:  # noqa: BLE001 (any failure goes back to the one who asked, with its trace)
            answer = {"error": traceback.format_exc()}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()
        gc.collect()  # what a part that failed left in cycles (one laid out has let go of its own), before the next


if __name__ == "__main__":
    main()
