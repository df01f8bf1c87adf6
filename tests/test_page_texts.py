"""Issue #18, item 10: small faults in what every page says, over the page inventory.

Every page of tests/pages_inventory.py (every GET route, for each role that may
open it, in the states `more_states` adds) is fetched once per language with
the test client, and its visible text and alerts are checked:

- no "(er)" or "(s)" plural stand-ins ("part(er)"): counts use ngettext;
- no sentence glued to the next ("Holm.I kan rette"): a "." between a small
  and a capital letter, outside addresses and abbreviations;
- every DKFDS alert has its icon (DKFDS 11 has no alert without one: the body
  is indented for it), the icon of its own variant, then its body.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.pages_inventory import client_of, every_visit

PLURAL_STAND_IN = re.compile(r"\w\((er|s|e|r)\)", re.IGNORECASE)
GLUED_SENTENCE = re.compile(r"[a-zæøå0-9]\.[A-ZÆØÅ]")  # a name may end in a digit ("Kontakt 12-0.I kan")
# Words in which ". followed by a capital" is no sentence break (domain names, file names).
NOT_SENTENCES = re.compile(r"\S+\.(?:dk|org|com|net|pdf|docx|odt|csv|html|json|svg)\b|\S+@\S+|https?://\S+")
ICONS = {"success", "info", "warning", "error"}

BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table", "dt", "dd",
          "dl", "section", "article", "header", "footer", "nav", "main", "form", "fieldset", "legend", "label",
          "br", "hr", "blockquote", "pre", "option", "button", "summary", "details", "caption", "figure"}


class _Page(HTMLParser):
    """The visible text (blocks apart, inline elements run together) and each alert's outline."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.hidden = 0
        self.alerts: list[dict] = []
        self.stack: list[tuple[str, dict | None]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag in ("script", "style", "template", "title"):
            self.hidden += 1
        if tag in BLOCKS:
            self.text.append(" ")
        parent = self.stack[-1][1] if self.stack else None
        alert = None
        if "alert" in classes:
            variants = [c.removeprefix("alert-") for c in classes if c.removeprefix("alert-") in ICONS]
            alert = {"variants": variants, "children": []}
            self.alerts.append(alert)
        elif parent is not None:
            parent["children"].append((tag, classes))
        if tag == "use" and parent is None and self.alerts and self.alerts[-1].get("icon_open"):
            self.alerts[-1]["icon"] = (a.get("href") or "").rpartition("#")[2]
        if tag == "svg" and parent is not None and "alert-icon" in classes:
            parent["icon_open"] = True
        if tag not in ("br", "hr", "img", "input", "meta", "link", "use", "path"):
            self.stack.append((tag, alert))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "title"):
            self.hidden -= 1
        if tag in BLOCKS:
            self.text.append(" ")
        while any(open_tag == tag for open_tag, _ in self.stack):
            open_tag, alert = self.stack.pop()
            if open_tag == "svg" and self.alerts:
                self.alerts[-1].pop("icon_open", None)
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not self.hidden:
            self.text.append(data)


def _read(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _alert_fault(alert: dict) -> str | None:
    children = [(tag, classes) for tag, classes in alert["children"]]
    if len(alert["variants"]) != 1:
        return f"variant {alert['variants']}"
    if not children or children[0][0] != "svg" or "alert-icon" not in children[0][1]:
        return "no icon first"
    if alert.get("icon") != alert["variants"][0]:
        return f"icon #{alert.get('icon')} in an alert-{alert['variants'][0]}"
    if len(children) < 2 or "alert-body" not in children[1][1]:
        return "no alert-body after the icon"
    return None


@pytest.fixture
def pages(app, client, rich_world, more_states):
    """(where, endpoint, parsed page) of every HTML page of the inventory, in Danish and in English.
    `client` makes app.test_client() give tests/conftest.py's IsolatedClient (it types the second-step code)."""
    users = {**rich_world["users"], **more_states["users"]}
    visits = every_visit(app, rich_world, more_states)
    found = []
    for language in ("da", "en"):
        clients = {role: client_of(app, role, users, language) for role in dict.fromkeys(r for r, _, _ in visits)}
        for role, endpoint, url in visits:
            response = clients[role].get(url, follow_redirects=True)
            if response.mimetype == "text/html":
                found.append((f"{language} {role} {url}", endpoint, _read(response.get_data(as_text=True))))
    assert len(found) > 100
    return found


def test_no_page_has_plural_stand_ins_sentences_run_together_or_alerts_without_their_icon(pages):
    """The three checks over one fetch of the inventory (fetching it is the slow part)."""
    plurals, glued, alerts = [], [], []
    for where, _endpoint, page in pages:
        raw = "".join(page.text)
        plurals += [(where, m.group(0)) for m in PLURAL_STAND_IN.finditer(raw)]
        text = NOT_SENTENCES.sub(" ", " ".join(raw.split()))
        glued += [(where, text[max(m.start() - 30, 0):m.end() + 30]) for m in GLUED_SENTENCE.finditer(text)]
        alerts += [(where, fault) for alert in page.alerts if (fault := _alert_fault(alert))]
    assert any(page.alerts for _, _, page in pages), "no page of the inventory shows an alert"
    assert any(page.alerts for _, endpoint, page in pages if endpoint.startswith("memos.")), "no memo page's alert"
    assert plurals == []
    assert glued == []
    assert alerts == []


def test_the_checks_catch_the_faults():
    """The three checks, on the markup that had the faults."""
    glued = _read('<p class="alert-text">Af Kontakt 12-0.<!-- endif -->I kan rette svaret.</p>')
    assert GLUED_SENTENCE.search(" ".join("".join(glued.text).split()))
    assert not GLUED_SENTENCE.search(NOT_SENTENCES.sub(" ", "Skriv til hoering@ltk.Dk eller se ltk.dk/Hoering"))
    assert PLURAL_STAND_IN.search("2 part(er) er tilføjet")
    gap = _read('<div class="alert alert-info"><div class="alert-body"><p class="alert-text">x</p></div></div>')
    assert _alert_fault(gap.alerts[0]) == "no icon first"
    wrong = _read('<div class="alert alert-success"><svg class="icon-svg alert-icon"><use href="i.svg#check-circle">'
                  '</use></svg><div class="alert-body"></div></div>')
    assert _alert_fault(wrong.alerts[0]) == "icon #check-circle in an alert-success"
    right = _read('<div class="alert alert-info"><svg class="icon-svg alert-icon"><use href="i.svg#info"></use></svg>'
                  '<div class="alert-body"><p class="alert-text">x</p></div></div>')
    assert _alert_fault(right.alerts[0]) is None
