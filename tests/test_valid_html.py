"""Issue #9, item 5: every page is valid HTML, by the Nu HTML Checker (vnu-jar, on Java).

The server's HTML, not the browser's DOM: every page of tests/pages_inventory.py
(every GET route, for each role that may open it, with the data of two
hearings) is fetched with the test client, in Danish and in English; then every
form of each page's <main> that is posted and has a field to fill is posted
empty (its text fields empty, its other fields as they are), as
tests/browser/test_every_page.py does in Chromium, and the page that comes back
is kept too. So are the states tests/pages_inventory.py's `more_states` adds
(a hearing in draft, a public one with late, unconfirmed and party responses,
one sent to the committee, valid links, half-way through log-in, two-step
verification being set up and turned off) and one page of each kind of
refusal. Each page is written to a file and the checker runs once over all of
them (one Java start). Any error fails the test, listing the page, the line and
the checker's message.

Needs Java (`apt-get install default-jre-headless`) and `npm ci` (vnu-jar); without
them the test is skipped locally and fails in CI.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from tests.pages_inventory import DESTRUCTIVE_POSTS, client_of, every_visit
from tests.vnu import run_vnu

LANGUAGES = ["da", "en"]

TEXT_TYPES = {"text", "email", "password", "number", "date", "search", "url", "tel"}
NOT_SENT_TYPES = {"submit", "button", "reset", "image", "file"}


# ---------------------------------------------------------------- the forms of a page


@dataclass
class Form:
    index: int
    method: str
    action: str
    fields: list[dict] = field(default_factory=list)  # inputs, textareas and selects, in order
    submits: list[dict] = field(default_factory=list)  # the buttons that submit it
    _select: dict | None = None

    @property
    def fillable(self) -> bool:
        """A text field, or a required field: what test_every_page.py's FORMS_JS counts."""
        return any(f["tag"] == "textarea" or "required" in f or (f["tag"] == "input" and f["type"] in TEXT_TYPES)
                   for f in self.fields)

    def empty_data(self) -> list[tuple[str, str]]:
        """What a browser sends when the text fields are cleared and the first submit button clicked."""
        data = []
        for f in self.fields:
            name = f.get("name")
            if not name or "disabled" in f:
                continue
            if f["tag"] == "textarea" or (f["tag"] == "input" and f["type"] in TEXT_TYPES):
                data.append((name, ""))
            elif f["tag"] == "select":
                options = f["options"]
                chosen = [o for o in options if o["selected"]] or options[:1]
                data += [(name, o["value"]) for o in chosen[:1]]
            elif f["type"] in ("checkbox", "radio"):
                if "checked" in f:
                    data.append((name, f.get("value", "on")))
            elif f["type"] not in NOT_SENT_TYPES:
                data.append((name, f.get("value", "")))
        submit = self.submits[0]
        if submit.get("name"):
            data.append((submit["name"], submit.get("value", "")))
        return data


