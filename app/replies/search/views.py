"""Staff search the comments and replies of one hearing."""

from flask import render_template, request

from app.auth import staff_required
from app.hearings.loading import current_hearing
from app.replies.search import COMMENT
from app.replies.search import search as run_search
from app.replies.search.forms import SearchForm


@staff_required
def search():
    hearing = current_hearing()
    form = SearchForm(formdata=request.args)
    results = None
    if "q" in request.args and form.validate():
        page = request.args.get("page", default=1, type=int) or 1
        results = run_search(hearing, form.q.data, form.kind_value, page)
    return render_template("replies/search.html", hearing=hearing, form=form, results=results, COMMENT=COMMENT)
