"""The shared templates: the form page layout, the button macros, where the generic macros live."""

import re
from pathlib import Path

from flask import render_template_string
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, ValidationError

from app.fields import MultiCheckboxField

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

FORM_PAGE = """{% extends "_layouts/form_page.html" %}
{% from "_macros/forms.html" import field, submit %}
{% block heading %}Skift navn{% endblock %}
{% block lead %}<p id="lead">Indledning</p>{% endblock %}
{% block action %}{{ action }}{% endblock %}
{% block fields %}{{ field(form.name) }}{% endblock %}
{% block buttons %}{{ submit("Gem") }}{% endblock %}
{% block form %}{% if show_form %}{{ super() }}{% endif %}{% endblock %}
"""


class NameForm(FlaskForm):
    name = StringField("Navn", validators=[DataRequired("Skriv et navn.")])
    step = HiddenField(default="2")


def _main(page: str) -> str:
    return page[page.index("<main"):page.index("</main>")]


def _form_page(app, data: dict | None, action: str = "", show_form: bool = True) -> str:
    app.config["WTF_CSRF_ENABLED"] = True
    method = "POST" if data is not None else "GET"
    with app.test_request_context("/eksempel", method=method, data=data or {}):
        form = NameForm()
        if data is not None:
            form.validate()
        return render_template_string(FORM_PAGE, form=form, action=action, show_form=show_form)


def test_a_form_page_with_errors_names_them_in_the_title_and_sums_them_up_above_the_heading(app):
    page = _form_page(app, data={"name": ""})
    assert "<title>Fejl: Skift navn – Høringsrunde" in page
    main = _main(page)
    summary, heading = main.index('id="error-summary"'), main.index("<h1>Skift navn</h1>")
    lead, form = main.index('id="lead"'), main.index("<form")
    assert summary < heading < lead < form
    assert 'data-module="error-summary"' in main  # DKFDS moves focus to it
    assert '<a href="#name">Skriv et navn.</a>' in main


def test_a_form_page_without_errors_has_the_plain_title_and_the_form_with_its_hidden_fields(app):
    page = _form_page(app, data=None, action="/gem")
    assert "<title>Skift navn – Høringsrunde" in page
    main = _main(page)
    assert "error-summary" not in main
    form = re.search(r"<form [^>]*>", main).group(0)
    assert form == '<form method="post" action="/gem" novalidate>'
    assert re.search(r'<input id="csrf_token" name="csrf_token" type="hidden" value="[^"]+">', main)
    assert '<input id="step" name="step" type="hidden" value="2">' in main
    assert '<button type="submit" class="button button-primary">Gem</button>' in main


def test_a_form_page_without_an_action_posts_to_its_own_address(app):
    main = _main(_form_page(app, data=None, action=""))
    assert re.search(r"<form [^>]*>", main).group(0) == '<form method="post" novalidate>'


def test_a_form_page_may_leave_the_form_out(app):
    main = _main(_form_page(app, data=None, show_form=False))
    assert "<h1>Skift navn</h1>" in main
    assert "<form" not in main


def test_one_button_posts_the_token_its_hidden_inputs_and_one_button(app):
    app.config["WTF_CSRF_ENABLED"] = True
    with app.test_request_context("/"):
        html = render_template_string(
            '{% from "_macros/buttons.html" import one_button %}'
            '{{ one_button("/slet", "Slet", hidden_label="Ion Meyer", class="function-link", icon="delete",'
            ' hidden={"next": "/a?b=1&c=2"}, form_attrs={"data-confirm": ""},'
            ' button_attrs={"lang": "da", "aria-current": none}) }}'
        )
    assert html.startswith('<form method="post" action="/slet" data-confirm="" novalidate>')
    assert re.search(r'<input type="hidden" name="csrf_token" value="[^"]+">', html)
    assert '<input type="hidden" name="next" value="/a?b=1&amp;c=2">' in html
    assert re.search(
        r'<button type="submit" class="function-link" lang="da"><svg class="icon-svg" [^>]*><use href="[^"]*#delete">'
        r'</use></svg>Slet<span class="sr-only"> Ion Meyer</span></button>', html)
    assert "aria-current" not in html
    assert html.count("<button") == 1


class SignersForm(FlaskForm):
    signers = MultiCheckboxField("Hvem skriver under?", choices=[("3", "Ældrerådet"), ("7", "Råd <&> \"forening\"")],
                                 validate_choice=False)

    def validate_signers(self, field):
        if "3" in field.data:
            raise ValidationError("Vælg ikke Ældrerådet.")


def test_checkboxes_written_by_the_macro_are_those_wtforms_writes_checked_with_an_error(app):
    app.config["WTF_CSRF_ENABLED"] = False
    with app.test_request_context("/eksempel", method="POST", data={"signers": ["3", "7"]}):
        form = SignersForm()
        assert not form.validate()
        html = render_template_string('{% from "_macros/forms.html" import field %}{{ field(form.signers) }}',
                                      form=form)
        assert form.signers.plain_options() is not None
        for option in form.signers:  # WTForms' own writing of each checkbox, field object by field object
            assert str(option(**{"class": "form-checkbox", "aria-invalid": "true"})) in html
            assert f'<label class="form-label" for="{option.id}">{option.label.text}</label>'.replace(
                "<&>", "&lt;&amp;&gt;").replace('"forening"', "&#34;forening&#34;") in html
        assert html.count(" checked ") == 2 and 'aria-describedby="signers-error"' in html


def test_only_the_button_macros_write_the_csrf_input_by_hand():
    # Every other POST form is a WTForms form: its token comes from form.hidden_tag() or form.csrf_token.
    by_hand = sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html")
                     if 'name="csrf_token"' in p.read_text(encoding="utf-8"))
    assert by_hand == ["_macros/buttons.html"]


def test_the_generic_macros_are_defined_once_in_templates_macros():
    where = {}
    for path in TEMPLATES.rglob("*.html"):
        for name in re.findall(r"\{%-? macro (breadcrumbs|one_button|post_form|breakable)\(", path.read_text("utf-8")):
            where.setdefault(name, []).append(str(path.relative_to(TEMPLATES)))
    assert where == {
        "breadcrumbs": ["_macros/navigation.html"],
        "one_button": ["_macros/buttons.html"],
        "post_form": ["_macros/buttons.html"],
        "breakable": ["_macros/text.html"],
    }
