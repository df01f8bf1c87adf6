"""Every public address: the front page, a hearing's page, its published memo, the accessibility statement and
the language choice.
"""

from flask import Blueprint

from app.public import hearing_views, memo_views, views
from app.public.caching import cached_public_page

bp = Blueprint("public", __name__)
bp.add_app_template_global(hearing_views.kept_public_draft)

# Pages for visitors who are not logged in come from the shared cache (app/public/caching.py).

bp.add_url_rule("/", view_func=cached_public_page(views.index))
bp.add_url_rule("/tilgaengelighed", view_func=cached_public_page(views.accessibility))
bp.add_url_rule("/sprog/<language>", view_func=views.set_language)

bp.add_url_rule("/hoeringer/<slug>", view_func=cached_public_page(hearing_views.hearing))
bp.add_url_rule("/hoeringer/<slug>/udkast", view_func=cached_public_page(hearing_views.draft_document))

bp.add_url_rule("/hoeringer/<slug>/hoeringsnotat", view_func=cached_public_page(memo_views.memo))
bp.add_url_rule("/hoeringer/<slug>/hoeringsnotat/<file_format>", view_func=cached_public_page(memo_views.memo_file))
bp.add_url_rule("/hoeringer/<slug>/hoeringsnotat/bilag/<file_format>",
                view_func=cached_public_page(memo_views.memo_appendix_file))
