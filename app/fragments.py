"""Parts of a page that are the same for every reader, rendered once and kept in the shared cache.

A party's page of a national hearing is mostly the draft: 200 sections, each with its text and an empty
comment field, the same for every party. Such a part is kept (Flask-Caching: Redis in production, shared by
the app servers) under a key made of everything it shows: a digest of the draft's sections (a corrected
section or a new version is a new key, so nothing has to be told to forget), the language, the words
passed in, and the code that renders it (a new release renders anew). Whatever is one reader's own (their
text, an error, whether they may still write) is decided per request, by the caller.

The cache is a help, never a need: with Redis away the part is rendered as before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import cache as once
from pathlib import Path

from flask import current_app
from flask_babel import get_locale

from app.extensions import cache
from app.hearings.models import Section
from app.public.caching import cache_call

ROOT = Path(__file__).resolve().parent.parent


def kept(name: str, key_parts: Iterable, make: Callable[[], object]):
    """What `make` returns for these key parts, from the cache, or made and kept for the next reader. None
    when keeping is off (FRAGMENT_CACHE_SECONDS = 0): the caller renders the part itself."""
    seconds = current_app.config["FRAGMENT_CACHE_SECONDS"]
    if seconds <= 0:
        return None
    digest = hashlib.sha256(code_version().encode())
    for part in (str(get_locale()), *key_parts):
        digest.update(b"\x1e" + str(part).encode())
    key = f"fragment:{name}:{digest.hexdigest()}"
    found = cache_call(cache.get, key)
    if found is not None:
        return found
    made = make()
    if made is not None:
        cache_call(cache.set, key, made, timeout=seconds)
    return made


def sections_digest(sections: list[Section]) -> str:
    """Changes when anything a reader sees of the sections changes: text, heading, number, page, order, nesting."""
    digest = hashlib.sha256()
    for s in sections:
        facts = (s.id, s.parent_id, s.key, s.position, s.number, s.heading, s.page, s.body_html)
        digest.update("\x1f".join("" if fact is None else str(fact) for fact in facts).encode() + b"\x1e")
    return digest.hexdigest()


@once
def code_version() -> str:
    """A digest of the templates, the code and the translations, read once per process: what a release changes
    in a kept part (a label, a translation, a template) is then a new key, and servers of one release share."""
    digest = hashlib.sha256()
    for folder in (ROOT / "app", ROOT / "templates"):
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".html", ".mo") and path.is_file():
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
