"""Subscribing to hearings (/abonnement): ask, confirm by the mailed link, and end with one click.

Anyone may use these pages. Asking always gets the same answer, known address or not; the
confirmation and the unsubscribing act on a POST (a mail program that opens a link to look at it
must not confirm or end anything), except the one-click POST of RFC 8058 that mail programs send.
"""

import hashlib

from flask import abort, redirect, render_template, request, url_for
from flask_babel import get_locale

from app.confirmations import ConfirmForm, confirmed
from app.extensions import db, limiter
from app.hearings.models import Hearing
from app.public.loading import LISTED_STATES
from app.subscriptions import operations as subscriptions
from app.subscriptions.forms import MemoSubscribeForm, SubscribeForm
from app.subscriptions.models import Topic


def _email_key() -> str:
    address = (request.form.get("email") or "").strip().lower()[:254]
    return "subscribe:" + hashlib.sha256(address.encode()).hexdigest()  # the limiter's storage never sees it


# Each request mails a confirmation: a few an hour per address, and per network address.
@limiter.limit("3 per hour", key_func=_email_key, methods=["POST"])
@limiter.limit("20 per hour", methods=["POST"])
def subscribe():
    form = SubscribeForm(committees=subscriptions.committees())
    if form.validate_on_submit():
        topic = Topic(form.topic.data)
        subscriptions.subscribe(form.email.data, topic, locale=str(get_locale()),
                                committee=form.committee.data if topic is Topic.COMMITTEE else None)
        db.session.commit()
        return redirect(url_for("subscriptions.sent"))
    return render_template("subscriptions/subscribe.html", form=form), 422 if form.errors else 200


@limiter.limit("3 per hour", key_func=_email_key, methods=["POST"])
@limiter.limit("20 per hour", methods=["POST"])
def subscribe_memo(slug: str):
    hearing = db.session.scalar(db.select(Hearing).where(Hearing.slug == slug))
    if hearing is None or hearing.state not in LISTED_STATES:
        abort(404)
    form = MemoSubscribeForm()
    if form.validate_on_submit():
        subscriptions.subscribe(form.email.data, Topic.HEARING, hearing=hearing, locale=str(get_locale()))
        db.session.commit()
        return redirect(url_for("subscriptions.sent"))
    return render_template("subscriptions/subscribe_memo.html", form=form, hearing=hearing), \
        422 if form.errors else 200


def sent():
    return render_template("subscriptions/sent.html", days=subscriptions.CONFIRM_DAYS)


def confirm(token: str):
    try:
        subscription = subscriptions.subscription_to_confirm(token)
    except subscriptions.LinkRefused as refusal:
        return render_template("subscriptions/link_invalid.html", reason=refusal.reasons[0]), 404
    form = ConfirmForm()
    if not confirmed(form):
        return render_template("subscriptions/confirm.html", form=form, subscription=subscription)
    subscriptions.confirm(subscription)
    db.session.commit()
    return render_template("subscriptions/confirmed.html", subscription=subscription,
                           unsubscribe_token=subscriptions.unsubscribe_token(subscription))


def unsubscribe(token: str):
    try:
        subscription = subscriptions.subscription_to_end(token)
    except subscriptions.LinkRefused as refusal:
        return render_template("subscriptions/link_invalid.html", reason=refusal.reasons[0]), 404
    form = ConfirmForm()
    if not confirmed(form):
        return render_template("subscriptions/unsubscribe.html", form=form,
                               subscriptions=subscriptions.of_address(subscription.email))
    subscriptions.unsubscribe(subscription)
    db.session.commit()
    return render_template("subscriptions/unsubscribed.html")


def unsubscribe_one_click(token: str):
    """RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" here, with no page and no session."""
    try:
        subscription = subscriptions.subscription_to_end(token)
    except subscriptions.LinkRefused:
        return "", 204  # already gone: nothing more to do, and nothing to tell a program
    subscriptions.unsubscribe(subscription)
    db.session.commit()
    return "", 204
