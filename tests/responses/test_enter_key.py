"""Issue #17, item 2: Enter in a one-line field presses the form's first submit button (its default
button, in document order). On the party's page that was "Fjern" (the file was removed) or
"Indsend høringssvar" (the response was submitted).

Every page of tests/pages_inventory.py (every GET route, for each role that may open it, with the
data of two hearings and the extra states) is read here: in every form with more than one submit
button and a field where Enter submits (a one-line field, a checkbox, a radio button), the first
submit button must be the one the form chose for Enter (`data-enter-default`), and it must not
remove, delete, discard or submit. The browser side is tests/browser/test_enter_key.py.
"""

from tests.enter_key import enter_problems, forms_with_several_buttons
from tests.pages_inventory import client_of, every_visit


def test_the_checker_sees_a_remove_button_first_and_a_safe_default_first():
    fields = '<input name="signed_name"><button name="action" value="submit">Indsend</button>'
    assert enter_problems(f'<form><button name="remove_attachment" value="3">Fjern</button>{fields}</form>')
    assert enter_problems(f"<form>{fields}<button name=action value=save>Gem</button></form>")
    assert not enter_problems(f'<form><button class="sr-only" name="action" value="save" data-enter-default>Gem'
                              f'</button><button name="remove_attachment" value="3">Fjern</button>{fields}</form>')
    assert not enter_problems('<form><textarea name="t"></textarea><button>A</button><button>B</button></form>')


def test_in_every_form_with_several_buttons_enter_presses_the_safe_one(app, client, rich_world, more_states):
    users = {**rich_world["users"], **more_states["users"]}
    visits = every_visit(app, rich_world, more_states)
    clients = {role: client_of(app, role, users, "da") for role in dict.fromkeys(role for role, _, _ in visits)}
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
