"""Issue #18, item 9: no two controls in one form share an accessible name.

A screen reader lists a form's controls by name; eleven "Skriv en bemærkning til Omfang/varighed" cannot be
told apart. Every page of tests/pages_inventory.py (every GET route, for each role that may open it, and the
states `more_states` adds) is fetched with the test client in Danish and in English, and each of its forms'
controls is named from the server's HTML as the accessible name computation does for them (aria-labelledby,
aria-label, <label>, the button's or summary's text, value, title, placeholder). Controls out of the
accessibility tree (aria-hidden, hidden, type=hidden) are left out; a group of radio buttons is one control,
named by its legend. Names are compared as a screen reader says them: case and spacing do not count.
"""

from __future__ import annotations

from collections import Counter

import lxml.html

from tests.pages_inventory import client_of, every_visit

LANGUAGES = ["da", "en"]
CONTROLS = "descendant::input | descendant::select | descendant::textarea | descendant::button | descendant::summary"
NO_TEXT = {"script", "style", "template"}


def _out_of_tree(element) -> bool:
    """Not in the accessibility tree: aria-hidden or hidden itself or inside such a parent, or a hidden input."""
    if element.tag == "input" and (element.get("type") or "").lower() == "hidden":
        return True
    return any(e.get("aria-hidden") == "true" or e.get("hidden") is not None
               for e in [element, *element.iterancestors()])


def text_of(element) -> str:
    """The text a screen reader reads for an element: sr-only text counts, hidden and aria-hidden parts do not."""
    return " ".join(_raw_text(element).split())


