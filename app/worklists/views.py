"""Mine opgaver: the staff start page."""

from flask import render_template
from flask_login import current_user

from app.auth import staff_required
from app.db_types import utcnow
from app.worklists.lists import work_for


@staff_required
def index():
    return render_template("worklists/index.html", work=work_for(current_user, utcnow()))
