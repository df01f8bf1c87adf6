"""Every address of the open-data API."""

from flask import Blueprint

from app.api import views
from app.public.caching import cached_public_page

bp = Blueprint("api", __name__, url_prefix="/api")

bp.after_request(views.open_to_everyone)
bp.add_url_rule("", view_func=cached_public_page(views.index))
bp.add_url_rule("/v1/hoeringer", view_func=cached_public_page(views.hearings))
bp.add_url_rule("/v1/hoeringer/<slug>", view_func=cached_public_page(views.hearing))
bp.add_url_rule("/v1/hoeringer/<slug>/datapakke.zip", view_func=cached_public_page(views.datapackage))
bp.add_url_rule("/v1/openapi.json", view_func=cached_public_page(views.openapi))