def _raw_text(element) -> str:
    if (not isinstance(element.tag, str) or element.tag in NO_TEXT or element.get("aria-hidden") == "true"
            or element.get("hidden") is not None):
        return ""
    if element.tag == "img":
        return element.get("alt") or ""
    parts = [element.text or ""]
    for child in element:
        parts.append(_raw_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def accessible_name(control, page) -> str:
    labelled_by = control.get("aria-labelledby")
    if labelled_by:
        return " ".join(text_of(page.get_element_by_id(i)) for i in labelled_by.split() if _has_id(page, i))
    if (control.get("aria-label") or "").strip():
        return control.get("aria-label").strip()
    kind = (control.get("type") or "").lower()
    if control.tag in ("button", "summary"):
        name = text_of(control)
    elif control.tag == "input" and kind in ("submit", "reset", "button"):
        name = control.get("value") or ""
    else:
        ids = [control.get("id")] if control.get("id") else []
        labels = [label for i in ids for label in page.xpath("//label[@for=$i]", i=i)]
        labels += [a for a in control.iterancestors("label")]
        name = " ".join(text_of(label) for label in labels)
    return " ".join((name or control.get("title") or control.get("placeholder") or "").split())


def _has_id(page, element_id: str) -> bool:
    return bool(page.xpath("//*[@id=$i]", i=element_id))


def _group_name(radio) -> str:
    fieldset = next(radio.iterancestors("fieldset"), None)
    legend = fieldset.find("legend") if fieldset is not None else None
    return text_of(legend) if legend is not None else ""


def named_controls(form, page) -> list[tuple[str, str]]:
    """(name, what it is) of each control of a form in the accessibility tree; a radio group once."""
    found, groups = [], set()
    for control in form.xpath(CONTROLS):
        if _out_of_tree(control):
            continue
        kind = (control.get("type") or "").lower()
        if control.tag == "input" and kind == "radio":
            if control.get("name") in groups:
                continue
            groups.add(control.get("name"))
            found.append((_group_name(control), f"radio group {control.get('name')}"))
            continue
        what = control.tag + (f"#{control.get('id')}" if control.get("id") else f"[name={control.get('name')}]")
        found.append((accessible_name(control, page), what))
    return found


def form_problems(html: str) -> list[str]:
    """Each control without a name, and each name that more than one control of a form has."""
    page = lxml.html.fromstring(html)
    problems = []
    for index, form in enumerate(page.iter("form")):
        controls = named_controls(form, page)
        where = f"form #{index} ({form.get('action') or 'this page'})"
        problems += [f"{where}: {what} has no accessible name" for name, what in controls if not name]
        counts = Counter(name.casefold() for name, _what in controls if name)
        for name, count in counts.items():
            if count > 1:
                alike = [what for n, what in controls if n.casefold() == name]
                problems.append(f"{where}: {count} controls named {name!r}: {', '.join(alike)}")
    return problems


def test_no_two_controls_in_a_form_share_an_accessible_name(app, client, rich_world, more_states):
    visits = every_visit(app, rich_world, more_states)
    users = {**rich_world["users"], **more_states["users"]}
    problems: dict[str, list[str]] = {}
    checked = forms = controls = 0
    for language in LANGUAGES:
        clients = {role: client_of(app, role, users, language) for role in dict.fromkeys(r for r, _, _ in visits)}
        for role, endpoint, url in visits:
            response = clients[role].get(url, follow_redirects=True)
            if response.mimetype != "text/html":
                continue
            checked += 1
            html = response.get_data(as_text=True)
            page = lxml.html.fromstring(html)
            forms += len(page.forms)
            controls += sum(len(named_controls(form, page)) for form in page.forms)
            for problem in form_problems(html):
                problems.setdefault(problem, []).append(f"{language} {role} {endpoint}")
    print(f"\n{checked} pages, {forms} forms, {controls} controls")  # noqa: T201 (shown with -s: what was covered)
    assert checked > 100, f"only {checked} pages were checked"
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(
        f"- {problem}\n    on {', '.join(sorted(set(pages))[:4])}" for problem, pages in sorted(problems.items()))


def test_the_name_is_computed_as_a_screen_reader_says_it():
    html = """<main><form action="/svar">
      <label for="a">Bemærkning til <span class="sr-only">§ 85 –</span> Omfang</label><textarea id="a"></textarea>
      <label for="b">Bemærkning til Omfang</label><textarea id="b"></textarea>
      <details><summary>Skriv <svg aria-hidden="true"><title>pil</title></svg>en bemærkning
        <span hidden> · skrevet</span></summary></details>
      <details><summary>Skriv en  bemærkning</summary></details>
      <button aria-hidden="true" tabindex="-1">Gem</button><button><span aria-hidden="true">✓</span>Gem</button>
      <span id="x">Send</span><button aria-labelledby="x">Indsend</button><input type="submit" value="SEND">
      <fieldset><legend>Må vi vise dit navn?</legend><input type="radio" name="p" id="p1"><label for="p1">Ja</label>
        <input type="radio" name="p" id="p2"><label for="p2">Nej</label></fieldset>
      <input type="hidden" name="csrf_token"><input type="text" name="q">
    </form></main>"""
    assert sorted(form_problems(html)) == [
        "form #0 (/svar): 2 controls named 'send': button[name=None], input[name=None]",
        "form #0 (/svar): 2 controls named 'skriv en bemærkning': summary[name=None], summary[name=None]",
        "form #0 (/svar): input[name=q] has no accessible name",
    ]


def test_the_2019_draft_party_and_citizen_pages_name_each_comment_field_by_its_standard(client, demo):
    from app.demo.practice import PRACTICE_SLUG, practice_token

    for url in (f"/svar/{practice_token('formand@handicapraadet.example.org')}", f"/hoeringer/{PRACTICE_SLUG}/svar"):
        html = client.get(url).get_data(as_text=True)
        assert form_problems(html) == [], url
        page = lxml.html.fromstring(html)
        names = [name for name, _what in named_controls(page.get_element_by_id("response-form"), page)]
        assert "Bemærkning til § 85 Socialpædagogisk bistand – Ydelsens omfang/varighed" in names
        assert "Skriv en bemærkning til § 85 Socialpædagogisk bistand – Ydelsens omfang/varighed" in names
        assert len(names) > 100
