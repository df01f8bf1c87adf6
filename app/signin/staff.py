"""Staff who sign in with the municipality's login: who they are, which role their groups give, and whether
the provider vouches for a second step. The caller commits."""

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts import operations as accounts
from app.accounts import sessions
from app.accounts.models import TWO_FACTOR_ROLES, Role, User
from app.audit.operations import record
from app.extensions import db

# A user in several mapped groups gets the role that allows the most.
ROLE_RANK = (Role.ADMIN, Role.APPROVER, Role.STAFF, Role.COMMITTEE)


class Refused(Exception):  # noqa: N818 (a refusal, with the Danish reason shown to the person)
    def __init__(self, reason: str, message: str):
        super().__init__(reason)
        self.reason = reason
        self.message = message


@dataclass
class Identity:
    issuer: str
    subject: str
    email: str
    name: str
    groups: list[str]
    amr: list[str]
    acr: str


def identity_from_claims(claims: dict) -> Identity:
    config = current_app.config
    groups = claims.get(config["OIDC_ROLE_CLAIM"]) or []
    if isinstance(groups, str):
        groups = [groups]
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    email = str(claims.get("email") or claims.get("preferred_username") or "").strip().lower()
    return Identity(
        issuer=str(claims.get("iss") or config["OIDC_ISSUER"]).rstrip("/"), subject=str(claims["sub"]),
        email=email, name=str(claims.get("name") or email).strip()[:200],
        groups=[str(group) for group in groups], amr=[str(value).lower() for value in amr],
        acr=str(claims.get("acr") or "").lower(),
    )


def role_for(groups: list[str]) -> Role | None:
    """The role the user's groups give (OIDC_ROLE_MAP), or None when no group is mapped."""
    mapping = current_app.config["OIDC_ROLE_MAP"]
    roles = {Role(mapping[group]) for group in groups if mapping.get(group) in {r.value for r in Role}}
    return next((role for role in ROLE_RANK if role in roles), None)


def has_second_step(identity: Identity) -> bool:
    config = current_app.config
    return bool(set(identity.amr) & set(config["OIDC_MFA_AMR"])) or (
        bool(identity.acr) and identity.acr in config["OIDC_MFA_ACR"])


def _domain_allowed(email: str) -> bool:
    domain = email.rpartition("@")[2]
    return bool(domain) and domain in current_app.config["OIDC_ALLOWED_DOMAINS"]


def sign_in(identity: Identity) -> User:
    """The user the provider names, created at the first log-in, with the role their groups give now.

    Raises Refused (with the reason in Danish) when the person may not in: a new user of a domain not
    allowed, no group that gives a role, an administrator or approver without a second step, a user the
    municipality has deactivated here."""
    user = db.session.scalar(select(User).where(
        User.oidc_issuer == identity.issuer, User.oidc_subject == identity.subject))
    role = role_for(identity.groups)
    if user is None:
        if not _domain_allowed(identity.email):
            raise Refused("domain", _("Din e-mailadresse hører ikke til et af de domæner, der kan logge ind "
                                      "med kommunens login. Kontakt Høringsrundes administrator."))
        user = accounts.find_user(identity.email)
        if user is not None and user.oidc_subject is not None:
            raise Refused("email_taken", _("E-mailadressen bruges allerede af en anden bruger. "
                                           "Kontakt Høringsrundes administrator."))
    if user is not None and not user.active:
        raise Refused("deactivated", _("Din bruger er deaktiveret i Høringsrunde. "
                                       "Kontakt Høringsrundes administrator."))
    if role is None:
        if user is not None:  # out of the groups: no staff access, here or on any other device
            record("sso_refused", user, actor_label=user.name, reason="no_role", groups=identity.groups)
            sessions.end_all(user)
            if user.oidc_subject is not None:  # nor with a password kept from before the link
                user.password_hash = None
        raise Refused("no_role", _("Du er ikke med i en af de grupper, der giver adgang til Høringsrunde. "
                                   "Kontakt Høringsrundes administrator, hvis du skal have adgang."))
    if role in TWO_FACTOR_ROLES and not has_second_step(identity):
        raise Refused("no_second_step", _("Din rolle kræver, at du logger ind med to trin (fx MitID eller en "
                                          "kode fra en app). Log ind igen hos kommunens login med to trin."))
    if user is None:
        user = accounts.create_user(identity.email, identity.name, role)
    if user.oidc_subject is None:
        user.oidc_issuer, user.oidc_subject = identity.issuer, identity.subject
        record("sso_linked", user)
    accounts.change_role(user, role)
    if identity.name and user.name != identity.name:
        user.name = identity.name
    return user
