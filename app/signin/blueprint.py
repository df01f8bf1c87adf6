"""Every address of sign-in with other systems: the municipality's login for staff, and MitID through a
broker for citizens and parties (each answers 404 while it is not configured)."""

from flask import Blueprint

from app.signin import staff_views

bp = Blueprint("signin", __name__)

bp.add_url_rule("/konto/log-ind/kommune", view_func=staff_views.staff_start)
bp.add_url_rule("/konto/log-ind/kommune/retur", view_func=staff_views.staff_callback)
