"""A background job as its person sees it: progress that moves, then the file."""

from flask import abort, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import ensure, staff_required
from app.downloads import send_download
from app.extensions import db
from app.forms import EmptyForm
from app.hearings.models import Hearing
from app.jobs import operations
from app.jobs.models import FORMAT_LABELS, JOB_TITLES, ORIGIN_PAGES, RESULT_PAGES, STEP_LABELS, Job, JobState


@staff_required
def my_files():
    return render_template("jobs/list.html", jobs=operations.jobs_of(current_user), job_title=job_title,
                           status_text=status_text)


@staff_required
def job_page(job_id: int):
    job = _load(job_id)
    hearing = db.session.get(Hearing, job.hearing_id) if job.hearing_id else None
    if job.state is JobState.DONE and job.kind in RESULT_PAGES and hearing is not None:
        return redirect(url_for(RESULT_PAGES[job.kind], slug=hearing.slug, job_id=job.id,  # e.g. the preview
                                **job.params.get("result_args", {})))
    if job.state is JobState.FAILED and job.refusal and job.kind in ORIGIN_PAGES and hearing is not None:
        # The input was refused: back to the form it came from, the reason next to its field.
        return redirect(url_for(ORIGIN_PAGES[job.kind], slug=hearing.slug, job=job.id))
    return render_template("jobs/job.html", job=job, title=job_title(job), status=status_text(job),
                           hearing=hearing, opens_result=job.kind in RESULT_PAGES)


@staff_required
def job_status(job_id: int):
    job = _load(job_id)
    return jsonify({
        "state": job.state.value, "percent": job.percent, "text": status_text(job), "finished": job.finished,
    })


@staff_required
def job_download(job_id: int):
    job = _load(job_id)
    if job.state is not JobState.DONE:
        return redirect(url_for("jobs.job_page", job_id=job.id))
    if job.result_data is None:
        abort(410)  # removed after JOB_FILES_KEEP_DAYS
    return send_download(job.result_data, job.result_filename, job.result_mimetype)


@staff_required
def job_again(job_id: int):
    job = _load(job_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if job.state is not JobState.FAILED:  # only a failed job is asked for again; the others are on their way
        return redirect(url_for("jobs.job_page", job_id=job.id))
    again = operations.request_job(job.kind, user=current_user, hearing_id=job.hearing_id, params=job.params,
                                   dedupe_key=job.dedupe_key, input_data=job.input_data)
    db.session.commit()
    operations.enqueue(again)
    return redirect(url_for("jobs.job_page", job_id=again.id))


def _load(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None:
        abort(404)
    ensure(operations.may_see(job, current_user))
    return job


def job_title(job: Job) -> str:
    title = str(JOB_TITLES.get(job.kind, job.kind))
    file_format = job.params.get("format")
    return f"{title} ({FORMAT_LABELS[file_format]})" if file_format in FORMAT_LABELS else title


def status_text(job: Job) -> str:
    if job.state is JobState.DONE:
        return _("Filen er klar.")
    if job.state is JobState.FAILED:
        return job.refusal or _("Filen kunne ikke laves.")
    if job.state is JobState.QUEUED:
        return _("Venter på at gå i gang.")
    step = STEP_LABELS.get(job.step or "")
    if step and job.progress_total:
        return _("%(step)s (trin %(done)d af %(total)d).", step=step, done=job.progress_done + 1,
                 total=job.progress_total)
    return _("I gang.")
