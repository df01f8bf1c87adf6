"""The memo and its appendix (the responses in full) as tagged PDFs made in parts, so the memory a PDF
takes does not grow with the hearing (WeasyPrint lays out a whole document in memory: several GB for a
national hearing's 5,000 responses), and laid out side by side (app/memos/pdf_workers.py).

A part is laid out without knowing its first page: the page numbers ("Side 12 af 4683", the total known
only when every part is done) are laid over the pages at the join (app/memos/pdf_footers.py), which also
merges the parts' structure trees and makes the bookmarks for the whole file (app/memos/pdf_join.py).
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

from flask_babel import force_locale
from flask_babel import gettext as _

from app.memos import pdf_workers
from app.memos.content import MemoContent
from app.memos.pdf_footers import sample_html
from app.memos.pdf_join import ELSEWHERE, join_tagged
from app.memos.render import MEMO_LANGUAGE, appendix_document_html, memo_document_html

log = logging.getLogger(__name__)
PART_RESPONSES = 250  # responses in each part: a few MB of layout each
# A memo with more points than this is made in parts of about this many points. A smaller part costs less a
# page (pydyf lists all of a part's pages for each tagged element): 63 ms a page at 200, 69 ms at 400.
PART_POINTS = 200


class Parts:
    """Parts handed to the workers as they are made (HTML in a file each), and their results in order."""

    def __init__(self, folder: Path, pool, identifier: str):
        self.folder, self.pool, self.identifier, self.futures = folder, pool, identifier, {}

    def add(self, name: str, html: str, **options) -> Path:
        source, pdf = self.folder / f"{name}.html", self.folder / f"{name}.pdf"
        source.write_text(html, encoding="utf-8")
        self.futures[name] = self.pool.submit(html_path=str(source), pdf_path=str(pdf), identifier=self.identifier,
                                             **options)
        return pdf

    def result(self, name: str) -> dict:
        return self.futures[name].result()


def memo_pdf_in_parts(memo: MemoContent, identifier: str, appendix_name: str | None,
                      part_points: int = PART_POINTS) -> bytes:
    return _read_back(write_memo_pdf_in_parts, memo, identifier, appendix_name, part_points=part_points)


def write_memo_pdf_in_parts(memo: MemoContent, identifier: str, appendix_name: str | None, target: Path,
                            part_points: int = PART_POINTS) -> int:
    """The memo as a tagged PDF in parts, written to `target`; returns its pages. The title with parts 1
    and 2; runs of part 3's sections of about `part_points` points (a section is never split); part 4 and
    the appendix's name. The bookmarks are each part's headings, nested by their level."""
    runs, run = [], []
    for section in memo.sections:
        if run and sum(len(s.points) for s in run) + len(section.points) > part_points:
            runs.append(run)
            run = []
        run.append(section)
    runs.append(run)
    blocks = [{"blocks": ("head",)}] + [{"blocks": ("sections",), "section_run": run, "first_run": n == 0}
                                        for n, run in enumerate(runs)] + [{"blocks": ("end",)}]
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="notat-") as folder, pdf_workers.Pool() as pool:
        parts = Parts(Path(folder), pool, identifier)
        sample = parts.add("footer", sample_html(wide_page=memo.large), tagged=False)
        paths = [parts.add(f"part-{number:04d}", memo_document_html(memo, for_print=True, appendix_name=appendix_name,
                                                                    footer=False, **part))
                 for number, part in enumerate(blocks)]
        bookmarks, page = [], 0
        for number in range(len(paths)):
            laid_out = parts.result(f"part-{number:04d}")
            bookmarks += [(level, label, page + index) for index, level, label in laid_out["bookmarks"]]
            page += laid_out["pages"]
        parts.result("footer")
        pool.shutdown()  # the workers' memory is given back before the join takes its own
        laid_out_in = time.perf_counter() - began
        join_tagged(paths, bookmarks, target, footer_sample=sample, total=page)
        joined_in = time.perf_counter() - began - laid_out_in
        # Where a large memo's time goes (bench/memo.py reads it): the layout scales with the cores, the join not.
        log.info("memo PDF: %d pages in %d parts, laid out in %.1f s by %d workers, joined in %.1f s", page,
                 len(paths), laid_out_in, pool.count, joined_in,
                 extra={"layout_seconds": laid_out_in, "join_seconds": joined_in})
        return page


def appendix_pdf(memo: MemoContent, identifier: str, part_responses: int = PART_RESPONSES) -> bytes:
    return _read_back(write_appendix_pdf, memo, identifier, part_responses=part_responses)


def write_appendix_pdf(memo: MemoContent, identifier: str, target: Path, part_responses: int = PART_RESPONSES) -> int:
    """The appendix as a tagged PDF in parts, written to `target`; returns its pages. The contents come
    first, with each response's page (where its part's layout put it)."""
    responses = memo.appendix
    with tempfile.TemporaryDirectory(prefix="bilag-") as folder, pdf_workers.Pool() as pool:
        parts = Parts(Path(folder), pool, identifier)
        sample = parts.add("footer", sample_html(), tagged=False)

        def html(**options):  # the contents' links lead to responses in other parts: the join ties them
            return appendix_document_html(memo, for_print=True, footer=False, toc_links=ELSEWHERE, **options)

        if not responses:
            only = parts.add("contents", html())
            return join_tagged([only], [], target, footer_sample=sample, total=parts.result("contents")["pages"])
        # The contents with a page number as wide as any (so the real numbers take the same pages).
        wide = [(number, response.sender, 9999) for number, response in enumerate(responses, start=1)]
        parts.add("wide", html(responses=[], toc=wide))
        paths = [parts.add(f"part-{first:06d}", html(responses=responses[first:first + part_responses],
                                                      first_number=first + 1, toc=None), anchor_prefix="svar-")
                 for first in range(0, len(responses), part_responses)]
        contents_pages = parts.result("wide")["pages"]
        starts, page = {}, contents_pages + 1
        for first in range(0, len(responses), part_responses):
            laid_out = parts.result(f"part-{first:06d}")
            for index, anchor in laid_out["anchors"]:
                starts.setdefault(int(anchor.removeprefix("svar-")), page + index)
            page += laid_out["pages"]
        toc = [(number, response.sender, starts.get(number)) for number, response in enumerate(responses, start=1)]
        contents = parts.add("contents", html(responses=[], toc=toc))
        if parts.result("contents")["pages"] != contents_pages:  # cannot happen with the widest numbers
            raise RuntimeError("the appendix's contents changed length with their page numbers")
        parts.result("footer")
        pool.shutdown()
        with force_locale(MEMO_LANGUAGE):
            outline = [(1, _("Indhold"), 0), (1, _("Bilag: Høringssvarene"), contents_pages)] + [
                (2, response.sender, starts[number] - 1) for number, response in enumerate(responses, start=1)
                if number in starts]
        return join_tagged([contents, *paths], outline, target, footer_sample=sample, total=page - 1)


def _read_back(write, *args, **options) -> bytes:
    """The bytes of a PDF that `write` writes to a file (for the callers that store or send bytes): read
    once, after the join has let go of its objects."""
    with tempfile.TemporaryDirectory(prefix="pdf-") as folder:
        target = Path(folder) / "out.pdf"
        write(*args, target=target, **options)
        return target.read_bytes()
