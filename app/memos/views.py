"""The memo for staff: a preview that says what is missing, and the files to download."""

from flask import Response, abort, render_template
from flask_login import current_user

from app.audit.operations import record
from app.auth import staff_required
from app.extensions import db
from app.hearings.blueprint import bp, load_hearing
from app.memos.compile import compile_memo
from app.memos.exports import FORMATS, export
from app.memos.render import memo_body_html


@bp.get("/hoeringer/<slug>/hoeringsnotat")
@staff_required
def memo_preview(slug: str):
    hearing = load_hearing(slug)
    memo = compile_memo(hearing)
    return render_template("memos/preview.html", hearing=hearing, memo=memo, body=memo_body_html(memo, 3),
                           formats=FORMATS, can_edit=hearing.can_edit(current_user))


@bp.get("/hoeringer/<slug>/hoeringsnotat/<file_format>")
@staff_required
def memo_download(slug: str, file_format: str):
    hearing = load_hearing(slug)
    if file_format not in FORMATS:
        abort(404)
    memo_file = export(compile_memo(hearing), file_format)
    record("memo_exported", hearing, hearing_id=hearing.id, format=file_format)  # it names people: who took it
    db.session.commit()
    return Response(memo_file.content, mimetype=memo_file.mimetype, headers={
        "Content-Disposition": f'attachment; filename="{memo_file.filename}"',
    })
