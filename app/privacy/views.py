"""The privacy notice (/persondata), and a citizen's own data by e-mail link: see it, take it, erase it.

Anyone may use these pages: asking always gets the same answer, and the data
is shown only to whoever holds the link that was mailed to the address.
"""

import hashlib
import json

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.db_types import utcnow
from app.downloads import send_download
from app.extensions import db, limiter
from app.privacy import operations as privacy
from app.privacy.forms import EraseForm, RequestForm
from app.timezone import to_local

NO_STORE = {"Cache-Control": "private, no-store"}


def _request_email_key() -> str:
    address = (request.form.get("email") or "").strip().lower()[:254]
    return "privacy:" + hashlib.sha256(address.encode()).hexdigest()  # the limiter's storage never sees it


# Each request may mail a link: a few an hour per address, and per network address.
@limiter.limit("3 per hour", key_func=_request_email_key, methods=["POST"])
@limiter.limit("20 per hour", methods=["POST"])
def notice():
    form = RequestForm()
    if form.validate_on_submit():
        privacy.request_link(form.email.data)
        db.session.commit()
        return redirect(url_for("privacy.sent"))
    return render_template(
        "privacy/notice.html", form=form, contact_email=current_app.config["PRIVACY_CONTACT_EMAIL"],
        months=current_app.config["RETENTION_MONTHS_AFTER_DECISION"], hours=privacy.LINK_HOURS,
    ), 422 if form.errors else 200


def sent():
    return render_template("privacy/sent.html", hours=privacy.LINK_HOURS)


def data(token: str):
    stored, refusal = _stored(token)
    if refusal is not None:
        return refusal
    return _data_page(stored, token, EraseForm())


def download(token: str):
    stored, refusal = _stored(token)
    if refusal is not None:
        return refusal
    if stored.is_empty:
        return redirect(url_for("privacy.data", token=token))
    now = utcnow()
    content = privacy.export(stored, now)
    db.session.commit()
    filename = f"persondata-{to_local(now).date().isoformat()}.json"
    return send_download(json.dumps(content, ensure_ascii=False, indent=2), filename, "application/json")


def erase(token: str):
    stored, refusal = _stored(token)
    if refusal is not None:
        return refusal
    if stored.is_empty:
        return redirect(url_for("privacy.data", token=token))
    form = EraseForm()
    if not form.validate_on_submit():
        return _data_page(stored, token, form, 422)
    privacy.erase(stored)
    db.session.commit()
    flash(_("Dine oplysninger er slettet."), "success")
    return redirect(url_for("privacy.data", token=token))


def _stored(token: str):
    """What is kept for the link's address, or the page that refuses the link."""
    try:
        return privacy.find(privacy.address_of(token)), None
    except privacy.LinkRefused as refused:
        return None, (render_template("privacy/link_invalid.html", reasons=refused.reasons), 404, NO_STORE)


def _data_page(stored: privacy.Stored, token: str, form: EraseForm, status: int = 200):
    return render_template(
        "privacy/data.html", stored=stored, token=token, form=form, texts_of=privacy.texts_of,
    ), status, NO_STORE
