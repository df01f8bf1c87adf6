"""The public pages and the log-in page in a real browser: axe-core, keyboard, small screens.

Each page is checked at 1280 and 320 px, in Danish and (switched with the
header's language buttons) in English: no axe violations (WCAG 2.0/2.1 A and
AA), the skip link is the first Tab stop and moves focus to <main>,
html[lang] is the chosen language, nothing is wider than the screen at 320 px.
A screenshot of each goes to tests/screenshots/.
"""

from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import pytest
from flask import render_template_string
from flask_wtf import FlaskForm
from playwright.sync_api import expect
from wtforms import (
    BooleanField,
    FileField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired
from wtforms.widgets import CheckboxInput, ListWidget

from app.hearings.models import HearingState
from tests.browser.helpers import (
    WIDTHS,
    assert_fits_width,
    assert_focus_visible,
    assert_skip_link_first,
    focus_info,
    switch_language,
    tab_to_id,
)
from tests.factories import PASSWORD, make_hearing, make_user

NOT_FOUND = "/findes-ikke-denne-side"


@pytest.fixture
def hearings(db):
    """Hearings like the 2019 round, committed so the server's threads see them."""
    now = datetime.now(UTC)
    make_hearing(
        title="Kvalitetsstandarder for hjælp og støtte efter serviceloven",
        summary=(
            "Forslag til 11 kvalitetsstandarder, fx for personlig pleje (§ 83), "
            "aflastning (§ 84) og socialpædagogisk støtte (§ 85)."
        ),
        committee="Social- og Sundhedsudvalget",
        deadline_at=now + timedelta(days=12),
    )
    make_hearing(
        title="Plan for botilbud på det specialiserede voksenområde 2026-2030",
        summary="Tre modeller for, hvordan kommunens botilbud kan organiseres.",
        committee="Social- og Sundhedsudvalget",
        deadline_at=now + timedelta(days=30),
    )
    make_hearing(
        state=HearingState.DECIDED,
        title="Kvalitetsstandarder 2019",
        summary="Handicaprådets høringssvar og forvaltningens bemærkninger.",
        committee="Social- og Sundhedsudvalget",
        opens_at=datetime(2019, 5, 6, 8, 0, tzinfo=UTC),
        deadline_at=datetime(2019, 6, 3, 21, 59, tzinfo=UTC),
        decided_on=date(2019, 6, 18),
        decision_text="Godkendt.",
    )
    make_hearing(
        state=HearingState.REPLYING,
        title="Ændring af åbningstider i aktivitetscentrene",
        committee="Social- og Sundhedsudvalget",
        opens_at=now - timedelta(days=40),
        deadline_at=now - timedelta(days=10),
    )
    db.session.commit()


# ---------------------------------------------------------------- helpers


def open_page(page, base_url: str, name: str) -> None:
    path = {"index": "/", "accessibility": "/tilgaengelighed", "login": "/konto/log-ind"}.get(name, NOT_FOUND)
    response = page.goto(base_url + path)
    assert response is not None
    assert response.status == (404 if name == "not-found" else 200)


# ---------------------------------------------------------------- every page, both widths, both languages


@pytest.mark.usefixtures("hearings")
@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("width", ["desktop", "mobile"])
@pytest.mark.parametrize("name", ["index", "accessibility", "login", "not-found"])
def test_page(page, live_server, assert_no_axe_violations, screenshot, name, width, language):
    page.set_viewport_size(WIDTHS[width])
    open_page(page, live_server, name)
    switch_language(page, language)

    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("h1")).to_have_count(1)
    title = page.title()
    assert "Høringsrunde" in title and "Lyngby-Taarbæk Kommune" in title
    assert_skip_link_first(page)

    if name == "index":
        # Open the help text so axe checks it too.
        page.locator("summary.details-summary").click()
        expect(page.locator("dl.app-glossary")).to_be_visible()
    if name == "login":
        # Empty submit: the error state.
        page.locator("main form button[type=submit]").click()
        summary = page.locator("#error-summary")
        expect(summary).to_be_visible()
        expect(summary).to_be_focused()  # DKFDS.init() moves focus to it
        expect(summary.locator("a[href='#email']")).to_be_visible()
        expect(summary.locator("a[href='#password']")).to_be_visible()
        for field in ("email", "password"):
            expect(page.locator(f"#{field}")).to_have_attribute("aria-invalid", "true")
            expect(page.locator(f"#{field}-error")).to_be_visible()
            described = page.locator(f"#{field}").get_attribute("aria-describedby") or ""
            assert f"{field}-error" in described.split()
        assert page.title().startswith(("Fejl:", "Error:"))

    assert_no_axe_violations(page)
    if width == "mobile":
        assert_fits_width(page)
    page.evaluate("document.activeElement && document.activeElement.blur()")  # no focus ring in the picture
    screenshot(page, f"{name}-{language}-{width}")


