"""MitID through a broker: a citizen signs in from the response form; a party's contact signs in with MitID
Erhverv from the hearing's page. One return address for both."""

import logging

from authlib.integrations.base_client import OAuthError
from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from joserfc.errors import JoseError
from requests import RequestException

from app.db_types import utcnow
from app.extensions import db
from app.public.loading import load_public_hearing
from app.responses.window import Window, window
from app.signin import mitid, providers

log = logging.getLogger(__name__)


def _to_broker(kind: str, slug: str):
    oauth = providers.client(providers.MITID)
    if oauth is None:
        abort(404)
    session[mitid.FOR] = {"kind": kind, "slug": slug}
    try:
        return oauth.authorize_redirect(url_for("signin.mitid_callback", _external=True))
    except (OAuthError, RequestException) as error:
        log.warning("The MitID broker did not answer: %s", type(error).__name__)
        return render_template("signin/mitid_failed.html", slug=slug, unavailable=True), 502


def citizen_start(slug: str):
    hearing, _sections = load_public_hearing(slug)
    if not hearing.is_public or window(hearing, utcnow(), None) is not Window.OPEN:
        abort(404)
    return _to_broker("citizen", slug)


def party_start(slug: str):
    hearing, _sections = load_public_hearing(slug)
    if window(hearing, utcnow(), None) is not Window.OPEN:
        abort(404)
    return _to_broker("party", slug)


def mitid_callback():
    oauth = providers.client(providers.MITID)
    if oauth is None:
        abort(404)
    wanted = session.pop(mitid.FOR, None)
    if not isinstance(wanted, dict):
        return render_template("signin/mitid_failed.html", slug=None), 400
    slug = wanted.get("slug", "")
    try:
        claims = oauth.authorize_access_token().get("userinfo") or {}
    except (OAuthError, RequestException, JoseError, RuntimeError) as error:  # RuntimeError: no jwks_uri
        log.warning("Log-in with MitID failed: %s", type(error).__name__)
        return render_template("signin/mitid_failed.html", slug=slug), 400
    hearing, _sections = load_public_hearing(slug)
    if wanted.get("kind") == "party":
        cvr = mitid.cvr_from_claims(claims)
        token = mitid.party_link_for_cvr(hearing, cvr, str(claims.get("email") or "")) if cvr else None
        if token is None:
            return render_template("signin/mitid_no_party.html", hearing=hearing, has_cvr=bool(cvr)), 403
        db.session.commit()
        return redirect(url_for("responses.party_start", token=token))
    person = mitid.person_from_claims(claims)
    if person is None:
        return render_template("signin/mitid_failed.html", slug=slug), 400
    mitid.remember_citizen(slug, person)
    flash(_("Du er logget ind med MitID som %(name)s.", name=person.name), "success")
    return redirect(url_for("responses.citizen_respond", slug=slug))
