"""Subscribing, confirming, unsubscribing, and the one mail per address when a hearing opens or its memo
is published.

The links carry no stored secret: each is the subscription's id and address signed with the app's key
(itsdangerous), the confirmation for a week, the unsubscribe link for as long as the subscription lives.
Whoever holds a link read the mail it came in, so holding it is proof enough, as for the privacy link.
The caller commits; mail leaves through the outbox after the commit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from app.audit.operations import record
from app.db_types import utcnow
from app.extensions import db
from app.hearings.models import Hearing
from app.links import external_url
from app.notifications.operations import queue_mail
from app.refusals import Refused
from app.security import signing_keys
from app.subscriptions.models import Event, Notice, Subscription, Topic

CONFIRM_SALT = "subscription-confirm"
UNSUBSCRIBE_SALT = "subscription-unsubscribe"
CONFIRM_DAYS = 7  # how long a confirmation link works; an unconfirmed subscription goes after it


class LinkRefused(Refused):
    """A subscription link that is broken, too old, or for a subscription that is gone."""


# ---------------------------------------------------------------- asking and confirming


def subscribe(email: str, topic: Topic, *, committee: str | None = None, hearing: Hearing | None = None,
              locale: str = "da") -> Subscription:
    """Ask for a subscription: a confirmation mail goes to the address. Asking again for the same
    thing sends the confirmation again (it was lost, or expired); a confirmed one stays as it is and
    nothing is sent, so the page says the same whether the address was known or not."""
    address = email.strip().lower()
    hearing_id = hearing.id if hearing is not None else None
    scope = Subscription.scope_of(topic, committee, hearing_id)
    subscription = db.session.scalar(
        select(Subscription).where(Subscription.email == address, Subscription.scope == scope))
    if subscription is None:
        subscription = Subscription(email=address, topic=topic, committee=committee, hearing_id=hearing_id,
                                    hearing=hearing, scope=scope, locale=locale)
        try:
            with db.session.begin_nested():
                db.session.add(subscription)
        except IntegrityError:  # the same asked at the same moment (a double click): that one stands
            return db.session.scalar(
                select(Subscription).where(Subscription.email == address, Subscription.scope == scope))
    elif subscription.confirmed_at is not None:
        return subscription
    subscription.created_at = utcnow()  # the week to confirm starts again
    with force_locale(subscription.locale):
        queue_mail(address, "subscription_confirm", subject=_("Bekræft dit abonnement på høringer"),
                   locale=subscription.locale, subscription=subscription, days=CONFIRM_DAYS,
                   link=external_url("subscriptions.confirm", token=confirm_token(subscription)))
    return subscription


def confirm_token(subscription: Subscription) -> str:
    return URLSafeTimedSerializer(signing_keys(), salt=CONFIRM_SALT).dumps([subscription.id, subscription.email])


def unsubscribe_token(subscription: Subscription) -> str:
    return URLSafeSerializer(signing_keys(), salt=UNSUBSCRIBE_SALT).dumps([subscription.id, subscription.email])


def subscription_to_confirm(token: str) -> Subscription:
    try:
        found = URLSafeTimedSerializer(signing_keys(), salt=CONFIRM_SALT).loads(token, max_age=CONFIRM_DAYS * 86400)
    except SignatureExpired:
        raise LinkRefused(_("Linket er for gammelt. Tilmeld dig igen, så får du et nyt.")) from None
    except BadSignature:
        raise LinkRefused(_("Linket er ikke gyldigt. Måske er det ikke kopieret helt med fra e-mailen.")) from None
    return _subscription(found)


def subscription_to_end(token: str) -> Subscription:
    try:
        found = URLSafeSerializer(signing_keys(), salt=UNSUBSCRIBE_SALT).loads(token)
    except BadSignature:
        raise LinkRefused(_("Linket er ikke gyldigt. Måske er det ikke kopieret helt med fra e-mailen.")) from None
    return _subscription(found)


def _subscription(found) -> Subscription:
    subscription_id, email = (found if isinstance(found, list) and len(found) == 2 else (None, None))
    subscription = db.session.get(Subscription, subscription_id) if isinstance(subscription_id, int) else None
    if subscription is None or subscription.email != email:
        raise LinkRefused(_("Abonnementet findes ikke længere. Det er måske allerede afmeldt."))
    return subscription


def confirm(subscription: Subscription) -> None:
    if subscription.confirmed_at is None:
        subscription.confirmed_at = utcnow()
        record("subscription_confirmed", subscription, actor_label=_("Abonnent"), topic=subscription.topic.value)


def unsubscribe(subscription: Subscription) -> int:
    """End every subscription of the address (one click in any mail means "no more mails"), and forget
    which mails it was sent. Returns how many ended."""
    return erase_address(subscription.email)


def erase_address(email: str) -> int:
    """Everything kept about an address's subscriptions goes: the subscriptions and the notices sent."""
    address = email.strip().lower()
    ended = db.session.execute(delete(Subscription).where(Subscription.email == address)).rowcount
    db.session.execute(delete(Notice).where(Notice.email == address))
    return ended