class _FormsOfMain(HTMLParser):
    """The forms inside <main>, with their fields and submit buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.in_main = 0
        self.forms: list[Form] = []
        self.form: Form | None = None

    def handle_starttag(self, tag, attrs):
        a = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "main":
            self.in_main += 1
        if not self.in_main:
            return
        if tag == "form":
            self.form = Form(len(self.forms), (a.get("method") or "get").lower(), a.get("action", ""))
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            entry = {"tag": "input", "type": kind, **a}
            if kind == "submit":
                self._add_submit(entry)
            else:
                self.form.fields.append(entry)
        elif tag == "button" and (a.get("type") or "submit").lower() == "submit":
            self._add_submit(a)
        elif tag == "textarea":
            self.form.fields.append({"tag": "textarea", **a})
        elif tag == "select":
            self.form._select = {"tag": "select", "type": "select", "options": [], **a}
            self.form.fields.append(self.form._select)
        elif tag == "option" and self.form._select is not None:
            self.form._select["options"].append({"value": a.get("value", ""), "selected": "selected" in a})

    def _add_submit(self, attrs: dict) -> None:
        if attrs.get("aria-hidden") == "true" or "sr-only" in attrs.get("class", "").split():
            return
        self.form.submits.append(attrs)

    def handle_endtag(self, tag):
        if tag == "main" and self.in_main:
            self.in_main -= 1
        elif tag == "form":
            self.form = None
        elif tag == "select" and self.form is not None:
            self.form._select = None


def forms_of_main(html: str) -> list[Form]:
    parser = _FormsOfMain()
    parser.feed(html)
    return parser.forms


# ---------------------------------------------------------------- fetching the pages


@dataclass
class Pages:
    folder: Path
    files: dict[str, str] = field(default_factory=dict)  # file name -> what page it is
    problems: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def keep(self, where: str, response) -> None:
        """Write an HTML page to a file for the checker; note a server error; pass over files and JSON."""
        if response.status_code >= 500:
            self.problems.append(f"{where}: server error {response.status_code}")
        elif response.mimetype != "text/html":
            self.skipped.append(f"{where}: {response.status_code} {response.mimetype}")
        else:
            name = f"{len(self.files):04d}.html"
            (self.folder / name).write_bytes(response.get_data())
            final = response.request.path if response.history else None
            self.files[name] = where + (f" -> {final}" if final else "") + f" [{response.status_code}]"


def _endpoint_of(app, url: str, method: str) -> str | None:
    try:
        endpoint, _ = app.url_map.bind("localhost").match(urlsplit(url).path, method=method.upper())
    except HTTPException:
        return None
    return endpoint


def _gather(app, visits: list, users: dict, language: str, pages: Pages) -> None:
    clients = {role: client_of(app, role, users, language) for role in dict.fromkeys(r for r, _, _ in visits)}
    forms: dict = {}
    for role, endpoint, url in visits:
        where = f"{language} {role} GET {url} ({endpoint})"
        response = clients[role].get(url, follow_redirects=True)
        pages.keep(where, response)
        if response.mimetype != "text/html" or response.status_code >= 500:
            continue
        page_url = urljoin("http://localhost", response.request.path)
        for form in forms_of_main(response.get_data(as_text=True)):
            if form.method != "post" or not form.fillable or not form.submits:
                continue
            action = urljoin(page_url, form.action or response.request.path)
            target = _endpoint_of(app, action, "post")
            key = (endpoint, target, form.index)
            if target in DESTRUCTIVE_POSTS or key in forms:
                continue
            forms[key] = (role, url, form, urlsplit(action).path)
    # The error states, last: posting may change what a page shows.
    for (_endpoint, target, index), (role, url, form, action) in forms.items():
        where = f"{language} {role} POST empty form #{index} ({target}) of {url}"
        pages.keep(where, clients[role].post(action, data=MultiDict(form.empty_data()), follow_redirects=True))


# ---------------------------------------------------------------- the checker


def format_errors(errors: list[dict], files: dict[str, str], folder: Path) -> str:
    by_page: dict[str, list[str]] = {}
    for error in errors:
        name = error.get("url", "").rsplit("/", 1)[-1]
        line = error.get("lastLine", "?")
        extract = " ".join(error.get("extract", "").split())
        text = f"  line {line}: {error['message']}" + (f"\n      {extract}" if extract else "")
        by_page.setdefault(name, []).append(text)
    return "\n\n".join(f"{files.get(name, name)} ({folder / name}):\n" + "\n".join(lines)
                       for name, lines in sorted(by_page.items()))


def test_every_page_is_valid_html(java, app, client, rich_world, more_states, tmp_path):
    # `client` makes app.test_client() give the IsolatedClient of tests/conftest.py (one app context per request).
    started = time.monotonic()
    pages = Pages(tmp_path)
    visits = every_visit(app, rich_world, more_states)
    users = {**rich_world["users"], **more_states["users"]}
    for language in LANGUAGES:
        _gather(app, visits, users, language, pages)
    fetched = time.monotonic()
    errors = run_vnu(java, tmp_path, sorted(pages.files))
    print(  # noqa: T201 (shown with -s or on failure: what was covered)
        f"\n{len(pages.files)} pages checked, {sum(' POST ' in p for p in pages.files.values())} of them forms "
        f"posted empty ({fetched - started:.1f} s to fetch, "
        f"{time.monotonic() - fetched:.1f} s to check), {len(pages.skipped)} not HTML"
    )
    assert not pages.problems, "\n".join(pages.problems)
    assert not errors, (
        f"{len(errors)} HTML error(s) in {len({e.get('url') for e in errors})} page(s):\n\n"
        + format_errors(errors, pages.files, tmp_path)
    )


def test_the_form_reader_sees_what_a_browser_would_post():
    html = """<header><form method="post"><input name="q"><button>Søg</button></form></header>
    <main><form method="post" action="/x">
      <input type="hidden" name="csrf_token" value="t"><input name="title" value="Navn">
      <textarea name="text">Tekst</textarea><input type="checkbox" name="a" value="1" checked>
      <input type="checkbox" name="b" value="1"><select name="s"><option value="1">1</option>
      <option value="2" selected>2</option></select><input type="file" name="f">
      <button type="submit" class="sr-only" name="default">Gem</button>
      <button type="button">Luk</button><button name="step" value="next">Næste</button>
    </form><form><input name="q"><button>Find</button></form></main>"""
    posted, searched = forms_of_main(html)
    assert (posted.method, posted.action, posted.fillable, len(posted.submits)) == ("post", "/x", True, 1)
    assert posted.empty_data() == [("csrf_token", "t"), ("title", ""), ("text", ""), ("a", "1"), ("s", "2"),
                                   ("step", "next")]
    assert searched.method == "get"
