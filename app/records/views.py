"""The hearing's filing on its case, for staff; the committee pack of a finalised memo."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from app.audit.operations import record
from app.auth import staff_required
from app.extensions import db
from app.forms import EmptyForm
from app.hearings.loading import current_hearing
from app.jobs.operations import enqueue
from app.memos.models import Memo
from app.records import operations
from app.records.adapters import adapter_name
from app.records.models import FilingState
from app.records.pack import order_pack

SYSTEM_NAMES = {"getorganized": "GetOrganized", "sbsys": "SBSYS", "folder": _l("mappe til import")}


@staff_required
def filings():
    hearing = current_hearing()
    rows = operations.filings_of(hearing)
    return render_template("records/filings.html", hearing=hearing, filings=rows, form=EmptyForm(),
                           system=adapter_name(), system_names=SYSTEM_NAMES, FilingState=FilingState,
                           failed=sum(row.state is FilingState.FAILED for row in rows),
                           can_edit=hearing.can_edit(current_user))


@staff_required
def retry_filings():
    hearing = current_hearing(edit=True)
    if not EmptyForm().validate_on_submit():
        abort(400)
    retried = operations.retry_failed(hearing)
    db.session.commit()
    for filing_id in retried:
        operations.send(filing_id)
    count = len(retried)
    flash(ngettext("%(num)d dokument bliver forsøgt journaliseret igen.",
                   "%(num)d dokumenter bliver forsøgt journaliseret igen.", count) if count
          else _("Der er ingen mislykkede dokumenter at prøve igen."), "success" if count else "info")
    return redirect(url_for("records.filings", slug=hearing.slug))


@staff_required
def committee_pack(version: int):
    """A finalised version's pack: made by a background worker, whose page shows its progress and the file.
    A GET (a bookmark) shows the button that asks for it."""
    hearing = current_hearing()
    memo = db.session.scalar(select(Memo).where(Memo.hearing_id == hearing.id, Memo.version == version))
    if memo is None:
        abort(404)
    form = EmptyForm()
    if not form.validate_on_submit():
        return render_template("records/order_pack.html", hearing=hearing, memo=memo, form=form)
    job = order_pack(memo, current_user)
    record("committee_pack_ordered", hearing, hearing_id=hearing.id, version=memo.version)  # it names people
    db.session.commit()
    enqueue(job)
    return redirect(url_for("jobs.job_page", job_id=job.id), code=303)
