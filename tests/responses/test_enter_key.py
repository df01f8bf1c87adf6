"""Issue #17, item 2: Enter in a one-line field presses the form's first submit button (its default
button, in document order). On the party's page that was "Fjern" (the file was removed) or
"Indsend høringssvar" (the response was submitted).

Every page of tests/pages_inventory.py (every GET route, for each role that may open it, with the
data of two hearings and the extra states) is read here: in every form with more than one submit
button and a field where Enter submits (a one-line field, a checkbox, a radio button), the first
submit button must be the one the form chose for Enter (`data-enter-default`), and it must not
remove, delete, discard or submit. The browser side is tests/browser/test_enter_key.py.
"""

from html.parser import HTMLParser

from tests.pages_inventory import more_states, rich_world  # noqa: F401 (fixtures)
from tests.replies.test_workspace import _base, case  # noqa: F401 (a fixture)
from tests.replies.test_workspace import _log_in as log_in_officer
from tests.responses.test_letters import _log_in, _post, _upload, letter_pdf, round_2019  # noqa: F401 (a fixture)
from tests.test_route_access import world  # noqa: F401 (a fixture rich_world uses)
from tests.test_valid_html import _client_of, _visits

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


def test_the_checker_sees_a_remove_button_first_and_a_safe_default_first():
    fields = '<input name="signed_name"><button name="action" value="submit">Indsend</button>'
    assert enter_problems(f'<form><button name="remove_attachment" value="3">Fjern</button>{fields}</form>')
    assert enter_problems(f"<form>{fields}<button name=action value=save>Gem</button></form>")
    assert not enter_problems(f'<form><button class="sr-only" name="action" value="save" data-enter-default>Gem'
                              f'</button><button name="remove_attachment" value="3">Fjern</button>{fields}</form>')
    assert not enter_problems('<form><textarea name="t"></textarea><button>A</button><button>B</button></form>')


def test_in_every_form_with_several_buttons_enter_presses_the_safe_one(app, client, rich_world, more_states):  # noqa: F811
    users = {**rich_world["users"], **more_states["users"]}
    visits = _visits(app, rich_world, more_states)
    clients = {role: _client_of(app, role, users, "da") for role in dict.fromkeys(role for role, _, _ in visits)}
    problems, checked = [], []
    for role, endpoint, url in visits:
        answer = clients[role].get(url, follow_redirects=True)
        if answer.mimetype != "text/html":
            continue
        html = answer.get_data(as_text=True)
        checked += [(endpoint, form) for form in forms_with_several_buttons(html)]
        problems += [f"{role} {url} ({endpoint}): {problem}" for problem in enter_problems(html)]
    assert problems == [], "\n".join(problems)
    party_forms = [form for endpoint, form in checked if endpoint == "responses.party_start"]
    assert any(any(b.get("name") == "remove_attachment" for b in form["submits"]) for form in party_forms), \
        "the party's page with a file attached was among the pages read"


def _first_button(html: str) -> dict:
    [form] = forms_with_several_buttons(html)
    assert enter_problems(html) == []
    return form["submits"][0]


def test_on_the_letter_pages_enter_shows_the_points_again(client, round_2019):  # noqa: F811
    """Pages after a post, which the inventory does not reach: splitting a letter and its preview."""
    _log_in(client, officer_of=round_2019.hearing_id)
    split = _upload(client, round_2019, letter_pdf(), "hoeringssvar.pdf").get_data(as_text=True)
    preview = _post(client, round_2019, split, "preview").get_data(as_text=True)
    assert "Gem høringssvaret" in preview
    for html in (split, preview):
        assert _first_button(html).get("value") == "preview"


def test_enter_on_a_comments_checkbox_starts_one_reply_to_the_marked_not_to_the_first(client, case):  # noqa: F811
    log_in_officer(client, case["users"]["officer"])
    html = client.get(f"{_base(case)}/besvarelse/{case['key']}").get_data(as_text=True)
    first = _first_button(html)
    assert "name" not in first, "the button for the marked comments, not 'Skriv svar' to one of them"