def test_front_page_lists_open_and_earlier_hearings(page, live_server, hearings):
    page.goto(live_server + "/")
    main = page.locator("main")
    open_list, earlier_list = main.locator("ul.app-hearing-list").all()
    # Open hearings, soonest deadline first, with the deadline in Danish.
    expect(open_list.locator("h3")).to_have_text(
        [
            "Kvalitetsstandarder for hjælp og støtte efter serviceloven",
            "Plan for botilbud på det specialiserede voksenområde 2026-2030",
        ]
    )
    expect(open_list).to_contain_text("Høringsfrist")
    expect(earlier_list).to_contain_text("3. juni 2019 kl. 23.59")  # Europe/Copenhagen
    expect(earlier_list).to_contain_text("Kvalitetsstandarder 2019")


def test_front_page_without_hearings_says_so(page, live_server, assert_no_axe_violations):
    page.goto(live_server + "/")
    expect(page.locator("main")).to_contain_text("Der er ingen åbne høringer lige nu.")
    expect(page.locator("main")).to_contain_text("Der er ingen tidligere høringer.")
    assert_no_axe_violations(page)


# ---------------------------------------------------------------- the form macros, every kind of field


class EveryFieldForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField(
        "Navn", validators=[DataRequired("Skriv dit navn.")], description="Som det står på dit sygesikringskort."
    )
    text = TextAreaField("Høringssvar", validators=[DataRequired("Skriv dit høringssvar.")])
    party = SelectField(
        "Part", choices=[("", "Vælg en part"), ("hr", "Handicaprådet")], validators=[DataRequired("Vælg en part.")]
    )
    kind = RadioField(
        "Hvad vil du svare?",
        choices=[("comments", "Bemærkninger"), ("none", "Ingen bemærkninger")],
        validators=[InputRequired("Vælg, hvad du vil svare.")],
    )
    topics = SelectMultipleField(
        "Hvilke standarder handler svaret om?",
        choices=[("84", "Aflastning (§ 84)"), ("85", "Socialpædagogisk støtte (§ 85)")],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[DataRequired("Vælg mindst én standard.")],
    )
    consent = BooleanField("Jeg har læst høringsbrevet", validators=[DataRequired("Sæt kryds for at fortsætte.")])
    contact = BooleanField("Ja, I må kontakte mig", description="Vi skriver kun om denne høring.")
    attachment = FileField("Bilag")
    token = HiddenField(default="x")


EVERY_FIELD_PAGE = """{% extends "base.html" %}
{% from "_macros/forms.html" import field, error_summary, submit %}
{% block title %}Formular{% endblock %}
{% block content %}
{{ error_summary(form) }}
<h1>Formular</h1>
<form method="post" novalidate>
  {% for f in form if f.name != "contact" %}{{ field(f) }}{% endfor %}
  {{ field(form.contact, legend="Må vi kontakte dig?") }}
  {{ submit("Send høringssvar") }}
</form>
{% endblock %}"""


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_field_macro_renders_every_kind_of_field_accessibly(
    app, page, live_server, assert_no_axe_violations, screenshot, width
):
    with app.test_request_context("/formular", method="POST", data={}):
        form = EveryFieldForm()
        assert not form.validate()
        html = render_template_string(EVERY_FIELD_PAGE, form=form)

    page.set_viewport_size(WIDTHS[width])
    page.goto(live_server + "/")  # so /static/… resolves against the live server
    page.set_content(html, wait_until="load")

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("li")).to_have_count(6)
    # Groups: a fieldset whose legend is the question; the summary links to the first option.
    for group, first_option in (("kind", "kind-0"), ("topics", "topics-0")):
        fieldset = page.locator(f"fieldset:has(#{first_option})")
        expect(fieldset.locator("legend")).to_be_visible()
        assert f"{group}-error" in (fieldset.get_attribute("aria-describedby") or "")
        expect(summary.locator(f"a[href='#{first_option}']")).to_be_visible()
    expect(page.locator("#name")).to_have_attribute("aria-describedby", "name-hint name-error")
    expect(page.locator("#party")).to_have_class("form-select")
    expect(page.locator("#text")).to_have_class("form-input")
    expect(page.locator("fieldset:has(#contact) legend")).to_have_text("Må vi kontakte dig?")
    expect(page.locator("#token")).to_have_attribute("type", "hidden")

    assert_no_axe_violations(page)
    if width == "mobile":
        assert_fits_width(page)

    summary.locator("a[href='#kind-0']").click()  # DKFDS: focus the field, show its legend
    expect(page.locator("#kind-0")).to_be_focused()
    page.evaluate("document.activeElement.blur()")
    screenshot(page, f"form-macros-da-{width}")


