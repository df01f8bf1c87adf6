"""Read-only JSON for published hearings, described by the OpenAPI document at /api/v1/openapi.json.

Only what the public hearing page shows is here: the hearing, its draft, and
the published memo (which holds the responses, comments and replies as
frozen, with citizens named only by consent and no contact data).
"""

from functools import wraps

from flask import abort, jsonify, make_response, url_for
from sqlalchemy import select

from app.api.datapackage import build_datapackage, package_name
from app.api.openapi import openapi_document
from app.downloads import send_download
from app.extensions import db
from app.hearings.models import Hearing, Section
from app.memos.models import Memo
from app.memos.operations import content_hash
from app.memos.publishing import published_memo

# The frozen memo's working notes for staff (which comments had no approved reply, by their ids), and the
# committee members' written questions with the answers (for the committee, not the public): not open data.
INTERNAL_MEMO_FIELDS = ("gaps", "questions")


def opened(view):
    """The view's answer open to everyone before it is kept (app/public/caching.py), so a kept answer, which
    is sent without Flask's after-request hooks, has the header too."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        return open_to_everyone(make_response(view(*args, **kwargs)))

    return wrapped


def open_to_everyone(response):
    """Open data: any site may read it, and caches may keep it a while."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    if response.status_code == 200:  # an error page must not be kept by a cache for five minutes
        response.headers.setdefault("Cache-Control", "public, max-age=300")
    return response


def index():
    """/api: where the data is, for a person or a program that starts at the top."""
    return jsonify({
        "description": "Åbne data fra Høringsrunde: offentliggjorte høringer og høringsnotater.",
        "links": {
            "hearings": url_for("api.hearings", _external=True),
            "openapi": url_for("api.openapi", _external=True),
        },
    })


def hearings():
    published = (
        select(Hearing)
        .where(Hearing.id.in_(select(Memo.hearing_id).where(Memo.published_at.is_not(None))))
        .order_by(Hearing.deadline_at.desc())
    )
    return jsonify({"hearings": [_summary(hearing) for hearing in db.session.scalars(published)]})


def _published(slug: str) -> tuple[Hearing, Memo, list[Section]]:
    """The hearing, its published memo and the sections of its draft; 404 until the memo is published."""
    found = db.session.scalar(select(Hearing).where(Hearing.slug == slug))
    memo = published_memo(found) if found is not None else None
    if memo is None:
        abort(404)
    sections = db.session.scalars(
        select(Section).where(Section.version_id == found.current_version.id).order_by(Section.position)
    ).all()
    return found, memo, list(sections)


def hearing(slug: str):
    found, memo, sections = _published(slug)
    keys = {section.id: section.key for section in sections}
    content = {name: value for name, value in memo.content.items() if name not in INTERNAL_MEMO_FIELDS}
    return jsonify({
        "hearing": _summary(found),
        "draft": {
            "version": found.current_version.number,
            "sections": [{
                "key": section.key, "parent_key": keys.get(section.parent_id), "number": section.number,
                "heading": section.heading, "page": section.page, "body_html": section.body_html,
            } for section in sections],
        },
        "memo": {
            "version": memo.version, "sha256": content_hash(content), "finalised_at": memo.finalised_at.isoformat(),
            "published_at": memo.published_at.isoformat(), "content": content,
        },
    })


def datapackage(slug: str):
    """The hearing as a Frictionless data package: CSV tables and datapackage.json in one ZIP."""
    found, memo, sections = _published(slug)
    return send_download(build_datapackage(found, sections, memo), f"{package_name(found)}.zip", "application/zip",
                         private=False)


def openapi():
    return jsonify(openapi_document())


def _summary(hearing: Hearing) -> dict:
    return {
        "slug": hearing.slug, "title": hearing.title, "case_number": hearing.case_number,
        "committee": hearing.committee, "state": hearing.state.value,
        "opens_at": hearing.opens_at.isoformat() if hearing.opens_at else None,
        "deadline_at": hearing.deadline_at.isoformat() if hearing.deadline_at else None,
        "decided_on": hearing.decided_on.isoformat() if hearing.decided_on else None,
        "decision": hearing.decision_text,
        "url": url_for("public.hearing", slug=hearing.slug, _external=True),
        "api_url": url_for("api.hearing", slug=hearing.slug, _external=True),
        "datapackage_url": url_for("api.datapackage", slug=hearing.slug, _external=True),
    }
