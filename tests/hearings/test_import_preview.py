"""Importing a draft: the preview's round trip through the browser, and pasted text (Markdown)."""

import json

import pytest

from app.hearings import draft_import
from app.hearings.draft_import import (
    DraftImportError,
    ImportedSection,
    ImportResult,
    count_sections,
    import_docx,
    import_markdown,
)
from app.hearings.draft_import.preview import result_from_json, result_to_json
from tests.hearings.draft_files import catalogue_docx, headings_of

# -- the preview round trip ----------------------------------------------------------


def test_the_preview_round_trip_keeps_the_tree_and_cleans_it_again():
    result = import_docx(catalogue_docx())

    assert result_from_json(result_to_json(result)) == result

    tampered = json.loads(result_to_json(result))
    tampered["sections"][0]["body_html"] += '<script>alert("x")</script><p onclick="x()">Klik</p>'
    back = result_from_json(json.dumps(tampered))
    assert "<script" not in back.sections[0].body_html and "onclick" not in back.sections[0].body_html
    assert back.sections[0].body_html.endswith("<p>Klik</p>")


@pytest.mark.parametrize(
    "payload",
    [
        "[]",
        "not json",
        '{"title": null, "sections": []}',
        '{"title": null, "sections": [{"heading": "", "body_html": ""}]}',
        '{"title": null, "sections": [{"heading": 3, "body_html": ""}]}',
        '{"title": null, "sections": [{"heading": "A", "body_html": "", "children": "x"}]}',
        json.dumps({"title": None, "sections": [{"heading": "A" * 301, "body_html": ""}]}),
        json.dumps({"title": None, "sections": [{"heading": "A", "body_html": "", "number": "1" * 41}]}),
        "[" * 100_000 + "]" * 100_000,
    ],
)
def test_a_preview_that_was_not_made_here_is_refused(payload):
    with pytest.raises(ValueError):  # noqa: PT011 (the view turns any ValueError into 400)
        result_from_json(payload)


def test_a_preview_nested_deeper_than_any_import_is_refused():
    section = {"heading": "Bund", "body_html": ""}
    for _ in range(draft_import.MAX_DEPTH):
        section = {"heading": "Niveau", "body_html": "", "children": [section]}

    with pytest.raises(ValueError, match="nested too deeply"):
        result_from_json(json.dumps({"title": None, "sections": [section]}))


# -- pasted text (Markdown) -----------------------------------------------------------


def test_pasted_markdown_nests_headings_and_keeps_lists_and_emphasis():
    text = (
        "Udkastet sendes i høring.\n\n"
        "# 1 Aflastningsordning\n\n"
        "## Målgruppe\n\n"
        "Pårørende, der passer en person med **nedsat funktionsevne**:\n\n"
        "- ægtefæller\n- forældre\n\n"
        "### Undtagelser\n\n"
        "*Ingen.*\n\n"
        "```\n# ikke en overskrift\n```\n\n"
        "# § 85 Socialpædagogisk støtte\n\n"
        "| Ydelse | Timer |\n| --- | --- |\n| Støtte | 4 |\n"
    )

    result = import_markdown(text)

    assert result.title is None
    assert [(s.number, s.heading) for s in result.sections] == [
        (None, "Indledning"), ("1", "Aflastningsordning"), ("§ 85", "Socialpædagogisk støtte"),
    ]
    malgruppe = result.sections[1].children[0]
    assert malgruppe.heading == "Målgruppe"
    assert malgruppe.body_html == (
        "<p>Pårørende, der passer en person med <strong>nedsat funktionsevne</strong>:</p>\n"
        "<ul>\n<li>ægtefæller</li>\n<li>forældre</li>\n</ul>"
    )
    assert headings_of(malgruppe.children) == ["Undtagelser"]
    assert "<em>Ingen.</em>" in malgruppe.children[0].body_html
    assert "# ikke en overskrift" in malgruppe.children[0].body_html
    assert "<table>" in result.sections[2].body_html
    assert '<thead>\n<tr>\n<th scope="col">Ydelse</th>\n<th scope="col">Timer</th>' in result.sections[2].body_html


def test_raw_html_in_pasted_text_is_shown_as_text_never_run():
    result = import_markdown('# Formål\n\n<script>alert("x")</script>\n\nTekst <img src=x onerror=alert(1)>')

    body = result.sections[0].body_html
    assert "<script" not in body and "<img" not in body
    assert "&lt;script&gt;" in body


@pytest.mark.parametrize("text", ["", "   \n\n  ", "---", "#\n\n##"])
def test_pasted_text_without_any_words_is_refused(danish, text):
    with pytest.raises(DraftImportError) as refused:
        import_markdown(text)

    assert str(refused.value.message).startswith("Indsæt teksten")


def test_pasted_text_over_the_limit_is_refused(danish, monkeypatch):
    monkeypatch.setattr(draft_import, "MAX_MARKDOWN_CHARS", 100)

    with pytest.raises(DraftImportError) as refused:
        import_markdown("# Formål\n\n" + "tekst " * 20)

    assert str(refused.value.message).startswith("Teksten er for lang.")


def test_count_sections_counts_every_level():
    leaf = ImportedSection(heading="C", body_html="")
    result = ImportResult(
        title=None, warnings=[],
        sections=[ImportedSection("A", "", children=[ImportedSection("B", "", children=[leaf])]), leaf],
    )
    assert count_sections(result) == 4
