"""The memo as HTML (for the screen and for the PDF) and as a tagged PDF.

The memo is a Danish public document: it is always rendered in Danish,
whatever language the person who asks for it reads the app in.
"""

from datetime import datetime

from flask import render_template, url_for
from flask_babel import force_locale
from markupsafe import Markup

from app.memos import on_screen, overview, tally
from app.memos.content import MemoContent, PartyStatus
from app.replies.models import Outcome

MEMO_LANGUAGE = "da"


def labels() -> dict:
    """Outcomes and party statuses by their stored values (a frozen memo keeps strings), in the current language."""
    return {
        "outcomes": {outcome.value: str(outcome.label) for outcome in Outcome},
        "parties": {status.value: str(status.label) for status in PartyStatus},
    }


def _context(memo: MemoContent) -> dict:
    return {
        "memo": memo, "labels": labels(),
        "opens_at": datetime.fromisoformat(memo.opens_at) if memo.opens_at else None,
        "deadline_at": datetime.fromisoformat(memo.deadline_at) if memo.deadline_at else None,
        "parse_date": lambda value: datetime.fromisoformat(value).date() if value else None,
        "tally": tally, "overview": overview,
    }


def memo_body_html(memo: MemoContent, heading_level: int = 1, endpoint: str | None = None,
                   shown_part: str | None = None, **values) -> Markup:
    """The memo's content, to place in a page (the preview, the committee's page, the public page): that
    page's `endpoint` and `values`. A large memo is then shown a part at a time (app/memos/on_screen.py):
    `shown_part`, the anchor the page's ?afsnit= names (None: the first)."""
    paged = None
    if endpoint is not None:
        def part_url(anchor: str) -> str:
            return url_for(endpoint, **values, **{on_screen.PART_ARGUMENT: anchor}, _anchor=anchor)

        paged = on_screen.paging(memo, shown_part, part_url)
    with force_locale(MEMO_LANGUAGE):
        html = render_template("memos/_body.html", level=heading_level, paging=paged, **_context(memo))
    return Markup(html)  # noqa: S704  # nosec B704 (an autoescaped template)


def memo_document_html(memo: MemoContent, *, for_print: bool = False, appendix_name: str | None = None,
                       **in_parts) -> str:
    """The memo as a whole HTML document of its own (the HTML export, and the PDF's source); with
    `appendix_name`, the responses in full are not in it but in that file, which it links to. For a PDF
    made in parts (app/memos/pdf_parts.py), `in_parts` says which blocks and sections, and `footer=False`
    (the join lays the page numbers over the pages)."""
    link = Markup('<a href="{0}">{0}</a>').format(appendix_name) if appendix_name else None
    with force_locale(MEMO_LANGUAGE):
        return render_template("memos/document.html", part="memo", for_print=for_print, level=1,
                               appendix_link=link, appendix_name=appendix_name, **in_parts, **_context(memo))


def appendix_document_html(memo: MemoContent, *, for_print: bool = False, responses=None, first_number: int = 1,
                           toc: list | None = None, footer: bool = True, toc_links: str = "#") -> str:
    """The appendix (the responses in full, with a table of contents) as an HTML document. For a PDF
    made in parts: `responses` from number `first_number` on, `toc` the contents with pages or None
    (no contents in this part), `footer=False` (the join lays the page numbers over the pages), and
    `toc_links` what the contents' links to "svar-N" begin with (the responses are in other parts:
    the join makes those links point into them, app/memos/pdf_join.py)."""
    if responses is None:
        responses = memo.appendix
        toc = [(number, response.sender, None) for number, response in enumerate(responses, start=1)]
    with force_locale(MEMO_LANGUAGE):
        return render_template("memos/document.html", part="appendix", for_print=for_print, level=1,
                               responses=responses, first_number=first_number, toc=toc, footer=footer,
                               toc_links=toc_links, **_context(memo))


def memo_pdf(memo: MemoContent, identifier: str, appendix_name: str | None = None) -> bytes:
    """A tagged PDF (PDF/UA-1): title, language, bookmarks from the headings, page numbers."""
    from weasyprint import HTML  # imported here: it loads Pango, which only this needs

    html = memo_document_html(memo, for_print=True, appendix_name=appendix_name)
    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier.encode())


PDF_VARIANT = "pdf/ua-1"
