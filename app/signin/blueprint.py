"""Every address of sign-in with other systems: the municipality's login for staff, and MitID through a
broker for citizens and parties (each answers 404 while it is not configured)."""

from flask import Blueprint

from app.signin import mitid_views, staff_views

bp = Blueprint("signin", __name__)

bp.add_url_rule("/konto/log-ind/kommune", view_func=staff_views.staff_start)
bp.add_url_rule("/konto/log-ind/kommune/retur", view_func=staff_views.staff_callback)

bp.add_url_rule("/hoeringer/<slug>/svar/mitid", view_func=mitid_views.citizen_start)
bp.add_url_rule("/hoeringer/<slug>/part/mitid", view_func=mitid_views.party_start)
bp.add_url_rule("/mitid/retur", view_func=mitid_views.mitid_callback)
