"""The audit trail of a reply and of a comment, for staff."""

from flask import abort, render_template

from app.auth import staff_required
from app.extensions import db
from app.hearings.blueprint import bp, load_hearing
from app.replies import history
from app.replies.models import Reply
from app.responses.models import Comment


@bp.get("/hoeringer/<slug>/svar-paa-bemaerkninger/<int:reply_id>/historik")
@staff_required
def reply_history(slug: str, reply_id: int):
    hearing = load_hearing(slug)
    reply = db.session.get(Reply, reply_id)
    if reply is None or reply.hearing_id != hearing.id:
        abort(404)
    return render_template("replies/history.html", hearing=hearing, reply=reply, comment=None,
                           entries=history.reply_history(reply))


@bp.get("/hoeringer/<slug>/bemaerkninger/<int:comment_id>/historik")
@staff_required
def comment_history(slug: str, comment_id: int):
    hearing = load_hearing(slug)
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.response.hearing_id != hearing.id:
        abort(404)
    return render_template("replies/history.html", hearing=hearing, reply=None, comment=comment,
                           entries=history.comment_history(comment))
