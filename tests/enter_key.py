"""What the Enter key presses in each form of a page (issue #17, item 2): a one-line field, a checkbox
or a radio button submits its form with the form's first submit button, so that button must be the
one the form chose for Enter (`data-enter-default`), and it must never remove, delete, discard or
submit. Used by tests/responses/test_enter_key.py (every page), the letter and reply tests.
"""

from html.parser import HTMLParser

# Where Enter submits the form (a textarea takes Enter as a new line; a file field opens the picker).
ENTER_TYPES = {"text", "email", "password", "number", "date", "search", "url", "tel", "checkbox", "radio"}
UNSAFE_VALUES = {"submit", "discard", "delete", "remove"}
UNSAFE_NAME_PREFIXES = ("remove", "delete")


class _Forms(HTMLParser):
    """Each form's submit buttons, in document order, and whether it has a field where Enter submits."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.form: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            self.form = {"action": a.get("action", ""), "submits": [], "enter_fields": []}
            self.forms.append(self.form)
        elif self.form is None or "disabled" in a:
            return
        elif tag == "button" and (a.get("type") or "submit").lower() == "submit":
            self.form["submits"].append(a)
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "image"):
                self.form["submits"].append(a)
            elif kind in ENTER_TYPES:
                self.form["enter_fields"].append(a.get("name", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None


def enter_problems(html: str) -> list[str]:
    """What is wrong with what Enter does in each form of the page."""
    parser = _Forms()
    parser.feed(html)
    problems = []
    for form in parser.forms:
        if len(form["submits"]) < 2 or not form["enter_fields"]:
            continue
        first = form["submits"][0]
        said = f"form {form['action']}: Enter presses {first}"
        if "data-enter-default" not in first:
            problems.append(f"{said}, which is not marked as the form's Enter default")
        if first.get("value", "") in UNSAFE_VALUES or first.get("name", "").startswith(UNSAFE_NAME_PREFIXES):
            problems.append(f"{said}, which is not safe")
    return problems


def forms_with_several_buttons(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return [f for f in parser.forms if len(f["submits"]) > 1 and f["enter_fields"]]


def first_button(html: str) -> dict:
    [form] = forms_with_several_buttons(html)
    assert enter_problems(html) == []
    return form["submits"][0]
