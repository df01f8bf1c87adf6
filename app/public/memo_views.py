"""A hearing's published memo, for anyone: on screen, and as PDF and Word."""

from flask import abort, render_template, request

from app.committee.meetings.record import case_path
from app.memos.content import MemoContent
from app.memos.downloads import stored_download
from app.memos.jobs import PUBLIC_FORMATS, public_part
from app.memos.on_screen import PART_ARGUMENT
from app.memos.publishing import published_memo
from app.memos.questions_appendix import for_the_public
from app.memos.render import memo_body_html
from app.public.loading import load_public_hearing


def memo(slug: str):
    hearing, _sections = load_public_hearing(slug)
    frozen = published_memo(hearing) or abort(404)
    content = for_the_public(MemoContent.from_dict(frozen.content))
    body = memo_body_html(content, 2, "public.memo", request.args.get(PART_ARGUMENT), slug=slug)
    return render_template("public/memo.html", hearing=hearing, frozen=frozen, body=body,
                           path=case_path(hearing.meetings))


def memo_file(slug: str, file_format: str):
    hearing, _sections = load_public_hearing(slug)
    frozen = published_memo(hearing)
    if frozen is None or file_format not in PUBLIC_FORMATS:
        abort(404)
    return stored_download(frozen, file_format, public_part(frozen), private=False)


def memo_appendix_file(slug: str, file_format: str):
    hearing, _sections = load_public_hearing(slug)
    frozen = published_memo(hearing)
    if frozen is None or file_format not in PUBLIC_FORMATS:
        abort(404)
    return stored_download(frozen, file_format, "appendix", private=False)
