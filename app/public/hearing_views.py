"""A hearing as anyone may read it: the letter, the draft, and how to respond."""

from flask import render_template

from app.committee.meetings.record import case_path
from app.db_types import utcnow
from app.memos.publishing import published_memo
from app.public.loading import load_public_hearing
from app.responses.window import Window, window


def hearing(slug: str):
    hearing, sections = load_public_hearing(slug)
    return render_template(
        "public/hearing.html", hearing=hearing, sections=sections,
        citizens_may_answer=hearing.is_public and window(hearing, utcnow(), None) is Window.OPEN,
        published_memo=published_memo(hearing), path=case_path(hearing.meetings),
    )