# ---------------------------------------------------------------- keyboard only


def test_log_in_with_the_keyboard_only(page, live_server, db, screenshot, assert_no_axe_violations):
    make_user(email="medarbejder@ltk.example.org", name="Mette Medarbejder")
    db.session.commit()
    page.goto(live_server + "/konto/log-ind")

    stops = tab_to_id(page, "email")
    assert stops[0]["tag"] == "a" and stops[0]["text"] in ("Gå til sidens indhold", "Skip to content")
    page.keyboard.type("medarbejder@ltk.example.org")
    page.keyboard.press("Tab")
    expect(page.locator("#password")).to_be_focused()
    page.keyboard.type(PASSWORD + "-forkert")
    page.keyboard.press("Enter")

    message = "E-mailadressen eller adgangskoden er forkert."
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#password']")).to_have_text(message)
    expect(page.locator("#password-error")).to_contain_text(message)
    expect(page.locator("#password")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#email")).to_have_value("medarbejder@ltk.example.org")
    screenshot(page, "login-wrong-password-da-desktop")

    # From the summary, Tab to its link and follow it: focus lands in the field.
    page.keyboard.press("Tab")
    expect(summary.locator("a[href='#password']")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#password")).to_be_focused()

    # Now the right password, still by keyboard.
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("header")).to_contain_text("Mette Medarbejder")
    log_out = page.get_by_role("button", name="Log ud")
    expect(log_out).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, "index-signed-in-da-desktop")
    page.set_viewport_size(WIDTHS["mobile"])
    expect(log_out).to_be_visible()  # the header keeps log-out on a small screen
    assert_fits_width(page)
    screenshot(page, "index-signed-in-da-mobile")

    log_out.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Du er logget ud.")
    expect(page.get_by_role("link", name="Log ind")).to_be_visible()
    assert_no_axe_violations(page)  # with the flashed message


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_every_tab_stop_on_the_front_page_shows_focus(page, live_server, hearings, width):
    page.set_viewport_size(WIDTHS[width])
    page.goto(live_server + "/")
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        info = focus_info(page)
        if info["tag"] == "body" or (seen and info == seen[0]):
            break
        assert_focus_visible(info)
        assert info["right"] <= WIDTHS[width]["width"] + 1, f"focused element off screen: {info}"
        seen.append(info)
    texts = [stop["text"] for stop in seen]
    for expected in ("Dansk", "English", "Log ind", "Hvad betyder ordene?", "Tilgængelighedserklæring"):
        assert expected in texts, f"{expected!r} is not a Tab stop: {texts}"


# ---------------------------------------------------------------- error pages and inline code (no browser needed)


def test_error_page_renders_for_requests_that_fail_early(csrf_app):
    client = csrf_app.test_client()
    refused = client.post("/konto/log-ud", data={})  # no CSRF token
    assert refused.status_code == 400
    assert "Fejlkode 400" in refused.get_data(as_text=True)
    wrong_method = client.get("/konto/log-ud")
    assert wrong_method.status_code == 405
    assert "Fejlkode 405" in wrong_method.get_data(as_text=True)


class _InlineFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        if "style" in names:
            self.problems.append(f"style= on <{tag}>")
        self.problems.extend(f"{name}= on <{tag}>" for name in names if name.startswith("on"))


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/"),
        ("get", "/tilgaengelighed"),
        ("get", "/konto/log-ind"),
        ("post", "/konto/log-ind"),
        ("get", NOT_FOUND),
    ],
)
def test_no_inline_script_or_style(client, hearings, method, path):
    """The Content-Security-Policy has no 'unsafe-inline': the HTML must not need it."""
    response = getattr(client, method)(path)
    finder = _InlineFinder()
    finder.feed(response.get_data(as_text=True))
    assert finder.problems == []
