"""The audit trail of a reply and of a comment, for staff."""

from flask import abort, render_template

from app.auth import staff_required
from app.extensions import db
from app.hearings.loading import current_hearing
from app.replies import history
from app.replies.models import Reply
from app.responses.models import Comment


@staff_required
def reply_history(reply_id: int):
    hearing = current_hearing()
    reply = db.session.get(Reply, reply_id)
    if reply is None or reply.hearing_id != hearing.id:
        abort(404)
    return render_template("replies/history.html", hearing=hearing, reply=reply, comment=None,
                           entries=history.reply_history(reply))


@staff_required
def comment_history(comment_id: int):
    hearing = current_hearing()
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.response.hearing_id != hearing.id:
        abort(404)
    return render_template("replies/history.html", hearing=hearing, reply=None, comment=comment,
                           entries=history.comment_history(comment))
