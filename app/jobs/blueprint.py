"""The addresses of background jobs: a person's files, one job's progress, its file."""

from flask import Blueprint

from app.jobs import views

bp = Blueprint("jobs", __name__, url_prefix="/medarbejder/filer")

bp.add_url_rule("/", view_func=views.my_files)
bp.add_url_rule("/<int:job_id>", view_func=views.job_page)
bp.add_url_rule("/<int:job_id>/status", view_func=views.job_status)
bp.add_url_rule("/<int:job_id>/hent", view_func=views.job_download)
bp.add_url_rule("/<int:job_id>/igen", view_func=views.job_again, methods=["POST"])
