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

MAX_WORKERS = 4  # more parts at once only add memory once the cores are busy
ROOT = Path(__file__).resolve().parents[2]


def workers() -> int:
    """The setting PDF_WORKERS, or the number of cores this process may use; at least 1, at most MAX_WORKERS."""
    setting = current_app.config.get("PDF_WORKERS", 0) if has_app_context() else 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(int(setting or cores), MAX_WORKERS))


class Pool:
    """`count` worker processes, each fed by a thread of this process from one queue of tasks; a task's
    answer is a Future. Used as a context manager: leaving it ends the workers (dropping waiting tasks if
    it is left by an error)."""

    def __init__(self, count: int | None = None):
        self._tasks: queue.Queue = queue.Queue()
        self._threads = [threading.Thread(target=self._feed, daemon=True) for _ in range(count or workers())]
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
                    process = process or _start()
                    process.stdin.write(json.dumps(task) + "\n")
                    process.stdin.flush()
                    answer = json.loads(process.stdout.readline() or '{"error": "the worker ended"}')
                except OSError as error:  # the worker could not start, or died: the task fails, not hangs
                    answer = {"error": repr(error)}
                if "error" in answer:
                    future.set_exception(RuntimeError(f"laying out {task.get('html_path')}: {answer['error']}"))
                else:
                    future.set_result(answer["result"])
        finally:
            if process is not None:
                process.stdin.close()  # the worker's loop ends
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
    document.write_pdf(pdf_path, pdf_identifier=identifier.encode(), **options)
    return {"pages": len(pages), "bookmarks": bookmarks, "anchors": anchors}


def main() -> None:
    """A worker's loop: a task a line in, an answer a line out (anything else printed goes to stderr)."""
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    for line in sys.stdin:
        try:
            answer = {"result": lay_out(**json.loads(line))}
        except Exception:  # noqa: BLE001 (any failure goes back to the one who asked, with its trace)
            answer = {"error": traceback.format_exc()}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
