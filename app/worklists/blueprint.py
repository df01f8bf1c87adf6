"""The address of Mine opgaver, the staff start page (staff land on it after log-in)."""

from flask import Blueprint

from app.worklists import views

bp = Blueprint("worklists", __name__, url_prefix="/medarbejder/opgaver")

bp.add_url_rule("/", view_func=views.index)
