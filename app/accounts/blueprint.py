"""Accounts: one blueprint, views split by meaning over a few modules
(views: log-in and passwords; two_factor: the second step; account_views: "Min konto")."""

from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/konto")