def of_address(email: str) -> list[Subscription]:
    return list(db.session.scalars(select(Subscription).where(Subscription.email == email.strip().lower())
                                   .order_by(Subscription.created_at, Subscription.id)))


def remove_unconfirmed(now: datetime | None = None) -> int:
    """Unconfirmed subscriptions whose link has run out: never used, so kept no longer."""
    cutoff = (now or utcnow()) - timedelta(days=CONFIRM_DAYS)
    return db.session.execute(delete(Subscription).where(
        Subscription.confirmed_at.is_(None), Subscription.created_at < cutoff)).rowcount


# ---------------------------------------------------------------- telling subscribers


def notify(hearing: Hearing, event: Event) -> int:
    """Queue one mail to each confirmed subscriber this event matches, once per address, ever.
    Returns how many were queued."""
    matching = select(Subscription).where(Subscription.confirmed_at.is_not(None), _matches(hearing, event))
    already = set(db.session.scalars(select(Notice.email).where(
        Notice.hearing_id == hearing.id, Notice.event == event)))
    first: dict[str, Subscription] = {}
    for subscription in db.session.scalars(matching.order_by(Subscription.id)):
        if subscription.email not in already:
            first.setdefault(subscription.email, subscription)
    sent = 0
    for email, subscription in first.items():
        try:
            with db.session.begin_nested():
                db.session.add(Notice(email=email, hearing_id=hearing.id, event=event))
        except IntegrityError:  # told at the same moment by another request (the timer and a page): once
            continue
        _mail(subscription, hearing, event)
        sent += 1
    return sent


def _matches(hearing: Hearing, event: Event):
    """New hearings, all or the hearing's committee's, hear of its opening and of its memo; a subscription
    to one hearing's memo hears only of the memo."""
    topical = Subscription.topic == Topic.NEW_HEARINGS
    if hearing.committee:
        topical = topical | ((Subscription.topic == Topic.COMMITTEE)
                             & (func.lower(Subscription.committee) == hearing.committee.lower()))
    if event is Event.MEMO_PUBLISHED:
        topical = topical | ((Subscription.topic == Topic.HEARING) & (Subscription.hearing_id == hearing.id))
    return topical


def _mail(subscription: Subscription, hearing: Hearing, event: Event) -> None:
    unsubscribe_link = external_url("subscriptions.unsubscribe", token=unsubscribe_token(subscription))
    with force_locale(subscription.locale):
        if event is Event.OPENED:
            subject = _("Ny høring: %(title)s", title=hearing.title)
            link = external_url("public.hearing", slug=hearing.slug)
        else:
            subject = _("Høringsnotatet er offentliggjort: %(title)s", title=hearing.title)
            link = external_url("public.memo", slug=hearing.slug)
        queue_mail(subscription.email, f"subscription_{event.value}", subject=subject, locale=subscription.locale,
                   hearing_id=hearing.id, hearing=hearing, link=link, unsubscribe_link=unsubscribe_link,
                   list_unsubscribe=external_url("subscriptions.unsubscribe_one_click",
                                                 token=unsubscribe_token(subscription)))


def committees() -> list[str]:
    """The committees hearings have gone to, for the choice on the subscription page."""
    names = db.session.scalars(select(Hearing.committee).where(Hearing.committee.is_not(None)).distinct())
    return sorted({name.strip() for name in names if name and name.strip()}, key=str.casefold)
